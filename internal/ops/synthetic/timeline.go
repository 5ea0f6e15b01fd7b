package synthetic

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// state is a dossier's projection after one log row, as the workflow would write it.
type state struct {
	status                       domain.Status
	stepPos                      int
	stepName                     string
	holder                       int64
	role                         string
	assigneeID                   *int64
	assigneeName                 string
	receivedAt, dueAt, stepDueAt *time.Time
	suppDueAt, finishedAt        *time.Time
	overdue                      bool
	resultRef                    string
	resumeStatus                 domain.Status
	lastOfficerName              string
	lastOfficerID                *int64
}

// row is one planned log row with the projection after it.
type row struct {
	at       time.Time
	action   string
	actorID  *int64
	actor    string
	unit     string
	receiver string
	note     string
	timing   string
	st       state
	hash     []byte // set once the dossier has its id
}

// planner builds a dossier's whole life from its submission, with times in office hours;
// rows after the generator's "now" are cut off later, which leaves recent dossiers open.
type planner struct {
	r    *rand.Rand
	cal  *worktime.Calendar
	p    *procedure
	day  time.Duration
	rows []row
	st   state
}

func ptr[T any](v T) *T { return &v }

// planRows returns the rows of one dossier submitted at submit by applicant, on channel.
func (g *generator) planRows(r *rand.Rand, p *procedure, applicant string, channel string, submit time.Time) []row {
	pl := &planner{r: r, cal: g.cal, p: p, day: g.cal.Day(), rows: make([]row, 0, 10)}
	pl.st = state{status: domain.StatusNew, holder: p.agency.id, role: domain.RoleReception}
	rec := p.agency.officer(domain.RoleReception)
	pl.add(submit, domain.ActionSubmitted, nil, applicant, "", pl.receiverLabel(), "", "")
	if pl.endBeforeReceipt(submit, rec, applicant) {
		return pl.rows
	}
	recv, due := pl.receive(submit, rec)
	start, due, ok := pl.supplement(recv, due, rec, applicant)
	if !ok {
		return pl.rows
	}
	finish, timing := pl.schedule(start, due)
	if stopped := pl.transfers(start, due, finish, timing); stopped {
		return pl.rows
	}
	finish = pl.result(finish, due, timing)
	pl.deliver(finish, rec, applicant, channel)
	return pl.rows
}

// endBeforeReceipt ends a few dossiers before receipt, refused at the one-stop shop or
// withdrawn by the citizen, and says whether it ended this one.
func (pl *planner) endBeforeReceipt(submit time.Time, rec officer, applicant string) bool {
	switch x := pl.r.Float64(); {
	case x < 0.03: // refused at the one-stop shop
		at := pl.after(submit, time.Hour, 2*pl.day)
		pl.terminal(domain.StatusRefused)
		pl.add(at, domain.ActionRefused, rec.id, rec.name, pl.p.agency.name, "", "Hồ sơ không thuộc thẩm quyền giải quyết hoặc thiếu thành phần bắt buộc.", "")
		return true
	case x < 0.05: // withdrawn by the citizen before receipt
		at := pl.after(submit, 30*time.Minute, 2*pl.day)
		pl.terminal(domain.StatusWithdrawalRequested)
		pl.add(at, domain.ActionWithdrawn, nil, applicant, "", "", "Công dân không có nhu cầu giải quyết.", "")
		return true
	}
	return false
}

// receive records the receipt: the clock starts, the one-stop officer holds the dossier.
// It returns the time of receipt and the deadline.
func (pl *planner) receive(submit time.Time, rec officer) (recv, due time.Time) {
	recv = pl.after(submit, 10*time.Minute, pl.day)
	pl.st.status = domain.StatusReceived
	pl.st.receivedAt = ptr(recv)
	due = pl.cal.Due(pl.cal.ClockStart(recv), pl.p.days, pl.p.kind)
	pl.st.dueAt = ptr(due)
	pl.st.assigneeID, pl.st.assigneeName = rec.id, rec.name
	pl.add(recv, domain.ActionReceived, rec.id, rec.name, pl.p.agency.name, rec.name, "", "")
	pl.officer(rec)
	return recv, due
}

