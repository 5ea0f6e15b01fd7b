package synthetic

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

var dossierColumns = []string{"id", "code", "procedure_id", "agency_id", "owner_id", "applicant_name", "id_number",
	"phone", "email", "address", "channel", "status", "created_at", "updated_at", "submitted_at", "workflow_started_at",
	"step_position", "step_name", "holder_agency_id", "assignee_role", "assignee_id", "assignee_name", "received_at",
	"due_at", "step_due_at", "supplement_due_at", "overdue", "finished_at", "result_ref", "rule_version", "projected_seq"}

var eventColumns = []string{"dossier_id", "seq", "at", "action", "actor_id", "actor_name", "actor_unit", "receiver",
	"note", "status", "step_name", "step_due_at", "timing", "hash"}

// event is log row j of d as the store writes it (and hashes it).
func (d *dossier) event(j int) domain.Event {
	r := d.rows[j]
	return domain.Event{DossierID: d.id, Seq: j + 1, At: r.at, Action: r.action, ActorID: r.actorID,
		ActorName: r.actor, ActorUnit: r.unit, Receiver: r.receiver, Note: r.note, Status: r.st.status,
		StepName: r.st.stepName, StepDueAt: r.st.stepDueAt, Timing: r.timing, Hash: r.hash}
}

// write stores one batch in one transaction: the dossiers, their log rows, the ratings
// and the moved code counters. It returns how many log rows and ratings it wrote.
func (g *generator) write(ctx context.Context, b batch) (events, ratings int, err error) {
	tx, err := g.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("synthetic: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	err = copyRows(ctx, tx, "dossiers", dossierColumns, func(put func(...any) error) error {
		for i := range b.dossiers {
			d := &b.dossiers[i]
			last := d.rows[len(d.rows)-1]
			st := last.st
			var rule any
			if g.ruleVersion != 0 {
				rule = g.ruleVersion
			}
			if err := put(d.id, d.code, d.proc.id, d.proc.agency.id, d.owner, d.who.name, d.who.idNumber,
				d.who.phone, d.email, d.who.address, d.channel, int(st.status), d.submit.Add(-5*time.Minute), last.at,
				d.submit, d.submit, st.stepPos, st.stepName, nullID(st.holder), st.role, st.assigneeID, st.assigneeName,
				st.receivedAt, st.dueAt, st.stepDueAt, st.suppDueAt, st.overdue, st.finishedAt, st.resultRef, rule,
				len(d.rows)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	err = copyRows(ctx, tx, "dossier_events", eventColumns, func(put func(...any) error) error {
		for i := range b.dossiers {
			d := &b.dossiers[i]
			for j := range d.rows {
				e := d.event(j)
				if err := put(e.DossierID, e.Seq, e.At, e.Action, e.ActorID, e.ActorName, e.ActorUnit, e.Receiver,
					e.Note, int(e.Status), e.StepName, e.StepDueAt, e.Timing, e.Hash); err != nil {
					return err
				}
				events++
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	err = copyRows(ctx, tx, "ratings", []string{"dossier_id", "rating", "created_at", "agency_id", "procedure_id"}, func(put func(...any) error) error {
		for i := range b.dossiers {
			d := &b.dossiers[i]
			if d.rating != "" {
				if err := put(d.id, d.rating, d.ratedAt, d.proc.agency.id, d.proc.id); err != nil {
					return err
				}
				ratings++
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	var agencies []int64
	var days []string
	var seqs []int64
	for k, seq := range b.counters {
		agencies, days, seqs = append(agencies, k.agency), append(days, k.day), append(seqs, int64(seq))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO dossier_code_counters AS c (agency_id, day, last_seq)
		SELECT * FROM unnest($1::bigint[], $2::date[], $3::int[])
		ON CONFLICT (agency_id, day) DO UPDATE SET last_seq = GREATEST(c.last_seq, EXCLUDED.last_seq)`,
		pq.Int64Array(agencies), pq.StringArray(days), pq.Int64Array(seqs)); err != nil {
		return 0, 0, fmt.Errorf("synthetic: counters: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("synthetic: commit: %w", err)
	}
	return events, ratings, nil
}

// copyRows runs COPY table (columns) FROM STDIN with the rows fill puts.
func copyRows(ctx context.Context, tx *sql.Tx, table string, columns []string, fill func(put func(...any) error) error) error {
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(table, columns...))
	if err != nil {
		return fmt.Errorf("synthetic: copy %s: %w", table, err)
	}
	defer stmt.Close()
	put := func(args ...any) error {
		_, err := stmt.ExecContext(ctx, args...)
		return err
	}
	if err := fill(put); err != nil {
		return fmt.Errorf("synthetic: copy %s: %w", table, err)
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return fmt.Errorf("synthetic: copy %s: %w", table, err)
	}
	return nil
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
