package workflows_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/worktime"
	"github.com/dvc-project/dvc/workflows"
)

const (
	educationActivity = "1.004496" // Sở GD&ĐT, 20 working days: leader 8h → specialist 112h → leader 40h
	landMortgage      = "1.003003" // Sở TN&MT, 3 working days, with an inter-agency step
	birthRegistration = "1.001193" // UBND thành phố, 1 working day, default route
)

var (
	minute = time.Minute
	hour   = time.Hour
	day    = 24 * time.Hour
)

// demoCal is the demo calendar (holidays 1-2 September 2026 and others).
func demoCal(t *testing.T, s *postgres.Store) *worktime.Calendar {
	rules, err := s.Rules(context.Background(), monday)
	if err != nil {
		t.Fatal(err)
	}
	return worktime.MustNew(rules.Calendar)
}

// TestStraightThrough: received, assigned by the leader to a named specialist, approved,
// finished early and delivered at the desk; every row logged, chained and projected, and
// the citizen told at each step; with local activities, and as a run begun before them
// (activity tasks).
func TestStraightThrough(t *testing.T) {
	for _, activityTasks := range []bool{false, true} {
		name := map[bool]string{false: "local_activities", true: "activity_tasks"}[activityTasks]
		t.Run(name, func(t *testing.T) { straightThrough(t, activityTasks) })
	}
}

func straightThrough(t *testing.T, activityTasks bool) {
	h := newHarness(t, educationActivity, monday)
	h.activityTasks = activityTasks
	cal := demoCal(t, h.store)
	motcua, lanhdao, chuyenvien := h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")

	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.state(minute+time.Second, func(st workflows.State) {
		start := vn(2026, 11, 23, 9, 1)
		if st.Status != domain.StatusReceived || !st.ReceivedAt.Equal(start) {
			t.Errorf("after receive: %v at %v", st.Status, st.ReceivedAt)
		}
		// The civil-code rule set (2 since 2026): Monday 23/11 is not counted; the 20th
		// working day after it is Monday 21/12 (no day off between), due at 17:00.
		if !st.DueAt.Equal(vn(2026, 12, 21, 17, 0)) || !st.ClockStartAt.Equal(start) {
			t.Errorf("appointment %v from %v, want Monday 21/12/2026 17:00", st.DueAt, st.ClockStartAt)
		}
		if st.AssigneeID != motcua.ID || st.Rules.Version != 2 || st.Rules.DuePolicy != domain.DueCivilCode || st.Clock != workflows.ClockTimeline {
			t.Errorf("assignee %d, rules %d %q, clock %d", st.AssigneeID, st.Rules.Version, st.Rules.DuePolicy, st.Clock)
		}
	})
	h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.state(3*minute, func(st workflows.State) {
		if st.Status != domain.StatusProcessing || st.Step != 1 || st.AssigneeRole != domain.RoleLeader || st.AssigneeID != 0 {
			t.Errorf("after transfer: %+v", st)
		}
		if !st.StepDueAt.Equal(cal.Add(vn(2026, 11, 23, 9, 2), 8*hour)) {
			t.Errorf("step due %v", st.StepDueAt)
		}
	})
	h.do(hour, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao, ToOfficerID: chuyenvien.ID, ToOfficerName: chuyenvien.Name}, "")
	h.do(day, workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien, Note: "Hồ sơ đủ điều kiện"}, "")
	h.do(2*day, workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "QĐ-123/SGDĐT"}, "")
	h.do(2*day+hour, workflows.UpdateDeliver, workflows.Decision{Actor: motcua, Method: "desk", ReceivedBy: "Trần Thị Bình"}, "")
	st := h.run()

	if st.Status != domain.StatusDelivered {
		t.Fatalf("final status %v", st.Status)
	}
	es := h.events()
	want := []string{"submitted", "receive", "transfer", "transfer", "transfer", "finish", "deliver"}
	if !slices.Equal(actions(es), want) {
		t.Fatalf("log %v, want %v", actions(es), want)
	}
	if es[3].Receiver != chuyenvien.Name || es[3].ActorName != lanhdao.Name || es[3].ActorUnit != "Sở Giáo dục và Đào tạo" {
		t.Errorf("assignment row: %+v", es[3])
	}
	if es[4].Timing != "early" || es[5].Timing != "early" {
		t.Errorf("timings: step %q, finish %q", es[4].Timing, es[5].Timing)
	}
	if len(st.Log) != len(es) || st.Log[6].Seq != 7 {
		t.Errorf("state log has %d rows", len(st.Log))
	}
	p := h.projection()
	if p.Status != domain.StatusDelivered || p.ResultRef != "QĐ-123/SGDĐT" || p.FinishedAt == nil || p.AssigneeRole != "" {
		t.Errorf("projection: %+v", p.DossierProjection)
	}
	for _, kind := range []string{domain.NotifyReceived, domain.NotifyResultReady, domain.NotifyDelivered} {
		if n := h.notified(kind, "citizen"); len(n) != 1 || n[0].Email != "binh@example.vn" || !strings.Contains(n[0].Body, *h.d.Code) {
			t.Errorf("citizen notifications %s: %+v", kind, n)
		}
	}
	assigned := h.notified(domain.NotifyAssigned, "officer")
	if len(assigned) < 4 {
		t.Errorf("officer assignment notifications: %d", len(assigned))
	}
}

