package postgres

import (
	"context"
	"fmt"

	"github.com/lib/pq"
)

// NewAccount is an account to create unless its username is taken (the demo accounts).
type NewAccount struct {
	Username, Kind, FullName, Email, Phone, IDNumber string
	// AgencyCode is the electronic code of an officer's agency ("" for none).
	AgencyCode string
	Roles      []string
}

// EnsureAccounts creates those of accounts whose username is free, each with the password
// hash that hash returns. hash is called only when some account is missing (a password
// hash is slow on purpose); existing accounts and their passwords are left alone.
// Errors: hash's, domain.ErrUnavailable when PostgreSQL cannot be reached.
func (s *Store) EnsureAccounts(ctx context.Context, accounts []NewAccount, hash func() (string, error)) error {
	usernames := pq.StringArray{}
	for _, a := range accounts {
		usernames = append(usernames, a.Username)
	}
	var existing []string
	if err := s.db.SelectContext(ctx, &existing, `SELECT username FROM accounts WHERE username = ANY ($1)`, usernames); err != nil {
		return fmt.Errorf("store: accounts: %w", err)
	}
	if len(existing) == len(accounts) {
		return nil
	}
	h, err := hash()
	if err != nil {
		return err
	}
	for _, a := range accounts {
		_, err := s.db.ExecContext(ctx, `INSERT INTO accounts
			(username, password_hash, kind, full_name, email, phone, id_number, agency_id, roles)
			VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM agencies WHERE code = NULLIF($8, '')), $9)
			ON CONFLICT (username) DO NOTHING`,
			a.Username, h, a.Kind, a.FullName, a.Email, a.Phone, a.IDNumber, a.AgencyCode, pq.StringArray(append([]string{}, a.Roles...)))
		if err != nil {
			return fmt.Errorf("store: account %s: %w", a.Username, err)
		}
	}
	return nil
}
