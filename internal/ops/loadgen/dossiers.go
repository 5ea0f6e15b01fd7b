package loadgen

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	apiclient "github.com/dvc-project/dvc/internal/client"
)

// procedure is a catalogue procedure with what a complete draft needs.
type procedure struct {
	ID         int64  `json:"id"`
	Code       string `json:"code"`
	Components []struct {
		ID       int64 `json:"id"`
		Required bool  `json:"required"`
	} `json:"components"`
	FormFields []FormField `json:"form_fields"`
}

// FormField is a field of a procedure's declaration form, as the catalogue API gives it.
type FormField struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Options  []string `json:"options"`
}

// SampleForm answers every field of a declaration form with a value the API accepts: the
// first option of a choice, a number, a date, a ticked box, or text for the rest.
func SampleForm(fields []FormField, text string) map[string]string {
	form := make(map[string]string, len(fields))
	for _, f := range fields {
		switch {
		case len(f.Options) > 0:
			form[f.Name] = f.Options[0]
		case f.Type == "number":
			form[f.Name] = "1"
		case f.Type == "date":
			form[f.Name] = "2026-01-15"
		case f.Type == "checkbox":
			form[f.Name] = "true"
		default:
			form[f.Name] = text
		}
	}
	return form
}

// findProcedures looks the procedures up by national code in the public catalogue.
func findProcedures(ctx context.Context, c *client, codes []string) ([]procedure, error) {
	ids := map[string]int64{}
	missing := func() bool {
		for _, code := range codes {
			if _, ok := ids[code]; !ok {
				return true
			}
		}
		return false
	}
	for page := 1; missing(); page++ {
		var list struct {
			Items []procedure `json:"items"`
		}
		if err := c.call(ctx, op{}, http.StatusOK, &list, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
			return c.api.Procedures(ctx, &apiclient.ProceduresParams{Page: &page}, ed...)
		}); err != nil {
			return nil, err
		}
		if len(list.Items) == 0 {
			break
		}
		for _, p := range list.Items {
			ids[p.Code] = p.ID
		}
	}
	out := make([]procedure, 0, len(codes))
	for _, code := range codes {
		id, ok := ids[code]
		if !ok {
			return nil, fmt.Errorf("loadgen: procedure %s is not in the catalogue", code)
		}
		var p procedure
		if err := c.call(ctx, op{}, http.StatusOK, &p, procedureCall(c, id)); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// samplePDF is a tiny document the attachment store accepts as a PDF.
var samplePDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// submitted is a dossier sent by a virtual citizen.
type submitted struct {
	Code     string
	IDNumber string
	owner    *client
}

// randomIDNumber is a 12-digit citizen ID number (CCCD) that is unlikely to repeat, so a
// lookup by ID number finds one dossier.
func randomIDNumber() string { return fmt.Sprintf("0%011d", rand.Int64N(1e11)) }

// submit runs one complete online submission as the citizen c: the procedure page, a
// draft with the declaration form filled, one upload per required component, and the
// submission with an idempotency key. Each request is recorded under its own operation.
func (e *env) submit(ctx context.Context, c *client, p procedure) (submitted, error) {
	if err := c.call(ctx, op{name: "procedure_page"}, http.StatusOK, nil, procedureCall(c, p.ID)); err != nil {
		return submitted{}, err
	}
	form := SampleForm(p.FormFields, "Nội dung kê khai thử tải")
	id := randomIDNumber()
	body := map[string]any{"procedure_id": p.ID, "applicant_name": "Nguyễn Văn Thử", "id_number": id,
		"phone": "0912345678", "email": "thutai@example.vn", "address": "Phường Đức Xuân, Bắc Kạn",
		"content": "Hồ sơ thử tải", "form_data": form}
	var d struct {
		ID int64 `json:"id"`
	}
	draft, err := jsonBody(body)
	if err != nil {
		return submitted{}, err
	}
	if err := c.call(ctx, op{name: "draft"}, http.StatusCreated, &d, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		return c.api.CreateDraftWithBody(ctx, "application/json", draft, ed...)
	}); err != nil {
		return submitted{}, err
	}
	ref := fmt.Sprint(d.ID)
	for _, comp := range p.Components {
		if !comp.Required {
			continue
		}
		ctype, file := apiclient.Multipart(map[string]string{"component_id": fmt.Sprint(comp.ID)}, "giay-to.pdf", samplePDF)
		if err := c.call(ctx, op{name: "upload"}, http.StatusCreated, nil, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
			return c.api.UploadWithBody(ctx, ref, &apiclient.UploadParams{}, ctype, file, ed...)
		}); err != nil {
			return submitted{}, err
		}
	}
	var sent struct {
		Code *string `json:"code"`
	}
	key := fmt.Sprintf("loadgen-%s-%d", e.runID, d.ID)
	if err := c.call(ctx, op{name: "submit"}, http.StatusCreated, &sent, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		return c.api.Submit(ctx, ref, &apiclient.SubmitParams{IdempotencyKey: key}, ed...)
	}); err != nil {
		return submitted{}, err
	}
	if sent.Code == nil {
		return submitted{}, fmt.Errorf("loadgen: dossier %d submitted without a code", d.ID)
	}
	return submitted{Code: *sent.Code, IDNumber: id, owner: c}, nil
}