// supplement makes some dossiers wait for a supplement after receipt; a few never get it
// and stop (ok false). It returns when processing starts and the deadline, which the
// wait moves.
func (pl *planner) supplement(recv, due time.Time, rec officer, applicant string) (start, newDue time.Time, ok bool) {
	if pl.r.Float64() >= 0.08 {
		return recv, due, true
	}
	req := pl.after(recv, 30*time.Minute, pl.day/2)
	pl.st.resumeStatus = pl.st.status
	pl.st.status = domain.StatusSupplementRequested
	pl.st.suppDueAt = ptr(pl.cal.Add(req, 15*pl.day))
	pl.add(req, domain.ActionSupplementRequested, rec.id, rec.name, pl.p.agency.name, "Công dân",
		"Bản sao giấy tờ tùy thân có chứng thực", "")
	if pl.r.Float64() < 0.2 {
		pl.terminal(domain.StatusStopped)
		pl.add(*pl.rows[len(pl.rows)-1].st.suppDueAt, domain.ActionSupplementExpired, nil, "Hệ thống", "", "", "", "")
		return recv, due, false
	}
	supp := pl.after(req, pl.day, 7*pl.day)
	remaining := pl.cal.Between(req, due)
	due = pl.cal.Add(supp, remaining)
	pl.st.status, pl.st.suppDueAt, pl.st.dueAt = pl.st.resumeStatus, nil, ptr(due)
	pl.add(supp, domain.ActionSupplemented, nil, applicant, "", "", "Đã nộp bổ sung giấy tờ theo yêu cầu", "")
	return supp, due, true
}

// schedule picks when the result will be signed, relative to the deadline, and the
// timing that gives: early, on_time or late.
func (pl *planner) schedule(start, due time.Time) (finish time.Time, timing string) {
	avail := pl.cal.Between(start, due)
	timing = "early"
	switch x := pl.r.Float64(); {
	case x < 0.55 && avail > 2*pl.day:
		finish = pl.cal.Add(start, time.Duration(float64(avail-pl.day)*(0.3+0.6*pl.r.Float64())))
	case x < 0.9:
		timing = "on_time"
		back := time.Duration(float64(min(pl.day*9/10, avail/2)) * pl.r.Float64())
		finish = pl.cal.Sub(due, back)
	default:
		timing = "late"
		finish = pl.cal.Add(due, pl.dur(time.Hour, 5*pl.day))
	}
	return finish.Truncate(time.Second), timing
}

// transfers routes the dossier: one transfer per step, evenly over the working time
// until the result. A few dossiers are stopped at a step; it says whether this one was.
func (pl *planner) transfers(start, due, finish time.Time, timing string) (stopped bool) {
	span := pl.cal.Between(start, finish)
	route := pl.p.route
	stopAt := -1
	if pl.r.Float64() < 0.01 {
		stopAt = pl.r.IntN(len(route))
	}
	for i, step := range route {
		at := pl.cal.Add(start, span*time.Duration(i+1)/time.Duration(len(route)+1)).Truncate(time.Second)
		if !at.After(pl.rows[len(pl.rows)-1].at) {
			at = pl.rows[len(pl.rows)-1].at.Add(time.Minute)
		}
		if timing == "late" && due.Before(at) && !pl.st.overdue {
			pl.markOverdue(due)
		}
		stepTiming := ""
		if pl.st.stepPos > 0 && pl.st.stepDueAt != nil {
			stepTiming = worktime.CompletionTiming(at, *pl.st.stepDueAt, pl.cal)
		}
		from := pl.current()
		off := pl.p.agency.officer(step.Role)
		pl.st.status = domain.StatusProcessing
		pl.st.stepPos, pl.st.stepName = i+1, step.Name
		pl.st.stepDueAt = ptr(pl.cal.Add(at, time.Duration(step.BudgetHours)*time.Hour))
		pl.st.role, pl.st.assigneeID, pl.st.assigneeName = step.Role, off.id, off.name
		receiver := off.name
		if receiver == "" {
			receiver = domain.RoleLabel(step.Role) + " – " + pl.p.agency.name
		}
		pl.add(at, domain.ActionTransferred, from.id, from.name, pl.p.agency.name, receiver, "", stepTiming)
		pl.officer(off)
		if i == stopAt {
			stop := pl.after(at, time.Hour, pl.day)
			by := pl.current()
			pl.terminal(domain.StatusStopped)
			pl.add(stop, domain.ActionStopped, by.id, by.name, pl.p.agency.name, "", "Hồ sơ không đủ điều kiện giải quyết theo quy định.", "")
			return true
		}
	}
	return false
}

