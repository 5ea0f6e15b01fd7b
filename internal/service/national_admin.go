package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalportal"
	"github.com/dvc-project/dvc/internal/postgres"
)

// ErrNationalOff answers the national portal's administration when dvc is not connected.
var ErrNationalOff = domain.NewError(domain.NotFound, "national_off", "Chưa cấu hình kết nối Cổng DVC quốc gia.")

func adminOnly(acc domain.Account) error {
	if !acc.IsStaff(domain.RoleAdmin) {
		return ErrStaffOnly
	}
	return nil
}

// OutboxView is the national outbox as the administrator sees it: the messages by state,
// and the messages of one state (parked: refused by the portal, with its reason).
type OutboxView struct {
	Counts map[string]int       `json:"counts"`
	Items  []postgres.OutboxRow `json:"items"`
}

// NationalOutboxView lists the outbox's messages in state ("" all; default parked), the
// newest first, for administrator acc. Errors: staff_only, invalid_query.
func (s *Service) NationalOutboxView(ctx context.Context, acc domain.Account, state string) (OutboxView, error) {
	if err := adminOnly(acc); err != nil {
		return OutboxView{}, err
	}
	switch state {
	case "", postgres.OutboxPending, postgres.OutboxSent, postgres.OutboxParked, postgres.OutboxDiscarded:
	default:
		return OutboxView{}, invalidQuery("Tham số truy vấn không hợp lệ.", map[string]string{"state": "Một trong: pending, sent, parked, discarded."})
	}
	counts, err := s.Store.NationalOutboxCounts(ctx)
	if err != nil {
		return OutboxView{}, err
	}
	items, err := s.Store.NationalOutbox(ctx, state, 200)
	return OutboxView{Counts: counts, Items: items}, err
}

// ResolveParked sends a parked message again (requeue) or discards it, as administrator
// acc; the dossier's later messages follow it. Errors: staff_only,
// outbox_message_not_found, message_not_parked.
func (s *Service) ResolveParked(ctx context.Context, acc domain.Account, id int64, requeue bool) error {
	if err := adminOnly(acc); err != nil {
		return err
	}
	if err := s.Store.ResolveParked(ctx, id, acc.ID, requeue, s.Now()); err != nil {
		return err
	}
	s.Log.InfoContext(ctx, "parked national message resolved", "id", id, "requeue", requeue, "by", acc.ID)
	return nil
}

// CatalogueSync is the national catalogue compared with the local one: per kind, the
// additions, changes and removals, and the local items not mapped; Digest names this
// comparison, so that applying it applies what the administrator saw.
type CatalogueSync struct {
	Diffs  []nationalportal.CatalogueDiff `json:"diffs"`
	Digest string                         `json:"digest"`
}

// NationalCatalogue reads the national catalogue (agencies, fields, procedures) and
// compares it with the local one, for administrator acc. Errors: staff_only,
// national_off, national_unavailable, national_refused.
func (s *Service) NationalCatalogue(ctx context.Context, acc domain.Account) (CatalogueSync, error) {
	if err := adminOnly(acc); err != nil {
		return CatalogueSync{}, err
	}
	if s.National == nil {
		return CatalogueSync{}, ErrNationalOff
	}
	agencies, err := s.National.Agencies(ctx)
	if err != nil {
		return CatalogueSync{}, err
	}
	fields, err := s.National.Fields(ctx)
	if err != nil {
		return CatalogueSync{}, err
	}
	procs, err := s.National.Procedures(ctx)
	if err != nil {
		return CatalogueSync{}, err
	}
	var out CatalogueSync
	for _, k := range []struct {
		kind     string
		national []nationalportal.CatalogueItem
	}{{postgres.KindAgency, nationalportal.AgencyItems(agencies)}, {postgres.KindField, nationalportal.FieldItems(fields)},
		{postgres.KindProcedure, nationalportal.ProcedureItems(procs)}} {
		local, err := s.Store.MappedItems(ctx, k.kind)
		if err != nil {
			return out, err
		}
		items := make([]nationalportal.CatalogueItem, len(local))
		for i, l := range local {
			items[i] = nationalportal.CatalogueItem{LocalCode: l.LocalCode, Name: l.Name, Detail: l.Detail}
			if l.NationalCode != nil {
				items[i].NationalCode = *l.NationalCode
			}
		}
		out.Diffs = append(out.Diffs, nationalportal.Diff(k.kind, items, k.national))
	}
	raw, _ := json.Marshal(out.Diffs)
	sum := sha256.Sum256(raw)
	out.Digest = hex.EncodeToString(sum[:])
	return out, nil
}

// ApplyNationalCatalogue applies the comparison named digest (NationalCatalogue), as
// administrator acc: changed names (and agency levels) are taken, agencies and fields
// added on the portal are mapped to the local item with the same code or created,
// removed items are unmapped; procedures added on the portal are left to the catalogue
// import (they need a route, components and a time limit). It returns how many changes
// it applied. Errors: staff_only, national_off, catalogue_changed (409: the catalogue
// changed since it was shown), and NationalCatalogue's.
func (s *Service) ApplyNationalCatalogue(ctx context.Context, acc domain.Account, digest string) (int, error) {
	cur, err := s.NationalCatalogue(ctx, acc)
	if err != nil {
		return 0, err
	}
	if strings.TrimSpace(digest) != cur.Digest {
		return 0, domain.NewError(domain.Conflict, "catalogue_changed",
			"Danh mục đã thay đổi từ lúc so sánh, vui lòng xem lại các khác biệt trước khi áp dụng.")
	}
	var changes []postgres.CatalogueChange
	for _, d := range cur.Diffs {
		for _, c := range d.Changes {
			changes = append(changes, postgres.CatalogueChange{Kind: d.Kind, Op: c.Op, LocalCode: c.Local.LocalCode,
				NationalCode: cmpOr(c.National.NationalCode, c.Local.NationalCode), Name: c.National.Name, Detail: c.National.Detail})
		}
	}
	n, err := s.Store.ApplyNationalCatalogue(ctx, changes)
	if err == nil {
		s.Log.InfoContext(ctx, "national catalogue applied", "changes", n, "by", acc.ID)
	}
	return n, err
}

// SetNationalMapping maps a local agency, field or procedure (kind, localCode) to a
// national code ("" unmaps it), as administrator acc. Errors: staff_only,
// invalid_mapping, catalogue_item_not_found, national_code_taken.
func (s *Service) SetNationalMapping(ctx context.Context, acc domain.Account, kind, localCode, nationalCode string) error {
	if err := adminOnly(acc); err != nil {
		return err
	}
	nationalCode = strings.TrimSpace(nationalCode)
	if len(nationalCode) > 100 {
		return &domain.Error{Kind: domain.Unprocessable, Code: "invalid_mapping", Message: "Mã quốc gia quá dài.",
			Fields: map[string]string{"national_code": "Tối đa 100 ký tự."}}
	}
	return s.Store.SetNationalCode(ctx, kind, strings.TrimSpace(localCode), nationalCode)
}