// TestRejections: every decision the state, role, agency or assignment does not allow is
// rejected by its validator, with the right kind, and leaves no trace in the log.
func TestRejections(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	motcua, lanhdao, chuyenvien := h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")
	otherDesk := h.officer("tnmt.motcua")
	stranger := workflows.Actor{ID: 4242, Name: "Người khác", Roles: []string{domain.RoleCitizen}}
	forb, conf, inv := workflows.ErrForbidden, workflows.ErrConflict, workflows.ErrInvalid

	at := minute
	next := func() time.Duration { at += minute; return at }
	h.do(next(), workflows.UpdateReceive, workflows.Decision{Actor: chuyenvien}, forb)             // a specialist cannot receive
	h.do(next(), workflows.UpdateReceive, workflows.Decision{Actor: otherDesk}, forb)              // another agency's desk
	h.do(next(), workflows.UpdateReceive, workflows.Decision{Actor: citizen()}, forb)              // a citizen
	h.do(next(), workflows.UpdateDeliver, workflows.Decision{Actor: motcua, Method: "desk"}, conf) // deliver before finish
	h.do(next(), workflows.UpdateRefuse, workflows.Decision{Actor: motcua, Reasons: []string{" "}}, inv)
	h.do(next(), workflows.UpdateRequestSupplement, workflows.Decision{Actor: motcua}, inv) // no components
	h.do(next(), workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, conf)         // not received yet
	h.do(next(), workflows.UpdateSupplement, workflows.Decision{Actor: citizen()}, conf)    // nothing requested
	h.do(next(), "no_such_decision", workflows.Decision{Actor: motcua}, "unknown update")
	h.state(next(), func(st workflows.State) {
		if st.Seq != 1 || st.Status != domain.StatusNew {
			t.Errorf("rejections left a trace: seq %d, status %v", st.Seq, st.Status)
		}
	})
	h.do(next(), workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(next(), workflows.UpdateReceive, workflows.Decision{Actor: motcua}, conf)                // a second receive
	h.do(next(), workflows.UpdateWithdraw, workflows.Decision{Actor: citizen()}, conf)            // withdraw after receipt
	h.do(next(), workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien}, forb)           // not the desk's dossier
	h.do(next(), workflows.UpdateFinish, workflows.Decision{Actor: motcua, ResultRef: "x"}, conf) // not processing
	h.do(next(), workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.do(next(), workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao, Back: true}, conf)   // no step before the first
	h.do(next(), workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "x"}, conf) // steps remain
	h.do(next(), workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao, ToOfficerID: chuyenvien.ID, ToOfficerName: chuyenvien.Name}, "")
	h.do(next(), workflows.UpdateTransfer, workflows.Decision{Actor: h.officer("vanthu")}, forb)            // a clerk
	h.do(next(), workflows.UpdateRequestPayment, workflows.Decision{Actor: chuyenvien, AmountVND: 1}, conf) // no fee
	h.do(next(), workflows.UpdateExtend, workflows.Decision{Actor: chuyenvien, NewDueAt: monday.Add(60 * day), Note: "x"}, forb)
	h.do(next(), workflows.UpdateExtend, workflows.Decision{Actor: lanhdao, NewDueAt: monday, Note: "x"}, inv)    // earlier date
	h.do(next(), workflows.UpdateExtend, workflows.Decision{Actor: lanhdao, NewDueAt: monday.Add(60 * day)}, inv) // no reason
	h.do(next(), workflows.UpdateStop, workflows.Decision{Actor: chuyenvien, Reasons: []string{"x"}}, forb)
	h.do(next(), workflows.UpdateStop, workflows.Decision{Actor: lanhdao}, inv)
	h.do(next(), workflows.UpdateSupplement, workflows.Decision{Actor: stranger}, conf)
	h.do(next(), workflows.UpdateDeliver, workflows.Decision{Actor: motcua, Method: "drone"}, conf)
	h.state(next(), func(st workflows.State) {
		if st.Seq != 4 || st.AssigneeID != chuyenvien.ID || st.Step != 2 {
			t.Errorf("after the accepted decisions: seq %d, assignee %d, step %d", st.Seq, st.AssigneeID, st.Step)
		}
	})
	h.do(next(), workflows.UpdateStop, workflows.Decision{Actor: lanhdao, Reasons: []string{"Hồ sơ giả mạo"}}, "")
	st := h.run()
	if st.Status != domain.StatusStopped {
		t.Fatalf("final status %v", st.Status)
	}
	if got := actions(h.events()); !slices.Equal(got, []string{"submitted", "receive", "transfer", "transfer", "stop"}) {
		t.Fatalf("log %v", got)
	}
	if n := h.notified(domain.NotifyStopped, "citizen"); len(n) != 1 || !strings.Contains(n[0].Body, "Hồ sơ giả mạo") {
		t.Fatalf("stop notification: %+v", n)
	}
}

