package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// AccountByTechID returns the account linked to a national TechID. Errors:
// account_not_found.
func (s *Store) AccountByTechID(ctx context.Context, techID string) (domain.Account, error) {
	return s.oneAccount(ctx, accountSelect+` WHERE a.national_tech_id = $1`, techID)
}

// CitizenByIDNumber returns the citizen account with ID number (or tax code) idNumber:
// the one linked to a national account first, then the oldest. Errors: account_not_found.
func (s *Store) CitizenByIDNumber(ctx context.Context, idNumber string) (domain.Account, error) {
	return s.oneAccount(ctx, accountSelect+` WHERE a.kind = 'citizen' AND a.id_number = $1 AND a.id_number <> ''
		ORDER BY a.national_tech_id IS NULL, a.id LIMIT 1`, idNumber)
}

// NationallyVerified reports whether account id is linked to a national account (its ID
// number then comes from the national identity, not from what the person typed).
func (s *Store) NationallyVerified(ctx context.Context, id int64) (bool, error) {
	var ok bool
	if err := s.db.GetContext(ctx, &ok, `SELECT national_tech_id IS NOT NULL FROM accounts WHERE id = $1`, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, errAccountNotFound
		}
		return false, fmt.Errorf("store: verified: %w", err)
	}
	return ok, nil
}

func (s *Store) oneAccount(ctx context.Context, query string, args ...any) (domain.Account, error) {
	var a domain.Account
	err := s.db.GetContext(ctx, &a, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return a, errAccountNotFound
	}
	if err != nil {
		return a, fmt.Errorf("store: account: %w", err)
	}
	return a, nil
}

var errTechIDTaken = domain.NewError(domain.Conflict, "national_account_linked",
	"Tài khoản Cổng DVC quốc gia này đã được liên kết với một tài khoản khác.")

// LinkNational links account id to the national account techID, sets its ID number to
// the verified idNumber (when given), and gives it the unowned dossiers registered under
// that number (at the desk, by post or on the national portal), in one transaction. It
// returns how many dossiers it gave. Errors: national_account_linked (409) when another
// account holds techID or this one holds another.
func (s *Store) LinkNational(ctx context.Context, id int64, techID, idNumber string) (int, error) {
	var claimed int
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET national_tech_id = $2,
			id_number = CASE WHEN $3 = '' THEN id_number ELSE $3 END
			WHERE id = $1 AND (national_tech_id IS NULL OR national_tech_id = $2)`, id, techID, idNumber)
		var pqErr *pq.Error
		if errors.As(err, &pqErr) && pqErr.Code == "23505" {
			return errTechIDTaken
		}
		if err != nil {
			return fmt.Errorf("store: link national account: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errTechIDTaken
		}
		claimed, err = claimDossiers(ctx, tx, id, idNumber, techID)
		return err
	})
	return claimed, err
}

// claimDossiers gives account id the submitted dossiers without owner registered under
// its verified ID number or its TechID.
func claimDossiers(ctx context.Context, tx *sqlx.Tx, id int64, idNumber, techID string) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE dossiers SET owner_id = $1 WHERE owner_id IS NULL AND code IS NOT NULL
		AND ((id_number = $2 AND $2 <> '') OR (national_tech_id = $3 AND $3 <> ''))`, id, idNumber, techID)
	if err != nil {
		return 0, fmt.Errorf("store: claim dossiers: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// CreateNationalCitizen stores a citizen account for a person who signed in with their
// national account and has none here: username is the caller's choice (unique), the
// password hash one nobody knows. It gives the account the unowned dossiers registered
// under the person's ID number, in the same transaction. Errors: username_taken,
// national_account_linked.
func (s *Store) CreateNationalCitizen(ctx context.Context, in domain.NewCitizen, techID, address string) (domain.Account, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &id, `INSERT INTO accounts (username, password_hash, kind, full_name, email, phone,
			id_number, address, national_tech_id) VALUES ($1, $2, 'citizen', $3, $4, $5, $6, $7, $8) RETURNING id`,
			in.Username, in.PasswordHash, in.FullName, in.Email, in.Phone, in.IDNumber, address, techID)
		var pqErr *pq.Error
		if errors.As(err, &pqErr) && pqErr.Code == "23505" {
			if pqErr.Constraint == "accounts_national_tech_id_key" {
				return errTechIDTaken
			}
			return domain.NewError(domain.Conflict, "username_taken", "Tên đăng nhập đã được sử dụng.")
		}
		if err != nil {
			return fmt.Errorf("store: create national citizen: %w", err)
		}
		_, err = claimDossiers(ctx, tx, id, in.IDNumber, techID)
		return err
	})
	if err != nil {
		return domain.Account{}, err
	}
	return s.Account(ctx, id)
}
