package workflows_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/dvc-project/dvc/workflows"
)

// lifecycleOrder is the order the console offers the decisions in; a new decision takes
// its place here.
var lifecycleOrder = []string{"receive", "refuse", "request_supplement", "transfer", "transfer_interagency",
	"receive_interagency", "return_interagency", "request_payment", "confirm_payment", "finish", "extend", "stop",
	"deliver", "supplement", "withdraw", "assign", "calendar_changed"}

// TestDecisionTable: the table of decisions describes every Update once, in lifecycle
// order, and every officer decision with its button and its inputs.
func TestDecisionTable(t *testing.T) {
	specs := workflows.Decisions()
	var names, officer []string
	for _, d := range specs {
		names = append(names, d.Name)
		if d.Officer {
			officer = append(officer, d.Name)
		}
	}
	if !slices.Equal(names, lifecycleOrder) {
		t.Errorf("Decisions() = %v, want %v", names, lifecycleOrder)
	}
	if !slices.Equal(workflows.Updates, names) {
		t.Errorf("Updates = %v, want the table's names %v", workflows.Updates, names)
	}
	if !slices.Equal(workflows.OfficerDecisions, officer) {
		t.Errorf("OfficerDecisions = %v, want the table's officer decisions %v", workflows.OfficerDecisions, officer)
	}
	if want := len(lifecycleOrder) - 4; len(officer) != want { // not supplement, withdraw, assign, calendar_changed
		t.Errorf("%d officer decisions, want %d", len(officer), want)
	}
	seen := map[string]bool{}
	for _, d := range specs {
		if seen[d.Name] {
			t.Errorf("decision %q listed twice", d.Name)
		}
		seen[d.Name] = true
		checkSpec(t, d)
		if got, ok := workflows.DecisionByName(d.Name); !ok || got.Name != d.Name || got.Label != d.Label {
			t.Errorf("DecisionByName(%q) = %+v, %v", d.Name, got, ok)
		}
	}
	if _, ok := workflows.DecisionByName("no_such_decision"); ok {
		t.Error("DecisionByName found a decision that does not exist")
	}
	// The view is a copy: a caller cannot change the table.
	d, _ := workflows.DecisionByName(workflows.UpdateDeliver)
	d.Label, d.Roles[0], d.Fields[0].Label, d.Fields[0].Options[0].Label = "x", "x", "x", "x"
	if again, _ := workflows.DecisionByName(workflows.UpdateDeliver); again.Label == "x" || again.Roles[0] == "x" ||
		again.Fields[0].Label == "x" || again.Fields[0].Options[0].Label == "x" {
		t.Errorf("changing a DecisionSpec changed the table: %+v", again)
	}
}

var fieldKinds = []workflows.FieldKind{workflows.FieldText, workflows.FieldTextArea, workflows.FieldLines,
	workflows.FieldDate, workflows.FieldMoney, workflows.FieldOfficer, workflows.FieldSelect, workflows.FieldFile,
	workflows.FieldDirection}

// checkSpec: a decision has a label and roles; an officer decision has its inputs, each
// named once, labelled and of a known kind, with the choices of a select.
func checkSpec(t *testing.T, d workflows.DecisionSpec) {
	t.Helper()
	if d.Name == "" || d.Label == "" || len(d.Roles) == 0 {
		t.Errorf("decision %q: label %q, roles %v", d.Name, d.Label, d.Roles)
	}
	if d.Officer && len(d.Fields) == 0 {
		t.Errorf("officer decision %q has no fields", d.Name)
	}
	forms := map[string]bool{}
	for _, f := range d.Fields {
		if f.Name == "" || f.Label == "" || !slices.Contains(fieldKinds, f.Kind) {
			t.Errorf("decision %q: field %+v", d.Name, f)
		}
		if forms[f.FormName()] {
			t.Errorf("decision %q: field %q twice", d.Name, f.FormName())
		}
		forms[f.FormName()] = true
		choice := f.Kind == workflows.FieldSelect || f.Kind == workflows.FieldDirection
		if choice != (len(f.Options) > 0) {
			t.Errorf("decision %q: field %q of kind %s has %d options", d.Name, f.Name, f.Kind, len(f.Options))
		}
	}
}

// TestEveryUpdateIsRegistered: the workflow answers every Update of the table with its
// validator (an actor with no role is refused by each), and only those.
func TestEveryUpdateIsRegistered(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	names := append(slices.Clone(workflows.Updates), "no_such_decision")
	got := make([]string, len(names))
	for i, name := range names {
		h.env.RegisterDelayedCallback(func() {
			h.env.UpdateWorkflow(name, fmt.Sprintf("u%d", i), &testsuite.TestUpdateCallback{
				OnAccept:   func() { got[i] = "accepted" },
				OnReject:   func(err error) { got[i] = errType(err) },
				OnComplete: func(any, error) {},
			}, workflows.Decision{Actor: workflows.Actor{Name: "Không rõ"}})
		}, time.Duration(i+1)*time.Minute)
	}
	h.cancelAt(time.Hour)
	h.run()
	for i, name := range workflows.Updates {
		if !slices.Contains([]string{workflows.ErrForbidden, workflows.ErrConflict, workflows.ErrInvalid}, got[i]) {
			t.Errorf("update %q: %q, want a refusal by its validator", name, got[i])
		}
	}
	if last := got[len(got)-1]; !strings.HasPrefix(last, "unknown update") {
		t.Errorf("an update outside the table: %q, want unknown update", last)
	}
}
