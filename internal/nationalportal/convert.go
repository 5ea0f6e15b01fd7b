package nationalportal

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dvc-project/dvc/internal/domain"
)

// Vietnam is the portal's time zone (Asia/Ho_Chi_Minh). Vietnam has kept UTC+7 without
// daylight saving since 1975, so a fixed zone is exact and needs no tz database.
var Vietnam = time.FixedZone("Asia/Ho_Chi_Minh", 7*60*60)

// TimeLayout is the portal's date format, yyyyMMddHHmmss.
const TimeLayout = "20060102150405"

// FormatTime renders t as yyyyMMddHHmmss in Vietnam time; the zero time is "".
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Vietnam).Format(TimeLayout)
}

func formatPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return FormatTime(*t)
}

// ParseTime reads a yyyyMMddHHmmss date in Vietnam time; "" is the zero time. A
// malformed date is a domain.Error of kind Invalid, code "national_date_invalid".
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(TimeLayout, s, Vietnam)
	if err != nil {
		return time.Time{}, domain.WrapError(domain.Invalid, "national_date_invalid",
			"Ngày giờ không đúng định dạng yyyyMMddHHmmss: "+strconv.Quote(s)+".", err)
	}
	return t, nil
}

// StatusCode is the national TrangThaiHoSo code of s ("1"…"10", §2.4: dvc's statuses
// are numbered as the national list). A draft or an unknown status is a domain.Error of
// kind Invalid, code "national_status_unmapped": such a dossier is not sent.
func StatusCode(s domain.Status) (string, error) {
	if s < domain.StatusNew || s > domain.StatusDelivered {
		return "", domain.NewError(domain.Invalid, "national_status_unmapped",
			"Trạng thái "+strconv.Itoa(int(s))+" không có mã tương ứng trên Cổng DVC quốc gia.")
	}
	return strconv.Itoa(int(s)), nil
}

// ChannelCode is KenhThucHien for dvc's channel: desk "1", online "2", post "3".
func ChannelCode(channel string) string {
	switch channel {
	case "desk":
		return "1"
	case "post":
		return "3"
	default:
		return "2"
	}
}

// NationalProcedure is a procedure's national identity, from the catalogue mapping.
type NationalProcedure struct {
	Code      string // MaTTHC
	Name      string // TenTTHC
	FieldCode string // MaLinhVuc
	FieldName string // TenLinhVuc
}

// FileRef is a file the portal downloads from the province (a submitted file or a
// result document).
type FileRef struct {
	ID            string
	Name          string
	ComponentCode string
	URL           string
}

// DossierFacts is what DossierMessage needs: the dossier row and what the service knows
// around it.
type DossierFacts struct {
	Dossier domain.Dossier
	// Code is MaHoSo: the national code of a dossier that came from the portal, else the
	// dossier's own code.
	Code      string
	Procedure NationalProcedure
	// TechID is the applicant's national account id (MaDoiTuong), "" if unknown.
	TechID string
	// OwnerType is LoaiDoiTuong: "1" citizen (the default), "2" business, "3" state
	// agency, "4" organisation.
	OwnerType string
	Summary   string
	Files     []FileRef
	Results   []FileRef
}

// Length limits seen in the existing clients (§5.5).
const (
	maxSummary  = 1000
	maxFileName = 4000
	maxActor    = 50
)

// DossierMessage converts facts into a DongBoHoSoMC entry. It fails with the errors of
// StatusCode, or kind Invalid code "national_code_missing" when facts lack the dossier
// code or the national procedure code.
func DossierMessage(f DossierFacts) (DossierSync, error) {
	d := f.Dossier
	status, err := StatusCode(d.Status)
	if err != nil {
		return DossierSync{}, err
	}
	if f.Code == "" || f.Procedure.Code == "" {
		return DossierSync{}, domain.NewError(domain.Invalid, "national_code_missing",
			"Hồ sơ chưa có mã hồ sơ hoặc thủ tục chưa được ánh xạ mã TTHC quốc gia.")
	}
	m := DossierSync{
		Code: f.Code, ProcedureCode: f.Procedure.Code, ProcedureName: f.Procedure.Name,
		FieldCode: f.Procedure.FieldCode, FieldName: f.Procedure.FieldName,
		Owner: d.Name, OwnerType: orDefault(f.OwnerType, "1"), OwnerTechID: f.TechID,
		Email: d.Email, Phone: d.Phone, OwnerIDNumber: d.IDNumber,
		Summary:    truncate(orDefault(f.Summary, orDefault(d.ProcedureName, f.Procedure.Name)), maxSummary),
		ReceivedAt: formatPtr(d.ReceivedAt), DueAt: formatPtr(d.DueAt), Status: status,
		DeliveryForm: "0", Agency: d.AgencyName, Channel: ChannelCode(d.Channel),
		SubmittedAt: formatPtr(d.SubmittedAt),
		Files:       []FileSync{}, Results: []ResultSync{},
		Fees: []json.RawMessage{}, OtherFiles: []json.RawMessage{}, SupplementRounds: []json.RawMessage{},
	}
	if d.ReceivedAt == nil && d.SubmittedAt != nil {
		m.ReceivedAt = FormatTime(*d.SubmittedAt) // NgayTiepNhan is required
	}
	if d.Status >= domain.StatusProcessed {
		m.FinishedAt = formatPtr(d.FinishedAt)
	}
	if d.Status == domain.StatusRefused {
		m.RefusedAt = formatPtr(d.FinishedAt)
	}
	for _, file := range f.Files {
		m.Files = append(m.Files, FileSync{ID: file.ID, Name: truncate(file.Name, maxFileName),
			Deleted: "False", ComponentCode: file.ComponentCode, URL: file.URL})
	}
	for _, r := range f.Results {
		m.Results = append(m.Results, ResultSync{Name: r.Name, ComponentCode: r.ComponentCode, ID: r.ID, URL: r.URL})
	}
	return m, nil
}

// silentActions are log rows that change nothing a citizen follows (the workflow's own
// reminders and overdue marks): they are not sent as progress.
var silentActions = map[string]bool{
	domain.ActionReminder: true, domain.ActionStepOverdue: true, domain.ActionOverdue: true,
}

// ProgressMessage converts one processing-log row of the dossier whose MaHoSo is code
// into a CapNhatTienDoHoSoMC entry. It returns false for rows that are not sent (the
// workflow's reminders and overdue marks) and the errors of StatusCode.
func ProgressMessage(code string, e domain.Event) (ProgressEntry, bool, error) {
	if silentActions[e.Action] {
		return ProgressEntry{}, false, nil
	}
	status, err := StatusCode(e.Status)
	if err != nil {
		return ProgressEntry{}, false, err
	}
	content := domain.ActionLabel(e.Action)
	if note := strings.TrimSpace(e.Note); note != "" {
		content += "-" + note // OC's actionName-actionNote
	}
	return ProgressEntry{
		Code: code, Actor: truncate(orDefault(e.ActorName, "Hệ thống"), maxActor),
		At: FormatTime(e.At), Department: orDefault(e.ActorUnit, e.StepName),
		Content: content, Status: status, StepDueAt: formatPtr(e.StepDueAt),
	}, true, nil
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// truncate cuts s to at most n characters (runes), never inside a character.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}
