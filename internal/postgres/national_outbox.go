package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// National outbox services and states (national_outbox).
const (
	ServiceSyncDossier    = "DongBoHoSoMC"
	ServiceUpdateProgress = "CapNhatTienDoHoSoMC"

	OutboxPending   = "pending"
	OutboxSent      = "sent"
	OutboxParked    = "parked"
	OutboxDiscarded = "discarded"
)

// OutboxMessage is one message the national sync queues for a log row.
type OutboxMessage struct {
	Service string
	Status  string // the national status it carries, "1"…"10"
	Payload []byte
}

// NationalFacts is a dossier as the national sync reads it, in the transaction of the
// log row that changed it.
type NationalFacts struct {
	Dossier domain.Dossier
	// NationalCode is MaHoSo of a dossier submitted on the portal ("" otherwise).
	NationalCode string
	// The national codes and names of the dossier's procedure and field ("" when not mapped).
	ProcedureCode, ProcedureName, FieldCode, FieldName string
	// TechID is the applicant's national account: the dossier's, else its owner's.
	TechID  string
	Content string
	// Files are the dossier's current files (components, national, results).
	Files []NationalFile
}

// NationalFile is a file of the dossier with the portal's component code, if any.
type NationalFile struct {
	domain.DossierFile
	NationalComponent string `db:"national_component"`
}

// NationalSync builds the outbox messages of log row e of the dossier f describes (none
// for a row the portal does not follow). An error fails the log row's transaction.
type NationalSync func(f NationalFacts, e domain.Event) ([]OutboxMessage, error)

// SetNationalSync makes every new log row queue fn's messages for the national portal,
// in the row's transaction (nil stops it). Set it before the worker starts.
func (s *Store) SetNationalSync(fn NationalSync) {
	if fn == nil {
		s.nationalSync.Store(nil)
		return
	}
	s.nationalSync.Store(&fn)
}

// enqueueNational queues the national messages of new log row e, in tx.
func (s *Store) enqueueNational(ctx context.Context, tx *sqlx.Tx, e domain.Event) error {
	fn := s.nationalSync.Load()
	if fn == nil {
		return nil
	}
	f, err := nationalFacts(ctx, tx, e.DossierID)
	if err != nil {
		return err
	}
	msgs, err := (*fn)(f, e)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO national_outbox (dossier_id, log_seq, service, payload, status)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, e.DossierID, e.Seq, m.Service, m.Payload, m.Status); err != nil {
			return fmt.Errorf("store: queue national message: %w", err)
		}
	}
	return nil
}

func nationalFacts(ctx context.Context, tx *sqlx.Tx, id int64) (NationalFacts, error) {
	var f NationalFacts
	if err := tx.GetContext(ctx, &f.Dossier, dossierSelect+` WHERE d.id = $1`, id); err != nil {
		return f, fmt.Errorf("store: national facts: %w", err)
	}
	var row struct {
		NationalCode  *string `db:"national_code"`
		TechID        string  `db:"tech_id"`
		Content       string  `db:"content"`
		ProcedureCode *string `db:"procedure_code"`
		ProcedureName string  `db:"procedure_name"`
		FieldCode     *string `db:"field_code"`
		FieldName     string  `db:"field_name"`
	}
	err := tx.GetContext(ctx, &row, `SELECT d.national_code, COALESCE(NULLIF(d.national_tech_id, ''), a.national_tech_id, '') AS tech_id,
		d.content, p.national_code AS procedure_code, p.name AS procedure_name, f.national_code AS field_code, f.name AS field_name
		FROM dossiers d JOIN procedures p ON p.id = d.procedure_id JOIN fields f ON f.id = p.field_id
		LEFT JOIN accounts a ON a.id = d.owner_id WHERE d.id = $1`, id)
	if err != nil {
		return f, fmt.Errorf("store: national facts: %w", err)
	}
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	f.NationalCode, f.TechID, f.Content = deref(row.NationalCode), row.TechID, row.Content
	f.ProcedureCode, f.ProcedureName = deref(row.ProcedureCode), row.ProcedureName
	f.FieldCode, f.FieldName = deref(row.FieldCode), row.FieldName
	f.Files = []NationalFile{}
	if err := tx.SelectContext(ctx, &f.Files, `SELECT id, dossier_id, component_id, kind, hash, name, size, type, created_at,
		national_component FROM dossier_files WHERE dossier_id = $1 AND deleted_at IS NULL ORDER BY id`, id); err != nil {
		return f, fmt.Errorf("store: national files: %w", err)
	}
	return f, nil
}

