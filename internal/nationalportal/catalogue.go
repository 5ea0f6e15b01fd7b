package nationalportal

import (
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/dvc-project/dvc/internal/domain"
)

// Catalogue kinds.
const (
	KindAgency    = "agency"
	KindField     = "field"
	KindProcedure = "procedure"
)

// Mapping links a local catalogue code to its national code.
type Mapping struct {
	Kind         string // KindAgency, KindField, KindProcedure
	LocalCode    string
	NationalCode string
}

// MappingTable answers both ways of the mapping of one catalogue.
type MappingTable struct {
	toLocal, toNational map[string]string
}

// NewMappingTable indexes mappings. Two local codes mapped to one national code (or one
// local code to two national codes) is a domain.Error of kind Conflict, code
// "national_mapping_duplicate", naming the codes in Fields.
func NewMappingTable(mappings []Mapping) (*MappingTable, error) {
	t := &MappingTable{toLocal: map[string]string{}, toNational: map[string]string{}}
	dup := map[string]string{}
	for _, m := range mappings {
		nk, lk := m.Kind+"|"+m.NationalCode, m.Kind+"|"+m.LocalCode
		if prev, ok := t.toLocal[nk]; ok && prev != m.LocalCode {
			dup[m.Kind+" "+m.NationalCode] = "Mã quốc gia được ánh xạ cho cả " + prev + " và " + m.LocalCode + "."
		}
		if prev, ok := t.toNational[lk]; ok && prev != m.NationalCode {
			dup[m.Kind+" "+m.LocalCode] = "Mã địa phương được ánh xạ tới cả " + prev + " và " + m.NationalCode + "."
		}
		t.toLocal[nk], t.toNational[lk] = m.LocalCode, m.NationalCode
	}
	if len(dup) > 0 {
		e := domain.NewError(domain.Conflict, "national_mapping_duplicate", "Bảng ánh xạ mã quốc gia có mã bị trùng.")
		e.Fields = dup
		return nil, e
	}
	return t, nil
}

// Local is the local code mapped to a national code of kind.
func (t *MappingTable) Local(kind, nationalCode string) (string, bool) {
	c, ok := t.toLocal[kind+"|"+nationalCode]
	return c, ok
}

// National is the national code mapped to a local code of kind.
func (t *MappingTable) National(kind, localCode string) (string, bool) {
	c, ok := t.toNational[kind+"|"+localCode]
	return c, ok
}

// CatalogueItem is one agency, field or procedure, local or national, as Diff compares
// them.
type CatalogueItem struct {
	NationalCode string
	LocalCode    string // "" for an item of the national list
	Name         string
	// Detail is compared too: an agency's level, a field's sector (national only).
	Detail string
}

// Operations of a CatalogueChange.
const (
	OpAdd    = "add"    // on the national list, not mapped locally
	OpChange = "change" // mapped, but its name or detail differs
	OpRemove = "remove" // mapped locally, no longer on the national list
)

// CatalogueChange is one difference; Local is empty for an addition, National for a
// removal.
type CatalogueChange struct {
	Op       string
	Local    CatalogueItem
	National CatalogueItem
}

func (c CatalogueChange) code() string {
	if c.National.NationalCode != "" {
		return c.National.NationalCode
	}
	return c.Local.NationalCode
}

// CatalogueDiff is what Diff found, for an administrator to review before applying.
type CatalogueDiff struct {
	Kind    string
	Changes []CatalogueChange // sorted by national code
	// Unmapped are local items without a national code: they need a mapping.
	Unmapped []CatalogueItem
}

// Empty reports whether the two lists agree.
func (d CatalogueDiff) Empty() bool { return len(d.Changes) == 0 && len(d.Unmapped) == 0 }

// Count returns the number of changes with op.
func (d CatalogueDiff) Count(op string) int {
	n := 0
	for _, c := range d.Changes {
		if c.Op == op {
			n++
		}
	}
	return n
}

// Diff compares the local items of kind (each with its mapped NationalCode, "" when
// unmapped) with the national list. Names are compared after Unicode NFC normalisation
// and whitespace folding, so that "Sở  Y tế" and a decomposed "Sở Y tế" are the same.
// Detail is compared only when both sides have one.
func Diff(kind string, local, national []CatalogueItem) CatalogueDiff {
	d := CatalogueDiff{Kind: kind}
	nat := map[string]CatalogueItem{}
	for _, n := range national {
		nat[strings.TrimSpace(n.NationalCode)] = n
	}
	mapped := map[string]bool{}
	for _, l := range local {
		code := strings.TrimSpace(l.NationalCode)
		if code == "" {
			d.Unmapped = append(d.Unmapped, l)
			continue
		}
		mapped[code] = true
		n, ok := nat[code]
		switch {
		case !ok:
			d.Changes = append(d.Changes, CatalogueChange{Op: OpRemove, Local: l})
		case fold(n.Name) != fold(l.Name) || (n.Detail != "" && l.Detail != "" && fold(n.Detail) != fold(l.Detail)):
			d.Changes = append(d.Changes, CatalogueChange{Op: OpChange, Local: l, National: n})
		}
	}
	for code, n := range nat {
		if code != "" && !mapped[code] {
			d.Changes = append(d.Changes, CatalogueChange{Op: OpAdd, National: n})
		}
	}
	sort.Slice(d.Changes, func(i, j int) bool { return d.Changes[i].code() < d.Changes[j].code() })
	return d
}

func fold(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// AgencyItems turns the national agency list into Diff's items.
func AgencyItems(list []Agency) []CatalogueItem {
	out := make([]CatalogueItem, 0, len(list))
	for _, a := range list {
		out = append(out, CatalogueItem{NationalCode: a.Code, Name: a.Name, Detail: a.Level})
	}
	return out
}

// FieldItems turns the national field list into Diff's items.
func FieldItems(list []Field) []CatalogueItem {
	out := make([]CatalogueItem, 0, len(list))
	for _, f := range list {
		out = append(out, CatalogueItem{NationalCode: f.Code, Name: f.Name, Detail: f.Sector})
	}
	return out
}

// ProcedureItems turns the national procedure list into Diff's items.
func ProcedureItems(list []Procedure) []CatalogueItem {
	out := make([]CatalogueItem, 0, len(list))
	for _, p := range list {
		out = append(out, CatalogueItem{NationalCode: p.Code, Name: p.Name})
	}
	return out
}
