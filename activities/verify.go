package activities

import (
	"context"
	"fmt"
)

// SubmittedCodes returns the code of every submitted dossier, in submission order: what
// `dvc verify` checks against Temporal.
func (s *Store) SubmittedCodes(ctx context.Context) ([]string, error) {
	codes := []string{}
	if err := s.db.SelectContext(ctx, &codes, `SELECT code FROM dossiers WHERE code IS NOT NULL ORDER BY submitted_at, id`); err != nil {
		return nil, fmt.Errorf("store: submitted codes: %w", err)
	}
	return codes, nil
}

// ProjectedSeq returns the sequence number of the log row the dossier's projection
// reflects (0 before the first).
func (s *Store) ProjectedSeq(ctx context.Context, dossierID int64) (int, error) {
	var seq int
	if err := s.db.GetContext(ctx, &seq, `SELECT projected_seq FROM dossiers WHERE id = $1`, dossierID); err != nil {
		return 0, fmt.Errorf("store: projected seq: %w", err)
	}
	return seq, nil
}

// TimerActions are the processing-log actions written by the workflow itself (the
// submission and its timers); every other action is a decision, written by one Update.
var TimerActions = map[string]bool{ActionSubmitted: true, ActionSupplementExpired: true, ActionReminder: true,
	ActionStepOverdue: true, ActionOverdue: true}