// OutboxRow is one message of the national outbox.
type OutboxRow struct {
	ID        int64           `db:"id" json:"id"`
	DossierID int64           `db:"dossier_id" json:"dossier_id"`
	Code      string          `db:"code" json:"code"`
	LogSeq    int             `db:"log_seq" json:"log_seq"`
	Service   string          `db:"service" json:"service"`
	Status    string          `db:"status" json:"status"`
	State     string          `db:"state" json:"state"`
	Attempts  int             `db:"attempts" json:"attempts"`
	NextAt    time.Time       `db:"next_at" json:"next_at"`
	LastError string          `db:"last_error" json:"last_error"`
	CreatedAt time.Time       `db:"created_at" json:"created_at"`
	SentAt    *time.Time      `db:"sent_at" json:"sent_at"`
	ParkedAt  *time.Time      `db:"parked_at" json:"parked_at"`
	Payload   json.RawMessage `db:"payload" json:"payload"`
}

const outboxColumns = `o.id, o.dossier_id, d.code, o.log_seq, o.service, o.status, o.state, o.attempts, o.next_at,
	o.last_error, o.created_at, o.sent_at, o.parked_at, o.payload`

// OutboxQueue is a dossier's unsent messages in order, as the sender takes them.
type OutboxQueue struct {
	DossierID int64
	// Synced: the portal has accepted a DongBoHoSoMC of this dossier.
	Synced   bool
	Messages []OutboxRow
}

// NationalDue returns at most limit dossiers whose oldest open message is pending and due
// at now (a parked one blocks its dossier), each with its pending messages in order up to
// the first parked one. One sender runs at a time (WithAdvisoryLock).
func (s *Store) NationalDue(ctx context.Context, now time.Time, limit int) ([]OutboxQueue, error) {
	var ids []int64
	err := s.db.SelectContext(ctx, &ids, `SELECT dossier_id FROM (
			SELECT DISTINCT ON (dossier_id) dossier_id, state, next_at FROM national_outbox
			WHERE state IN ('pending', 'parked') ORDER BY dossier_id, id) h
		WHERE state = 'pending' AND next_at <= $1 ORDER BY next_at, dossier_id LIMIT $2`, now, limit)
	if err != nil || len(ids) == 0 {
		return nil, classify(err)
	}
	var rows []OutboxRow
	if err := s.db.SelectContext(ctx, &rows, `SELECT `+outboxColumns+` FROM national_outbox o JOIN dossiers d ON d.id = o.dossier_id
		WHERE o.dossier_id = ANY ($1) AND o.state IN ('pending', 'parked') ORDER BY o.dossier_id, o.id`, pq.Int64Array(ids)); err != nil {
		return nil, fmt.Errorf("store: due messages: %w", err)
	}
	var synced []int64
	if err := s.db.SelectContext(ctx, &synced, `SELECT DISTINCT dossier_id FROM national_outbox
		WHERE dossier_id = ANY ($1) AND service = $2 AND state = 'sent'`, pq.Int64Array(ids), ServiceSyncDossier); err != nil {
		return nil, fmt.Errorf("store: synced dossiers: %w", err)
	}
	byID := map[int64]*OutboxQueue{}
	out := make([]OutboxQueue, len(ids))
	for i, id := range ids {
		out[i].DossierID = id
		byID[id] = &out[i]
	}
	for _, id := range synced {
		byID[id].Synced = true
	}
	blocked := map[int64]bool{}
	for _, r := range rows {
		if r.State == OutboxParked || blocked[r.DossierID] {
			blocked[r.DossierID] = true
			continue
		}
		q := byID[r.DossierID]
		q.Messages = append(q.Messages, r)
	}
	return out, nil
}

// NationalSent marks message id accepted by the portal.
func (s *Store) NationalSent(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE national_outbox SET state = 'sent', sent_at = $2, last_error = ''
		WHERE id = $1 AND state = 'pending'`, id, at)
	if err != nil {
		return fmt.Errorf("store: message sent: %w", err)
	}
	return nil
}

// NationalRetry records a failed attempt of message id and when to try again.
func (s *Store) NationalRetry(ctx context.Context, id int64, attempts int, next time.Time, reason string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE national_outbox SET attempts = $2, next_at = $3, last_error = $4
		WHERE id = $1 AND state = 'pending'`, id, attempts, next, truncateText(reason, 2000))
	if err != nil {
		return fmt.Errorf("store: message retry: %w", err)
	}
	return nil
}

