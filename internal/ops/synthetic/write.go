package synthetic

import (
	"context"
	"fmt"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

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
	var rule *int
	if g.ruleVersion != 0 {
		rule = ptr(g.ruleVersion)
	}
	counters := make([]postgres.CodeCounter, 0, len(b.counters))
	for k, seq := range b.counters {
		counters = append(counters, postgres.CodeCounter{AgencyID: k.agency, Day: k.day, LastSeq: seq})
	}
	err = g.store.CopySynthetic(ctx, postgres.SyntheticBatch{
		Dossiers: func(yield func(postgres.SyntheticDossier) bool) {
			for i := range b.dossiers {
				if !yield(b.dossiers[i].row(rule)) {
					return
				}
			}
		},
		Events: func(yield func(domain.Event) bool) {
			for i := range b.dossiers {
				d := &b.dossiers[i]
				for j := range d.rows {
					if !yield(d.event(j)) {
						return
					}
					events++
				}
			}
		},
		Ratings: func(yield func(postgres.SyntheticRating) bool) {
			for i := range b.dossiers {
				d := &b.dossiers[i]
				if d.rating != "" {
					if !yield(postgres.SyntheticRating{DossierID: d.id, Rating: d.rating, CreatedAt: d.ratedAt,
						AgencyID: d.proc.agency.id, ProcedureID: d.proc.id}) {
						return
					}
					ratings++
				}
			}
		},
		Counters: counters,
	})
	if err != nil {
		return 0, 0, fmt.Errorf("synthetic: %w", err)
	}
	return events, ratings, nil
}

// row is d's row of the dossiers table: the projection its last log row leads to.
func (d *dossier) row(rule *int) postgres.SyntheticDossier {
	last := d.rows[len(d.rows)-1]
	st := last.st
	return postgres.SyntheticDossier{
		Dossier: domain.Dossier{ID: d.id, Code: &d.code, ProcedureID: d.proc.id, AgencyID: d.proc.agency.id,
			OwnerID: d.owner, Channel: d.channel, Status: st.status, CreatedAt: d.submit.Add(-5 * time.Minute),
			SubmittedAt: &d.submit, WorkflowStartedAt: &d.submit,
			Applicant: domain.Applicant{Name: d.who.name, IDNumber: d.who.idNumber, Phone: d.who.phone, Email: d.email,
				Address: d.who.address},
			DossierProjection: domain.DossierProjection{StepPosition: st.stepPos, StepName: st.stepName,
				HolderAgencyID: nullID(st.holder), AssigneeRole: st.role, AssigneeID: st.assigneeID,
				AssigneeName: st.assigneeName, ReceivedAt: st.receivedAt, DueAt: st.dueAt, StepDueAt: st.stepDueAt,
				SupplementDueAt: st.suppDueAt, Overdue: st.overdue, FinishedAt: st.finishedAt, ResultRef: st.resultRef,
				RuleVersion: rule}},
		UpdatedAt:    last.at,
		ProjectedSeq: len(d.rows),
	}
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
