package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// accountColumns are Account's columns, of accounts a joined to agencies g.
const accountColumns = `a.id, a.username, a.kind, a.full_name, a.email, a.phone, a.id_number, a.gender,
	a.date_of_birth, a.address, a.agency_id, COALESCE(g.name, '') AS agency_name, a.roles, a.disabled`

const accountSelect = `SELECT ` + accountColumns + ` FROM accounts a LEFT JOIN agencies g ON g.id = a.agency_id`

// CreateCitizen stores a citizen account. Errors: username_taken (409).
func (s *Store) CreateCitizen(ctx context.Context, in domain.NewCitizen) (domain.Account, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, `INSERT INTO accounts (username, password_hash, kind, full_name, email, phone, id_number)
		VALUES ($1, $2, 'citizen', $3, $4, $5, $6) RETURNING id`, in.Username, in.PasswordHash, in.FullName, in.Email, in.Phone, in.IDNumber)
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" {
		return domain.Account{}, &domain.Error{Kind: domain.Conflict, Code: "username_taken", Message: "Tên đăng nhập đã được sử dụng.",
			Fields: map[string]string{"username": "Tên đăng nhập đã được sử dụng, vui lòng chọn tên khác."}}
	}
	if err != nil {
		return domain.Account{}, fmt.Errorf("store: create account: %w", err)
	}
	return s.Account(ctx, id)
}

var errAccountNotFound = domain.NewError(domain.NotFound, "account_not_found", "Không tìm thấy tài khoản.")

// Account returns an account by id. Errors: account_not_found.
func (s *Store) Account(ctx context.Context, id int64) (domain.Account, error) {
	var a domain.Account
	err := s.db.GetContext(ctx, &a, accountSelect+` WHERE a.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return a, errAccountNotFound
	}
	if err != nil {
		return a, fmt.Errorf("store: account: %w", err)
	}
	return a, nil
}

// Credentials returns the enabled account named username (case-insensitive) with its
// password hash. Errors: account_not_found.
func (s *Store) Credentials(ctx context.Context, username string) (domain.Account, string, error) {
	var row struct {
		domain.Account
		Hash string `db:"password_hash"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT a.id, a.username, a.kind, a.full_name, a.email, a.phone, a.id_number, a.gender,
		a.date_of_birth, a.address, a.agency_id, COALESCE(g.name, '') AS agency_name, a.roles, a.disabled, a.password_hash
		FROM accounts a LEFT JOIN agencies g ON g.id = a.agency_id WHERE lower(a.username) = lower($1) AND NOT a.disabled`, username)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Account{}, "", errAccountNotFound
	}
	if err != nil {
		return domain.Account{}, "", fmt.Errorf("store: credentials: %w", err)
	}
	return row.Account, row.Hash, nil
}

// AccountByEmail returns the enabled account with that e-mail, if exactly one. Errors:
// account_not_found.
func (s *Store) AccountByEmail(ctx context.Context, email string) (domain.Account, error) {
	var as []domain.Account
	if err := s.db.SelectContext(ctx, &as, accountSelect+` WHERE lower(a.email) = lower($1) AND NOT a.disabled LIMIT 2`, email); err != nil {
		return domain.Account{}, fmt.Errorf("store: account by email: %w", err)
	}
	if len(as) != 1 {
		return domain.Account{}, errAccountNotFound
	}
	return as[0], nil
}

// UpdateProfile changes the profile of account id.
func (s *Store) UpdateProfile(ctx context.Context, id int64, p domain.Profile) (domain.Account, error) {
	_, err := s.db.ExecContext(ctx, `UPDATE accounts SET full_name = $2, gender = $3, date_of_birth = $4, address = $5,
		phone = $6, email = $7 WHERE id = $1`, id, p.FullName, p.Gender, p.DateOfBirth, p.Address, p.Phone, p.Email)
	if err != nil {
		return domain.Account{}, fmt.Errorf("store: update profile: %w", err)
	}
	return s.Account(ctx, id)
}

// SetPassword changes the password of account id and revokes its sessions except keep
// (a token hash; "" revokes all).
func (s *Store) SetPassword(ctx context.Context, id int64, hash, keep string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET password_hash = $2 WHERE id = $1`, id, hash); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = now() WHERE account_id = $1
			AND revoked_at IS NULL AND token_hash <> $2`, id, keep); err != nil {
			return fmt.Errorf("store: revoke sessions: %w", err)
		}
		return nil
	})
}

// CreateSession stores a session for account id until expires.
func (s *Store) CreateSession(ctx context.Context, tokenHash, csrf string, accountID int64, expires time.Time, ip, ua string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, account_id, csrf_token, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6)`, tokenHash, accountID, csrf, expires, ip, ua)
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionByToken returns the live session with that token hash. Errors: session_invalid.
func (s *Store) SessionByToken(ctx context.Context, tokenHash string) (domain.Session, error) {
	var row struct {
		domain.Account
		CSRF      string    `db:"csrf_token"`
		ExpiresAt time.Time `db:"expires_at"`
	}
	// Every signed-in request asks: one prepared query with the account.
	err := s.get(ctx, &row, `SELECT `+accountColumns+`, s.csrf_token, s.expires_at FROM sessions s
		JOIN accounts a ON a.id = s.account_id LEFT JOIN agencies g ON g.id = a.agency_id
		WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT a.disabled`, tokenHash)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Session{}, domain.NewError(domain.Unauthorized, "session_invalid", "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.")
	}
	if err != nil {
		return domain.Session{}, fmt.Errorf("store: session: %w", err)
	}
	return domain.Session{TokenHash: tokenHash, CSRFToken: row.CSRF, ExpiresAt: row.ExpiresAt, Account: row.Account}, nil
}

