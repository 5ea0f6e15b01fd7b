package workflows

import (
	"fmt"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// Stages in which a supplement may be requested once.
const (
	StageReception  = "reception"  // at the one-stop shop, before processing
	StageProcessing = "processing" // along the route
)

// SupplementRequest is one request for a supplement, as the dossier keeps it: its stage,
// the components asked for one by one, and for a further request in the same stage the
// leader who approved it and why.
type SupplementRequest struct {
	Stage      string
	At         time.Time
	Components []string
	ApprovedBy string `json:",omitempty"`
	Reason     string `json:",omitempty"`
}

// changeOneSupplement: a second supplement request in a stage needs a leader's approval.
// Histories recorded before the change may hold one without; they replay under
// workflow.DefaultVersion (run.recheck).
const changeOneSupplement = "one-supplement-per-stage"

// supplementStage is the stage a supplement request would belong to now, "" when none
// may be made.
func (st *State) supplementStage() string {
	switch st.Status {
	case domain.StatusNew, domain.StatusReceived:
		return StageReception
	case domain.StatusProcessing:
		return StageProcessing
	}
	return ""
}

// supplementsIn counts the requests made in stage.
func (st *State) supplementsIn(stage string) int {
	n := 0
	for _, r := range st.Supplements {
		if r.Stage == stage {
			n++
		}
	}
	return n
}

// asksSupplement: the desk's reception officer before processing, the step's assignee
// during it.
func (st *State) asksSupplement(d Decision) error {
	if st.Status == domain.StatusProcessing {
		return st.localAssignee(d.Actor)
	}
	return officer(d.Actor, st.Snapshot.HomeAgencyID, domain.RoleReception)
}

// approvesSupplement: a further request in a stage is a leader's (of the home agency
// before processing, of the holding agency during it), with a reason.
func (st *State) approvesSupplement(d Decision) error {
	agency := st.Snapshot.HomeAgencyID
	if st.Status == domain.StatusProcessing {
		if st.Interagency != "" {
			return conflict("Hồ sơ đang được xử lý liên thông tại cơ quan khác.")
		}
		agency = st.HolderAgencyID
	}
	if officer(d.Actor, agency, domain.RoleLeader) != nil {
		return conflict("Giai đoạn này đã yêu cầu bổ sung một lần: chỉ được yêu cầu bổ sung thêm khi lãnh đạo phê duyệt, có nêu lý do.")
	}
	if strings.TrimSpace(d.ApprovalReason) == "" {
		return invalidInput("approval_reason", "Giai đoạn này đã yêu cầu bổ sung một lần: lãnh đạo phải nêu lý do phê duyệt yêu cầu bổ sung thêm.")
	}
	return nil
}

// supplementNote lists the components one by one, and the approval of a further request.
func supplementNote(r SupplementRequest, n int, note string) string {
	parts := make([]string, len(r.Components))
	for i, c := range r.Components {
		parts[i] = fmt.Sprintf("(%d) %s", i+1, c)
	}
	out := fmt.Sprintf("Yêu cầu bổ sung lần %d: %s", n, strings.Join(parts, "; "))
	if r.ApprovedBy != "" {
		out += ". Lãnh đạo " + r.ApprovedBy + " phê duyệt yêu cầu bổ sung thêm: " + r.Reason
	}
	if note != "" {
		out += ". " + note
	}
	return out
}

func trimmed(items []string) []string {
	out := []string{}
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}
