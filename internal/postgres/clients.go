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

const clientColumns = `c.id, c.client_id, c.name, c.account_id, c.agency_id, g.code AS agency_code, c.scopes,
	a.roles, c.rate_limit, c.created_at, c.revoked_at`

const clientSelect = `SELECT ` + clientColumns + ` FROM api_clients c JOIN accounts a ON a.id = c.account_id
	LEFT JOIN agencies g ON g.id = c.agency_id`

// CreateClient registers a machine client with its account (kind client, named after it,
// holding its agency and roles) and its first secret, in one transaction.
func (s *Store) CreateClient(ctx context.Context, in domain.NewClient) (domain.Client, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var accountID int64
		if err := tx.GetContext(ctx, &accountID, `INSERT INTO accounts (username, password_hash, kind, full_name, agency_id, roles)
			VALUES ($1, '!', 'client', $2, $3, $4) RETURNING id`, "client:"+in.ClientID, in.Name, in.AgencyID, pq.Array(in.Roles)); err != nil {
			return fmt.Errorf("store: client account: %w", err)
		}
		if err := tx.GetContext(ctx, &id, `INSERT INTO api_clients (client_id, name, account_id, agency_id, scopes, rate_limit)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, in.ClientID, in.Name, accountID, in.AgencyID, pq.Array(in.Scopes), in.RateLimit); err != nil {
			return fmt.Errorf("store: client: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO api_client_secrets (client_id, secret_hash) VALUES ($1, $2)`, id, in.SecretHash)
		return err
	})
	if err != nil {
		return domain.Client{}, err
	}
	return s.Client(ctx, id)
}

// Client returns client id. Errors: client_not_found.
func (s *Store) Client(ctx context.Context, id int64) (domain.Client, error) {
	var c domain.Client
	err := s.db.GetContext(ctx, &c, clientSelect+` WHERE c.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return c, domain.ErrClientNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: client: %w", err)
	}
	return c, nil
}

// Clients lists every registered client, revoked ones included, by id.
func (s *Store) Clients(ctx context.Context) ([]domain.Client, error) {
	cs := []domain.Client{}
	if err := s.db.SelectContext(ctx, &cs, clientSelect+` ORDER BY c.id`); err != nil {
		return nil, fmt.Errorf("store: clients: %w", err)
	}
	return cs, nil
}

// ClientBySecret returns the live client whose id is clientID and of which secretHash is
// a valid secret. Errors: client_not_found (unknown, revoked, wrong or expired secret).
func (s *Store) ClientBySecret(ctx context.Context, clientID string, secretHash string) (domain.Client, error) {
	var c domain.Client
	err := s.db.GetContext(ctx, &c, clientSelect+` JOIN api_client_secrets k ON k.client_id = c.id
		WHERE c.client_id = $1 AND k.secret_hash = $2 AND c.revoked_at IS NULL AND NOT a.disabled
		AND (k.expires_at IS NULL OR k.expires_at > now())`, clientID, secretHash)
	if errors.Is(err, sql.ErrNoRows) {
		return c, domain.ErrClientNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: client by secret: %w", err)
	}
	return c, nil
}

// RotateClientSecret adds a secret to client id and makes its other secrets expire at
// oldUntil (now for an immediate change), so that the client can switch without
// downtime. Errors: client_not_found (or revoked).
func (s *Store) RotateClientSecret(ctx context.Context, id int64, secretHash string, oldUntil time.Time) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_client_secrets SET expires_at = LEAST(COALESCE(expires_at, $2), $2)
			WHERE client_id = (SELECT id FROM api_clients WHERE id = $1 AND revoked_at IS NULL)`, id, oldUntil)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.ErrClientNotFound
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO api_client_secrets (client_id, secret_hash) VALUES ($1, $2)`, id, secretHash)
		return err
	})
}

// RevokeClient revokes client id and deletes its tokens: its next request is refused.
// Errors: client_not_found.
func (s *Store) RevokeClient(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_clients SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.ErrClientNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE client_id = $1`, id)
		return err
	})
}

// CreateToken stores an access token of client id with scopes until expires, and drops
// the tokens that expired.
func (s *Store) CreateToken(ctx context.Context, tokenHash string, id int64, scopes []string, expires time.Time) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO api_tokens (token_hash, client_id, scopes, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, id, pq.Array(scopes), expires); err != nil {
		return fmt.Errorf("store: create token: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM api_tokens WHERE expires_at < now() - interval '1 hour'`); err != nil {
		return fmt.Errorf("store: expired tokens: %w", err)
	}
	return nil
}

// TokenByHash returns what the live token with that hash stands for: its client, the
// client's account and the token's scopes. Errors: invalid_token.
func (s *Store) TokenByHash(ctx context.Context, tokenHash string) (domain.ClientToken, error) {
	var row struct {
		domain.Client
		TokenScopes domain.Strings `db:"token_scopes"`
		ExpiresAt   time.Time      `db:"expires_at"`
	}
	// Every machine request asks: one prepared query.
	err := s.get(ctx, &row, `SELECT `+clientColumns+`, t.scopes AS token_scopes, t.expires_at FROM api_tokens t
		JOIN api_clients c ON c.id = t.client_id JOIN accounts a ON a.id = c.account_id LEFT JOIN agencies g ON g.id = c.agency_id
		WHERE t.token_hash = $1 AND t.expires_at > now() AND c.revoked_at IS NULL AND NOT a.disabled`, tokenHash)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ClientToken{}, domain.ErrInvalidToken
	}
	if err != nil {
		return domain.ClientToken{}, fmt.Errorf("store: token: %w", err)
	}
	acc, err := s.Account(ctx, row.AccountID)
	if err != nil {
		return domain.ClientToken{}, err
	}
	return domain.ClientToken{Client: row.Client, Account: acc, Scopes: row.TokenScopes, ExpiresAt: row.ExpiresAt}, nil
}
