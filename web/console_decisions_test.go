package web

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

var (
	formTag     = regexp.MustCompile(`(?s)<form ([^>]*)>(.*?)</form>`)
	formID      = regexp.MustCompile(`id="form-([a-z_]+)"`)
	inputTag    = regexp.MustCompile(`<(input|select|textarea)\b([^>]*)>`)
	attrName    = regexp.MustCompile(`\bname="([^"]+)"`)
	buttonTag   = regexp.MustCompile(`<button [^>]*id="decision-([a-z_]+)"[^>]*>([^<]*)</button>`)
	summaryText = regexp.MustCompile(`<summary>([^<]*)</summary>`)
)

// renderedForm is a decision form as the dossier page renders it.
type renderedForm struct {
	attrs, body string
	inputs      []string          // input names, each once, sorted
	required    map[string]bool   // input name → marked required
	button      map[string]string // button id → its tag
}

// renderDossierForms renders the dossier page with forms and returns them by decision.
func renderDossierForms(t *testing.T, forms []decisionForm) map[string]renderedForm {
	t.Helper()
	code := "000.00.03.H03-261123-0001"
	v := &dossierView{D: domain.Dossier{Code: &code}, Decisions: forms}
	data := gin.H{"V": v, "CSRF": "token", "Errors": map[string]string{}, "Path": "/can-bo/ho-so/" + code,
		"Account": (*domain.Account)(nil), "Officer": domain.Account{FullName: "Trần Quốc Hùng"}}
	var b strings.Builder
	if err := pages["console_dossier"].Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	out := map[string]renderedForm{}
	for _, m := range formTag.FindAllStringSubmatch(b.String(), -1) {
		id := formID.FindStringSubmatch(m[1])
		if id == nil {
			continue // the page's other forms
		}
		rf := renderedForm{attrs: m[1], body: m[2], required: map[string]bool{}, button: map[string]string{}}
		for _, in := range inputTag.FindAllStringSubmatch(m[2], -1) {
			name := attrName.FindStringSubmatch(in[2])
			if name == nil || name[1] == "csrf_token" {
				continue
			}
			if !slices.Contains(rf.inputs, name[1]) {
				rf.inputs = append(rf.inputs, name[1])
			}
			rf.required[name[1]] = rf.required[name[1]] || strings.Contains(in[2], " required")
		}
		slices.Sort(rf.inputs)
		for _, bt := range buttonTag.FindAllStringSubmatch(m[2], -1) {
			rf.button[bt[1]] = bt[0]
		}
		out[id[1]] = rf
	}
	return out
}

// everything offers every choice a form can have: officers, an attached result, both
// directions of every decision.
func everything() formSource {
	src := formSource{Officers: []option{{"7", "Lê Minh Đức (Chuyên viên)"}}, Assignable: []option{{"8", "Trần Quốc Hùng (Lãnh đạo)"}},
		Results: []fileRow{{DossierFile: domain.DossierFile{Name: "QD-55.pdf"}}}, Directions: map[string][2]bool{}, NextStep: "Lãnh đạo phê duyệt"}
	for _, spec := range workflows.Decisions() {
		src.Directions[spec.Name] = [2]bool{true, true}
	}
	return src
}

// TestDecisionFormsFollowTheTable: every officer decision of the table is rendered as a
// form with exactly its inputs (a file input, plus the choice of an attached result under
// the input's Name), its label on the panel and the button, required inputs marked, a
// dangerous decision's button marked, and a multipart form when it uploads: a decision
// added to the table shows up in the console with no change to the web package.
func TestDecisionFormsFollowTheTable(t *testing.T) {
	src := everything()
	var specs []workflows.DecisionSpec
	var forms []decisionForm
	for _, spec := range workflows.Decisions() {
		if spec.Officer {
			specs = append(specs, spec)
			forms = append(forms, src.form(spec, "quyet-dinh"))
		}
	}
	if len(specs) < 13 {
		t.Fatalf("%d officer decisions in the table", len(specs))
	}
	rendered := renderDossierForms(t, forms)
	for _, spec := range specs {
		rf, ok := rendered[spec.Name]
		if !ok {
			t.Errorf("%s: no form rendered", spec.Name)
			continue
		}
		var want []string
		multipart := false
		for _, f := range spec.Fields {
			want = append(want, f.FormName())
			if f.Kind == workflows.FieldFile {
				want, multipart = append(want, f.Name), true
			}
			if f.Required && f.Kind != workflows.FieldFile && !rf.required[f.FormName()] {
				t.Errorf("%s: required input %s is not marked required", spec.Name, f.FormName())
			}
			if !f.Required && rf.required[f.FormName()] {
				t.Errorf("%s: optional input %s is marked required", spec.Name, f.FormName())
			}
			if !strings.Contains(rf.body, ">"+f.Label) {
				t.Errorf("%s: no label %q", spec.Name, f.Label)
			}
			for _, o := range f.Options {
				if !strings.Contains(rf.body, `value="`+o.Value+`"`) {
					t.Errorf("%s: input %s lacks the choice %q", spec.Name, f.FormName(), o.Value)
				}
			}
		}
		slices.Sort(want)
		if !slices.Equal(rf.inputs, want) {
			t.Errorf("%s: inputs %v, want %v", spec.Name, rf.inputs, want)
		}
		if got := strings.Contains(rf.attrs, `enctype="multipart/form-data"`); got != multipart {
			t.Errorf("%s: multipart %v, want %v", spec.Name, got, multipart)
		}
		button := rf.button[spec.Name]
		if !strings.Contains(button, `value="`+spec.Name+`"`) || !strings.HasSuffix(button, ">"+spec.Label+"</button>") {
			t.Errorf("%s: button %q", spec.Name, button)
		}
		if got := strings.Contains(button, `class="danger"`); got != spec.Danger {
			t.Errorf("%s: danger %v, want %v", spec.Name, got, spec.Danger)
		}
	}
}

