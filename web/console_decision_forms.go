package web

import (
	"slices"
	"strings"

	"github.com/dvc-project/dvc/workflows"
)

// The decision forms of the console's dossier page are derived from the workflow's table
// of decisions (workflows.Decisions): one form per decision the workflow allows, its
// inputs rendered by kind from DecisionSpec.Fields (this file), the posted form parsed
// back by kind into the JSON API's service.DecisionInput (console_decision_input.go),
// the labels and notices taken from the specs. A decision added to the table shows up
// in the console with no change here.

// directionBack is the value of a FieldDirection's option that sends the dossier back
// (the JSON API's true).
const directionBack = "back"

// decisionForm is what the page shows of one decision: its panel, its form and button.
type decisionForm struct {
	Name, Label string
	// Path is the form's action below the dossier's page ("quyet-dinh" for the table's
	// officer decisions).
	Path      string
	Danger    bool
	Multipart bool // a field uploads a file
	Fields    []fieldView
	// Open unfolds the form (the decision just refused); Error is the refusal's reason.
	Open  bool
	Error string
}

// fieldView is one input of a decision form, as the decision_field template renders it
// by Kind.
type fieldView struct {
	workflows.Field
	// ID is the element's id ("decision-input"), Input its name in the form.
	ID, Input string
	Value     string // what was typed, when the decision was refused
	Error     string
	// Choices are a select's, a direction's or an officer's options; Empty labels the
	// officer select's empty choice.
	Choices []choice
	Empty   string
	// RefID and Refs: a file field's select of the results already attached, named Name.
	RefID string
	Refs  []choice
}

// choice is one option of a select or radio group.
type choice struct {
	Value, Label string
	Selected     bool
}

// refusal is a decision the workflow or the form refused: what was typed, per-input
// messages (by form name) and the reason.
type refusal struct {
	Name    string
	Message string
	Form    map[string]string
	Errors  map[string]string
}

// formSource is what the forms offer beyond the specs: the officers who may receive the
// dossier (Officers) or hold the current step (Assignable), the results already
// attached, each decision's allowed directions and the next step's name.
type formSource struct {
	Officers, Assignable []option
	Results              []fileRow
	Directions           map[string][2]bool // decision → forward, back allowed
	NextStep             string
	Refused              *refusal
}

// decisionLabel is the button label of decision name in the table, or name itself.
func decisionLabel(name string) string {
	if spec, ok := workflows.DecisionByName(name); ok {
		return spec.Label
	}
	return name
}

// doneNotice is the notice shown after decision name succeeded (?da=name): claiming is
// not a decision of the table, assigning reads better in its own words.
func doneNotice(name string) string {
	switch name {
	case "":
		return ""
	case "claim":
		return "Bạn đã nhận xử lý hồ sơ."
	case workflows.UpdateAssign:
		return "Đã phân công xử lý hồ sơ."
	}
	if spec, ok := workflows.DecisionByName(name); ok {
		return "Đã thực hiện: " + spec.Label + "."
	}
	return ""
}

// form builds the form of spec, posting to path.
func (src formSource) form(spec workflows.DecisionSpec, path string) decisionForm {
	df := decisionForm{Name: spec.Name, Label: spec.Label, Path: path, Danger: spec.Danger}
	mine := src.Refused != nil && src.Refused.Name == spec.Name
	if mine {
		df.Open, df.Error = true, src.Refused.Message
	}
	for _, f := range spec.Fields {
		fv := fieldView{Field: f, Input: f.FormName(), ID: spec.Name + "-" + f.FormName()}
		if mine {
			fv.Value, fv.Error = src.Refused.Form[fv.Input], src.Refused.Errors[fv.Input]
		}
		switch f.Kind {
		case workflows.FieldSelect:
			fv.Choices = choices(f.Options, fv.Value, f.Required)
		case workflows.FieldDirection:
			fv.Choices = src.directions(spec.Name, f.Options, fv.Value)
		case workflows.FieldOfficer:
			fv.Choices, fv.Empty = src.officers(spec.Name, fv.Value, f)
		case workflows.FieldFile:
			df.Multipart = true
			fv.RefID = spec.Name + "-" + f.Name
			ref := ""
			if mine {
				ref = src.Refused.Form[f.Name]
			}
			for _, r := range src.Results {
				fv.Refs = append(fv.Refs, choice{r.Name, r.Name, r.Name == ref})
			}
			fv.Required = f.Required && len(fv.Refs) == 0 // or pick one already attached
		}
		df.Fields = append(df.Fields, fv)
	}
	return df
}

// choices are options with value selected, or the first when one is required.
func choices(opts []workflows.Option, value string, required bool) []choice {
	out := make([]choice, len(opts))
	for i, o := range opts {
		out[i] = choice{o.Value, o.Label, o.Value == value}
	}
	if required && len(out) > 0 && !slices.ContainsFunc(out, func(c choice) bool { return c.Selected }) {
		out[0].Selected = true
	}
	return out
}

// directions are the directions decision name may take now: forward only when the
// workflow would accept it (with the next step's name), back only when it would, back
// preselected when it is the only one.
func (src formSource) directions(name string, opts []workflows.Option, value string) []choice {
	allowed := src.Directions[name]
	var out []choice
	for _, o := range opts {
		back := o.Value == directionBack
		if back && !allowed[1] || !back && !allowed[0] {
			continue
		}
		c := choice{o.Value, o.Label, o.Value == value || back && !allowed[0]}
		if !back && src.NextStep != "" {
			c.Label += ": " + src.NextStep
		}
		out = append(out, c)
	}
	return out
}

// officers are the choices of an officer input: the current step's officers for an
// assignment, otherwise the officers who may receive the dossier; the empty choice says
// what no choice means.
func (src formSource) officers(name, value string, f workflows.Field) ([]choice, string) {
	list, empty := src.Officers, "Theo vai trò của bước, chưa giao cụ thể"
	if name == workflows.UpdateAssign {
		list = src.Assignable
	}
	if f.Required {
		empty = "Chọn cán bộ"
	}
	out := make([]choice, len(list))
	for i, o := range list {
		out[i] = choice{o.Value, o.Label, o.Value == value}
	}
	return out, empty
}

// needsOfficers reports whether a form of specs chooses an officer.
func needsOfficers(specs []workflows.DecisionSpec) bool {
	for _, spec := range specs {
		if slices.ContainsFunc(spec.Fields, func(f workflows.Field) bool { return f.Kind == workflows.FieldOfficer }) {
			return true
		}
	}
	return false
}

// hasDirection reports whether spec reads a direction.
func hasDirection(spec workflows.DecisionSpec) bool {
	return slices.ContainsFunc(spec.Fields, func(f workflows.Field) bool { return f.Kind == workflows.FieldDirection })
}

// inputOf is the form name of spec's input called name in the JSON API ("" if none).
func inputOf(spec workflows.DecisionSpec, name string) string {
	for _, f := range spec.Fields {
		if f.Name == name || f.FormName() == name {
			return f.FormName()
		}
	}
	return ""
}

// lowerFirst lowers the first letter of a label, to use it inside a sentence.
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
