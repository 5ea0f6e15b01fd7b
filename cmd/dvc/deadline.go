package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/spf13/pflag"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/worktime"
)

// deadlineFlags are `dvc deadline`'s own flags.
type deadlineFlags struct {
	receivedAt, amount, unit, procedure string
	policy, cutoff                      string
	version                             int
	json                                bool
}

// runDeadline prints the explained appointment of a dossier received at --received-at
// with --amount --unit: with database.url, exactly as GET /api/v1/deadline answers it
// (the rule set, the procedure's cut-off and the calendar of that database); without,
// with the calendar shipped with dvc, the usual office hours and --policy / --cutoff.
func runDeadline(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f deadlineFlags
	cfg, err := loadConfigWith("deadline", args, config.ModeDev, stderr, func(fs *pflag.FlagSet) {
		fs.StringVar(&f.receivedAt, "received-at", "", "the receipt, RFC 3339 (2026-01-08T09:15:00+07:00)")
		fs.StringVar(&f.amount, "amount", "", "the processing time's amount (2, 0.5)")
		fs.StringVar(&f.unit, "unit", "", "working_days, working_hours, calendar_days or same_day")
		fs.StringVar(&f.procedure, "procedure", "", "a procedure's id, whose cut-off applies (needs database.url)")
		fs.StringVar(&f.policy, "policy", string(domain.DueCivilCode), "without database.url: instant or civil_code")
		fs.StringVar(&f.cutoff, "cutoff", "", `without database.url: the cut-off, "HH:MM" or "none" (default 15:00)`)
		fs.IntVar(&f.version, "calendar-version", 0, "without database.url: the shipped calendar version (default the latest)")
		fs.BoolVar(&f.json, "json", false, "print the JSON the API answers")
	})
	if err != nil {
		return err
	}
	q, err := service.ParseDeadlineQuery(f.receivedAt, f.amount, f.unit, f.procedure)
	if err != nil {
		return queryError(err)
	}
	var a calendar.Appointment
	if cfg.Database.URL != "" {
		a, err = deadlineFromDatabase(ctx, cfg.Database.URL, q)
	} else {
		a, err = deadlineShipped(q, f)
	}
	if err != nil {
		return queryError(err)
	}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	printAppointment(stdout, a)
	return nil
}

func deadlineFromDatabase(ctx context.Context, url string, q service.DeadlineQuery) (calendar.Appointment, error) {
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		return calendar.Appointment{}, err
	}
	defer db.Close()
	return service.New(service.Options{Store: postgres.NewStore(db)}).Deadline(ctx, q)
}

func deadlineShipped(q service.DeadlineQuery, f deadlineFlags) (calendar.Appointment, error) {
	if q.ProcedureID != 0 {
		return calendar.Appointment{}, errors.New("--procedure needs database.url (the procedure's cut-off is in the database)")
	}
	h := calendar.Default()
	v := h.Latest()
	if f.version != 0 {
		var ok bool
		if v, ok = h.Version(f.version); !ok {
			return calendar.Appointment{}, fmt.Errorf("--calendar-version: the shipped calendar has versions 1 to %d", h.Latest().Number)
		}
	}
	policy := domain.DuePolicy(f.policy)
	if !policy.Valid() || policy == "" {
		return calendar.Appointment{}, fmt.Errorf("--policy must be %s or %s", domain.DueInstant, domain.DueCivilCode)
	}
	return calendar.Appoint(v, calendar.Request{Rules: domain.RuleSet{Calendar: domain.DefaultCalendarSpec()},
		Policy: policy, Duration: q.Duration, Cutoff: f.cutoff, ReceivedAt: q.ReceivedAt})
}

// queryError says what is wrong with the flags in the command's terms.
func queryError(err error) error {
	e, ok := domain.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	var parts []string
	for _, name := range []string{"received_at", "amount", "unit", "procedure"} {
		if msg, ok := e.Fields[name]; ok {
			parts = append(parts, "--"+strings.ReplaceAll(name, "_", "-")+": "+msg)
		}
	}
	return errors.New(strings.Join(parts, "; "))
}

func printAppointment(w io.Writer, a calendar.Appointment) {
	if a.Paused {
		fmt.Fprintln(w, "Hồ sơ đang tạm dừng tính thời gian: chưa có ngày hẹn.")
	} else {
		fmt.Fprintf(w, "Hẹn trả kết quả: %s (%s)\n", a.DueText, a.DueAt.Format("2006-01-02T15:04:05Z07:00"))
	}
	fmt.Fprintf(w, "Coi như tiếp nhận: %s\n", worktime.FormatMoment(a.DeemedReceivedAt))
	rules := "giờ làm việc mặc định"
	if a.RuleSet != 0 {
		rules = fmt.Sprintf("bộ quy tắc %d", a.RuleSet)
	}
	fmt.Fprintf(w, "Thời hạn: %s; lịch làm việc phiên bản %d; %s; %s\n", a.DurationText, a.CalendarVersion, rules, a.Policy.Label())
	fmt.Fprintln(w, "Vì sao ngày hẹn là ngày này?")
	for i, s := range a.Steps {
		fmt.Fprintf(w, "%3d. %s\n", i+1, s.Text)
	}
}