// TestExtendAfterDueIsRefused: an apology must come before the appointment date passes;
// once it has passed the dossier is marked overdue and an extension is refused.
func TestExtendAfterDueIsRefused(t *testing.T) {
	h := newHarness(t, birthRegistration, monday)
	desk := workflows.Actor{ID: 0, Name: "Cán bộ một cửa", Roles: []string{domain.RoleReception}, AgencyID: h.d.AgencyID}
	leader := workflows.Actor{Name: "Lãnh đạo UBND", Roles: []string{domain.RoleLeader}, AgencyID: h.d.AgencyID}
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: desk}, "")
	// One working day after Monday (not counted) is Tuesday, due at 17:00.
	h.do(2*day, workflows.UpdateExtend, workflows.Decision{Actor: leader, NewDueAt: monday.Add(5 * day), Note: "Chậm"}, workflows.ErrConflict)
	h.state(2*day+minute, func(st workflows.State) {
		if !st.Overdue || !st.DueAt.Equal(vn(2026, 11, 24, 17, 0)) {
			t.Errorf("overdue %v, due %v", st.Overdue, st.DueAt)
		}
	})
	h.cancelAt(3 * day)
	h.run()
	got := actions(h.events())
	if !slices.Equal(got, []string{"submitted", "receive", "reminder", "overdue"}) {
		t.Fatalf("log %v", got)
	}
	if h.projection().Overdue != true {
		t.Fatal("projection not marked overdue")
	}
	// Overdue notices go to real officers of the dossier's agency, none invented.
	for _, n := range h.notified(domain.NotifyOverdue, "officer") {
		var ok bool
		if n.AccountID == nil {
			t.Fatalf("an overdue notice to no account: %+v", n)
		}
		if err := h.store.DB().Get(&ok, `SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $1 AND agency_id = $2)`,
			*n.AccountID, h.d.AgencyID); err != nil || !ok {
			t.Fatalf("an overdue notice to an account of another agency or none: %+v (%v)", n, err)
		}
	}
}