// TestDecisionFormDirections: a direction offers forward only when the workflow would
// accept it, with the next step's name, and back only when it would, preselected then.
func TestDecisionFormDirections(t *testing.T) {
	spec, _ := workflows.DecisionByName(workflows.UpdateTransfer)
	for _, tc := range []struct {
		name          string
		forward, back bool
		want          []string
		selected      string
	}{
		{"FirstStep", true, false, []string{"next"}, ""},
		{"LastStep", false, true, []string{"back"}, "back"},
		{"MiddleStep", true, true, []string{"next", "back"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := everything()
			src.Directions[spec.Name] = [2]bool{tc.forward, tc.back}
			df := src.form(spec, "quyet-dinh")
			i := slices.IndexFunc(df.Fields, func(f fieldView) bool { return f.Kind == workflows.FieldDirection })
			if i < 0 {
				t.Fatal("transfer has no direction")
			}
			var got []string
			selected := ""
			for _, c := range df.Fields[i].Choices {
				got = append(got, c.Value)
				if c.Selected {
					selected = c.Value
				}
				if c.Value == "next" && !strings.HasSuffix(c.Label, ": Lãnh đạo phê duyệt") {
					t.Errorf("forward without the next step: %q", c.Label)
				}
			}
			if !slices.Equal(got, tc.want) || selected != tc.selected {
				t.Errorf("choices %v selected %q, want %v selected %q", got, selected, tc.want, tc.selected)
			}
			html := renderDossierForms(t, []decisionForm{df})[spec.Name].body
			if strings.Contains(html, "Chuyển trả bước trước") != tc.back {
				t.Errorf("the page offers the back direction: %v, want %v", !tc.back, tc.back)
			}
		})
	}
}

// sample is a valid typed value for an input of kind k, and its JSON value.
func sample(f workflows.Field) (typed string, value any) {
	switch f.Kind {
	case workflows.FieldLines:
		return "Một\n\n Hai ", []any{"Một", "Hai"}
	case workflows.FieldDate:
		return "2026-12-24", time.Date(2026, 12, 24, 17, 0, 0, 0, time.FixedZone("", 7*3600)).Format(time.RFC3339)
	case workflows.FieldMoney:
		return "1.500.000", float64(1500000)
	case workflows.FieldOfficer:
		return "42", float64(42)
	case workflows.FieldDirection:
		return directionBack, true
	case workflows.FieldSelect:
		return f.Options[len(f.Options)-1].Value, f.Options[len(f.Options)-1].Value
	}
	return "Nội dung " + f.Name, "Nội dung " + f.Name
}

// TestDecisionInputByKind: every input of every officer decision, typed in the form,
// reaches the JSON API's DecisionInput under its Name with the value its kind gives (a
// field the API does not read fails here); an input that does not parse is reported
// under its form name.
func TestDecisionInputByKind(t *testing.T) {
	for _, spec := range workflows.Decisions() {
		if !spec.Officer {
			continue
		}
		form := map[string]string{}
		for _, f := range spec.Fields {
			typed, _ := sample(f)
			if f.Kind == workflows.FieldFile {
				form[f.Name] = typed
			} else {
				form[f.FormName()] = typed
			}
		}
		req, errs := decisionInput(spec, form)
		if len(errs) > 0 {
			t.Errorf("%s: %v", spec.Name, errs)
			continue
		}
		b, _ := json.Marshal(req)
		var got map[string]any
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		for _, f := range spec.Fields {
			if _, want := sample(f); !jsonEqual(got[f.Name], want) {
				t.Errorf("%s: input %s (%s) reads %v, want %v", spec.Name, f.Name, f.Kind, got[f.Name], want)
			}
		}
	}
	for _, tc := range []struct{ decision, input, typed string }{
		{workflows.UpdateRequestPayment, "amount_vnd", "năm trăm"},
		{workflows.UpdateRequestPayment, "amount_vnd", "-5"},
		{workflows.UpdateExtend, "new_due_date", "24/12/2026"},
		{workflows.UpdateTransfer, "to_officer_id", "abc"},
		{workflows.UpdateRefuse, "note", strings.Repeat("ạ", maxTextInput+1)},
	} {
		spec, _ := workflows.DecisionByName(tc.decision)
		if _, errs := decisionInput(spec, map[string]string{tc.input: tc.typed}); errs[tc.input] == "" {
			t.Errorf("%s: %s = %q accepted", tc.decision, tc.input, tc.typed)
		}
	}
	assign, _ := workflows.DecisionByName(workflows.UpdateAssign)
	if _, errs := decisionValues(assign, map[string]string{"officer_id": "abc"}); errs["officer_id"] != "Chọn cán bộ được phân công." {
		t.Errorf("assign without an officer: %v", errs)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestDecisionLabelsAndNotices: the console's labels and notices come from the table.
func TestDecisionLabelsAndNotices(t *testing.T) {
	for _, spec := range workflows.Decisions() {
		if decisionLabel(spec.Name) != spec.Label {
			t.Errorf("%s: label %q", spec.Name, decisionLabel(spec.Name))
		}
		if n := doneNotice(spec.Name); spec.Officer && n != "Đã thực hiện: "+spec.Label+"." {
			t.Errorf("%s: notice %q", spec.Name, n)
		}
	}
	if doneNotice("claim") != "Bạn đã nhận xử lý hồ sơ." || doneNotice("no_such") != "" || doneNotice("") != "" {
		t.Error("notices outside the table")
	}
}
