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

func TestPushHandler(t *testing.T) {
	secret := []byte("bí mật chung")
	in := newIntake()
	h, err := nationalportal.NewPushHandler(in, nationalportal.PushAuth{Secret: secret}, nil)
	if err != nil {
		t.Fatal(err)
	}
	province := httptest.NewServer(h)
	defer province.Close()
	portal := startStandIn(t, standin.Options{PushURL: province.URL, PushSecret: secret})
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

	body := []byte(`{"MaHoSo":"X-1","MaTTHC":"2.000488","ChuHoSo":"A","SoGiayToChuHoSo":"1"}`)
	post := func(mutate func(*http.Request)) int {
		req, _ := http.NewRequest(http.MethodPost, province.URL, bytes.NewReader(body))
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
	for name, tc := range map[string]struct {
		mutate func(*http.Request)
		want   int
	}{
		"signed":       {func(*http.Request) {}, http.StatusOK},
		"no signature": {func(r *http.Request) { r.Header.Del(nationalportal.HeaderSignature) }, http.StatusUnauthorized},
		"wrong secret": {func(r *http.Request) {
			_, s := nationalportal.SignPush([]byte("khác"), time.Now(), body)
			r.Header.Set(nationalportal.HeaderSignature, s)
		}, http.StatusUnauthorized},
		"stale": {func(r *http.Request) {
			ts, s := nationalportal.SignPush(secret, time.Now().Add(-time.Hour), body)
			r.Header.Set(nationalportal.HeaderTimestamp, ts)
			r.Header.Set(nationalportal.HeaderSignature, s)
		}, http.StatusUnauthorized},
		"body tampered": {func(r *http.Request) { r.Body = http.NoBody; r.ContentLength = 0 }, http.StatusUnauthorized},
	} {
		if got := post(tc.mutate); got != tc.want {
			t.Errorf("%s: status %d, want %d", name, got, tc.want)
		}
	}
	invalid := []byte(`{"MaHoSo":"","MaTTHC":"2.000488","NgayNopHoSo":"hôm qua"}`)
	req, _ := http.NewRequest(http.MethodPost, province.URL, bytes.NewReader(invalid))
	ts, sig := nationalportal.SignPush(secret, time.Now(), invalid)
	req.Header.Set(nationalportal.HeaderTimestamp, ts)
	req.Header.Set(nationalportal.HeaderSignature, sig)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("invalid dossier: %d", resp.StatusCode)
	}
	if _, err := nationalportal.NewPushHandler(in, nationalportal.PushAuth{}, nil); err == nil {
		t.Error("a push endpoint without authentication must not be built")
	}
}

func TestPushBearer(t *testing.T) {
	in := newIntake()
	h, _ := nationalportal.NewPushHandler(in, nationalportal.PushAuth{BearerToken: "mã-bí-mật"}, nil)
	province := httptest.NewServer(h)
	defer province.Close()
	good := startStandIn(t, standin.Options{PushURL: province.URL, PushToken: "mã-bí-mật"})
	bad := startStandIn(t, standin.Options{PushURL: province.URL, PushToken: "sai"})
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
