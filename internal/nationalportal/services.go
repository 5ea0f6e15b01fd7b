package nationalportal

import (
	"context"
	"encoding/json"
	"strings"
)

// SyncDossier sends one DongBoHoSoMC (§2.1). updating is isUpdating: false the first time
// a dossier is sent, true once the portal has accepted it. A "create" refused because the
// dossier already exists ("đã tồn tại") is sent again as an update, so that a create
// whose answer was lost is harmless. Errors: CodeRefused, CodeUnavailable.
func (c *Client) SyncDossier(ctx context.Context, updating bool, d DossierSync) error {
	d = d.withLists()
	_, err := c.call(ctx, c.cfg.IntegrationPath, ServiceSyncDossier,
		map[string]any{"isUpdating": pyBool(updating), "data": []DossierSync{d}})
	if reason, ok := Refusal(err); ok && !updating && strings.Contains(strings.ToLower(reason), "đã tồn tại") {
		_, err = c.call(ctx, c.cfg.IntegrationPath, ServiceSyncDossier,
			map[string]any{"isUpdating": pyBool(true), "data": []DossierSync{d}})
	}
	return err
}

// withLists returns d with empty lists instead of nil ones: the portal wants [] (every
// value a string or a list), never null.
func (d DossierSync) withLists() DossierSync {
	if d.Files == nil {
		d.Files = []FileSync{}
	}
	if d.Results == nil {
		d.Results = []ResultSync{}
	}
	for _, l := range []*[]json.RawMessage{&d.Fees, &d.OtherFiles, &d.SupplementRounds} {
		if *l == nil {
			*l = []json.RawMessage{}
		}
	}
	return d
}

// pyBool is the portal's spelling of a boolean ("True"/"False", §1.3).
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// UpdateProgress sends one CapNhatTienDoHoSoMC with entries (§2.2). Errors: CodeRefused,
// CodeUnavailable.
func (c *Client) UpdateProgress(ctx context.Context, entries ...ProgressEntry) error {
	_, err := c.call(ctx, c.cfg.IntegrationPath, ServiceUpdateProgress, map[string]any{"data": entries})
	return err
}

// LookupDossier asks whether the portal knows the dossier code (TraCuuHoSo, §1.2 E): true
// when its result is not empty. Errors: CodeRefused, CodeUnavailable.
func (c *Client) LookupDossier(ctx context.Context, code string) (bool, error) {
	a, err := c.call(ctx, c.cfg.IntegrationPath, ServiceLookupDossier, map[string]any{"mahoso": code})
	if err != nil {
		return false, err
	}
	var items []json.RawMessage
	if json.Unmarshal(a.Result, &items) == nil {
		return len(items) > 0, nil
	}
	r := strings.TrimSpace(string(a.Result))
	return r != "" && r != "null" && r != "{}" && r != `""`, nil
}

// Agencies reads the national agency list (LayDanhMucCoQuan, §2.5). Errors: CodeRefused,
// CodeUnavailable.
func (c *Client) Agencies(ctx context.Context) ([]Agency, error) {
	rows, err := c.catalogue(ctx, ServiceAgencies)
	out := make([]Agency, 0, len(rows))
	for _, r := range rows {
		out = append(out, Agency{Code: r.text("MADONVI"), Name: r.text("TENDONVI"), Level: r.text("CAPDONVI")})
	}
	return out, err
}

// Fields reads the national field list (LayDanhMucLinhVuc). Errors: as Agencies.
func (c *Client) Fields(ctx context.Context) ([]Field, error) {
	rows, err := c.catalogue(ctx, ServiceFields)
	out := make([]Field, 0, len(rows))
	for _, r := range rows {
		out = append(out, Field{Code: r.text("MALINHVUC"), Name: r.text("TENLINHVUC"), Sector: r.text("MANGANH")})
	}
	return out, err
}

// Procedures reads the national procedure list (LayDanhSachTTHC). Errors: as Agencies.
func (c *Client) Procedures(ctx context.Context) ([]Procedure, error) {
	rows, err := c.catalogue(ctx, ServiceProcedures)
	out := make([]Procedure, 0, len(rows))
	for _, r := range rows {
		out = append(out, Procedure{Code: r.text("MATTHC"), Name: r.text("TENTTHC")})
	}
	return out, err
}

// row is one catalogue item whose values may be strings or numbers.
type row map[string]json.RawMessage

func (r row) text(key string) string {
	raw, ok := r[key]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	if v := strings.TrimSpace(string(raw)); v != "null" {
		return v
	}
	return ""
}

func (c *Client) catalogue(ctx context.Context, service string) ([]row, error) {
	a, err := c.call(ctx, c.cfg.SharePath, service, nil)
	if err != nil {
		return nil, err
	}
	var rows []row
	if err := json.Unmarshal(a.Result, &rows); err != nil {
		return nil, unavailable(service+": unreadable result", err)
	}
	return rows, nil
}
