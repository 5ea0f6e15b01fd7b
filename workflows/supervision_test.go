package workflows_test

import (
	"context"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/testing/testdb"
	"github.com/dvc-project/dvc/workflows"
)

// TestIndexAndLateReportFromLog builds a period with dossiers of every kind through the
// workflow (time-skipped, real activities), and checks the service index and the late
// report against figures computed by hand; then more activity after the period leaves
// both as they were.
func TestIndexAndLateReportFromLog(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewStore(testdb.Seeded(t))
	from, to := vn(2026, 11, 23, 0, 0), vn(2027, 1, 1, 0, 0)
	var motcua, lanhdao, chuyenvien workflows.Actor
	route := func(h *harness, at time.Duration) { // from receipt to the last step: reception → leader → specialist → leader
		h.do(at, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
		h.do(at+hour, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao, ToOfficerID: chuyenvien.ID, ToOfficerName: chuyenvien.Name}, "")
		h.do(at+2*hour, workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien}, "")
	}
	through := func(h *harness, finishAt time.Duration) {
		h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
		route(h, 2*minute)
		if finishAt > 0 {
			h.do(finishAt, workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "QĐ"}, "")
		}
	}
	hs := map[string]*harness{}
	plans := []struct {
		name  string
		start time.Time
		steps func(h *harness)
	}{
		{"Early", monday, func(h *harness) {
			through(h, 2*day)
			h.do(3*day, workflows.UpdateDeliver, workflows.Decision{Actor: motcua, Method: "post", TrackingNumber: "EB123456789VN"}, "")
		}},
		{"OnTime", monday, func(h *harness) { through(h, 27*day+23*hour); h.cancelAt(29 * day) }},
		// The last step (leader, 40 working hours from Monday 11:02) is due on Monday
		// 30 November; the finish on 22 December loses that step's time.
		{"Late", monday, func(h *harness) { through(h, 29*day+hour); h.cancelAt(30 * day) }},
		{"LateApologised", monday, func(h *harness) {
			through(h, 0)
			h.do(5*day, workflows.UpdateExtend, workflows.Decision{Actor: lanhdao, NewDueAt: vn(2027, 1, 20, 9, 0), Note: "Chờ ý kiến liên ngành"}, "")
			h.do(6*day, workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "QĐ"}, "")
			h.cancelAt(7 * day)
		}},
		{"InProgressOverdue", monday, func(h *harness) { through(h, 0); h.cancelAt(41 * day) }},
		{"InProgressOnTime", vn(2026, 12, 28, 9, 0), func(h *harness) { through(h, 0); h.cancelAt(6 * day) }},
		{"TwoSupplements", monday, func(h *harness) {
			h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
			for i := range 2 {
				at := time.Duration(1+2*i) * day
				ask := workflows.Decision{Actor: motcua, Components: []string{"Tờ trình"}}
				if i == 1 { // a second request in the reception stage: the leader's, with a reason
					ask = workflows.Decision{Actor: lanhdao, Components: []string{"Tờ trình"}, ApprovalReason: "Tờ trình bổ sung còn thiếu chữ ký"}
				}
				h.do(at, workflows.UpdateRequestSupplement, ask, "")
				h.do(at+day, workflows.UpdateSupplement, workflows.Decision{Actor: citizen()}, "")
			}
			route(h, 4*day+hour)
			h.do(6*day, workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "QĐ"}, "")
			h.cancelAt(8 * day)
		}},
		{"Refused", vn(2026, 12, 1, 9, 0), func(h *harness) {
			h.do(hour, workflows.UpdateRefuse, workflows.Decision{Actor: motcua, Reasons: []string{"Sai thẩm quyền"}}, "")
		}},
	}
	for _, p := range plans {
		t.Run(p.name, func(t *testing.T) {
			h := newHarnessOn(t, s, educationActivity, p.start)
			motcua, lanhdao, chuyenvien = h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")
			p.steps(h)
			h.run()
			hs[p.name] = h
		})
	}
	early := hs["Early"].d
	db := s.DB()
	// Early has a digitised component and an electronic result; two ratings in the period.
	if _, err := db.Exec(`INSERT INTO dossier_files (dossier_id, component_id, kind, hash, name, size, type, created_at)
		SELECT $1, id, 'component', 'h1', 'don.pdf', 10, 'application/pdf', $2 FROM procedure_components WHERE procedure_id = $3 LIMIT 1`,
		early.ID, monday, early.ProcedureID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO dossier_files (dossier_id, component_id, kind, hash, name, size, type, created_at)
		VALUES ($1, NULL, 'result', 'h2', 'qd.pdf', 10, 'application/pdf', $2)`, early.ID, monday.Add(2*day)); err != nil {
		t.Fatal(err)
	}
	rate := func(d domain.Dossier, rating string, at time.Time) {
		if _, err := db.Exec(`INSERT INTO ratings (dossier_id, rating, created_at, agency_id, procedure_id) VALUES ($1, $2, $3, $4, $5)`,
			d.ID, rating, at, d.AgencyID, d.ProcedureID); err != nil {
			t.Fatal(err)
		}
	}
	rate(early, "very_satisfied", vn(2026, 11, 27, 10, 0))
	rate(hs["OnTime"].d, "not_satisfied", vn(2026, 12, 22, 10, 0))
	var fullOnline bool
	if err := db.Get(&fullOnline, `SELECT online_level = 'full' FROM procedures WHERE id = $1`, early.ProcedureID); err != nil {
		t.Fatal(err)
	}

	svc := service.New(service.Options{Store: s, Now: func() time.Time { return vn(2027, 2, 1, 9, 0) }})
	supervisor := domain.Account{ID: 1, Kind: "staff", Roles: []string{domain.RoleSupervisor}}
	f := service.ReportFilter{AgencyID: early.AgencyID, From: &from, To: &to}
	want := domain.IndexCounts{Received: 7, ReceivedOnline: 7, ReceivedOnlineTimely: 7, ReceivedDigitised: 1,
		Resolved: 5, ResolvedOnTime: 3, ResolvedLate: 2, ResolvedLateApologised: 1, ResolvedElectronic: 1, ResolvedFewSupplements: 4,
		InProgressOnTime: 1, InProgressOverdue: 1, RatingsSatisfied: 1, Ratings: 2}
	// By hand: transparency 9×1/2 + 9×7/7 = 13.5; progress 12×3/5 + 8×1/2 = 11.2; digitisation
	// 11×1/7 + 11×1/5 = 3.77; online 11×7/7 + 11×(7 or 0)/7; satisfaction 12×1/2 + 6×4/5 = 10.8.
	groups := map[string]float64{domain.IndexTransparency: 13.5, domain.IndexProgress: 11.2, domain.IndexDigitisation: 3.77,
		domain.IndexOnline: 11, domain.IndexSatisfaction: 10.8}
	if fullOnline {
		want.ReceivedFullOnline, groups[domain.IndexOnline] = 7, 22
	}
	total := 13.5 + 11.2 + 3.77 + groups[domain.IndexOnline] + 10.8
	checkIndex := func(what string) {
		t.Helper()
		rep, err := svc.ServiceIndex(ctx, supervisor, f)
		if err != nil {
			t.Fatal(err)
		}
		got := rep.Counts
		got.GroupID, got.GroupName = 0, ""
		if got != want {
			t.Errorf("%s: counts\n got %+v\nwant %+v", what, got, want)
		}
		for k, v := range groups {
			if g := rep.Groups[k]; g.Score != v {
				t.Errorf("%s: %s %v, want %v (%+v)", what, k, g.Score, v, g.Indicators)
			}
		}
		if rep.Score < total-0.005 || rep.Score > total+0.005 || rep.Max != 100 || rep.GainDueSoon != nil {
			t.Errorf("%s: score %v / %v, want %v / 100; gain %v for a closed period", what, rep.Score, rep.Max, total, rep.GainDueSoon)
		}
	}
	checkIndex("the period")

	late := hs["Late"].events()
	var step3 domain.Event // the row that opened the last step
	for _, e := range late {
		if e.Action == "transfer" {
			step3 = e
		}
	}
	overdue := hs["InProgressOverdue"].events()
	var gaveLast domain.Event
	for _, e := range overdue {
		if e.Action == "transfer" {
			gaveLast = e
		}
	}
	type row struct {
		code, step, officer string
		finished            bool
		lostFrom, lostTo    time.Time
	}
	wantLate := []row{
		{*hs["LateApologised"].d.Code, "", "", true, time.Time{}, time.Time{}},
		{*hs["Late"].d.Code, step3.StepName, lanhdao.Name, true, *step3.StepDueAt, monday.Add(29*day + hour)},
		{*hs["InProgressOverdue"].d.Code, gaveLast.StepName, gaveLast.Receiver, false, *gaveLast.StepDueAt, to},
	}
	checkLate := func(what string) {
		t.Helper()
		_, rows, _, err := svc.LateReport(ctx, supervisor, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(wantLate) {
			t.Fatalf("%s: %d late dossiers, want %d: %+v", what, len(rows), len(wantLate), rows)
		}
		for i, w := range wantLate {
			r := rows[i]
			at := func(p *time.Time) time.Time {
				if p == nil {
					return time.Time{}
				}
				return *p
			}
			if r.Code != w.code || r.LostStep != w.step || r.LostOfficer != w.officer || (r.FinishedAt != nil) != w.finished ||
				!at(r.LostFrom).Equal(w.lostFrom) || !at(r.LostTo).Equal(w.lostTo) {
				t.Errorf("%s: row %d\n got %s %q %q finished %v lost %v–%v\nwant %+v", what, i, r.Code, r.LostStep, r.LostOfficer,
					r.FinishedAt != nil, at(r.LostFrom), at(r.LostTo), w)
			}
		}
		if rows[1].Lost <= 0 || rows[1].Late <= 0 || rows[2].Late <= 0 {
			t.Errorf("%s: no working time lost: %+v", what, rows)
		}
	}
	checkLate("the period")

	// January: a new dossier received and resolved late-free, a rating, a file: the closed
	// period's index and late report stay as they were.
	h := newHarnessOn(t, s, educationActivity, vn(2027, 1, 5, 9, 0))
	motcua, lanhdao, chuyenvien = h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")
	through(h, day)
	h.cancelAt(2 * day)
	h.run()
	rate(h.d, "satisfied", vn(2027, 1, 8, 9, 0))
	if _, err := db.Exec(`INSERT INTO dossier_files (dossier_id, component_id, kind, hash, name, size, type, created_at)
		VALUES ($1, NULL, 'result', 'h3', 'qd2.pdf', 10, 'application/pdf', $2)`, hs["OnTime"].d.ID, vn(2027, 1, 6, 9, 0)); err != nil {
		t.Fatal(err)
	}
	checkIndex("the period queried again")
	checkLate("the period queried again")
}
