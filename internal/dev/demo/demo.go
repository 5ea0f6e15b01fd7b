// Package demo loads the demonstration data that `dvc dev` starts with: the catalogue of
// one province (catalogue/, in the catalogue format) and demo accounts (one citizen and
// officers of every role). Loading is idempotent.
package demo

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"golang.org/x/crypto/bcrypt"

	"github.com/dvc-project/dvc/internal/catalogue"
)

// Password is every demo account's password; `dvc dev` prints it.
const Password = "DvcDemo@2026"

//go:embed catalogue/*.json
var catalogueFiles embed.FS

//go:embed accounts.json
var accountsJSON []byte

// Account is a demo login.
type Account struct {
	Username string   `json:"username"`
	Kind     string   `json:"kind"`
	FullName string   `json:"full_name"`
	Email    string   `json:"email"`
	Phone    string   `json:"phone"`
	IDNumber string   `json:"id_number"`
	Agency   string   `json:"agency"`
	Roles    []string `json:"roles"`
}

// Catalogue is the shipped demo catalogue.
func Catalogue() (catalogue.Catalogue, error) {
	sub, err := fs.Sub(catalogueFiles, "catalogue")
	if err != nil {
		return catalogue.Catalogue{}, err
	}
	return catalogue.LoadFS(sub, "demo catalogue")
}

// Accounts are the demo logins.
func Accounts() ([]Account, error) {
	var as []Account
	if err := json.Unmarshal(accountsJSON, &as); err != nil {
		return nil, fmt.Errorf("demo: accounts: %w", err)
	}
	return as, nil
}

// Seed imports the demo catalogue and creates the demo accounts that do not exist yet
// (existing accounts and their passwords are left alone).
func Seed(ctx context.Context, db *sqlx.DB) error {
	cat, err := Catalogue()
	if err != nil {
		return err
	}
	if _, err := catalogue.Import(ctx, db, cat); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	accounts, err := Accounts()
	if err != nil {
		return err
	}
	var existing []string
	if err := db.SelectContext(ctx, &existing, `SELECT username FROM accounts WHERE username = ANY ($1)`, usernames(accounts)); err != nil {
		return fmt.Errorf("demo: accounts: %w", err)
	}
	if len(existing) == len(accounts) {
		return nil
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(Password), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("demo: hash: %w", err)
	}
	for _, a := range accounts {
		_, err := db.ExecContext(ctx, `INSERT INTO accounts
			(username, password_hash, kind, full_name, email, phone, id_number, agency_id, roles)
			VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM agencies WHERE code = NULLIF($8, '')), $9)
			ON CONFLICT (username) DO NOTHING`,
			a.Username, string(hash), a.Kind, a.FullName, a.Email, a.Phone, a.IDNumber, a.Agency, pq.StringArray(append([]string{}, a.Roles...)))
		if err != nil {
			return fmt.Errorf("demo: account %s: %w", a.Username, err)
		}
	}
	return nil
}

func usernames(as []Account) pq.StringArray {
	out := pq.StringArray{}
	for _, a := range as {
		out = append(out, a.Username)
	}
	return out
}