// TestLateWithApology: the leader issues an apology with a new date before the old one
// passes; the dossier finishes after the original date and counts as late.
func TestLateWithApology(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	motcua, lanhdao, chuyenvien := h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")
	newDue := vn(2027, 1, 11, 17, 0)
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.do(hour, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao, ToOfficerID: chuyenvien.ID, ToOfficerName: chuyenvien.Name}, "")
	h.do(20*day, workflows.UpdateExtend, workflows.Decision{Actor: lanhdao, NewDueAt: newDue, Note: "Cần xác minh thực tế"}, "")
	h.do(30*day, workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien}, "")
	h.do(31*day, workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "QĐ-9"}, "")
	var st workflows.State
	h.state(31*day+minute, func(s workflows.State) { st = s })
	h.cancelAt(32 * day) // the result waits at the desk
	h.run()
	if st.Status != domain.StatusProcessed || st.Extensions != 1 || !st.DueAt.Equal(newDue) {
		t.Fatalf("state: %v, %d extensions, due %v", st.Status, st.Extensions, st.DueAt)
	}
	es := h.events()
	var finish, extend domain.Event
	for _, e := range es {
		switch e.Action {
		case domain.ActionFinished:
			finish = e
		case domain.ActionExtended:
			extend = e
		}
	}
	if finish.Timing != "late" {
		t.Errorf("finish after an apology counts %q, want late", finish.Timing)
	}
	if extend.Note != "Cần xác minh thực tế" {
		t.Errorf("apology row: %+v", extend)
	}
	if n := h.notified(domain.NotifyExtended, "citizen"); len(n) != 1 || !strings.Contains(n[0].Body, "11/01/2027") {
		t.Errorf("apology notification: %+v", n)
	}
	if slices.Contains(actions(es), domain.ActionOverdue) {
		t.Errorf("an extended dossier was marked overdue before its new date: %v", actions(es))
	}
}

// TestRefused: the desk refuses with reasons; the citizen is told why.
func TestRefused(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	h.do(minute, workflows.UpdateRefuse, workflows.Decision{Actor: h.officer("motcua"), Reasons: []string{"Không thuộc thẩm quyền"}}, "")
	st := h.run()
	if st.Status != domain.StatusRefused || h.projection().Status != domain.StatusRefused {
		t.Fatalf("status %v", st.Status)
	}
	if n := h.notified(domain.NotifyRefused, "citizen"); len(n) != 1 || !strings.Contains(n[0].Body, "Không thuộc thẩm quyền") {
		t.Fatalf("refusal notification: %+v", n)
	}
}