// waitStarted polls the owner's view of the dossier until its workflow has written the
// submission to the processing log: until then the workflow refuses decisions (it has
// not loaded the procedure's route yet). The wait is recorded as "wait_started".
func (e *env) waitStarted(ctx context.Context, d *inflight) error {
	if d.started || d.owner == nil {
		return nil
	}
	start := time.Now()
	for {
		var v struct {
			Events []json.RawMessage `json:"events"`
		}
		if err := d.owner.call(ctx, op{}, http.StatusOK, &v, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
			return d.owner.api.GetDossier(ctx, d.code, ed...)
		}); err != nil {
			e.rec.record("wait_started", time.Since(start), err)
			return err
		}
		if len(v.Events) > 0 {
			d.started = true
			e.rec.record("wait_started", time.Since(start), nil)
			return nil
		}
		if time.Since(start) > time.Minute {
			err := fmt.Errorf("loadgen: the workflow of %s wrote nothing in a minute", d.code)
			e.rec.record("wait_started", time.Since(start), err)
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// step is one officer decision of the route the lifecycle drives.
type step struct {
	officer string // demo username
	action  string // an officer action, or "claim"
	body    func(e *env, code string) map[string]any
}

// route drives a dossier of procedure 1.004496 (Sở Giáo dục và Đào tạo; steps leader →
// specialist → leader) from submission to delivery: seven decisions (Updates).
var route = []step{
	{officer: "motcua", action: "receive"},
	{officer: "motcua", action: "transfer"},
	{officer: "lanhdao", action: "transfer", body: func(e *env, _ string) map[string]any {
		return map[string]any{"to_officer_id": e.specialistID, "note": "Đề nghị thẩm định"}
	}},
	{officer: "chuyenvien", action: "transfer", body: func(*env, string) map[string]any { return map[string]any{"note": "Đủ điều kiện"} }},
	{officer: "lanhdao", action: "claim"},
	{officer: "lanhdao", action: "finish", body: func(_ *env, code string) map[string]any {
		return map[string]any{"result_ref": "QD-" + code + ".pdf"}
	}},
	{officer: "motcua", action: "deliver", body: func(*env, string) map[string]any {
		return map[string]any{"method": "desk", "received_by": "Nguyễn Văn Thử"}
	}},
}

// routeProcedure is the procedure whose route the officers drive.
const routeProcedure = "1.004496"

// officers are the demo accounts the route needs.
var officers = []string{"motcua", "lanhdao", "chuyenvien"}

// inflight is a dossier on its way through the route.
type inflight struct {
	code    string
	owner   *client
	started bool // its workflow has logged the submission
	next    int  // index in route
}

// decide applies the dossier's next decision as the officer of that step.
func (e *env) decide(ctx context.Context, d *inflight) error {
	if err := e.waitStarted(ctx, d); err != nil {
		return err
	}
	s := route[d.next]
	c := e.officers[s.officer]
	body := map[string]any{}
	if s.body != nil {
		body = s.body(e, d.code)
	}
	raw, err := jsonBody(body)
	if err != nil {
		return err
	}
	send := func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		if s.action == "claim" {
			return c.api.Claim(ctx, d.code, ed...)
		}
		return c.api.DecideWithBody(ctx, d.code, apiclient.DecideParamsAction(s.action), "application/json", raw, ed...)
	}
	if err := c.call(ctx, op{name: "decision", also: "decision_" + s.action}, http.StatusOK, nil, send); err != nil {
		return err
	}
	d.next++
	return nil
}

// inbox reads the worklist of the officer of the dossier's next step.
func (e *env) inbox(ctx context.Context, d *inflight) error {
	c := e.officers[route[d.next].officer]
	return c.call(ctx, op{name: "inbox"}, http.StatusOK, nil, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		return c.api.Inbox(ctx, nil, ed...)
	})
}

// procedureCall reads procedure id's page.
func procedureCall(c *client, id int64) sender {
	return func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		return c.api.Procedure(ctx, fmt.Sprint(id), ed...)
	}
}
