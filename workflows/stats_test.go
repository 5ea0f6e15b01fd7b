package workflows_test

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/testing/testdb"
	"github.com/dvc-project/dvc/workflows"
)

// TestStatisticsFromLog builds a period with dossiers of every kind through the workflow
// (time-skipped, real activities), checks each indicator of report form 06 exactly and
// that the period balances (every dossier handled in it in exactly one column), and
// checks that more activity after the period leaves its figures unchanged.
func TestStatisticsFromLog(t *testing.T) {
	s := postgres.NewStore(testdb.Seeded(t))
	from, to := vn(2026, 11, 23, 0, 0), vn(2027, 1, 1, 0, 0)
	type plan struct {
		name  string
		start time.Time
		steps func(h *harness)
	}
	var motcua, lanhdao, chuyenvien workflows.Actor
	through := func(h *harness, finishAt time.Duration) { // receive, route, finish at finishAt
		h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
		h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
		h.do(hour, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao, ToOfficerID: chuyenvien.ID, ToOfficerName: chuyenvien.Name}, "")
		h.do(2*hour, workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien}, "")
		if finishAt > 0 {
			h.do(finishAt, workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "QĐ"}, "")
		}
	}
	var early *harness
	plans := []plan{
		{"CarriedOverResolvedEarly", vn(2026, 11, 16, 9, 0), func(h *harness) { through(h, 8*day); h.cancelAt(9 * day) }},
		{"Early", monday, func(h *harness) {
			early = h
			through(h, 2*day)
			h.do(3*day, workflows.UpdateDeliver, workflows.Decision{Actor: motcua, Method: "post", TrackingNumber: "EB123456789VN"}, "")
		}},
		// Due Monday 21 December 17:00 (20 working days after Monday 23 November, not
		// counted); finished at 08:00 that day, less than a working day ahead: on time.
		{"OnTime", monday, func(h *harness) { through(h, 27*day+23*hour); h.cancelAt(29 * day) }},
		{"Late", monday, func(h *harness) { through(h, 29*day+hour); h.cancelAt(30 * day) }},
		{"InProgressOverdue", monday, func(h *harness) { through(h, 0); h.cancelAt(41 * day) }},
		{"InProgressOnTime", vn(2026, 12, 28, 9, 0), func(h *harness) { through(h, 0); h.cancelAt(6 * day) }},
		{"WaitingSupplement", vn(2026, 12, 28, 9, 0), func(h *harness) {
			h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
			h.do(day, workflows.UpdateRequestSupplement, workflows.Decision{Actor: motcua, Components: []string{"Tờ trình"}}, "")
			h.cancelAt(6 * day)
		}},
		{"Refused", vn(2026, 12, 1, 9, 0), func(h *harness) {
			h.do(hour, workflows.UpdateRefuse, workflows.Decision{Actor: motcua, Reasons: []string{"Sai thẩm quyền"}}, "")
		}},
		// Withdrawn before its receipt: never received, in no column of the balance.
		{"WithdrawnUnreceived", vn(2026, 12, 2, 9, 0), func(h *harness) {
			h.do(hour, workflows.UpdateWithdraw, workflows.Decision{Actor: citizen()}, "")
		}},
		{"Withdrawn", vn(2026, 12, 4, 9, 0), func(h *harness) {
			h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
			h.do(hour, workflows.UpdateRequestSupplement, workflows.Decision{Actor: motcua, Components: []string{"Đề án"}}, "")
			h.do(day, workflows.UpdateWithdraw, workflows.Decision{Actor: citizen()}, "")
		}},
		{"Stopped", vn(2026, 12, 3, 9, 0), func(h *harness) {
			h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
			h.do(hour, workflows.UpdateStop, workflows.Decision{Actor: lanhdao, Reasons: []string{"Hồ sơ giả mạo"}}, "")
		}},
	}
	for _, p := range plans {
		t.Run(p.name, func(t *testing.T) {
			h := newHarnessOn(t, s, educationActivity, p.start)
			motcua, lanhdao, chuyenvien = h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")
			p.steps(h)
			h.run()
		})
	}
	if err := s.Rate(context.Background(), early.d.ID, "very_satisfied", "Nhanh"); err != nil {
		t.Fatal(err)
	}

	q := domain.StatsQuery{AgencyID: early.d.AgencyID, From: from, To: to}
	svc := service.New(service.Options{Store: s})
	got := query(t, svc, q)
	// The average time from receipt to result in working days, over the four dossiers
	// resolved in the period (none of them paused).
	cal := demoCal(t, s)
	var sum time.Duration
	var n int
	rows, err := s.DB().Query(`SELECT r.at, f.at FROM dossier_events f
		JOIN dossier_events r ON r.dossier_id = f.dossier_id AND r.action = 'receive'
		WHERE f.action = 'finish' AND f.at >= $1 AND f.at < $2`, from, to)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var received, finished time.Time
		if err := rows.Scan(&received, &finished); err != nil {
			t.Fatal(err)
		}
		sum += cal.Between(received, finished)
		n++
	}
	rows.Close()
	// 9 handled = 1 carried over + 8 received = 4 resolved + 2 in progress + 1 waiting
	// + 1 stopped + 1 withdrawn; the refusal and the withdrawal before receipt are
	// outside (never received).
	want := domain.Stats{Total: 9, CarriedOver: 1, ReceivedOnline: 8, Received: 8, ResolvedEarly: 2, ResolvedOnTime: 1,
		ResolvedLate: 1, Resolved: 4, InProgress: 2, InProgressOnTime: 1, InProgressOverdue: 1, WaitingSupplement: 1, Stopped: 1,
		Refused: 1, Withdrawn: 1, SupplementRequests: 2, VerySatisfied: 1}
	pct, avg := 75.0, math.Round(float64(sum)/float64(8*time.Hour)/float64(n)*100)/100
	want.OnTimePercent, want.AvgProcessingDays = &pct, &avg
	if n != 4 {
		t.Fatalf("%d dossiers resolved in the period, want 4", n)
	}
	if !got.Balanced() {
		t.Errorf("the period does not balance: %+v", got)
	}
	if len(got.AvgByUnit) != 1 || got.AvgByUnit[0].Amount != avg || got.AvgByUnit[0].Count != 4 || got.AvgByUnit[0].Unit != domain.UnitWorkingDays {
		t.Errorf("averages by unit %+v, want %v working days over 4", got.AvgByUnit, avg)
	}
	compare(t, "the period", got, want)

	// More activity after the period (a dossier received and resolved in January) leaves
	// the closed period's figures as they were.
	h := newHarnessOn(t, s, educationActivity, vn(2027, 1, 5, 9, 0))
	motcua, lanhdao, chuyenvien = h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")
	through(h, day)
	h.cancelAt(2 * day)
	h.run()
	compare(t, "the period queried again", query(t, svc, q), want)
	january := query(t, svc, domain.StatsQuery{AgencyID: early.d.AgencyID, From: to, To: vn(2027, 2, 1, 0, 0)})
	if january.Received != 1 || january.Resolved != 1 || january.CarriedOver != 3 || !january.Balanced() {
		t.Fatalf("January: %+v", january)
	}
}

func query(t *testing.T, s *service.Service, q domain.StatsQuery) domain.Stats {
	t.Helper()
	rows, err := s.Stats(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	return rows[0]
}

func compare(t *testing.T, what string, got, want domain.Stats) {
	t.Helper()
	f := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	if f(got.OnTimePercent) != f(want.OnTimePercent) || f(got.AvgProcessingDays) != f(want.AvgProcessingDays) {
		t.Errorf("%s: on-time %% %v, average days %v; want %v, %v", what, f(got.OnTimePercent), f(got.AvgProcessingDays),
			f(want.OnTimePercent), f(want.AvgProcessingDays))
	}
	got.OnTimePercent, got.AvgProcessingDays, want.OnTimePercent, want.AvgProcessingDays = nil, nil, nil, nil
	got.GroupID, got.GroupName, got.AvgByUnit, want.AvgByUnit = 0, "", nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}
