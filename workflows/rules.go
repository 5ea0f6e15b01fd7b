package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/temporal"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

func forbidden(msg string) error { return temporal.NewApplicationError(msg, ErrForbidden) }
func conflict(msg string) error  { return temporal.NewApplicationError(msg, ErrConflict) }
func invalid(msg string) error   { return temporal.NewApplicationError(msg, ErrInvalid) }

// invalidInput refuses a decision for what its input field (a DecisionSpec field's Name)
// lacks; the field's name is the error's detail (InvalidField reads it back).
func invalidInput(field, msg string) error {
	return temporal.NewApplicationError(msg, ErrInvalid, field)
}

// InvalidField is the input field an ErrInvalid refusal is about ("" when none is named).
func InvalidField(app *temporal.ApplicationError) string {
	var field string
	if app == nil || app.Type() != ErrInvalid || !app.HasDetails() || app.Details(&field) != nil {
		return ""
	}
	return field
}

// cal is the working calendar of the dossier's rule set.
func (st *State) cal() *worktime.Calendar {
	c, err := worktime.New(st.Rules.Calendar)
	if err != nil { // rule sets are validated when loaded; fall back to the default schedule
		return worktime.MustNew(domain.DefaultCalendarSpec())
	}
	return c
}

// Terminal reports whether a dossier in status s is closed: its workflow has ended.
func Terminal(s domain.Status) bool { return terminal(s) }

func terminal(s domain.Status) bool {
	switch s {
	case domain.StatusRefused, domain.StatusWithdrawalRequested, domain.StatusStopped, domain.StatusDelivered:
		return true
	}
	return false
}

func (st *State) statusIn(allowed ...domain.Status) bool {
	for _, s := range allowed {
		if st.Status == s {
			return true
		}
	}
	return false
}

func (st *State) wrongState(action string) error {
	return conflict(fmt.Sprintf("Không thể thực hiện thao tác \"%s\" khi hồ sơ đang ở trạng thái \"%s\".",
		domain.ActionLabel(action), st.Status.Label()))
}

// officer checks that a is an officer of agency holding one of roles.
func officer(a Actor, agency int64, roles ...string) error {
	if a.Has(domain.RoleCitizen) || a.ID == 0 && len(a.Roles) == 0 {
		return forbidden("Chỉ cán bộ được giao mới thực hiện được thao tác này.")
	}
	if a.AgencyID != agency {
		return forbidden("Cán bộ không thuộc cơ quan đang giữ hồ sơ.")
	}
	if !a.Has(roles...) {
		return forbidden("Vai trò của cán bộ không được thực hiện thao tác này.")
	}
	return nil
}

// assignee checks that a may act on the current step: an officer of the holding agency
// with the step's role, and the named officer when the step is assigned to one.
func (st *State) assignee(a Actor) error {
	if err := officer(a, st.HolderAgencyID, st.AssigneeRole); err != nil {
		return err
	}
	if st.AssigneeID != 0 && a.ID != st.AssigneeID {
		return forbidden("Hồ sơ đang được giao cho cán bộ khác (" + st.AssigneeName + ").")
	}
	return nil
}

// localAssignee is assignee for a dossier not away at another agency.
func (st *State) localAssignee(a Actor) error {
	if st.Interagency != "" {
		return conflict("Hồ sơ đang được xử lý liên thông tại cơ quan khác.")
	}
	return st.assignee(a)
}

func (st *State) citizen(a Actor) error {
	if !a.Has(domain.RoleCitizen) {
		return forbidden("Chỉ công dân nộp hồ sơ mới thực hiện được thao tác này.")
	}
	if st.Snapshot.OwnerID != 0 && a.ID != 0 && a.ID != st.Snapshot.OwnerID {
		return forbidden("Hồ sơ không thuộc tài khoản này.")
	}
	return nil
}

func nonBlank(xs []string) bool {
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			return true
		}
	}
	return false
}
