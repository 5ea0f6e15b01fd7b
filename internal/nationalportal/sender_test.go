package nationalportal_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	standin "github.com/dvc-project/dvc/internal/dev/nationalportal"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalportal"
)

var start = time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC) // 08:30 in Vietnam

// lifecycle returns a dossier's outbox messages as the service would enqueue them: for
// every log row, the DongBoHoSoMC snapshot after it, then the row as progress.
func lifecycle(t *testing.T, dossierID int64, code string) (msgs []nationalportal.Message, want []string) {
	t.Helper()
	steps := []struct {
		action string
		status domain.Status
		actor  string
		note   string
	}{
		{domain.ActionSubmitted, domain.StatusNew, "Nguyễn Văn An", ""},
		{domain.ActionReceived, domain.StatusReceived, "Trần Thị Bình", ""},
		{domain.ActionTransferred, domain.StatusProcessing, "Lê Văn Cường", "Chuyển chuyên viên thẩm định"},
		{domain.ActionFinished, domain.StatusProcessed, "Phạm Thị Dung", "Đủ điều kiện"},
		{domain.ActionReminder, domain.StatusProcessed, "", ""}, // not sent
		{domain.ActionDelivered, domain.StatusDelivered, "Trần Thị Bình", ""},
	}
	submitted := start
	d := domain.Dossier{ID: dossierID, Code: &code, ProcedureName: "Cấp Phiếu lý lịch tư pháp", AgencyName: "Sở Tư pháp",
		Channel: "online", SubmittedAt: &submitted,
		Applicant: domain.Applicant{Name: "Nguyễn Văn An", IDNumber: "001099000001", Phone: "0900000001"}}
	for i, s := range steps {
		at := start.Add(time.Duration(i) * time.Hour)
		d.Status = s.status
		if s.status == domain.StatusReceived {
			d.ReceivedAt = &at
			due := at.Add(72 * time.Hour)
			d.DueAt = &due
		}
		if s.status >= domain.StatusProcessed && d.FinishedAt == nil {
			d.FinishedAt = &at
		}
		sync, err := nationalportal.DossierMessage(nationalportal.DossierFacts{Dossier: d, Code: code,
			Procedure: nationalportal.NationalProcedure{Code: "2.000488", Name: "Cấp Phiếu lý lịch tư pháp", FieldCode: "LLTP", FieldName: "Lý lịch tư pháp"}})
		if err != nil {
			t.Fatal(err)
		}
		entry, ok, err := nationalportal.ProgressMessage(code, domain.Event{DossierID: dossierID, Seq: i + 1, At: at,
			Action: s.action, ActorName: s.actor, Note: s.note, Status: s.status})
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			continue
		}
		msgs = append(msgs, nationalportal.NewSyncMessage(dossierID, sync), nationalportal.NewProgressMessage(dossierID, entry))
		want = append(want, entry.At+" "+entry.Status)
	}
	return msgs, want
}

