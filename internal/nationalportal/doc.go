// Package nationalportal is dvc's adapter to the national public-service portal (Cổng
// Dịch vụ công quốc gia, "DVCQG"), following /shared/NATIONAL_PORTAL.md (the numbers §x
// below refer to it). It holds the protocol side only; the lead's service owns the
// database and the dossier use cases and reaches this package through small interfaces.
//
// # Status and progress back (province → portal)
//
// DossierMessage and ProgressMessage turn a dossier and its processing-log rows into the
// DongBoHoSoMC and CapNhatTienDoHoSoMC messages of §2.1–2.2: every value a string, dates
// as yyyyMMddHHmmss in Vietnam time, TrangThai/TrangThaiHoSo the national codes 1–10.
// The service writes them to an outbox in the same transaction as the log row; a Sender
// delivers the outbox through a Client.
//
// Delivery contract. The Sender gives at-least-once delivery, in order per dossier:
//
//   - a dossier's messages are sent strictly in outbox order, one at a time; the next is
//     sent only after the portal accepted the previous one (error_code 0), so a
//     CapNhatTienDoHoSoMC never overtakes the DongBoHoSoMC before it (§1.3 "log after
//     dossier");
//   - a transient failure (network, timeout, HTTP 5xx/408/429, an unreadable answer, a
//     failed sign-in) stops that dossier's queue and schedules the same message again
//     with exponential backoff; nothing is dropped;
//   - a refusal (the portal answered error_code ≠ 0, or HTTP 400/413/422) parks the
//     message with the portal's reason; a parked message blocks the rest of its
//     dossier's queue (so nothing overtakes it) until an administrator requeues or
//     discards it;
//   - a message is marked sent only after the portal's answer was read, so a crash or a
//     lost answer means the same message is sent again.
//
// What this relies on from the portal: receiving the same message twice is harmless.
// For DongBoHoSoMC this holds by design (each message is a full snapshot; a "create"
// refused because the dossier "đã tồn tại" is sent again as an update, as TD does §1.3).
// For CapNhatTienDoHoSoMC the portal is expected to treat an entry with the same
// (MaHoSo, ThoiDiemXuLy, TrangThai, NoiDungXuLy, NguoiXuLy) as the same entry; the
// stand-in (internal/dev/nationalportal) deduplicates on exactly that key. This is to be
// confirmed against the official specification (§5.7).
//
// # Intake (portal → province)
//
// Dossiers submitted on the portal reach dvc in two shapes, both handed to the same
// Intake interface, idempotent on the national dossier code (MaHoSo):
//
//   - pushed: PushHandler is an http.Handler for POST bodies shaped like
//     createdossierfromdvcqg (§2.3), authenticated as described on PushAuth;
//   - pulled: Puller.Pass lists the waiting dossiers (LayDanhSachHoSo), reads each one's
//     detail with its files, hands it to Intake and acknowledges it (daNhan) only after
//     Intake succeeded (§1.2 "Pulling dossiers").
//
// # Catalogue
//
// Client.Agencies, Client.Fields and Client.Procedures read the national catalogue
// (§2.5); Diff compares it with the local one so that an administrator sees the
// additions, changes and removals before applying them.
package nationalportal
