package workflows

import (
	"fmt"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// The decisions of a financial obligation: the step's assignee asks for a fee, which
// holds the clock until the payment is confirmed.
const (
	UpdateRequestPayment = "request_payment"
	UpdateConfirmPayment = "confirm_payment"
)

var paymentDecisions = []decision{
	{Name: UpdateRequestPayment, Order: 80, Label: "Yêu cầu nộp phí, lệ phí", Officer: true,
		Roles:  stepRoles,
		Fields: []Field{{Name: "amount_vnd", Label: "Số tiền (đồng)", Kind: FieldMoney, Required: true}, fieldNote},
		Check:  (*State).checkRequestPayment, Apply: (*State).applyRequestPayment},
	{Name: UpdateConfirmPayment, Order: 90, Label: "Xác nhận đã nộp phí", Officer: true,
		Roles:  stepRoles, // the home desk, or whoever holds the step
		Fields: []Field{fieldNote},
		Check:  (*State).checkConfirmPayment, Apply: (*State).applyConfirmPayment},
}

// checkRequestPayment: the step's assignee asks for the fee of a procedure that has one
// (a snapshot taken before the fee was copied says nothing: the request stays allowed).
func (st *State) checkRequestPayment(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusProcessing) || st.Interagency != "" {
		return st.wrongState(UpdateRequestPayment)
	}
	if err := st.assignee(d.Actor); err != nil {
		return err
	}
	if st.Snapshot.FeeFree {
		return conflict("Thủ tục không thu phí, lệ phí: không yêu cầu nộp phí.")
	}
	if d.AmountVND <= 0 {
		return invalidInput("amount_vnd", "Số tiền nghĩa vụ tài chính phải lớn hơn 0.")
	}
	return nil
}

func (st *State) applyRequestPayment(d Decision, now time.Time, cal *worktime.Calendar, out *outcome) {
	st.pause(now, cal, stopPayment, false)
	st.Status = domain.StatusPaymentRequested
	st.PaymentDueVND = d.AmountVND
	out.Note = joinNote([]string{fmt.Sprintf("Số tiền: %d đồng", d.AmountVND)}, out.Note)
	out.Receiver = "Công dân"
	out.Notify = append(out.Notify, st.toCitizen(domain.NotifyPaymentRequested, now, out.Note))
}

// checkConfirmPayment: a reception officer of the home agency, or the step's assignee
// (a fee paid at the desk); or the payment platform, for a fee paid online, with the
// amount asked for (the service sends it only from a verified callback or answer).
func (st *State) checkConfirmPayment(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusPaymentRequested) {
		return st.wrongState(UpdateConfirmPayment)
	}
	if d.Actor.ID == 0 && d.Actor.Has(domain.RolePaymentGateway) {
		if d.AmountVND != st.PaymentDueVND {
			return invalid(fmt.Sprintf("Số tiền đã nộp (%d đồng) khác số tiền yêu cầu (%d đồng).", d.AmountVND, st.PaymentDueVND))
		}
		return nil
	}
	if officer(d.Actor, st.Snapshot.HomeAgencyID, domain.RoleReception) != nil {
		return st.assignee(d.Actor)
	}
	return nil
}

func (st *State) applyConfirmPayment(_ Decision, now time.Time, cal *worktime.Calendar, _ *outcome) {
	st.resume(now, cal)
	st.PaymentDueVND = 0
}
