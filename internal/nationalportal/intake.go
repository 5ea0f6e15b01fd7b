package nationalportal

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// Intake sources.
const (
	SourcePush = "push"
	SourcePull = "pull"
)

// IntakeFile is a file that came with a dossier from the portal.
type IntakeFile struct {
	Name          string
	ComponentCode string // MaThanhPhanHoSo or loaiGiayTo, "" if not given
	Content       []byte
}

// IntakeRecord is a dossier submitted on the national portal, validated, as the service
// receives it.
type IntakeRecord struct {
	// Code is MaHoSo, the national dossier code: the idempotency key.
	Code string
	// ProcedureCode is MaTTHC, to map to a local procedure.
	ProcedureCode string
	// AgencyCode is maDonVi when the portal gives it.
	AgencyCode string
	// Source is SourcePush or SourcePull.
	Source      string
	SubmittedAt time.Time // zero when the portal did not say
	Applicant   domain.Applicant
	// OwnerType is LoaiDoiTuong ("1" citizen, "2" business, …; "" unknown).
	OwnerType string
	// TechID is the applicant's national account id; with Applicant.IDNumber it links the
	// applicant to a local account (TechID first).
	TechID  string
	TaxCode string
	Summary string
	Files   []IntakeFile
}

// IntakeResult is what the service did with a record.
type IntakeResult struct {
	DossierID int64
	// Created is false when a dossier with the record's Code already existed.
	Created bool
}

// Intake is the service's use case that turns a record into a dvc dossier (the lead
// implements it: map the procedure, link or create the applicant, store the files, start
// the workflow). It must be idempotent on rec.Code: a second call with the same code
// returns the first dossier with Created false.
//
// Errors: a domain.Error of kind Invalid, Unprocessable, NotFound or Conflict (e.g.
// "procedure_not_mapped") refuses the record for good and is reported to the portal;
// any other error (kind Unavailable, or not a domain.Error) means "try again later".
type Intake interface {
	Intake(ctx context.Context, rec IntakeRecord) (IntakeResult, error)
}

// permanentIntake reports whether an Intake error refuses the record for good.
func permanentIntake(err error) bool {
	e, ok := domain.AsError(err)
	if !ok {
		return false
	}
	switch e.Kind {
	case domain.Invalid, domain.Unprocessable, domain.NotFound, domain.Conflict, domain.Forbidden:
		return true
	}
	return false
}

// CodeIntakeInvalid is the code of a pushed or pulled dossier that cannot be read (kind
// Invalid; Fields name the national fields at fault).
const CodeIntakeInvalid = "national_intake_invalid"

// Record validates a pushed (or pulled) dossier and returns its IntakeRecord. Errors: a
// domain.Error of kind Invalid, code "national_intake_invalid", with a Vietnamese reason
// per field (MaHoSo, MaTTHC, ChuHoSo, MaDoiTuong, NgayNopHoSo, TaiLieuNop[i]).
func (p PushedDossier) Record(source string) (IntakeRecord, error) {
	problems := map[string]string{}
	rec := IntakeRecord{
		Code: strings.TrimSpace(p.Code), ProcedureCode: strings.TrimSpace(p.ProcedureCode),
		AgencyCode: strings.TrimSpace(p.AgencyCode), Source: source,
		OwnerType: strings.TrimSpace(p.OwnerType), TechID: strings.TrimSpace(p.OwnerTechID),
		TaxCode: strings.TrimSpace(p.TaxCode), Summary: strings.TrimSpace(p.Summary),
		Applicant: domain.Applicant{
			Name:     strings.TrimSpace(orDefault(p.Owner, p.Trader)),
			IDNumber: strings.TrimSpace(orDefault(p.OwnerIDNumber, p.TaxCode)),
			Phone:    strings.TrimSpace(orDefault(p.Phone, p.OfficePhone)),
			Email:    strings.TrimSpace(p.Email), Address: strings.TrimSpace(p.Address),
		},
	}
	if rec.Code == "" || len(rec.Code) > 100 {
		problems["MaHoSo"] = "Thiếu mã hồ sơ hoặc mã quá dài."
	}
	if rec.ProcedureCode == "" {
		problems["MaTTHC"] = "Thiếu mã thủ tục hành chính."
	}
	if rec.Applicant.Name == "" {
		problems["ChuHoSo"] = "Thiếu tên chủ hồ sơ."
	}
	if rec.TechID == "" && rec.Applicant.IDNumber == "" {
		problems["MaDoiTuong"] = "Thiếu cả mã định danh tài khoản (TechID) lẫn số giấy tờ của chủ hồ sơ."
	}
	if t, err := ParseTime(strings.TrimSpace(p.SubmittedAt)); err != nil {
		problems["NgayNopHoSo"] = "Ngày nộp không đúng định dạng yyyyMMddHHmmss."
	} else {
		rec.SubmittedAt = t
	}
	files := p.Files
	if p.FormBase64 != "" {
		files = append([]PushedFile{{Name: orDefault(p.FormName, "Don dang ky"), Base64: p.FormBase64}}, files...)
	}
	for i, f := range files {
		content, err := decodeBase64(f.Base64)
		if err != nil || strings.TrimSpace(f.Name) == "" {
			problems["TaiLieuNop["+strconv.Itoa(i)+"]"] = "Tệp đính kèm thiếu tên hoặc nội dung không phải base64."
			continue
		}
		rec.Files = append(rec.Files, IntakeFile{Name: strings.TrimSpace(f.Name), ComponentCode: f.ComponentCode, Content: content})
	}
	if len(problems) > 0 {
		e := domain.NewError(domain.Invalid, CodeIntakeInvalid, "Hồ sơ từ Cổng DVC quốc gia không hợp lệ.")
		e.Fields = problems
		return IntakeRecord{}, e
	}
	return rec, nil
}

// decodeBase64 decodes a file's content, padded or not.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}
