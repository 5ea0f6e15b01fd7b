package nationalportal_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	standin "github.com/dvc-project/dvc/internal/dev/nationalportal"
	"github.com/dvc-project/dvc/internal/nationalportal"
)

func submission(owner, techID string, delivery string) standin.Submission {
	return standin.Submission{ProcedureCode: "2.000488", Owner: owner, IDNumber: "001099000002", TechID: techID,
		Phone: "0900000002", Summary: "Xin cấp phiếu lý lịch tư pháp", Delivery: delivery,
		Files: []standin.File{{Name: "Tờ khai.pdf", Content: []byte("%PDF-1.4 tờ khai")}}}
}

func TestPullPass(t *testing.T) {
	portal := startStandIn(t, standin.Options{})
	ctx := context.Background()
	first, err := portal.Submit(ctx, submission("Nguyễn Thị Hoa", "tech-hoa", "pull"))
	if err != nil {
		t.Fatal(err)
	}
	second, _ := portal.Submit(ctx, submission("Lê Văn Nam", "", "pull"))
	in := newIntake()
	p := &nationalportal.Puller{Client: newClient(t, portal.URL(), 2*time.Second), Intake: in}
	rep, err := p.Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Listed != 2 || len(rep.Created) != 2 || len(rep.Refused) != 0 {
		t.Fatalf("report %+v", rep)
	}
	rec := in.records()[first]
	if rec.TechID != "tech-hoa" || rec.Applicant.Name != "Nguyễn Thị Hoa" || rec.Source != nationalportal.SourcePull ||
		len(rec.Files) != 1 || string(rec.Files[0].Content) != "%PDF-1.4 tờ khai" || rec.SubmittedAt.IsZero() {
		t.Errorf("record %+v", rec)
	}
	if in.records()[second].Applicant.IDNumber != "001099000002" {
		t.Errorf("second record %+v", in.records()[second])
	}
	for _, s := range portal.State().Sent {
		if !s.Acked {
			t.Errorf("%s not acknowledged", s.Code)
		}
	}
	if rep, _ := p.Pass(ctx); rep.Listed != 0 {
		t.Errorf("acknowledged dossiers listed again: %+v", rep)
	}

	// The portal lists a dossier twice: the second one is "already there", acknowledged again.
	third, _ := portal.Submit(ctx, submission("Trần Văn Ba", "tech-ba", "pull"))
	portal.SetFault(standin.Fault{Mode: standin.FaultDuplicate, Scope: standin.ScopeAll})
	rep, err = p.Pass(ctx)
	portal.SetFault(standin.Fault{})
	if err != nil || len(rep.Created) != 1 || len(rep.Existing) != 1 || rep.Existing[0] != third {
		t.Fatalf("duplicate listing: %+v, %v", rep, err)
	}

	// A dossier whose procedure is not mapped is refused and stays on the list.
	in.unmapped["1.001193"] = true
	sub := submission("Phạm Thị Tư", "tech-tu", "pull")
	sub.ProcedureCode = "1.001193"
	fourth, _ := portal.Submit(ctx, sub)
	rep, err = p.Pass(ctx)
	if err != nil || !strings.Contains(rep.Refused[fourth], "chưa được ánh xạ") {
		t.Fatalf("unmapped: %+v, %v", rep, err)
	}
	if rep, _ := p.Pass(ctx); rep.Listed != 1 {
		t.Errorf("a refused dossier must stay listed: %+v", rep)
	}

	// The portal down: the pass fails transiently and acknowledges nothing.
	delete(in.unmapped, "1.001193")
	portal.SetFault(standin.Fault{Mode: standin.FaultFail, Scope: standin.ScopeAll})
	if _, err := p.Pass(ctx); !nationalportal.IsTransient(err) {
		t.Errorf("down: %v", err)
	}
}

