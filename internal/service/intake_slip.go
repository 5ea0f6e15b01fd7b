package service

import (
	"context"
	"errors"
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/slips"
	"github.com/dvc-project/dvc/internal/validate"
)

// CounterNotice is a slip the desk hands to a person without registering a dossier: the
// refusal to receive (form 03, Reasons) or the guidance to complete the dossier before
// handing it in (form 02, Components).
type CounterNotice struct {
	ProcedureID int64           `json:"procedure_id"`
	Applicant   IntakeApplicant `json:"applicant"`
	Reasons     []string        `json:"reasons"`
	Components  []string        `json:"components"`
	Note        string          `json:"note"`
}

// Counter slip kinds (slips.Kinds names).
const (
	CounterRefusal    = "refusal"
	CounterSupplement = "supplement"
)

// counterCodes is what the slip's "Mã hồ sơ" line says: no dossier was registered.
var counterCodes = map[string]string{
	CounterRefusal:    "Không tiếp nhận",
	CounterSupplement: "Hướng dẫn trước khi nộp",
}

// CounterSlip draws slip kind ("refusal", form 03, or "supplement", form 02) for a person
// at the desk of reception officer acc, without creating a dossier, as PDF. Errors:
// staff_only, not_handling_agency, slip_not_available (404, another kind),
// invalid_notice (422 with fields).
func (s *Service) CounterSlip(ctx context.Context, acc domain.Account, kind string, n CounterNotice) ([]byte, error) {
	if !acc.IsStaff(domain.RoleReception) || acc.AgencyID == nil {
		return nil, ErrStaffOnly
	}
	code, ok := counterCodes[kind]
	if !ok {
		return nil, slips.ErrNotAvailable
	}
	fields := map[string]string{}
	var proc domain.ProcedureDetail
	var err error
	if n.ProcedureID <= 0 {
		fields["procedure_id"] = "Chưa chọn thủ tục hành chính."
	} else if proc, err = s.Store.ProcedureDetail(ctx, n.ProcedureID); domain.IsKind(err, domain.NotFound) {
		fields["procedure_id"] = "Thủ tục không tồn tại hoặc đã ngừng áp dụng."
	} else if err != nil {
		return nil, err
	} else if proc.AgencyID != *acc.AgencyID {
		return nil, ErrNotHandlingAgency
	}
	name, nameOK := validate.Name(strings.TrimSpace(n.Applicant.Name), 200)
	if !nameOK {
		fields["applicant.name"] = "Vui lòng nhập họ tên người nộp."
	}
	idNumber := strings.TrimSpace(n.Applicant.IDNumber)
	if _, ok := validate.IDNumber(idNumber); idNumber != "" && !ok {
		fields["applicant.id_number"] = "Số CMND (9 số), CCCD (12 số) hoặc hộ chiếu không hợp lệ."
	}
	items := n.Reasons
	action, itemField := domain.ActionRefused, "reasons"
	if kind == CounterSupplement {
		items, action, itemField = n.Components, domain.ActionSupplementRequested, "components"
	}
	note := joinLines(items)
	if note == "" {
		fields[itemField] = "Nhập ít nhất một dòng."
	}
	if !validate.Text(note, 4000) || !validate.Text(n.Note, 2000) || !validate.Text(n.Applicant.Address, 500) {
		fields["note"] = "Nội dung quá dài hoặc có ký tự không hợp lệ."
	}
	if len(fields) > 0 {
		return nil, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_notice",
			Message: "Thông tin phiếu chưa đầy đủ hoặc chưa hợp lệ.", Fields: fields}
	}
	if extra := strings.TrimSpace(n.Note); extra != "" {
		note += "; " + extra
	}
	d := domain.Dossier{Code: &code, ProcedureID: proc.ID, ProcedureName: proc.Name, AgencyID: proc.AgencyID,
		AgencyCode: proc.AgencyCode, AgencyName: proc.AgencyName, Status: domain.StatusNew,
		Applicant: domain.Applicant{Name: name, IDNumber: idNumber, Phone: strings.TrimSpace(n.Applicant.Phone),
			Email: strings.TrimSpace(n.Applicant.Email), Address: strings.TrimSpace(n.Applicant.Address)}}
	events := []domain.Event{{Seq: 1, At: s.Now(), Action: action, ActorID: &acc.ID, ActorName: acc.FullName,
		ActorUnit: acc.AgencyName, Note: note, Status: domain.StatusNew}}
	pdf, err := renderSlip(kind, d, events)
	if errors.Is(err, slips.ErrNotAvailable) {
		return nil, slips.ErrNotAvailable
	}
	s.Log.InfoContext(ctx, "counter slip issued", "kind", kind, "officer", acc.ID, "procedure", proc.ID)
	return pdf, err
}

// renderSlip draws slip kind of d from events: the one place the desk's slips are drawn.
func renderSlip(kind string, d domain.Dossier, events []domain.Event) ([]byte, error) {
	return slips.Render(kind, d, events) //nolint:staticcheck // rewired to slips.Issuer by the results work
}

// joinLines joins the non-blank items with "; ".
func joinLines(items []string) string {
	var out []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return strings.Join(out, "; ")
}
