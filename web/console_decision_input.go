package web

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/workflows"
)

// maxTextInput bounds a free-text input of a decision, in characters.
const maxTextInput = 2000

// postedForm reads spec's inputs from a posted form (post is c.PostForm): each by its form
// name, and a file input's choice among the results already attached by its Name.
func postedForm(spec workflows.DecisionSpec, post func(string) string) map[string]string {
	form := map[string]string{}
	for _, f := range spec.Fields {
		form[f.FormName()] = strings.TrimSpace(post(f.FormName()))
		if f.Kind == workflows.FieldFile {
			form[f.Name] = strings.TrimSpace(post(f.Name))
		}
	}
	return form
}

// decisionInput parses spec's inputs in form by kind into the JSON API's shape (see
// workflows.FieldKind) and decodes it as the API does, so that a decision reads the same
// from both. The second result holds the messages of the inputs that do not parse, by
// form name.
func decisionInput(spec workflows.DecisionSpec, form map[string]string) (service.DecisionInput, map[string]string) {
	values, errs := decisionValues(spec, form)
	var req service.DecisionInput
	b, err := json.Marshal(values)
	if err == nil {
		err = json.Unmarshal(b, &req)
	}
	if err != nil { // the kinds give the API's types: only a table/service mismatch fails
		errs["decision"] = "Không đọc được thông tin của thao tác."
	}
	return req, errs
}

// decisionValues parses spec's inputs in form by kind into their JSON values, by the
// inputs' Name, and the messages of those that do not parse, by form name.
func decisionValues(spec workflows.DecisionSpec, form map[string]string) (map[string]any, map[string]string) {
	values, errs := map[string]any{}, map[string]string{}
	for _, f := range spec.Fields {
		raw := form[f.FormName()]
		if f.Kind == workflows.FieldFile {
			raw = form[f.Name] // the reference of an attached result (an upload sets it)
		}
		v, msg := parseInput(f, raw)
		if msg != "" {
			errs[f.FormName()] = msg
			continue
		}
		if v != nil {
			values[f.Name] = v
		}
	}
	return values, errs
}

// parseInput reads one input of kind f.Kind: its JSON value (nil when left empty) or why
// it does not parse.
func parseInput(f workflows.Field, raw string) (any, string) {
	switch f.Kind {
	case workflows.FieldText, workflows.FieldTextArea, workflows.FieldSelect, workflows.FieldFile:
		return raw, tooLong(raw)
	case workflows.FieldLines:
		return lines(raw), tooLong(raw)
	case workflows.FieldDirection:
		return raw == directionBack, ""
	case workflows.FieldMoney:
		v := strings.NewReplacer(".", "", ",", "", " ", "").Replace(raw)
		if v == "" {
			return nil, ""
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return nil, "Nhập số tiền (đồng), lớn hơn 0."
		}
		return n, ""
	case workflows.FieldDate:
		if raw == "" {
			return nil, ""
		}
		t, err := time.ParseInLocation(time.DateOnly, raw, dossiercode.Location)
		if err != nil {
			return nil, "Ngày dạng YYYY-MM-DD."
		}
		return t.Add(17 * time.Hour), "" // the end of that working day
	case workflows.FieldOfficer:
		id, err := strconv.ParseInt(raw, 10, 64)
		switch {
		case (raw == "" || err != nil || id <= 0) && f.Required:
			return nil, "Chọn " + lowerFirst(f.Label) + "."
		case raw == "":
			return nil, ""
		case err != nil || id <= 0:
			return nil, "Cán bộ không hợp lệ."
		}
		return id, ""
	}
	return raw, ""
}

func tooLong(s string) string {
	if utf8.RuneCountInString(s) > maxTextInput {
		return "Tối đa " + strconv.Itoa(maxTextInput) + " ký tự."
	}
	return ""
}

// lines splits a list typed one item a line, leaving out blank lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