// TestInteragencyAndPayment: the land procedure's route hands the dossier to the land
// registration branch, which receives it and returns its result; a fee is requested and
// confirmed (the clock pauses meanwhile); the result is sent by post.
func TestInteragencyAndPayment(t *testing.T) {
	h := newHarness(t, landMortgage, monday)
	desk, specialist, leader, branch := h.officer("tnmt.motcua"), h.officer("tnmt.chuyenvien"), h.officer("tnmt.lanhdao"), h.officer("vpdk.canbo")
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: desk}, "")
	h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: desk}, "")
	h.do(hour, workflows.UpdateTransfer, workflows.Decision{Actor: specialist}, workflows.ErrConflict) // next step is inter-agency
	h.do(hour+minute, workflows.UpdateTransferInteragency, workflows.Decision{Actor: specialist}, "")
	h.do(hour+2*minute, workflows.UpdateReceiveInteragency, workflows.Decision{Actor: specialist}, workflows.ErrForbidden) // not the branch
	h.do(2*hour, workflows.UpdateReceiveInteragency, workflows.Decision{Actor: branch, ToOfficerID: branch.ID, ToOfficerName: branch.Name}, "")
	h.state(2*hour+minute, func(st workflows.State) {
		if st.HolderAgencyID != branch.AgencyID || st.Interagency != workflows.InteragencyReceived || st.Step != 2 {
			t.Errorf("at the branch: holder %d, %q, step %d", st.HolderAgencyID, st.Interagency, st.Step)
		}
	})
	h.do(3*hour, workflows.UpdateReturnInteragency, workflows.Decision{Actor: branch, ResultRef: "Đã đăng ký thế chấp"}, "")
	h.state(3*hour+minute, func(st workflows.State) {
		if st.HolderAgencyID != desk.AgencyID || st.Step != 3 || st.AssigneeRole != domain.RoleLeader {
			t.Errorf("back home: holder %d, step %d, role %s", st.HolderAgencyID, st.Step, st.AssigneeRole)
		}
	})
	var beforePay workflows.State
	h.state(3*hour+2*minute, func(st workflows.State) { beforePay = st })
	h.do(3*hour+2*minute+30*time.Second, workflows.UpdateRequestPayment, workflows.Decision{Actor: leader}, workflows.ErrInvalid) // no amount
	h.do(3*hour+3*minute, workflows.UpdateRequestPayment, workflows.Decision{Actor: leader, AmountVND: 80000}, "")
	h.do(3*hour+4*minute, workflows.UpdateFinish, workflows.Decision{Actor: leader, ResultRef: "x"}, workflows.ErrConflict) // unpaid
	h.do(day+3*hour+3*minute, workflows.UpdateConfirmPayment, workflows.Decision{Actor: desk}, "")
	h.state(day+3*hour+4*minute, func(st workflows.State) {
		// Three working days after Monday 23/11 (not counted): due Thursday 26/11 17:00.
		// The clock stood from Monday 12:03 to Tuesday 12:03; of that, only Tuesday's
		// morning (4 h 30) counted toward the period, so the date moves by 4 h 30 to
		// Friday 27/11 11:30.
		if !beforePay.DueAt.Equal(vn(2026, 11, 26, 17, 0)) || st.Status != domain.StatusProcessing || !st.DueAt.Equal(vn(2026, 11, 27, 11, 30)) {
			t.Errorf("after payment: %v, due %v (was %v), want Friday 27/11 11:30 (was Thursday 26/11 17:00)", st.Status, st.DueAt, beforePay.DueAt)
		}
		if len(st.Stops) != 1 || !st.Stops[0].To.Equal(monday.Add(day+3*hour+3*minute)) || st.Stops[0].Reason != "thực hiện nghĩa vụ tài chính" {
			t.Errorf("interruptions %+v", st.Stops)
		}
	})
	h.do(day+4*hour, workflows.UpdateFinish, workflows.Decision{Actor: leader, ResultRef: "GCN-2026-77"}, "")
	h.do(day+5*hour, workflows.UpdateDeliver, workflows.Decision{Actor: desk, Method: "post", TrackingNumber: "EB123456789VN"}, "")
	st := h.run()
	if st.Status != domain.StatusDelivered {
		t.Fatalf("status %v", st.Status)
	}
	want := []string{"submitted", "receive", "transfer", "transfer_interagency", "receive_interagency",
		"return_interagency", "request_payment", "confirm_payment", "finish", "deliver"}
	es := h.events()
	if got := actions(es); !slices.Equal(got, want) {
		t.Fatalf("log %v, want %v", got, want)
	}
	if es[3].Receiver != "Chi nhánh Văn phòng đăng ký đất đai thành phố Bắc Kạn" || es[9].Receiver != "Gửi qua bưu chính, mã bưu gửi EB123456789VN" {
		t.Errorf("receivers: %q, %q", es[3].Receiver, es[9].Receiver)
	}
	if n := h.notified(domain.NotifyAssigned, "officer"); !slices.ContainsFunc(n, func(x domain.Notification) bool {
		return x.AccountID != nil && *x.AccountID == branch.ID
	}) {
		t.Errorf("the branch officer was not notified: %+v", n)
	}
	if n := h.notified(domain.NotifyPaymentRequested, "citizen"); len(n) != 1 || !strings.Contains(n[0].Body, "80000") {
		t.Errorf("payment notification: %+v", n)
	}
}

