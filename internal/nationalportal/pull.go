package nationalportal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
)

// pullToken returns a cached bearer token of the pull shape, or signs in (§1.2 step 1).
func (c *Client) pullToken(ctx context.Context) (string, error) {
	c.mu.Lock()
	if c.token != "" && c.now().Before(c.tokenExp) {
		t := c.token
		c.mu.Unlock()
		return t, nil
	}
	c.mu.Unlock()
	raw, err := c.do(ctx, http.MethodPost, c.url(c.cfg.Pull.TokenPath), "",
		map[string]string{"userName": c.cfg.Pull.Username, "password": c.cfg.Pull.Password})
	if err != nil {
		return "", unavailable("pull sign in", err)
	}
	var a struct {
		Token string `json:"token"`
	}
	if json.Unmarshal(raw, &a) != nil || a.Token == "" {
		return "", unavailable("pull sign in", errors.New("no token in "+excerpt(raw)))
	}
	c.mu.Lock()
	c.token, c.tokenExp = a.Token, c.now().Add(c.cfg.SessionTTL)
	c.mu.Unlock()
	return a.Token, nil
}

// pullCall makes one bearer call; an answer 401/403 drops the token and tries once more.
func (c *Client) pullCall(ctx context.Context, method, target string, body any) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		token, err := c.pullToken(ctx)
		if err != nil {
			return nil, err
		}
		raw, err := c.do(ctx, method, target, token, body)
		var se *statusError
		if attempt == 0 && errors.As(err, &se) && (se.status == http.StatusUnauthorized || se.status == http.StatusForbidden) {
			c.mu.Lock()
			if c.token == token {
				c.token = ""
			}
			c.mu.Unlock()
			continue
		}
		return raw, err
	}
}

// ListSubmitted returns the dossiers waiting to be received (LayDanhSachHoSo). Errors:
// CodeRefused, CodeUnavailable.
func (c *Client) ListSubmitted(ctx context.Context) ([]ListedDossier, error) {
	raw, err := c.pullCall(ctx, http.MethodGet, c.url(c.cfg.Pull.ListPath), nil)
	if err != nil {
		return nil, err
	}
	var a struct {
		Data []ListedDossier `json:"data"`
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, unavailable("LayDanhSachHoSo: unreadable answer", err)
	}
	return a.Data, nil
}

// Detail reads one listed dossier with its files. The answer may be the detail itself or
// the detail wrapped in "data". Errors: CodeRefused, CodeUnavailable.
func (c *Client) Detail(ctx context.Context, id string) (DossierDetail, error) {
	target := c.url(strings.TrimRight(c.cfg.Pull.DetailPath, "/") + "/" + url.PathEscape(id))
	raw, err := c.pullCall(ctx, http.MethodGet, target, nil)
	if err != nil {
		return DossierDetail{}, err
	}
	var top struct {
		Data  json.RawMessage `json:"data"`
		Files []DetailFile    `json:"fileDinhKem"`
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		return DossierDetail{}, unavailable("detail: unreadable answer", err)
	}
	var d DossierDetail
	if err := json.Unmarshal(top.Data, &d.Data); err == nil {
		d.Files = top.Files
		return d, nil
	}
	if err := json.Unmarshal(top.Data, &d); err != nil {
		return DossierDetail{}, unavailable("detail: unreadable data", err)
	}
	return d, nil
}

// Acknowledge marks a pulled dossier as received (CapNhatDaNhanHoSo, daNhan true).
// Errors: CodeRefused, CodeUnavailable.
func (c *Client) Acknowledge(ctx context.Context, code string) error {
	_, err := c.pullCall(ctx, http.MethodPut, c.url(c.cfg.Pull.AckPath), Acknowledgement{Code: code, Received: true})
	return err
}

