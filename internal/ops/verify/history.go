package verify

import (
	"context"
	"fmt"
	"sort"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

// compareHistory checks the current run's history: each log row after the run's
// starting point was written by exactly one completed Record activity (an activity task,
// or a local activity's marker in runs started with DossierInput.LocalStore), and the run's
// successful Updates match the decision rows.
func (c *Checker) compareHistory(ctx context.Context, code string, events []domain.Event, st workflows.State,
	add func(kind, format string, args ...any)) error {
	h, err := c.readHistory(ctx, code)
	if err != nil {
		return err
	}
	base, written, decisions := h.base, h.written, h.decisions
	if h.intake && len(events) > 1 && events[1].Action == domain.ActionReceived {
		decisions++ // a desk or postal dossier's receipt, recorded as the run started: no Update
	}
	for seq := base + 1; seq <= st.Seq; seq++ {
		switch n := written[seq]; {
		case n == 0:
			add(History, "no completed write of row %d in the history", seq)
		case n > 1:
			add(History, "row %d was written %d times in the history", seq, n)
		}
	}
	var extra []int
	for seq := range written {
		if seq <= base || seq > st.Seq {
			extra = append(extra, seq)
		}
	}
	sort.Ints(extra)
	for _, seq := range extra {
		add(History, "the history wrote row %d, outside this run's rows %d..%d", seq, base+1, st.Seq)
	}
	logged := 0
	for _, e := range events {
		if e.Seq > base && !domain.TimerActions[e.Action] {
			logged++
		}
	}
	if logged != decisions {
		add(History, "%d decisions applied in the history, %d decision rows in the log", decisions, logged)
	}
	return nil
}

// runHistory is what the current run's history shows.
type runHistory struct {
	base      int         // the last row written before this run: 0, or a resumed run's Resume.Seq
	written   map[int]int // seq → completed Record activities
	decisions int         // successful Updates
	intake    bool        // a desk or postal dossier's first run (DossierInput.Intake, no Resume)
}

// readHistory reads the current run's history of the workflow code.
func (c *Checker) readHistory(ctx context.Context, code string) (runHistory, error) {
	dc := converter.GetDefaultDataConverter()
	h := runHistory{written: map[int]int{}}
	scheduled := map[int64]int{} // Record activity scheduled event id → seq
	it := c.Client.GetWorkflowHistory(ctx, code, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return h, fmt.Errorf("verify: history of %s: %w", code, err)
		}
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
			var in workflows.DossierInput
			if err := dc.FromPayloads(ev.GetWorkflowExecutionStartedEventAttributes().GetInput(), &in); err != nil {
				return h, fmt.Errorf("verify: input of %s: %w", code, err)
			}
			if in.Resume != nil {
				h.base = in.Resume.Seq
			}
			h.intake = in.Intake != nil && in.Resume == nil
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			attrs := ev.GetActivityTaskScheduledEventAttributes()
			if attrs.GetActivityType().GetName() != "Record" {
				continue
			}
			var in domain.RecordInput
			if err := dc.FromPayloads(attrs.GetInput(), &in); err != nil {
				return h, fmt.Errorf("verify: Record input in %s: %w", code, err)
			}
			scheduled[ev.GetEventId()] = in.Event.Seq
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			seq, ok, err := recordMarker(dc, ev.GetMarkerRecordedEventAttributes())
			if err != nil {
				return h, fmt.Errorf("verify: Record marker in %s: %w", code, err)
			}
			if ok {
				h.written[seq]++
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
			if seq, ok := scheduled[ev.GetActivityTaskCompletedEventAttributes().GetScheduledEventId()]; ok {
				h.written[seq]++
			}
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
			if successful(ev) {
				h.decisions++
			}
		}
	}
	return h, nil
}

// recordMarker reads a local activity's marker: ok when it is a completed Record, with
// the seq of the row it wrote (the SDK records a local activity's type in the marker's
// "data" and its result in "result"; a failed attempt has a failure and no result).
func recordMarker(dc converter.DataConverter, m *historypb.MarkerRecordedEventAttributes) (seq int, ok bool, err error) {
	if m.GetMarkerName() != "LocalActivity" || m.GetFailure() != nil {
		return 0, false, nil
	}
	var data struct{ ActivityType string }
	if err := dc.FromPayloads(m.GetDetails()["data"], &data); err != nil {
		return 0, false, err
	}
	result, found := m.GetDetails()["result"]
	if data.ActivityType != "Record" || !found {
		return 0, false, nil
	}
	var e domain.Event
	if err := dc.FromPayloads(result, &e); err != nil {
		return 0, false, err
	}
	return e.Seq, true, nil
}

func successful(ev *historypb.HistoryEvent) bool {
	return ev.GetWorkflowExecutionUpdateCompletedEventAttributes().GetOutcome().GetSuccess() != nil
}
