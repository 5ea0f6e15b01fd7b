// Package demo loads the demonstration data that `dvc dev` starts with: the catalogue of
// one province (catalogue/, in the catalogue format, with a .docx form template for every
// template its components name, written by templategen) and demo accounts (one citizen and
// officers of every role). Loading is idempotent.
package demo

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/bcrypt"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Password is every demo account's password; `dvc dev` prints it.
const Password = "DvcDemo@2026"

//go:generate go run ./templategen

//go:embed catalogue/*.json catalogue/templates
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

// Portal is the demo's province and operator, which `dvc dev` shows when portal.* is not
// configured.
func Portal() domain.Portal {
	return domain.Portal{Province: "Bắc Kạn", Operator: "Văn phòng Ủy ban nhân dân tỉnh Bắc Kạn (dữ liệu trình diễn)",
		Hotline: "0209 3870 000"}
}

// Catalogue is the shipped demo catalogue.
func Catalogue() (catalogue.Catalogue, error) {
	sub, err := fs.Sub(catalogueFiles, "catalogue")
	if err != nil {
		return catalogue.Catalogue{}, err
	}
	return catalogue.LoadFS(sub, "demo catalogue")
}

// Featured are the demo logins of accounts.json: the citizen, every role of Sở Giáo dục
// và Đào tạo, the supervisor, the administrator, and the officers of the inter-agency
// example. `dvc dev`'s banner lists them.
func Featured() ([]Account, error) {
	var as []Account
	if err := json.Unmarshal(accountsJSON, &as); err != nil {
		return nil, fmt.Errorf("demo: accounts: %w", err)
	}
	return as, nil
}

// Accounts are every demo login: the featured ones, and a reception officer, a
// specialist and a leader for every other agency of the demo catalogue (agencyOfficers),
// so that a dossier sent to any agency can be received and processed.
func Accounts() ([]Account, error) {
	as, err := Featured()
	if err != nil {
		return nil, err
	}
	c, err := Catalogue()
	if err != nil {
		return nil, err
	}
	return append(as, agencyOfficers(c, as)...), nil
}

// Seed imports the demo catalogue into db and creates the demo accounts that do not exist
// yet (existing accounts and their passwords are left alone).
func Seed(ctx context.Context, db *sqlx.DB) error {
	store := postgres.NewStore(db)
	cat, err := Catalogue()
	if err != nil {
		return err
	}
	// The shipped calendar first: the demo catalogue's days are its latest version's.
	if _, err := store.EnsureShippedCalendar(ctx, calendar.Default(), time.Now()); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if _, err := store.ImportCatalogue(ctx, cat); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	accounts, err := Accounts()
	if err != nil {
		return err
	}
	news := make([]postgres.NewAccount, len(accounts))
	for i, a := range accounts {
		news[i] = postgres.NewAccount{Username: a.Username, Kind: a.Kind, FullName: a.FullName, Email: a.Email,
			Phone: a.Phone, IDNumber: a.IDNumber, AgencyCode: a.Agency, Roles: a.Roles}
	}
	hash := func() (string, error) {
		h, err := bcrypt.GenerateFromPassword([]byte(Password), bcrypt.DefaultCost)
		if err != nil {
			return "", fmt.Errorf("hash: %w", err)
		}
		return string(h), nil
	}
	if err := store.EnsureAccounts(ctx, news, hash); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}