// province runs the push endpoint on a real loopback server.
func province(t *testing.T, auth nationalportal.PushAuth) (*memIntake, *httptest.Server) {
	t.Helper()
	in := newIntake()
	h, err := nationalportal.NewPushHandler(in, auth, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return in, srv
}

func TestPushHandler(t *testing.T) {
	secret := []byte("bí mật chung")
	in, prov := province(t, nationalportal.PushAuth{Secret: secret})
	portal := startStandIn(t, standin.Options{PushURL: prov.URL, PushSecret: secret})
	ctx := context.Background()
	code, err := portal.Submit(ctx, submission("Đỗ Thị Năm", "tech-nam", "push"))
	if err != nil {
		t.Fatal(err)
	}
	rec, ok := in.records()[code]
	if !ok || rec.Source != nationalportal.SourcePush || rec.TechID != "tech-nam" || len(rec.Files) != 1 {
		t.Fatalf("record %+v", rec)
	}
	// Pushed again (the portal did not get the answer): already there, error_code 1.
	resp, err := http.Post(portal.URL()+"/control/push/"+code, "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var pushes []string
	for _, s := range portal.State().Sent {
		if s.Code == code {
			pushes = s.Pushes
		}
	}
	if len(pushes) != 2 || !strings.Contains(pushes[0], `"error_code":0`) || !strings.Contains(pushes[1], `"error_code":1`) {
		t.Fatalf("pushes %v", pushes)
	}
	if len(in.records()) != 1 {
		t.Errorf("records %d", len(in.records()))
	}
	if _, err := nationalportal.NewPushHandler(in, nationalportal.PushAuth{}, nil); err == nil {
		t.Error("a push endpoint without authentication must not be built")
	}
}

// signedPost posts body signed with secret at t, after mutate, and returns the status.
func signedPost(t *testing.T, target string, secret, body []byte, mutate func(*http.Request)) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	ts, sig := nationalportal.SignPush(secret, time.Now(), body)
	req.Header.Set(nationalportal.HeaderTimestamp, ts)
	req.Header.Set(nationalportal.HeaderSignature, sig)
	mutate(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestPushAuthentication(t *testing.T) {
	secret := []byte("bí mật chung")
	_, prov := province(t, nationalportal.PushAuth{Secret: secret})
	body := []byte(`{"MaHoSo":"X-1","MaTTHC":"2.000488","ChuHoSo":"A","SoGiayToChuHoSo":"1"}`)
	resign := func(key []byte, at time.Time) func(*http.Request) {
		return func(r *http.Request) {
			ts, s := nationalportal.SignPush(key, at, body)
			r.Header.Set(nationalportal.HeaderTimestamp, ts)
			r.Header.Set(nationalportal.HeaderSignature, s)
		}
	}
	for _, tc := range []struct {
		name   string
		mutate func(*http.Request)
		want   int
	}{
		{"signed", func(*http.Request) {}, http.StatusOK},
		{"no signature", func(r *http.Request) { r.Header.Del(nationalportal.HeaderSignature) }, http.StatusUnauthorized},
		{"wrong secret", resign([]byte("khác"), time.Now()), http.StatusUnauthorized},
		{"stale", resign(secret, time.Now().Add(-time.Hour)), http.StatusUnauthorized},
		{"body tampered", func(r *http.Request) { r.Body, r.ContentLength = http.NoBody, 0 }, http.StatusUnauthorized},
	} {
		if got := signedPost(t, prov.URL, secret, body, tc.mutate); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	invalid := []byte(`{"MaHoSo":"","MaTTHC":"2.000488","NgayNopHoSo":"hôm qua"}`)
	if got := signedPost(t, prov.URL, secret, invalid, func(*http.Request) {}); got != http.StatusBadRequest {
		t.Errorf("invalid dossier: %d", got)
	}
}

func TestPushBearer(t *testing.T) {
	in, prov := province(t, nationalportal.PushAuth{BearerToken: "mã-bí-mật"})
	good := startStandIn(t, standin.Options{PushURL: prov.URL, PushToken: "mã-bí-mật"})
	bad := startStandIn(t, standin.Options{PushURL: prov.URL, PushToken: "sai"})
	ctx := context.Background()
	code, _ := good.Submit(ctx, submission("Vũ Văn Sáu", "tech-sau", "push"))
	other, _ := bad.Submit(ctx, submission("Vũ Văn Bảy", "tech-bay", "push"))
	if _, ok := in.records()[code]; !ok {
		t.Error("bearer push not received")
	}
	if _, ok := in.records()[other]; ok {
		t.Error("wrong bearer accepted")
	}
}