// result records the signed result at finish (the overdue row first when it is late)
// and returns finish, moved after the last row when it was not.
func (pl *planner) result(finish, due time.Time, timing string) time.Time {
	if timing == "late" && !pl.st.overdue {
		pl.markOverdue(due)
	}
	if !finish.After(pl.rows[len(pl.rows)-1].at) {
		finish = pl.rows[len(pl.rows)-1].at.Add(time.Minute)
	}
	by := pl.current()
	pl.st.status = domain.StatusProcessed
	pl.st.finishedAt = ptr(finish)
	pl.st.resultRef = strconv.Itoa(1+pl.r.IntN(9999)) + "/QĐ-" + pl.p.agency.short
	pl.st.stepDueAt = nil
	pl.st.holder, pl.st.role, pl.st.assigneeID, pl.st.assigneeName = pl.p.agency.id, domain.RoleReception, nil, ""
	pl.add(finish, domain.ActionFinished, by.id, by.name, pl.p.agency.name, "Bộ phận một cửa", "", timing)
	return finish
}

// deliver hands the result to the applicant, or to the post.
func (pl *planner) deliver(finish time.Time, rec officer, applicant, channel string) {
	deliver := pl.after(finish, time.Hour, 3*pl.day)
	receiver := applicant
	if channel == "post" {
		receiver = "Gửi qua bưu chính"
	}
	pl.terminal(domain.StatusDelivered)
	pl.add(deliver, domain.ActionDelivered, rec.id, rec.name, pl.p.agency.name, receiver, "", "")
}

// add appends a row carrying the current projection.
func (pl *planner) add(at time.Time, action string, actorID *int64, actor, unit, receiver, note, timing string) {
	pl.rows = append(pl.rows, row{at: at.Truncate(time.Second), action: action, actorID: actorID, actor: actor, unit: unit,
		receiver: receiver, note: note, timing: timing, st: pl.st})
}

// markOverdue inserts the timer's "overdue" row at the deadline.
func (pl *planner) markOverdue(due time.Time) {
	pl.st.overdue = true
	if !due.After(pl.rows[len(pl.rows)-1].at) {
		due = pl.rows[len(pl.rows)-1].at.Add(time.Minute)
	}
	pl.add(due, domain.ActionOverdue, nil, "Hệ thống", "", "", "", "")
}

// terminal clears the assignment as the workflow does when a dossier ends.
func (pl *planner) terminal(s domain.Status) {
	pl.st.status = s
	pl.st.role, pl.st.assigneeID, pl.st.assigneeName, pl.st.stepDueAt, pl.st.suppDueAt = "", nil, "", nil, nil
}

type actor struct {
	id   *int64
	name string
}

// current is who holds the dossier now (for the next row's actor).
func (pl *planner) current() actor {
	return actor{id: pl.st.lastOfficerID, name: pl.st.lastOfficerName}
}

func (pl *planner) officer(o officer) {
	pl.st.lastOfficerID, pl.st.lastOfficerName = o.id, o.name
	if o.name == "" {
		pl.st.lastOfficerName = domain.RoleLabel(o.role) + " " + pl.p.agency.name
	}
}

func (pl *planner) receiverLabel() string { return "Bộ phận một cửa – " + pl.p.agency.name }

// after is t plus a random working time in [lo, hi).
func (pl *planner) after(t time.Time, lo, hi time.Duration) time.Time {
	return pl.cal.Add(t, pl.dur(lo, hi)).Truncate(time.Second)
}

func (pl *planner) dur(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(pl.r.Int64N(int64(hi-lo)))
}
