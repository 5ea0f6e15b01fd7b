package domain

import "time"

// AgencyRow is an agency with its parent's code.
type AgencyRow struct {
	Agency
	ParentCode string `db:"parent_code" json:"parent_code"`
	Procedures int    `db:"procedures" json:"procedures"`
}

// FieldCount is a field with how many active procedures it holds (in an agency).
type FieldCount struct {
	ID    int64  `db:"id" json:"id"`
	Code  string `db:"code" json:"code"`
	Name  string `db:"name" json:"name"`
	Count int    `db:"count" json:"count"`
}

// ProcedureQuery filters the catalogue; zero values match everything.
type ProcedureQuery struct {
	AgencyID int64
	FieldID  int64
	Level    string
	Q        string // words, accent-insensitive, all must appear in the name or code
	Page     int    // from 1
	PerPage  int
}

// ProcedurePage is one page of a search with the total and the counts per field.
type ProcedurePage struct {
	Items       []Procedure  `json:"items"`
	Total       int          `json:"total"`
	Page        int          `json:"page"`
	PerPage     int          `json:"per_page"`
	FieldCounts []FieldCount `json:"field_counts"`
}

// Component is a document a procedure requires.
type Component struct {
	ID          int64  `db:"id" json:"id"`
	Position    int    `db:"position" json:"position"`
	Name        string `db:"name" json:"name"`
	Originals   int    `db:"originals" json:"originals"`
	Copies      int    `db:"copies" json:"copies"`
	Required    bool   `db:"required" json:"required"`
	TemplateURL string `db:"template_url" json:"template_url"`
}

// FormField is a field of a procedure's declaration form.
type FormField struct {
	Name      string  `db:"name" json:"name"`
	Label     string  `db:"label" json:"label"`
	Type      string  `db:"type" json:"type"`
	Required  bool    `db:"required" json:"required"`
	Options   Strings `db:"options" json:"options"`
	MaxLength int     `db:"max_length" json:"max_length"`
}

// ProcedureDetail is everything the procedure page and the online form show.
type ProcedureDetail struct {
	Procedure
	Guide         string      `db:"guide" json:"guide"`
	LegalBasis    string      `db:"legal_basis" json:"legal_basis"`
	PostalSend    bool        `db:"postal_send" json:"postal_send"`
	PostalReceive bool        `db:"postal_receive" json:"postal_receive"`
	Components    []Component `db:"-" json:"components"`
	FormFields    []FormField `db:"-" json:"form_fields"`
}

// Step is one step of a procedure's route.
type Step struct {
	Position    int    `db:"position"`
	Name        string `db:"name"`
	Role        string `db:"role"`
	BudgetHours int    `db:"budget_hours"`
	// InteragencyID is the agency an inter-agency step hands the dossier to (0: none).
	InteragencyID   int64  `db:"interagency_id"`
	InteragencyName string `db:"interagency_name"`
}

// Snapshot is what a dossier's workflow copies from the catalogue when it starts, so
// that later catalogue edits never change a dossier in flight.
type Snapshot struct {
	ProcedureName  string
	ProcessingDays int
	DayKind        DayKind
	// Duration is the processing time in its unit; zero in snapshots taken before it
	// existed, which ProcessingDays and DayKind describe (Processing reads either).
	Duration Duration `json:",omitempty"`
	// Cutoff is the procedure's own cut-off ("HH:MM", "none", or "" for the rule set's).
	Cutoff         string `json:",omitempty"`
	HomeAgencyID   int64
	HomeAgencyName string
	OwnerID        int64
	Route          []Step
	// FeeFree: the procedure is marked "Không thu phí" (no fee): the workflow asks for no
	// payment. False in snapshots taken before the fee was copied, which keep allowing one.
	FeeFree bool `json:",omitempty"`
}

// Processing is the dossier's processing time: Duration, or, in a snapshot older than
// it, ProcessingDays of DayKind.
func (s Snapshot) Processing() Duration {
	if s.Duration.Unit == "" {
		return DurationOf(s.ProcessingDays, s.DayKind)
	}
	return s.Duration
}

