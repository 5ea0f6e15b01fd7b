package api

import (
	_ "embed"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

//go:embed openapi.json
var openAPIFile []byte

// OpenAPI is the OpenAPI 3 description of /api/v1 (openapi.json), served at
// /api/v1/openapi.json, with the officer actions' names and the inputs of the Decision
// schema taken from the workflow's table of decisions (workflows.Decisions), and every
// operation's security and generic 4xx answers from routeAccess (withAccess).
var OpenAPI = mustWithDecisions(openAPIFile)

func (s *Server) registerOpenAPIRoutes(r *gin.RouterGroup) {
	r.GET("/openapi.json", func(c *gin.Context) { c.Data(http.StatusOK, "application/json; charset=utf-8", OpenAPI) })
}

// decisionActionPath is the officer action's path in the document.
const decisionActionPath = "/officer/dossiers/{ref}/actions/{action}"

func mustWithDecisions(doc []byte) []byte {
	out, err := withDecisions(doc)
	if err != nil {
		panic("api: openapi.json: " + err.Error())
	}
	return out
}

// withDecisions sets, in the OpenAPI document doc, the enum of the officer action's
// {action} to the table's officer decisions and the Decision schema's properties to
// their inputs, each typed as its kind says the JSON API takes it.
func withDecisions(doc []byte) ([]byte, error) {
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	post, ok := dig(d, "paths", decisionActionPath, "post")
	if !ok {
		return nil, errors.New("no POST " + decisionActionPath)
	}
	params, _ := post["parameters"].([]any)
	found := false
	for _, p := range params {
		if p, ok := p.(map[string]any); ok && p["name"] == "action" {
			p["schema"], found = map[string]any{"type": "string", "enum": workflows.OfficerDecisions}, true
		}
	}
	schema, ok := dig(d, "components", "schemas", "Decision")
	if !found || !ok {
		return nil, errors.New("no {action} parameter or Decision schema")
	}
	props := map[string]any{}
	for _, spec := range workflows.Decisions() {
		for _, f := range spec.Fields {
			if spec.Officer {
				props[f.Name] = fieldSchema(f)
			}
		}
	}
	schema["properties"] = props
	if err := withAccess(d); err != nil {
		return nil, err
	}
	if err := withScopes(d); err != nil {
		return nil, err
	}
	return json.MarshalIndent(d, "", " ")
}

// withScopes lists domain.Scopes in the bearer scheme's client-credentials flow.
func withScopes(d map[string]any) error {
	flow, ok := dig(d, "components", "securitySchemes", "bearer", "flows", "clientCredentials")
	if !ok {
		return errors.New("no bearer client-credentials flow")
	}
	scopes := map[string]any{}
	for _, sc := range domain.Scopes {
		scopes[sc.Name] = sc.Description
	}
	flow["scopes"] = scopes
	return nil
}

// fieldSchema is the JSON schema of a decision input of f.Kind (see workflows.FieldKind).
func fieldSchema(f workflows.Field) map[string]any {
	switch f.Kind {
	case workflows.FieldLines:
		return map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
	case workflows.FieldDate:
		return map[string]any{"type": "string", "format": "date-time"}
	case workflows.FieldMoney, workflows.FieldOfficer:
		return map[string]any{"type": "integer"}
	case workflows.FieldDirection:
		return map[string]any{"type": "boolean"}
	case workflows.FieldSelect:
		values := make([]string, len(f.Options))
		for i, o := range f.Options {
			values[i] = o.Value
		}
		return map[string]any{"type": "string", "enum": values}
	}
	return map[string]any{"type": "string"}
}

// dig follows keys through nested JSON objects.
func dig(v map[string]any, keys ...string) (map[string]any, bool) {
	for _, k := range keys {
		next, ok := v[k].(map[string]any)
		if !ok {
			return nil, false
		}
		v = next
	}
	return v, true
}
