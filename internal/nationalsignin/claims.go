package nationalsignin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
)

// Claims is the person as the national portal describes them (§3 userinfo attributes).
type Claims struct {
	Subject     string `json:"sub"`
	TechID      string `json:"tech_id"`       // TechID: the stable national account id (falls back to sub)
	AccountType string `json:"account_type"`  // LoaiTaiKhoan: "1" citizen, "2" business, "3" organisation
	IDNumber    string `json:"id_number"`     // SoDinhDanh: 12-digit personal id
	OldIDNumber string `json:"old_id_number"` // SoCMND
	FullName    string `json:"full_name"`     // HoVaTen
	BirthDate   string `json:"birth_date"`    // NgayThangNamSinh, as given (yyyyMMdd)
	Email       string `json:"email"`         // ThuDienTu
	Phone       string `json:"phone"`         // SoDienThoai
	Address     string `json:"address"`       // DiaChi
	TaxCode     string `json:"tax_code"`      // MaSoThue
	BusinessNo  string `json:"business_no"`   // MaSoDoanhNghiep
	CompanyName string `json:"company_name"`  // TenDoanhNghiep
}

// text reads a claim that may be a string or a number.
func text(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return fmt.Sprintf("%.0f", v)
	case json.Number:
		return v.String()
	}
	return ""
}

func claimsFrom(subject string, m map[string]any) Claims {
	c := Claims{Subject: subject, TechID: text(m, "TechID"), AccountType: text(m, "LoaiTaiKhoan"),
		IDNumber: text(m, "SoDinhDanh"), OldIDNumber: text(m, "SoCMND"), FullName: text(m, "HoVaTen"),
		BirthDate: text(m, "NgayThangNamSinh"), Email: text(m, "ThuDienTu"), Phone: text(m, "SoDienThoai"),
		Address: text(m, "DiaChi"), TaxCode: text(m, "MaSoThue"), BusinessNo: text(m, "MaSoDoanhNghiep"),
		CompanyName: text(m, "TenDoanhNghiep")}
	if c.TechID == "" {
		c.TechID = subject
	}
	return c
}

// LinkKey is the number that links the person to an existing local account when no
// account carries their TechID: for a business (LoaiTaiKhoan 2) the tax code, else the
// personal id (SoDinhDanh, then the old SoCMND). "" when the portal gave none.
func (c Claims) LinkKey() string {
	if c.AccountType == "2" {
		if c.TaxCode != "" {
			return c.TaxCode
		}
		return c.BusinessNo
	}
	if c.IDNumber != "" {
		return c.IDNumber
	}
	return c.OldIDNumber
}

// Accounts is the store side of Resolve (the lead implements it).
type Accounts interface {
	// ByTechID returns the account linked to a national TechID; a domain.Error of kind
	// NotFound when none.
	ByTechID(ctx context.Context, techID string) (domain.Account, error)
	// ByIDNumber returns the account whose ID number (or tax code) is idNumber; a
	// domain.Error of kind NotFound when none.
	ByIDNumber(ctx context.Context, idNumber string) (domain.Account, error)
}

// Decision is what to do with a signed-in national identity.
type Decision int

// Decisions of Resolve.
const (
	// SignIn: an account is linked to this TechID: sign it in.
	SignIn Decision = iota + 1
	// ConfirmLink: an account has this ID number but no TechID: ask the person to confirm
	// that it is theirs (showing the account's masked details), then store the TechID on
	// it and sign it in. Never link silently: the ID number alone is not proof.
	ConfirmLink
	// Create: no account matches: create a citizen account from the claims (linked to the
	// TechID) and sign it in.
	Create
)

// Match is Resolve's answer; Account is set for SignIn and ConfirmLink.
type Match struct {
	Decision Decision
	Account  domain.Account
}

// Resolve finds the local account of claims: by TechID first, then by LinkKey, else a
// new one. A disabled account found either way is a domain.Error of kind Forbidden,
// code "account_disabled". Other errors are the store's.
func Resolve(ctx context.Context, accounts Accounts, c Claims) (Match, error) {
	acc, err := accounts.ByTechID(ctx, c.TechID)
	if err == nil {
		return match(SignIn, acc)
	}
	if !domain.IsKind(err, domain.NotFound) {
		return Match{}, err
	}
	if key := c.LinkKey(); key != "" {
		acc, err := accounts.ByIDNumber(ctx, key)
		if err == nil {
			return match(ConfirmLink, acc)
		}
		if !domain.IsKind(err, domain.NotFound) {
			return Match{}, err
		}
	}
	return Match{Decision: Create}, nil
}

func match(d Decision, acc domain.Account) (Match, error) {
	if acc.Disabled {
		return Match{}, domain.NewError(domain.Forbidden, "account_disabled", "Tài khoản đã bị khoá.")
	}
	return Match{Decision: d, Account: acc}, nil
}

// holdCookie is the cookie that keeps claims while the person confirms a link.
const holdCookie = "dvc_qg_pending"

// Hold keeps claims in an encrypted cookie (path "/", FlowTTL) while the person answers
// the ConfirmLink question; Held reads them back. The claims never leave the server in
// clear, and they carry no token.
func (c *Client) Hold(w http.ResponseWriter, claims Claims) error {
	sealed, err := c.seal.seal("hold", claims, c.now().Add(c.cfg.FlowTTL))
	if err != nil {
		return err
	}
	http.SetCookie(w, c.cookie(holdCookie, "/", sealed, int(c.cfg.FlowTTL.Seconds())))
	return nil
}

// Held returns the claims kept by Hold and clears the cookie. Errors: CodeStateInvalid
// when there are none, or they expired or were altered.
func (c *Client) Held(w http.ResponseWriter, r *http.Request) (Claims, error) {
	var claims Claims
	cookie, err := r.Cookie(holdCookie)
	if err != nil {
		return claims, stateError()
	}
	http.SetCookie(w, c.cookie(holdCookie, "/", "", -1))
	if err := c.seal.open("hold", cookie.Value, c.now(), &claims); err != nil {
		return Claims{}, stateError()
	}
	return claims, nil
}
