package workflows

import (
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// The citizen's decisions: sending the supplement asked for, and withdrawing the dossier.
const (
	UpdateSupplement = "supplement"
	UpdateWithdraw   = "withdraw"
)

var citizenDecisions = []decision{
	{Name: UpdateSupplement, Order: 140, Label: "Gửi bổ sung",
		Roles: []string{domain.RoleCitizen},
		Fields: []Field{
			{Name: "documents", Label: "Tài liệu đã bổ sung, sửa đổi", Kind: FieldLines},
			{Name: "note", Label: "Ghi chú gửi cơ quan", Kind: FieldTextArea}},
		Check: (*State).checkSupplement, Apply: (*State).applySupplement},
	{Name: UpdateWithdraw, Order: 150, Label: "Rút hồ sơ", Danger: true,
		Roles:  []string{domain.RoleCitizen},
		Fields: []Field{{Name: "note", Label: "Lý do rút hồ sơ", Kind: FieldTextArea}},
		Check:  (*State).checkWithdraw, Apply: (*State).applyWithdraw},
}

func (st *State) checkSupplement(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusSupplementRequested) {
		return st.wrongState(UpdateSupplement)
	}
	return st.citizen(d.Actor)
}

func (st *State) applySupplement(d Decision, now time.Time, cal *worktime.Calendar, out *outcome) {
	st.resume(now, cal)
	st.SupplementDueAt = time.Time{}
	out.Note = joinNote(d.Documents, out.Note)
	out.Notify = append(out.Notify, st.toAssignee(domain.NotifyAssigned, "Công dân đã bổ sung hồ sơ."))
}

func (st *State) checkWithdraw(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusNew, domain.StatusSupplementRequested) {
		return st.wrongState(UpdateWithdraw)
	}
	return st.citizen(d.Actor)
}

func (st *State) applyWithdraw(_ Decision, _ time.Time, _ *worktime.Calendar, out *outcome) {
	st.Status = domain.StatusWithdrawalRequested
	out.Notify = append(out.Notify, domain.NotifyRequest{Kind: domain.NotifyStopped, AgencyID: st.Snapshot.HomeAgencyID,
		Role: domain.RoleReception, Subject: subject(st, "Công dân rút hồ sơ"), Body: "Công dân đã rút hồ sơ " + st.Code + "."})
}