// TestTransferBack: the approving leader sends the dossier back to the specialist's step
// for rework; the step's clock restarts and the specialist sends it up again.
func TestTransferBack(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	cal := demoCal(t, h.store)
	motcua, lanhdao, chuyenvien := h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.do(hour, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao, ToOfficerID: chuyenvien.ID, ToOfficerName: chuyenvien.Name}, "")
	h.do(day, workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien}, "")
	h.do(day+hour, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao, Back: true, ToOfficerID: chuyenvien.ID,
		ToOfficerName: chuyenvien.Name, Note: "Bổ sung ý kiến thẩm định"}, "")
	h.state(day+hour+minute, func(st workflows.State) {
		if st.Step != 2 || st.AssigneeID != chuyenvien.ID || !st.StepDueAt.Equal(cal.Add(monday.Add(day+hour), 112*hour)) {
			t.Errorf("after sending back: step %d, assignee %d, step due %v", st.Step, st.AssigneeID, st.StepDueAt)
		}
	})
	h.do(2*day, workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien}, "")
	h.cancelAt(3 * day)
	h.run()
	es := h.events()
	if got := actions(es); !slices.Equal(got, []string{"submitted", "receive", "transfer", "transfer", "transfer", "transfer_back", "transfer"}) {
		t.Fatalf("log %v", got)
	}
	if es[5].Note != "Bổ sung ý kiến thẩm định" || es[5].Receiver != chuyenvien.Name {
		t.Fatalf("send-back row: %+v", es[5])
	}
}

// TestAssign: a leader assigns the step to a named officer; an officer with the step's
// role claims an unassigned step (logged as a claim) but cannot take one assigned to
// someone else, nor give it to another.
func TestAssign(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	motcua, lanhdao, chuyenvien := h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")
	if _, err := h.store.DB().Exec(`INSERT INTO accounts (username, password_hash, kind, full_name, agency_id, roles)
		VALUES ('chuyenvien2', 'x', 'staff', 'Bế Văn Khánh', $1, '{specialist}')`, chuyenvien.AgencyID); err != nil {
		t.Fatal(err)
	}
	other := h.officer("chuyenvien2")
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.do(3*minute, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao}, "") // to the specialists' pool
	h.do(4*minute, workflows.UpdateAssign, workflows.Decision{Actor: chuyenvien, ToOfficerID: other.ID, ToOfficerName: other.Name}, workflows.ErrForbidden)
	h.do(5*minute, workflows.UpdateAssign, workflows.Decision{Actor: chuyenvien, ToOfficerID: chuyenvien.ID, ToOfficerName: chuyenvien.Name}, "")
	h.do(6*minute, workflows.UpdateAssign, workflows.Decision{Actor: other, ToOfficerID: other.ID, ToOfficerName: other.Name}, workflows.ErrConflict)
	h.do(7*minute, workflows.UpdateAssign, workflows.Decision{Actor: lanhdao, ToOfficerID: other.ID, ToOfficerName: other.Name}, "")
	h.state(8*minute, func(st workflows.State) {
		if st.AssigneeID != other.ID || st.Step != 2 {
			t.Errorf("assignee %d step %d", st.AssigneeID, st.Step)
		}
	})
	h.cancelAt(hour)
	h.run()
	if got := actions(h.events()); !slices.Equal(got, []string{"submitted", "receive", "transfer", "transfer", "claim", "assign"}) {
		t.Fatalf("log %v", got)
	}
}
