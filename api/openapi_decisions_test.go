package api

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/dvc-project/dvc/workflows"
)

// TestOpenAPIDecisions: the served document names exactly the table's officer decisions
// as the officer action's {action}, and the Decision schema has exactly their inputs,
// typed by kind: a decision added to the table is documented with no edit here.
func TestOpenAPIDecisions(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	post, ok := dig(doc, "paths", decisionActionPath, "post")
	if !ok {
		t.Fatal("no officer action")
	}
	var enum []string
	for _, p := range post["parameters"].([]any) {
		if p := p.(map[string]any); p["name"] == "action" {
			for _, v := range p["schema"].(map[string]any)["enum"].([]any) {
				enum = append(enum, v.(string))
			}
		}
	}
	if !slices.Equal(enum, workflows.OfficerDecisions) {
		t.Errorf("{action} enum %v, want %v", enum, workflows.OfficerDecisions)
	}
	schema, _ := dig(doc, "components", "schemas", "Decision", "properties")
	want := map[string]string{}
	for _, spec := range workflows.Decisions() {
		for _, f := range spec.Fields {
			if spec.Officer {
				want[f.Name] = fieldSchema(f)["type"].(string)
			}
		}
	}
	if len(schema) != len(want) {
		t.Errorf("Decision has %d properties, want %d: %v", len(schema), len(want), schema)
	}
	for name, typ := range want {
		if p, ok := schema[name].(map[string]any); !ok || p["type"] != typ {
			t.Errorf("Decision.%s = %v, want type %s", name, schema[name], typ)
		}
	}
	if p, _ := schema["method"].(map[string]any); len(p["enum"].([]any)) != 3 {
		t.Errorf("Decision.method: %v, want its three choices (desk, post, online)", p)
	}
	if _, err := withDecisions([]byte(`{"paths": {}}`)); err == nil {
		t.Error("a document without the officer action is accepted")
	}
}