// RevokeSession ends a session.
func (s *Store) RevokeSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, tokenHash); err != nil {
		return fmt.Errorf("store: revoke session: %w", err)
	}
	return nil
}

// LoginFailures counts the failures recorded under key since.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM login_failures WHERE key = $1 AND at > $2`, key, since); err != nil {
		return 0, fmt.Errorf("store: login failures: %w", err)
	}
	return n, nil
}

// RecordLoginFailure notes a failed login under each key.
func (s *Store) RecordLoginFailure(ctx context.Context, keys ...string) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO login_failures (key) SELECT unnest($1::text[])`, pq.StringArray(keys)); err != nil {
		return fmt.Errorf("store: record login failure: %w", err)
	}
	return nil
}

// ClearLoginFailures forgets the failures under key (after a successful login).
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1 OR at < now() - interval '1 day'`, key); err != nil {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return nil
}

// CreateCaptcha stores a captcha's answer hash until expires.
func (s *Store) CreateCaptcha(ctx context.Context, id, answerHash string, expires time.Time) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO captchas (id, answer_hash, expires_at) VALUES ($1, $2, $3)`, id, answerHash, expires); err != nil {
		return fmt.Errorf("store: create captcha: %w", err)
	}
	return nil
}

// UseCaptcha consumes captcha id and reports whether answerHash matches; a captcha can
// be tried once, right or wrong.
func (s *Store) UseCaptcha(ctx context.Context, id, answerHash string) (bool, error) {
	var stored string
	err := s.db.GetContext(ctx, &stored, `UPDATE captchas SET used_at = now()
		WHERE id = $1 AND used_at IS NULL AND expires_at > now() RETURNING answer_hash`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: use captcha: %w", err)
	}
	return stored == answerHash, nil
}

// CreatePasswordReset stores a reset token for account id and queues its e-mail.
func (s *Store) CreatePasswordReset(ctx context.Context, acc domain.Account, tokenHash string, expires time.Time, subject, body string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (token_hash, account_id, expires_at) VALUES ($1, $2, $3)`,
			tokenHash, acc.ID, expires); err != nil {
			return fmt.Errorf("store: password reset: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (kind, recipient_kind, account_id, email, subject, body)
			VALUES ('password_reset', $1, $2, $3, $4, $5)`, acc.Kind, acc.ID, acc.Email, subject, body); err != nil {
			return fmt.Errorf("store: password reset mail: %w", err)
		}
		return nil
	})
}

// UsePasswordReset consumes a live reset token and returns its account id. Errors:
// invalid_token.
func (s *Store) UsePasswordReset(ctx context.Context, tokenHash string) (int64, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, `UPDATE password_resets SET used_at = now()
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING account_id`, tokenHash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, domain.NewError(domain.Invalid, "invalid_token", "Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn.")
	}
	if err != nil {
		return 0, fmt.Errorf("store: use password reset: %w", err)
	}
	return id, nil
}
