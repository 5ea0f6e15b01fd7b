package nationalportal

import (
	"github.com/dvc-project/dvc/internal/dev/demo"
)

// CatalogueAgency is an item of LayDanhMucCoQuan.
type CatalogueAgency struct {
	Code  string `json:"MADONVI"`
	Name  string `json:"TENDONVI"`
	Level string `json:"CAPDONVI"`
}

// CatalogueField is an item of LayDanhMucLinhVuc.
type CatalogueField struct {
	Code   string `json:"MALINHVUC"`
	Name   string `json:"TENLINHVUC"`
	Sector string `json:"MANGANH"`
}

// CatalogueProcedure is an item of LayDanhSachTTHC, with the field and agency the
// stand-in's submission form uses.
type CatalogueProcedure struct {
	Code       string `json:"MATTHC"`
	Name       string `json:"TENTTHC"`
	FieldCode  string `json:"-"`
	AgencyCode string `json:"-"`
}

// Catalogue is the national catalogue the stand-in serves.
type Catalogue struct {
	Agencies   []CatalogueAgency
	Fields     []CatalogueField
	Procedures []CatalogueProcedure
}

// ExtraProcedureCode is a procedure the demo national catalogue has and the local demo
// catalogue lacks, so that a catalogue sync against the stand-in shows one addition.
const ExtraProcedureCode = "2.002999"

// DemoCatalogue mirrors dvc's demo catalogue (its codes are national codes), plus
// ExtraProcedureCode.
func DemoCatalogue() *Catalogue {
	c := &Catalogue{}
	local, err := demo.Catalogue()
	if err == nil {
		for _, a := range local.Agencies {
			c.Agencies = append(c.Agencies, CatalogueAgency{Code: a.Code, Name: a.Name, Level: a.Level})
		}
		for _, f := range local.Fields {
			c.Fields = append(c.Fields, CatalogueField{Code: f.Code, Name: f.Name})
		}
		for _, p := range local.Procedures {
			c.Procedures = append(c.Procedures, CatalogueProcedure{Code: p.Code, Name: p.Name, FieldCode: p.Field, AgencyCode: p.Agency})
		}
	}
	c.Procedures = append(c.Procedures, CatalogueProcedure{Code: ExtraProcedureCode,
		Name: "Thủ tục giả lập chỉ có trên Cổng DVC quốc gia", FieldCode: "HOTICH", AgencyCode: "000.00.04.H03"})
	return c
}

// procedure finds a procedure by code.
func (c *Catalogue) procedure(code string) (CatalogueProcedure, bool) {
	for _, p := range c.Procedures {
		if p.Code == code {
			return p, true
		}
	}
	return CatalogueProcedure{}, false
}