// drive runs passes, advancing the clock past any backoff, until the outbox is empty or
// rounds run out.
func drive(t *testing.T, s *nationalportal.Sender, ob *memOutbox, clk *clock, rounds int) {
	t.Helper()
	for range rounds {
		if _, err := s.Pass(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n, parked := ob.pending(); n == 0 || len(parked) > 0 {
			return
		}
		clk.Advance(s.MaxDelay)
	}
}

// checkDelivered asserts the stand-in holds exactly want, in order, for every dossier:
// nothing lost, duplicated or reordered, and no refusal or violation.
func checkDelivered(t *testing.T, portal *standin.Server, want map[string][]string) {
	t.Helper()
	st := portal.State()
	for _, r := range st.Refusals {
		if !r.Fault {
			t.Errorf("the portal refused a message: %+v", r)
		}
	}
	if len(st.Violations) > 0 {
		t.Fatalf("violations %v", st.Violations)
	}
	for code, entries := range want {
		rec, ok := st.Received[code]
		if !ok {
			t.Fatalf("%s: nothing received", code)
		}
		var got []string
		for _, p := range rec.Progress {
			got = append(got, p.At+" "+p.Status)
		}
		if fmt.Sprint(got) != fmt.Sprint(entries) {
			t.Errorf("%s progress:\n got %v\nwant %v", code, got, entries)
		}
		var statuses []string
		for _, s := range rec.Snapshots {
			statuses = append(statuses, s.Status)
		}
		if fmt.Sprint(statuses) != "[1 2 4 9 10]" {
			t.Errorf("%s snapshots: %v", code, statuses)
		}
	}
}

func newSender(portal nationalportal.Portal, ob *memOutbox, clk *clock) *nationalportal.Sender {
	return &nationalportal.Sender{Portal: portal, Outbox: ob, BaseDelay: time.Second, MaxDelay: 30 * time.Second, Now: clk.Now}
}

func TestSenderDeliversInOrder(t *testing.T) {
	portal := startStandIn(t, standin.Options{})
	ob, clk := newOutbox(), &clock{t: start}
	want := map[string][]string{}
	for i := int64(1); i <= 3; i++ {
		code := fmt.Sprintf("000.00.04.H03-260302-%05d", i)
		msgs, entries := lifecycle(t, i, code)
		ob.add(msgs...)
		want[code] = entries
	}
	s := newSender(newClient(t, portal.URL(), 2*time.Second), ob, clk)
	rep, err := s.Pass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 30 || rep.Retried != 0 || rep.Parked != 0 {
		t.Fatalf("report %+v", rep)
	}
	checkDelivered(t, portal, want)
	if st := portal.State(); st.Received["000.00.04.H03-260302-00001"].Duplicates != 0 {
		t.Errorf("duplicates without a fault: %+v", st.Received)
	}
}

// TestSenderFaults: whatever the portal does (fails, answers too slowly, loses its
// answers after processing), every message arrives once (duplicates absorbed), in order.
func TestSenderFaults(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault standin.Fault
		dups  bool
	}{
		{"fail", standin.Fault{Mode: standin.FaultFail, Count: 7}, false},
		{"fail including sign-in", standin.Fault{Mode: standin.FaultFail, Count: 5, Scope: standin.ScopeAll}, false},
		{"slow", standin.Fault{Mode: standin.FaultDelay, Delay: 700 * time.Millisecond, Count: 4}, true},
		{"answer lost", standin.Fault{Mode: standin.FaultDuplicate, Count: 6}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			portal := startStandIn(t, standin.Options{})
			ob, clk := newOutbox(), &clock{t: start}
			want := map[string][]string{}
			for i := int64(1); i <= 2; i++ {
				code := fmt.Sprintf("000.00.04.H03-260302-%05d", i)
				msgs, entries := lifecycle(t, i, code)
				ob.add(msgs...)
				want[code] = entries
			}
			portal.SetFault(tc.fault)
			s := newSender(newClient(t, portal.URL(), 300*time.Millisecond), ob, clk)
			drive(t, s, ob, clk, 40)
			if n, parked := ob.pending(); n != 0 || len(parked) != 0 {
				t.Fatalf("%d messages left, parked %v", n, parked)
			}
			checkDelivered(t, portal, want)
			dups := 0
			for _, r := range portal.State().Received {
				dups += r.Duplicates
			}
			if tc.dups && dups == 0 {
				t.Errorf("the fault should have caused duplicate deliveries (absorbed by the portal)")
			}
		})
	}
}

func TestSenderParksRefusalAndKeepsOrder(t *testing.T) {
	portal := startStandIn(t, standin.Options{})
	ob, clk := newOutbox(), &clock{t: start}
	code := "000.00.04.H03-260302-00007"
	msgs, entries := lifecycle(t, 7, code)
	ob.add(msgs...)
	portal.SetFault(standin.Fault{Mode: standin.FaultRefuse, Message: "Mã TTHC không tồn tại trên Cổng", Count: 1})
	s := newSender(newClient(t, portal.URL(), 2*time.Second), ob, clk)
	rep, err := s.Pass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, parked := ob.pending()
	if rep.Parked != 1 || len(parked) != 1 || parked[0].parked != "Mã TTHC không tồn tại trên Cổng" {
		t.Fatalf("report %+v, parked %+v", rep, parked)
	}
	drive(t, s, ob, clk, 3) // a parked head blocks its dossier: nothing overtakes it
	if _, ok := portal.State().Received[code]; ok {
		t.Fatal("messages behind a parked one were sent")
	}
	ob.requeue(parked[0].ID)
	drive(t, s, ob, clk, 3)
	checkDelivered(t, portal, map[string][]string{code: entries})
}

func TestSenderPortalDown(t *testing.T) {
	portal := startStandIn(t, standin.Options{})
	addr := strings.TrimPrefix(portal.URL(), "http://")
	ob, clk := newOutbox(), &clock{t: start}
	want := map[string][]string{}
	for i := int64(1); i <= 5; i++ {
		code := fmt.Sprintf("000.00.04.H03-260302-%05d", i)
		msgs, entries := lifecycle(t, i, code)
		ob.add(msgs...)
		want[code] = entries
	}
	client := newClient(t, portal.URL(), time.Second)
	s := newSender(client, ob, clk)
	_ = portal.Close()
	for range 3 {
		rep, err := s.Pass(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !rep.PortalDown || rep.Sent != 0 || rep.Retried != 3 {
			t.Fatalf("down portal: report %+v", rep)
		}
		clk.Advance(s.MaxDelay)
	}
	again, err := standin.Start(addr, standin.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = again.Close() })
	drive(t, s, ob, clk, 10)
	checkDelivered(t, again, want)
}

func TestSenderBackoff(t *testing.T) {
	s := &nationalportal.Sender{BaseDelay: 5 * time.Second, MaxDelay: time.Minute}
	var got []time.Duration
	for a := 1; a <= 6; a++ {
		got = append(got, s.Backoff(a))
	}
	if fmt.Sprint(got) != "[5s 10s 20s 40s 1m0s 1m0s]" {
		t.Fatalf("backoff %v", got)
	}
}
