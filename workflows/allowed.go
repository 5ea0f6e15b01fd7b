package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
)

// Allows reports whether the workflow's validator would accept d as action now, leaving
// aside what the decision's inputs lack (reasons, a date, a result document): the state,
// the actor's role, agency and assignment allow it. It is the validator's own check, so
// the console shows exactly the decisions the workflow would take.
func (st State) Allows(action string, d Decision, now time.Time) bool {
	if st.Seq == 0 {
		return false // still starting: the validator refuses everything
	}
	err := st.check(action, d, now)
	var app *temporal.ApplicationError
	return err == nil || errors.As(err, &app) && app.Type() == ErrInvalid
}

// Allowed returns the officer decisions (OfficerDecisions) a may make now. Transfer is
// listed when it is allowed forward or back.
func (st State) Allowed(a Actor, now time.Time) []string {
	out := []string{}
	for _, name := range OfficerDecisions {
		d := Decision{Actor: a}
		ok := st.Allows(name, d, now)
		if !ok && name == UpdateTransfer {
			d.Back = true
			ok = st.Allows(name, d, now)
		}
		if ok {
			out = append(out, name)
		}
	}
	return out
}

// MayClaim reports whether a may take the current step for themself.
func (st State) MayClaim(a Actor, now time.Time) bool {
	return st.AssigneeID != a.ID && st.Allows(UpdateAssign, Decision{Actor: a, ToOfficerID: a.ID}, now)
}

// MayAssign reports whether a may give the current step to another officer (a leader of
// the holding agency).
func (st State) MayAssign(a Actor, now time.Time) bool {
	return st.Allows(UpdateAssign, Decision{Actor: a, ToOfficerID: -1}, now)
}
