package workflows

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// decision is one entry of the table of decisions: an Update, what the console shows of
// it, and its check and its change side by side. The entries live in decisions_*.go,
// grouped by who makes them (reception, processing, inter-agency, payment, citizen);
// everything else (Updates, OfficerDecisions, the Update handlers, Decisions, and from
// those the console's forms and the officer API's actions) is derived from them.
type decision struct {
	Name  string
	Label string
	// Order is the decision's place in the lifecycle: Updates, OfficerDecisions and
	// Decisions list the decisions by it, so the console offers them in that order.
	Order   int
	Roles   []string
	Officer bool
	Danger  bool
	Fields  []Field
	// Check decides whether d may be applied now, without changing the state: the
	// validator's rule, run again under the lock before Apply.
	Check func(st *State, d Decision, now time.Time) error
	// Apply changes the state for an accepted decision and fills in what to record
	// (out starts with the action, the actor, the trimmed note and the changes in force).
	Apply func(st *State, d Decision, now time.Time, cal *worktime.Calendar, out *outcome)
}

// DecisionSpec is the read-only description of a decision (an Update), for the console
// and the JSON API: its name, its button, who may make it and the inputs it reads.
type DecisionSpec struct {
	// Name is the Update's name and the API's action name ("receive", "finish"...).
	Name string
	// Label is the console's button label.
	Label string
	// Roles are the roles that may make the decision; the workflow's check narrows them
	// to the holding agency, the current step's role and its assignee.
	Roles []string
	// Officer: the decision is offered to officers (OfficerDecisions): a console form and
	// an action of the officer API. The citizen's decisions and UpdateAssign (offered
	// through State.MayClaim and State.MayAssign) are not.
	Officer bool
	// Danger: the decision refuses or ends the dossier; the console marks its button.
	Danger bool
	// Fields are the inputs the decision reads, in the order a form shows them.
	Fields []Field
}

// FieldKind says how an input is entered and what the JSON API takes.
type FieldKind string

// Kinds of decision inputs.
const (
	FieldText     FieldKind = "text"     // one line of text
	FieldTextArea FieldKind = "textarea" // free text over several lines
	FieldLines    FieldKind = "lines"    // a list: JSON an array of strings, the form one item a line
	FieldDate     FieldKind = "date"     // JSON an RFC 3339 time, the form a date (YYYY-MM-DD)
	FieldMoney    FieldKind = "money"    // a whole number of đồng
	FieldOfficer  FieldKind = "officer"  // the id of an officer of the holding agency
	FieldSelect   FieldKind = "select"   // one of Options' values
	// FieldFile: a document. The JSON API takes the reference of a file already attached
	// (Name); the form uploads one (FormName) or picks one already attached (Name).
	FieldFile FieldKind = "file"
	// FieldDirection: JSON a boolean (true: back), the form a choice among Options.
	FieldDirection FieldKind = "direction"
)

// Field is one input of a decision.
type Field struct {
	// Name is the input's name in the JSON API, and in the form unless Form says otherwise.
	Name string
	// Form is the form's name for the input when it differs from Name.
	Form     string
	Label    string
	Kind     FieldKind
	Required bool
	// Options are the choices of a select or direction input.
	Options []Option
}

// FormName is the input's name in the console's form.
func (f Field) FormName() string { return cmp.Or(f.Form, f.Name) }

// Option is one choice of a select input.
type Option struct{ Value, Label string }

// The inputs several decisions read.
var (
	fieldNote    = Field{Name: "note", Label: "Ghi chú, ý kiến xử lý", Kind: FieldTextArea}
	fieldReasons = Field{Name: "reasons", Label: "Lý do (mỗi dòng một lý do)", Kind: FieldLines, Required: true}
	fieldOfficer = Field{Name: "to_officer_id", Label: "Cán bộ nhận (không bắt buộc)", Kind: FieldOfficer}
)

// stepRoles are the roles a route step can name: whoever holds the current step.
var stepRoles = []string{domain.RoleReception, domain.RoleLeader, domain.RoleSpecialist, domain.RoleClerk}

// table is every decision in lifecycle order; byName finds one by its Update name.
var (
	table = lifecycle(receptionDecisions, processingDecisions, interagencyDecisions, paymentDecisions, citizenDecisions,
		calendarDecisions)
	byName = index(table)
)

func lifecycle(groups ...[]decision) []decision {
	all := slices.Concat(groups...)
	slices.SortStableFunc(all, func(a, b decision) int { return cmp.Compare(a.Order, b.Order) })
	return all
}

func index(ds []decision) map[string]*decision {
	m := make(map[string]*decision, len(ds))
	for i := range ds {
		m[ds[i].Name] = &ds[i]
	}
	return m
}

// Updates lists every update name, in the order of the lifecycle.
var Updates = names(func(decision) bool { return true })

// OfficerDecisions lists the updates an officer can make, in the order of the lifecycle
// (UpdateAssign, claiming or assigning the step, is reported by MayClaim and MayAssign).
var OfficerDecisions = names(func(d decision) bool { return d.Officer })

func names(keep func(decision) bool) []string {
	var out []string
	for _, d := range table {
		if keep(d) {
			out = append(out, d.Name)
		}
	}
	return out
}

// Decisions describes every decision, in the order of the lifecycle.
func Decisions() []DecisionSpec {
	out := make([]DecisionSpec, len(table))
	for i := range table {
		out[i] = table[i].spec()
	}
	return out
}

// DecisionByName describes the decision (Update) called name; false when there is none.
func DecisionByName(name string) (DecisionSpec, bool) {
	d, ok := byName[name]
	if !ok {
		return DecisionSpec{}, false
	}
	return d.spec(), true
}

// spec is d's read-only view: copies, so that no caller can change the table.
func (d *decision) spec() DecisionSpec {
	fields := slices.Clone(d.Fields)
	for i := range fields {
		fields[i].Options = slices.Clone(fields[i].Options)
	}
	return DecisionSpec{Name: d.Name, Label: d.Label, Roles: slices.Clone(d.Roles), Officer: d.Officer,
		Danger: d.Danger, Fields: fields}
}

// check decides whether d may be applied as action now, without changing st.
func (st *State) check(action string, d Decision, now time.Time) error {
	if terminal(st.Status) {
		return conflict("Hồ sơ đã kết thúc (" + st.Status.Label() + ").")
	}
	dec, ok := byName[action]
	if !ok {
		return invalid("Thao tác không hợp lệ: " + action)
	}
	return dec.Check(st, d, now)
}

// apply changes st for an accepted decision (check passed) and says what to record.
func (st *State) apply(action string, d Decision, now time.Time, ch changes) outcome {
	cal := st.cal()
	out := outcome{Action: action, Actor: d.Actor, Note: strings.TrimSpace(d.Note), changes: ch}
	if dec, ok := byName[action]; ok {
		dec.Apply(st, d, now, cal, &out)
	}
	st.Version++
	return out
}
