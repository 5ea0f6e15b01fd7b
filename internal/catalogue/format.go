// Package catalogue is the file format of a province's catalogue: agencies, fields,
// procedures (with components, declaration form and route) and the working calendar. It
// reads, validates and writes catalogues; the store (internal/postgres) imports and
// exports them. The format is JSON, either one file holding every section or a folder
// with agencies.json, fields.json, procedures.json and calendar.json (agencies, fields
// and calendar days may instead be given as agencies.csv, fields.csv and calendar.csv),
// and the form templates the components name are files of a templates/ folder (a
// "templates" section with base64 content in the one-file form).
// docs in README.md ("Catalogue format").
package catalogue

import "github.com/dvc-project/dvc/internal/domain"

// Catalogue is a whole catalogue.
type Catalogue struct {
	Agencies   []Agency    `json:"agencies" db:"-"`
	Fields     []Field     `json:"fields" db:"-"`
	Procedures []Procedure `json:"procedures" db:"-"`
	Calendar   Calendar    `json:"calendar" db:"-"`
	// Templates are the form templates the components name (folder form: templates/).
	Templates []Template `json:"templates,omitempty" db:"-"`
}

// Agency is a department, district or commune, with its electronic code.
type Agency struct {
	Code   string `json:"code" db:"code"`
	Name   string `json:"name" db:"name"`
	Level  string `json:"level" db:"level"`   // province | department | district | commune
	Parent string `json:"parent" db:"parent"` // code of the parent agency; "" for the province
}

// Field is a group of procedures.
type Field struct {
	Code string `json:"code" db:"code"`
	Name string `json:"name" db:"name"`
}

// Procedure is an administrative procedure.
type Procedure struct {
	Code           string `json:"code" db:"code"`
	Name           string `json:"name" db:"name"`
	Agency         string `json:"agency" db:"agency"`
	Field          string `json:"field" db:"field"`
	Level          string `json:"level" db:"level"`               // province | district | commune
	OnlineLevel    string `json:"online_level" db:"online_level"` // full (toàn trình) | partial (một phần)
	ProcessingDays int    `json:"processing_days" db:"processing_days"`
	DayKind        string `json:"day_kind" db:"day_kind"` // working | calendar
	// Duration is the processing time in its unit, e.g. {"amount": 0.5, "unit":
	// "working_days"} or {"amount": 4, "unit": "working_hours"}; when absent,
	// processing_days of day_kind. When both are given they must agree (processing_days
	// is the duration rounded up to whole days).
	Duration *domain.Duration `json:"duration,omitempty" db:"-"`
	// Cutoff is the procedure's own afternoon cut-off: "15:00", "none" (none, even where
	// the rule set has one), or "" for the rule set's.
	Cutoff        string      `json:"cutoff,omitempty" db:"cutoff"`
	FeeVND        int64       `json:"fee_vnd" db:"fee_vnd"`
	LegalBasis    string      `json:"legal_basis" db:"legal_basis"`
	Guide         string      `json:"guide" db:"guide"`
	PostalSend    bool        `json:"postal_send" db:"postal_send"`
	PostalReceive bool        `json:"postal_receive" db:"postal_receive"`
	Components    []Component `json:"components" db:"-"`
	Form          []FormField `json:"form" db:"-"`
	Steps         []Step      `json:"steps" db:"-"`
}

// Component is a document the procedure requires.
type Component struct {
	Name      string `json:"name" db:"name"`
	Originals int    `json:"originals" db:"originals"`
	Copies    int    `json:"copies" db:"copies"`
	Required  bool   `json:"required" db:"required"`
	Template  string `json:"template" db:"template"`
}

// FormField is a field of the declaration form.
type FormField struct {
	Name      string   `json:"name" db:"name"`
	Label     string   `json:"label" db:"label"`
	Type      string   `json:"type" db:"type"` // text | textarea | number | date | select | checkbox
	Required  bool     `json:"required" db:"required"`
	Options   []string `json:"options" db:"options"`
	MaxLength int      `json:"max_length" db:"max_length"`
}

// Step is a step of the route after the one-stop shop.
type Step struct {
	Name        string `json:"name" db:"name"`
	Role        string `json:"role" db:"role"` // reception | specialist | leader | clerk
	BudgetHours int    `json:"budget_hours" db:"budget_hours"`
	Interagency string `json:"interagency" db:"interagency"` // agency code of an inter-agency step, or ""
}

// Calendar is the working calendar: office hours, cut-off, and the days that break the
// weekly pattern.
type Calendar struct {
	Sessions []string `json:"sessions" db:"-"`
	Cutoff   string   `json:"cutoff" db:"cutoff"`
	Days     []Day    `json:"days" db:"-"`
}

// Day is a holiday (a weekday off) or a compensatory working day (a weekend day worked).
type Day struct {
	Day  string `json:"day" db:"day"` // YYYY-MM-DD
	Kind string `json:"kind" db:"kind"`
	Name string `json:"name" db:"name"`
}

// Summary says what an import changed.
type Summary struct {
	Agencies            int `json:"agencies"`
	Fields              int `json:"fields"`
	ProceduresCreated   int `json:"procedures_created"`
	ProceduresUpdated   int `json:"procedures_updated"`
	ProceduresVersioned int `json:"procedures_versioned"`
	ProceduresUnchanged int `json:"procedures_unchanged"`
	CalendarDays        int `json:"calendar_days"`
	RuleSetVersion      int `json:"rule_set_version"`
	// CalendarVersion is the calendar version in force after the import;
	// CalendarVersionCreated, whether the import made it.
	CalendarVersion        int  `json:"calendar_version"`
	CalendarVersionCreated bool `json:"calendar_version_created"`
	Templates              int  `json:"templates"`
}
