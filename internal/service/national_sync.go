package service

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalportal"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Which dossiers are sent to the national portal: every submitted dossier whose
// procedure is mapped to a national code, whatever its channel (online here, on the
// portal, at the desk, by post). The portal is the one place a citizen follows every
// dossier, and the province's scores count them all. A dossier of an unmapped procedure
// is not sent; dvc verify --national lists it.

// FileLinks signs the links the national portal downloads a dossier's files from
// (DuongDanTaiTepTin): GET {Base}/lien-thong/quoc-gia/tep/{file}?ho_so={dossier}&het={expiry}&ky={signature},
// the signature an HMAC-SHA256 with Key over "dossier/file/expiry".
type FileLinks struct {
	Base string
	Key  []byte
	TTL  time.Duration
	Now  func() time.Time
}

// FileLinkPath is the route of the signed file links.
const FileLinkPath = "/lien-thong/quoc-gia/tep/"

func (l FileLinks) sign(dossierID, fileID, expiry int64) string {
	mac := hmac.New(sha256.New, l.Key)
	mac.Write([]byte(strconv.FormatInt(dossierID, 10) + "/" + strconv.FormatInt(fileID, 10) + "/" + strconv.FormatInt(expiry, 10)))
	return hex.EncodeToString(mac.Sum(nil))
}

// URL is the signed link to file fileID of dossier dossierID, valid for TTL from now.
func (l FileLinks) URL(dossierID, fileID int64) string {
	exp := l.Now().Add(l.TTL).Unix()
	return strings.TrimRight(l.Base, "/") + FileLinkPath + strconv.FormatInt(fileID, 10) + "?ho_so=" +
		strconv.FormatInt(dossierID, 10) + "&het=" + strconv.FormatInt(exp, 10) + "&ky=" + l.sign(dossierID, fileID, exp)
}

// Check verifies a link's signature and expiry.
func (l FileLinks) Check(dossierID, fileID, expiry int64, signature string) bool {
	if len(l.Key) == 0 || l.Now().Unix() > expiry {
		return false
	}
	return hmac.Equal([]byte(signature), []byte(l.sign(dossierID, fileID, expiry)))
}

// NationalSync returns the store's national sync (postgres.SetNationalSync): for every
// log row the portal follows (not the workflow's reminders and overdue marks), the
// DongBoHoSoMC snapshot of the dossier after it, then the row as CapNhatTienDoHoSoMC.
func NationalSync(links FileLinks, log *slog.Logger) postgres.NationalSync {
	return func(f postgres.NationalFacts, e domain.Event) ([]postgres.OutboxMessage, error) {
		d := f.Dossier
		if f.ProcedureCode == "" || d.Code == nil {
			log.Warn("national sync: procedure not mapped, dossier not sent", "dossier", d.ID, "procedure", d.ProcedureID)
			return nil, nil
		}
		code := f.NationalCode
		if code == "" {
			code = *d.Code
		}
		entry, follows, err := nationalportal.ProgressMessage(code, e)
		if err != nil || !follows {
			return nil, nil // a reminder, or a status the portal has no code for
		}
		facts := nationalportal.DossierFacts{Dossier: d, Code: code, TechID: f.TechID, Summary: f.Content,
			Procedure: nationalportal.NationalProcedure{Code: f.ProcedureCode, Name: f.ProcedureName,
				FieldCode: f.FieldCode, FieldName: f.FieldName}}
		for _, file := range f.Files {
			ref := nationalportal.FileRef{ID: strconv.FormatInt(file.ID, 10), Name: file.Name,
				ComponentCode: file.NationalComponent, URL: links.URL(d.ID, file.ID)}
			if file.Kind == "result" {
				facts.Results = append(facts.Results, ref)
			} else {
				facts.Files = append(facts.Files, ref)
			}
		}
		sync, err := nationalportal.DossierMessage(facts)
		if err != nil {
			return nil, err
		}
		return []postgres.OutboxMessage{
			{Service: postgres.ServiceSyncDossier, Status: sync.Status, Payload: nationalportal.NewSyncMessage(d.ID, sync).Payload},
			{Service: postgres.ServiceUpdateProgress, Status: entry.Status, Payload: nationalportal.NewProgressMessage(d.ID, entry).Payload},
		}, nil
	}
}

// NationalOutbox is the store's national outbox as the adapter's Sender uses it.
type NationalOutbox struct{ Store *postgres.Store }

// Due implements nationalportal.Outbox.
func (o NationalOutbox) Due(ctx context.Context, now time.Time, limit int) ([]nationalportal.Queue, error) {
	qs, err := o.Store.NationalDue(ctx, now, limit)
	if err != nil {
		return nil, err
	}
	out := make([]nationalportal.Queue, 0, len(qs))
	for _, q := range qs {
		nq := nationalportal.Queue{DossierID: q.DossierID, Synced: q.Synced}
		for i, m := range q.Messages {
			nq.Messages = append(nq.Messages, nationalportal.Message{ID: m.ID, DossierID: m.DossierID, Seq: i + 1,
				Service: m.Service, Payload: m.Payload, Attempts: m.Attempts})
		}
		out = append(out, nq)
	}
	return out, nil
}

// Sent implements nationalportal.Outbox.
func (o NationalOutbox) Sent(ctx context.Context, id int64, at time.Time) error {
	return o.Store.NationalSent(ctx, id, at)
}

// Retry implements nationalportal.Outbox.
func (o NationalOutbox) Retry(ctx context.Context, id int64, attempts int, next time.Time, reason string) error {
	return o.Store.NationalRetry(ctx, id, attempts, next, reason)
}

// Park implements nationalportal.Outbox.
func (o NationalOutbox) Park(ctx context.Context, id int64, at time.Time, reason string) error {
	return o.Store.NationalPark(ctx, id, at, reason)
}

// errLinkInvalid answers a file link that is forged, altered or expired: like a missing file.
var errLinkInvalid = domain.NewError(domain.NotFound, "file_not_found", "Không tìm thấy tệp hoặc liên kết đã hết hạn.")

// OpenLinkedFile returns file fileID of dossier dossierID for the national portal, when
// the link's expiry and signature (FileLinks) check; the caller closes the content.
// Errors: file_not_found (also for a bad or expired link).
func (s *Service) OpenLinkedFile(ctx context.Context, dossierID, fileID, expiry int64, signature string) (domain.DossierFile, io.ReadSeekCloser, error) {
	if !s.FileLinks.Check(dossierID, fileID, expiry, signature) {
		return domain.DossierFile{}, nil, errLinkInvalid
	}
	file, err := s.Store.File(ctx, dossierID, fileID)
	if err != nil {
		return file, nil, err
	}
	f, err := s.FileStore.Open(file.Hash)
	if err != nil {
		return file, nil, err
	}
	return file, f, nil
}