// RecordFromDetail reads a pulled dossier: the fields of Data (PushedDossier names) with
// the list item's codes filling gaps, and the files that were not revoked. Errors: as
// PushedDossier.Record.
func RecordFromDetail(item ListedDossier, d DossierDetail) (IntakeRecord, error) {
	var p PushedDossier
	if strings.TrimSpace(d.Data) != "" {
		if err := json.Unmarshal([]byte(d.Data), &p); err != nil {
			e := domain.WrapError(domain.Invalid, CodeIntakeInvalid, "Dữ liệu hồ sơ từ Cổng DVC quốc gia không đọc được.", err)
			e.Fields = map[string]string{"data": "Không phải JSON hợp lệ."}
			return IntakeRecord{}, e
		}
	}
	p.Code = orDefault(p.Code, item.Code)
	p.ProcedureCode = orDefault(p.ProcedureCode, item.ProcedureCode)
	p.AgencyCode = orDefault(p.AgencyCode, item.AgencyCode)
	p.OwnerTechID = orDefault(p.OwnerTechID, item.TechID)
	p.SubmittedAt = orDefault(p.SubmittedAt, item.SubmittedAt)
	p.Files = nil
	for _, f := range d.Files {
		if f.Revoked {
			continue
		}
		p.Files = append(p.Files, PushedFile{Name: orDefault(f.FileName, f.Title), ComponentCode: f.Kind, Base64: f.Base64})
	}
	if p.Code != item.Code && item.Code != "" {
		return IntakeRecord{}, &domain.Error{Kind: domain.Invalid, Code: CodeIntakeInvalid,
			Message: "Mã hồ sơ trong chi tiết khác mã trong danh sách.", Fields: map[string]string{"maHoSo": item.Code}}
	}
	return p.Record(SourcePull)
}

// Puller runs the pull shape's passes: list → detail → Intake → acknowledge.
type Puller struct {
	Client *Client
	Intake Intake
}

// PullReport is what one pass did.
type PullReport struct {
	Listed   int
	Created  []string          // MaHoSo of new dossiers
	Existing []string          // MaHoSo already received (acknowledged again)
	Refused  map[string]string // MaHoSo → reason: unreadable, or refused by Intake; not acknowledged
}

// Pass runs one pass. A dossier is acknowledged only after Intake succeeded (created or
// already there), so a crash between the two makes the next pass take it again and Intake
// answers "already there". A dossier refused for good (unreadable, procedure not mapped…)
// is not acknowledged and is reported in Refused at every pass until it is fixed. A
// transient failure ends the pass with an error (CodeUnavailable, or Intake's error);
// what was done before it is in the report.
func (p *Puller) Pass(ctx context.Context) (PullReport, error) {
	rep := PullReport{Refused: map[string]string{}}
	items, err := p.Client.ListSubmitted(ctx)
	if err != nil {
		return rep, err
	}
	rep.Listed = len(items)
	for _, item := range items {
		detail, err := p.Client.Detail(ctx, item.ID)
		if err != nil {
			return rep, err
		}
		rec, err := RecordFromDetail(item, detail)
		if err != nil {
			rep.Refused[item.Code] = reasonOf(err)
			continue
		}
		res, err := p.Intake.Intake(ctx, rec)
		if err != nil && permanentIntake(err) {
			rep.Refused[rec.Code] = reasonOf(err)
			continue
		}
		if err != nil {
			return rep, fmt.Errorf("nationalportal: intake %s: %w", rec.Code, err)
		}
		if err := p.Client.Acknowledge(ctx, rec.Code); err != nil {
			return rep, err
		}
		if res.Created {
			rep.Created = append(rep.Created, rec.Code)
		} else {
			rep.Existing = append(rep.Existing, rec.Code)
		}
	}
	return rep, nil
}

func reasonOf(err error) string {
	e, ok := domain.AsError(err)
	if !ok {
		return err.Error()
	}
	msg := e.Message
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msg += " " + k + ": " + e.Fields[k]
	}
	return msg
}