// DefaultRoute is DefaultRouteFor a processing time of days of kind.
func DefaultRoute(days int, kind DayKind) []Step { return DefaultRouteFor(DurationOf(days, kind)) }

// DefaultRouteFor is used for a procedure whose catalogue entry has no steps: the leader
// assigns, a specialist processes, the leader approves, sharing the processing time d
// (its NominalHours) 10/70/20, at least one working hour each.
func DefaultRouteFor(d Duration) []Step {
	hours := int(d.NominalHours())
	share := func(pct int) int { return max(1, hours*pct/100) }
	return []Step{
		{Position: 1, Name: "Lãnh đạo phân công xử lý", Role: RoleLeader, BudgetHours: share(10)},
		{Position: 2, Name: "Chuyên viên thẩm định, xử lý", Role: RoleSpecialist, BudgetHours: share(70)},
		{Position: 3, Name: "Lãnh đạo phê duyệt kết quả", Role: RoleLeader, BudgetHours: share(20)},
	}
}

// Agency is a department, district or commune that handles procedures.
type Agency struct {
	ID       int64  `db:"id" json:"id"`
	Code     string `db:"code" json:"code"`
	Name     string `db:"name" json:"name"`
	Level    string `db:"level" json:"level"`
	ParentID *int64 `db:"parent_id" json:"parent_id,omitempty"`
}

// Procedure is an administrative procedure a citizen can apply for.
type Procedure struct {
	ID             int64  `db:"id" json:"id"`
	Code           string `db:"code" json:"code"`
	Name           string `db:"name" json:"name"`
	AgencyID       int64  `db:"agency_id" json:"agency_id"`
	AgencyCode     string `db:"agency_code" json:"agency_code"`
	AgencyName     string `db:"agency_name" json:"agency_name"`
	FieldID        int64  `db:"field_id" json:"field_id"`
	FieldName      string `db:"field_name" json:"field_name"`
	Level          string `db:"level" json:"level"`
	OnlineLevel    string `db:"online_level" json:"online_level"`
	ProcessingDays int    `db:"processing_days" json:"processing_days"`
	DayKind        string `db:"day_kind" json:"day_kind"`
	FeeVND         int64  `db:"fee_vnd" json:"fee_vnd"`
	// Duration is the processing time in its unit (processing_days and day_kind round it
	// to whole days for older readers).
	Duration Duration `db:"duration" json:"duration"`
	// Cutoff is the procedure's own cut-off: "HH:MM", "none", or "" for the rule set's.
	Cutoff string `db:"cutoff" json:"cutoff"`
}

// TemplateFile is a form template (mẫu đơn, tờ khai) of the catalogue, as served.
type TemplateFile struct {
	Name      string    `db:"name"`
	MediaType string    `db:"media_type"`
	Content   []byte    `db:"content"`
	SHA256    string    `db:"sha256"`
	UpdatedAt time.Time `db:"updated_at"`
}

// Portal names the province the portal serves and who operates it, for every page's
// header and footer, the slips and the e-mails (config: portal.*).
type Portal struct {
	// Province is the province's name without "tỉnh" ("Bắc Kạn").
	Province string
	// Operator is the agency that runs the portal.
	Operator string
	// Hotline is the support telephone number.
	Hotline string
}

// Title is the portal's name with its province: "Cổng Dịch vụ công trực tuyến tỉnh Bắc Kạn".
func (p Portal) Title() string {
	if p.Province == "" {
		return "Cổng Dịch vụ công trực tuyến"
	}
	return "Cổng Dịch vụ công trực tuyến tỉnh " + p.Province
}

// MailFooter is the signature every e-mail ends with: the portal, its operator and its
// hotline (only the lines configured).
func (p Portal) MailFooter() string {
	s := "\n\n--\n" + p.Title()
	if p.Operator != "" {
		s += "\nĐơn vị vận hành: " + p.Operator
	}
	if p.Hotline != "" {
		s += "\nĐường dây nóng hỗ trợ: " + p.Hotline
	}
	return s
}
