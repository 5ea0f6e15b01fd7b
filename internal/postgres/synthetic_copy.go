package postgres

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// SyntheticBatch is what one transaction of the synthetic generator writes. Each sequence
// is ranged over once; the store stops ranging at the first failure.
type SyntheticBatch struct {
	Dossiers iter.Seq[SyntheticDossier]
	Events   iter.Seq[domain.Event]
	Ratings  iter.Seq[SyntheticRating]
	// Counters are the code counters to move forward (never back) to the codes given.
	Counters []CodeCounter
}

// SyntheticDossier is a generated dossier as its row is written: the dossier's columns
// (its Extensions, ProcedureName, AgencyCode and AgencyName are not written) with the
// time of its last log row and the sequence number of that row.
type SyntheticDossier struct {
	domain.Dossier
	UpdatedAt    time.Time
	ProjectedSeq int
}

// SyntheticRating is a citizen's rating of a generated dossier.
type SyntheticRating struct {
	DossierID             int64
	Rating                string
	CreatedAt             time.Time
	AgencyID, ProcedureID int64
}

var syntheticDossierColumns = []string{"id", "code", "procedure_id", "agency_id", "owner_id", "applicant_name", "id_number",
	"phone", "email", "address", "channel", "status", "created_at", "updated_at", "submitted_at", "workflow_started_at",
	"step_position", "step_name", "holder_agency_id", "assignee_role", "assignee_id", "assignee_name", "received_at",
	"due_at", "step_due_at", "supplement_due_at", "overdue", "finished_at", "result_ref", "rule_version", "projected_seq"}

var syntheticEventColumns = []string{"dossier_id", "seq", "at", "action", "actor_id", "actor_name", "actor_unit", "receiver",
	"note", "status", "step_name", "step_due_at", "timing", "hash"}

var syntheticRatingColumns = []string{"dossier_id", "rating", "created_at", "agency_id", "procedure_id"}

// CopySynthetic writes b in one transaction, with COPY: the dossiers, their log rows and
// ratings; then it moves the code counters forward. Errors: domain.ErrUnavailable when
// PostgreSQL cannot be reached; nothing is written on any error.
func (s *Store) CopySynthetic(ctx context.Context, b SyntheticBatch) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		err := copyRows(ctx, tx, "dossiers", syntheticDossierColumns, func(put func(...any) error) error {
			for d := range b.Dossiers {
				if err := put(d.ID, d.Code, d.ProcedureID, d.AgencyID, d.OwnerID, d.Name, d.IDNumber, d.Phone, d.Email,
					d.Address, d.Channel, int(d.Status), d.CreatedAt, d.UpdatedAt, d.SubmittedAt, d.WorkflowStartedAt,
					d.StepPosition, d.StepName, d.HolderAgencyID, d.AssigneeRole, d.AssigneeID, d.AssigneeName,
					d.ReceivedAt, d.DueAt, d.StepDueAt, d.SupplementDueAt, d.Overdue, d.FinishedAt, d.ResultRef,
					d.RuleVersion, d.ProjectedSeq); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		err = copyRows(ctx, tx, "dossier_events", syntheticEventColumns, func(put func(...any) error) error {
			for e := range b.Events {
				if err := put(e.DossierID, e.Seq, e.At, e.Action, e.ActorID, e.ActorName, e.ActorUnit, e.Receiver,
					e.Note, int(e.Status), e.StepName, e.StepDueAt, e.Timing, e.Hash); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		err = copyRows(ctx, tx, "ratings", syntheticRatingColumns, func(put func(...any) error) error {
			for r := range b.Ratings {
				if err := put(r.DossierID, r.Rating, r.CreatedAt, r.AgencyID, r.ProcedureID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return moveCounters(ctx, tx, b.Counters)
	})
}

// moveCounters sets each code counter to at least its LastSeq.
func moveCounters(ctx context.Context, tx *sqlx.Tx, counters []CodeCounter) error {
	var agencies []int64
	var days []string
	var seqs []int64
	for _, c := range counters {
		agencies, days, seqs = append(agencies, c.AgencyID), append(days, c.Day), append(seqs, int64(c.LastSeq))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO dossier_code_counters AS c (agency_id, day, last_seq)
		SELECT * FROM unnest($1::bigint[], $2::date[], $3::int[])
		ON CONFLICT (agency_id, day) DO UPDATE SET last_seq = GREATEST(c.last_seq, EXCLUDED.last_seq)`,
		pq.Int64Array(agencies), pq.StringArray(days), pq.Int64Array(seqs)); err != nil {
		return fmt.Errorf("store: counters: %w", err)
	}
	return nil
}

// copyRows runs COPY table (columns) FROM STDIN with the rows fill puts.
func copyRows(ctx context.Context, tx *sqlx.Tx, table string, columns []string, fill func(put func(...any) error) error) error {
	quoted := make([]string, len(columns))
	for i, c := range columns {
		quoted[i] = pq.QuoteIdentifier(c)
	}
	query := "COPY " + pq.QuoteIdentifier(table) + " (" + strings.Join(quoted, ", ") + ") FROM STDIN"
	stmt, err := tx.PrepareContext(ctx, query) //nolint:sqlclosecheck // closed by the defer below; the linter loses it in the put closure
	if err != nil {
		return fmt.Errorf("store: copy %s: %w", table, err)
	}
	defer stmt.Close()
	put := func(args ...any) error {
		_, err := stmt.ExecContext(ctx, args...)
		return err
	}
	if err := fill(put); err != nil {
		return fmt.Errorf("store: copy %s: %w", table, err)
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return fmt.Errorf("store: copy %s: %w", table, err)
	}
	return nil
}
