package nationalportal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/dev/demo"
	standin "github.com/dvc-project/dvc/internal/dev/nationalportal"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalportal"
)

func validSync(code string) nationalportal.DossierSync {
	return nationalportal.DossierSync{Code: code, ProcedureCode: "2.000488", ProcedureName: "Cấp Phiếu lý lịch tư pháp",
		FieldCode: "LLTP", FieldName: "Lý lịch tư pháp", OwnerType: "1", Summary: "Cấp phiếu", ReceivedAt: "20260302090000",
		Status: "2", DeliveryForm: "0", Agency: "Sở Tư pháp", Files: []nationalportal.FileSync{}}
}

func TestClientConfig(t *testing.T) {
	_, err := nationalportal.NewClient(nationalportal.Config{BaseURL: "http://127.0.0.1:1"}, nil)
	e, ok := domain.AsError(err)
	if !ok || e.Code != nationalportal.CodeConfigInvalid || e.Fields["national.unit_code"] == "" || e.Fields["national.password"] == "" {
		t.Fatalf("error = %#v", err)
	}
}

func TestClientSessionAndLookup(t *testing.T) {
	portal := startStandIn(t, standin.Options{})
	c := newClient(t, portal.URL(), 2*time.Second)
	ctx := context.Background()
	code := "000.00.04.H03-260302-00042"
	if found, err := c.LookupDossier(ctx, code); err != nil || found {
		t.Fatalf("before sync: %v, %v", found, err)
	}
	if err := c.SyncDossier(ctx, false, validSync(code)); err != nil {
		t.Fatal(err)
	}
	portal.ExpireSessions() // the cached session is now refused: the client signs in again
	if found, err := c.LookupDossier(ctx, code); err != nil || !found {
		t.Fatalf("after sync: %v, %v", found, err)
	}
	// A create sent again (its answer was lost) is turned into an update, not refused.
	if err := c.SyncDossier(ctx, false, validSync(code)); err != nil {
		t.Fatalf("second create: %v", err)
	}
	if snaps := portal.State().Received[code].Snapshots; len(snaps) != 1 || snaps[0].Deliveries != 2 {
		t.Errorf("snapshots %+v", snaps)
	}
}

func TestClientClassifiesFailures(t *testing.T) {
	portal := startStandIn(t, standin.Options{})
	ctx := context.Background()
	c := newClient(t, portal.URL(), 2*time.Second)
	bad := validSync("000.00.04.H03-260302-00043")
	bad.ReceivedAt = "02/03/2026"
	err := c.SyncDossier(ctx, false, bad)
	if reason, ok := nationalportal.Refusal(err); !ok || !strings.Contains(reason, "NgayTiepNhan") || nationalportal.IsTransient(err) {
		t.Fatalf("bad date: %v", err)
	}
	err = c.UpdateProgress(ctx, nationalportal.ProgressEntry{Code: "unknown", Actor: "A", At: "20260302090000", Status: "4"})
	if _, ok := nationalportal.Refusal(err); !ok {
		t.Errorf("progress before the dossier: %v", err)
	}
	portal.SetFault(standin.Fault{Mode: standin.FaultFail})
	err = c.SyncDossier(ctx, false, validSync("000.00.04.H03-260302-00044"))
	if !nationalportal.IsTransient(err) || !domain.IsKind(err, domain.Unavailable) {
		t.Errorf("5xx: %v", err)
	}
	portal.SetFault(standin.Fault{Mode: standin.FaultDelay, Delay: time.Second})
	err = newClient(t, portal.URL(), 200*time.Millisecond).SyncDossier(ctx, false, validSync("000.00.04.H03-260302-00045"))
	if !nationalportal.IsTransient(err) {
		t.Errorf("timeout: %v", err)
	}
	portal.SetFault(standin.Fault{})
	wrong, _ := nationalportal.NewClient(nationalportal.Config{BaseURL: portal.URL(), Username: "dvc", Password: "sai",
		UnitCode: unit}, nil)
	if err := wrong.SyncDossier(ctx, false, validSync("000.00.04.H03-260302-00046")); !nationalportal.IsTransient(err) {
		t.Errorf("wrong password: %v", err)
	}
}

func TestCatalogueDiff(t *testing.T) {
	portal := startStandIn(t, standin.Options{})
	c := newClient(t, portal.URL(), 2*time.Second)
	national, err := c.Procedures(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := demo.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	var local []nationalportal.CatalogueItem
	for _, p := range cat.Procedures {
		local = append(local, nationalportal.CatalogueItem{NationalCode: p.Code, LocalCode: p.Code, Name: p.Name})
	}
	if d := nationalportal.Diff(nationalportal.KindProcedure, local, nationalportal.ProcedureItems(national)); d.Count(nationalportal.OpAdd) != 1 ||
		len(d.Changes) != 1 || d.Changes[0].National.NationalCode != standin.ExtraProcedureCode {
		t.Fatalf("demo against the stand-in: %+v", d)
	}
	local[0].Name = "  " + strings.ReplaceAll(local[0].Name, " ", "  ") // spacing only: no change
	local[1].Name += " (cũ)"
	removed := local[2]
	removed.NationalCode = "9.999999"
	local[2] = removed
	local = append(local, nationalportal.CatalogueItem{LocalCode: "LOCAL-1", Name: "Thủ tục riêng của tỉnh"})
	d := nationalportal.Diff(nationalportal.KindProcedure, local, nationalportal.ProcedureItems(national))
	if d.Count(nationalportal.OpAdd) != 2 || d.Count(nationalportal.OpChange) != 1 || d.Count(nationalportal.OpRemove) != 1 ||
		len(d.Unmapped) != 1 || d.Empty() {
		t.Fatalf("diff %+v", d)
	}
	agencies, err := c.Agencies(context.Background())
	if err != nil || len(agencies) != len(cat.Agencies) || agencies[0].Code == "" {
		t.Fatalf("agencies %v, %v", len(agencies), err)
	}
}

func TestMappingTable(t *testing.T) {
	tbl, err := nationalportal.NewMappingTable([]nationalportal.Mapping{{Kind: nationalportal.KindProcedure, LocalCode: "L1", NationalCode: "1.000001"}})
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := tbl.Local(nationalportal.KindProcedure, "1.000001"); !ok || l != "L1" {
		t.Error("Local")
	}
	if _, ok := tbl.National(nationalportal.KindAgency, "L1"); ok {
		t.Error("kinds must not mix")
	}
	_, err = nationalportal.NewMappingTable([]nationalportal.Mapping{{Kind: "procedure", LocalCode: "L1", NationalCode: "N"}, {Kind: "procedure", LocalCode: "L2", NationalCode: "N"}})
	if !domain.IsKind(err, domain.Conflict) {
		t.Errorf("duplicate: %v", err)
	}
}
