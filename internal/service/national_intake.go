package service

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalportal"
	"github.com/dvc-project/dvc/internal/validate"
)

// NationalIntake is the national adapter's Intake (pushed and pulled dossiers): it calls
// Service.IntakeNational.
type NationalIntake struct{ Service *Service }

// Intake implements nationalportal.Intake.
func (n NationalIntake) Intake(ctx context.Context, rec nationalportal.IntakeRecord) (nationalportal.IntakeResult, error) {
	return n.Service.IntakeNational(ctx, rec)
}

// IntakeNational turns a dossier submitted on the national portal into a dvc dossier
// waiting at the desk (status 1, like an online submission; the reception officer
// receives it), idempotent on its national code: the procedure mapped from MaTTHC, the
// applicant linked to the account with its TechID (or the nationally verified account
// with its ID number), its files stored (each on the component its MaThanhPhanHoSo
// names, "TP01" or "1" for the first, else kept as a national file). A second call with
// the same code answers the first dossier with Created false. Errors (refusing the
// dossier for good): procedure_not_mapped, national_intake_invalid (with fields),
// forbidden_file_type, file_too_large; anything else is worth trying again.
func (s *Service) IntakeNational(ctx context.Context, rec nationalportal.IntakeRecord) (nationalportal.IntakeResult, error) {
	procID, err := s.Store.ProcedureByNationalCode(ctx, rec.ProcedureCode)
	if err != nil {
		return nationalportal.IntakeResult{}, err
	}
	proc, err := s.Store.ProcedureDetail(ctx, procID)
	if err != nil {
		return nationalportal.IntakeResult{}, err
	}
	applicant, err := nationalApplicant(rec.Applicant)
	if err != nil {
		return nationalportal.IntakeResult{}, err
	}
	at := rec.SubmittedAt
	if now := s.Now(); at.IsZero() || at.After(now) {
		at = now
	}
	in := domain.IntakeDossier{ProcedureID: proc.ID, Channel: domain.ChannelOnline, Applicant: applicant,
		NationalCode: rec.Code, NationalSource: rec.Source, TechID: rec.TechID, At: at,
		Content: domain.DraftContent{Content: truncateRunes(rec.Summary, 2000), FormData: map[string]string{}}}
	if in.OwnerID, err = s.nationalOwner(ctx, rec.TechID, applicant.IDNumber); err != nil {
		return nationalportal.IntakeResult{}, err
	}
	for i, f := range rec.Files {
		file, err := s.putUpload(Upload{Name: f.Name, Body: bytes.NewReader(f.Content)}, 0)
		if err != nil {
			if e, ok := domain.AsError(err); ok {
				e2 := *e
				e2.Fields = map[string]string{"TaiLieuNop[" + strconv.Itoa(i) + "]": e.Message}
				return nationalportal.IntakeResult{}, &e2
			}
			return nationalportal.IntakeResult{}, err
		}
		in.Files = append(in.Files, domain.IntakeFile{DossierFile: file, NationalComponent: f.ComponentCode})
		if c, ok := componentByCode(proc.Components, f.ComponentCode); ok {
			in.Files[i].ComponentID = &c
		}
	}
	d, created, err := s.Store.Intake(ctx, in)
	if err != nil {
		return nationalportal.IntakeResult{}, err
	}
	if d.WorkflowStartedAt == nil {
		s.startWorkflow(ctx, d)
	}
	return nationalportal.IntakeResult{DossierID: d.ID, Created: created}, nil
}

// nationalApplicant keeps what the portal says of the applicant: a name is required; an
// ID number, phone or e-mail the local rules do not accept (a tax code, a landline) is
// kept as text. Errors: national_intake_invalid.
func nationalApplicant(a domain.Applicant) (domain.Applicant, error) {
	name, ok := validate.Name(strings.TrimSpace(a.Name), 200)
	fields := map[string]string{}
	if !ok {
		fields["ChuHoSo"] = "Tên chủ hồ sơ không hợp lệ."
	}
	out := domain.Applicant{Name: name, IDNumber: truncateRunes(strings.TrimSpace(a.IDNumber), 20),
		Phone: truncateRunes(validate.NormalizePhone(a.Phone), 20), Address: truncateRunes(strings.TrimSpace(a.Address), 500)}
	if validate.Email(strings.TrimSpace(a.Email)) {
		out.Email = strings.TrimSpace(a.Email)
	}
	for k, v := range map[string]string{"SoGiayToChuHoSo": out.IDNumber, "SoDienThoai": out.Phone, "DiaChi": out.Address} {
		if !validate.Text(v, 500) {
			fields[k] = "Giá trị không hợp lệ."
		}
	}
	if len(fields) > 0 {
		return out, &domain.Error{Kind: domain.Invalid, Code: nationalportal.CodeIntakeInvalid,
			Message: "Hồ sơ từ Cổng DVC quốc gia không hợp lệ.", Fields: fields}
	}
	return out, nil
}

// nationalOwner is the account of the person with national account techID, else the
// nationally verified account with idNumber, else nil.
func (s *Service) nationalOwner(ctx context.Context, techID, idNumber string) (*int64, error) {
	if techID != "" {
		acc, err := s.Store.AccountByTechID(ctx, techID)
		if err == nil {
			return &acc.ID, nil
		}
		if !domain.IsKind(err, domain.NotFound) {
			return nil, err
		}
	}
	if idNumber == "" {
		return nil, nil
	}
	acc, err := s.verifiedOwner(ctx, idNumber)
	if err != nil || acc == nil {
		return nil, err
	}
	return &acc.ID, nil
}

// componentByCode finds the component a national component code names by position:
// "TP01", "TP1", "01" or "1" is the first.
func componentByCode(components []domain.Component, code string) (int64, bool) {
	code = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(code)), "TP")
	pos, err := strconv.Atoi(code)
	if err != nil {
		return 0, false
	}
	for _, c := range components {
		if c.Position == pos {
			return c.ID, true
		}
	}
	return 0, false
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