// NationalPark sets message id aside with the portal's reason: it and its dossier's later
// messages wait for an administrator.
func (s *Store) NationalPark(ctx context.Context, id int64, at time.Time, reason string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE national_outbox SET state = 'parked', parked_at = $2, last_error = $3,
		attempts = attempts + 1 WHERE id = $1 AND state = 'pending'`, id, at, truncateText(reason, 2000))
	if err != nil {
		return fmt.Errorf("store: park message: %w", err)
	}
	return nil
}

func truncateText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// WithAdvisoryLock runs fn while this process holds PostgreSQL's session advisory lock
// key on a connection of its own, and reports whether it got the lock (false: another
// process holds it, fn was not run). The lock ends with the connection, so a killed
// process never keeps it.
func (s *Store) WithAdvisoryLock(ctx context.Context, key int64, fn func(context.Context) error) (bool, error) {
	conn, err := s.db.Connx(ctx)
	if err != nil {
		return false, classify(err)
	}
	defer conn.Close()
	var got bool
	if err := conn.GetContext(ctx, &got, `SELECT pg_try_advisory_lock($1)`, key); err != nil {
		return false, classify(err)
	}
	if !got {
		return false, nil
	}
	defer func() {
		// A failed unlock (the connection broke) released the lock with the session.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
	}()
	return true, fn(ctx)
}

var errOutboxNotFound = domain.NewError(domain.NotFound, "outbox_message_not_found", "Không tìm thấy bản tin.")

// NationalOutbox lists the messages in state (all when ""), the newest first, at most
// limit.
func (s *Store) NationalOutbox(ctx context.Context, state string, limit int) ([]OutboxRow, error) {
	rows := []OutboxRow{}
	err := s.db.SelectContext(ctx, &rows, `SELECT `+outboxColumns+` FROM national_outbox o JOIN dossiers d ON d.id = o.dossier_id
		WHERE ($1 = '' OR o.state = $1) ORDER BY o.id DESC LIMIT $2`, state, limit)
	if err != nil {
		return nil, fmt.Errorf("store: outbox: %w", err)
	}
	return rows, nil
}

// NationalOutboxCounts counts the messages by state.
func (s *Store) NationalOutboxCounts(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT state, count(*) AS n FROM national_outbox GROUP BY state`); err != nil {
		return nil, fmt.Errorf("store: outbox counts: %w", err)
	}
	out := map[string]int{OutboxPending: 0, OutboxSent: 0, OutboxParked: 0, OutboxDiscarded: 0}
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}

// ResolveParked requeues (requeue true: sent again at once, attempts reset) or discards
// parked message id, recording administrator by. Errors: outbox_message_not_found,
// message_not_parked (409).
func (s *Store) ResolveParked(ctx context.Context, id, by int64, requeue bool, now time.Time) error {
	state := OutboxDiscarded
	if requeue {
		state = OutboxPending
	}
	res, err := s.db.ExecContext(ctx, `UPDATE national_outbox SET state = $2, resolved_by = $3, resolved_at = $4,
		next_at = $4, attempts = CASE WHEN $2 = 'pending' THEN 0 ELSE attempts END
		WHERE id = $1 AND state = 'parked'`, id, state, by, now)
	if err != nil {
		return fmt.Errorf("store: resolve parked: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var cur string
	err = s.db.GetContext(ctx, &cur, `SELECT state FROM national_outbox WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return errOutboxNotFound
	}
	if err != nil {
		return fmt.Errorf("store: resolve parked: %w", err)
	}
	return domain.NewError(domain.Conflict, "message_not_parked", "Bản tin không ở trạng thái chờ xử lý (đã gửi, đã huỷ hoặc đang chờ gửi).")
}

// NationalSyncRow is what dvc verify --national compares for one dossier: its record's
// status and the last status the portal accepted for it.
type NationalSyncRow struct {
	Code   string        `db:"code"`
	Status domain.Status `db:"status"`
	// Mapped: its procedure has a national code (otherwise nothing is sent).
	Mapped bool `db:"mapped"`
	// SentStatus is the status of the last DongBoHoSoMC the portal accepted ("" none).
	SentStatus string `db:"sent_status"`
	// SentSeq is the log row of that message; LogSeq the dossier's last row.
	SentSeq int `db:"sent_seq"`
	LogSeq  int `db:"log_seq"`
	Pending int `db:"pending"`
	Parked  int `db:"parked"`
}

// NationalSyncReport returns NationalSyncRow for every submitted dossier (only code when
// not empty), by code.
func (s *Store) NationalSyncReport(ctx context.Context, code string) ([]NationalSyncRow, error) {
	rows := []NationalSyncRow{}
	err := s.db.SelectContext(ctx, &rows, `SELECT d.code, d.status, p.national_code IS NOT NULL AS mapped,
		COALESCE(last.status, '') AS sent_status, COALESCE(last.log_seq, 0) AS sent_seq, d.projected_seq AS log_seq,
		(SELECT count(*) FROM national_outbox o WHERE o.dossier_id = d.id AND o.state = 'pending') AS pending,
		(SELECT count(*) FROM national_outbox o WHERE o.dossier_id = d.id AND o.state = 'parked') AS parked
		FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
		LEFT JOIN LATERAL (SELECT o.status, o.log_seq FROM national_outbox o WHERE o.dossier_id = d.id
			AND o.service = 'DongBoHoSoMC' AND o.state = 'sent' ORDER BY o.id DESC LIMIT 1) last ON true
		WHERE d.code IS NOT NULL AND ($1 = '' OR d.code = $1) ORDER BY d.code`, code)
	if err != nil {
		return nil, fmt.Errorf("store: national sync report: %w", err)
	}
	return rows, nil
}
