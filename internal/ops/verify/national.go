package verify

import (
	"context"
	"fmt"
	"strconv"

	"github.com/dvc-project/dvc/internal/postgres"
)

// Problem kinds of the national check (dvc verify --national).
const (
	// NationalUnmapped: the dossier's procedure has no national code, so nothing of it is sent.
	NationalUnmapped = "national_unmapped"
	// NationalNotSent: the portal has accepted no DongBoHoSoMC of the dossier.
	NationalNotSent = "national_not_sent"
	// NationalStatus: the last status the portal accepted differs from the record's.
	NationalStatus = "national_status"
	// NationalPending: messages of the dossier wait to be sent (the portal is behind).
	NationalPending = "national_pending"
	// NationalParked: a message of the dossier was refused and waits for an administrator.
	NationalParked = "national_parked"
)

// National compares, for every submitted dossier (only code when not empty), the last
// status the national portal accepted (the last DongBoHoSoMC sent) with the dossier's
// record, and reports every dossier whose portal is not up to date.
func National(ctx context.Context, store *postgres.Store, code string) (Report, error) {
	rows, err := store.NationalSyncReport(ctx, code)
	if err != nil {
		return Report{}, err
	}
	r := Report{Dossiers: len(rows)}
	add := func(code, kind, format string, args ...any) {
		r.Problems = append(r.Problems, Problem{code, kind, fmt.Sprintf(format, args...)})
	}
	for _, row := range rows {
		want := strconv.Itoa(int(row.Status))
		switch {
		case !row.Mapped:
			add(row.Code, NationalUnmapped, "the procedure has no national code: the dossier is not sent to the portal")
			continue
		case row.Parked > 0:
			add(row.Code, NationalParked, "%d message(s) refused by the portal wait for an administrator", row.Parked)
		case row.Pending > 0:
			add(row.Code, NationalPending, "%d message(s) not sent yet", row.Pending)
		}
		switch {
		case row.SentStatus == "":
			add(row.Code, NationalNotSent, "the portal has no status of the dossier (its status is %s)", want)
		case row.SentStatus != want:
			add(row.Code, NationalStatus, "the portal has status %s (log row %d), the record %s", row.SentStatus, row.SentSeq, want)
		}
	}
	return r, nil
}
