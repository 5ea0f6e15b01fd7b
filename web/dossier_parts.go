package web

import (
	"net/url"
	"slices"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/slips"
	"github.com/dvc-project/dvc/internal/textsearch"
)

// The parts of a dossier that both its owner's page and the console's show.

// declaredFields is the declaration formData as a page shows it: the procedure's fields
// in the form's order with their labels, then any field the form no longer has (a
// retired version), by name.
func declaredFields(proc domain.ProcedureDetail, formData map[string]string) []declared {
	var out []declared
	seen := map[string]bool{}
	for _, f := range proc.FormFields {
		if val, ok := formData[f.Name]; ok {
			out = append(out, declared{f.Label, val})
			seen[f.Name] = true
		}
	}
	known := len(out)
	for name, val := range formData {
		if !seen[name] {
			out = append(out, declared{name, val})
		}
	}
	slices.SortFunc(out[known:], func(a, b declared) int { return textsearch.Compare(a.Label, b.Label) })
	return out
}

// slipLinks are the slips (PDF) the dossier d has, given the actions of its log: each
// with its address and label, in slipOrder.
func slipLinks(d domain.Dossier, actions map[string]bool) []option {
	if d.Code == nil {
		return nil
	}
	var out []option
	for _, kind := range slipOrder {
		if k := slips.Kinds[kind]; k.Action == "" || actions[k.Action] {
			out = append(out, option{"/api/v1/dossiers/" + url.PathEscape(*d.Code) + "/slips/" + kind + ".pdf", slipLabels[kind]})
		}
	}
	return out
}
