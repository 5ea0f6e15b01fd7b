package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalsignin"
	"github.com/dvc-project/dvc/internal/validate"
)

// ErrNationalSignInOff answers the national sign-in's pages when it is not configured.
var ErrNationalSignInOff = domain.NewError(domain.NotFound, "national_signin_off",
	"Chức năng đăng nhập bằng tài khoản Cổng DVC quốc gia chưa được cấu hình.")

// nationalAccounts is the store as nationalsignin.Resolve asks it.
type nationalAccounts struct{ s *Service }

func (a nationalAccounts) ByTechID(ctx context.Context, techID string) (domain.Account, error) {
	return a.s.Store.AccountByTechID(ctx, techID)
}

// ByIDNumber finds a citizen account with the ID number that is not linked yet.
func (a nationalAccounts) ByIDNumber(ctx context.Context, idNumber string) (domain.Account, error) {
	acc, err := a.s.Store.CitizenByIDNumber(ctx, idNumber)
	if err != nil {
		return acc, err
	}
	if linked, err := a.s.Store.NationallyVerified(ctx, acc.ID); err != nil || linked {
		if err == nil {
			err = domain.NewError(domain.NotFound, "account_not_found", "Không tìm thấy tài khoản.")
		}
		return domain.Account{}, err
	}
	return acc, nil
}

// NationalOutcome is what a national sign-in came to: signed in (SignedIn set, Linked
// the dossiers it gave the account), or a question to the person (Confirm: an account
// has their ID number; Account is it, to show masked).
type NationalOutcome struct {
	SignedIn *SignedIn
	Confirm  bool
	Account  domain.Account
	Linked   int
}

// NationalSignIn signs in the person the national portal vouches for (claims from
// nationalsignin.Client.Finish): the account linked to their TechID; else, when an
// account has their ID number, it asks them to confirm it is theirs (NationalLink);
// else a new citizen account. Either way the account receives the dossiers registered
// under the verified ID number without an owner (at the desk, by post, on the portal).
// Errors: national_signin_off, account_disabled, national_account_linked.
func (s *Service) NationalSignIn(ctx context.Context, cl Client, claims nationalsignin.Claims) (NationalOutcome, error) {
	if s.OIDC == nil {
		return NationalOutcome{}, ErrNationalSignInOff
	}
	m, err := nationalsignin.Resolve(ctx, nationalAccounts{s}, claims)
	if err != nil {
		return NationalOutcome{}, err
	}
	switch m.Decision {
	case nationalsignin.ConfirmLink:
		return NationalOutcome{Confirm: true, Account: m.Account}, nil
	case nationalsignin.SignIn:
		n, err := s.Store.LinkNational(ctx, m.Account.ID, claims.TechID, claims.LinkKey())
		if err != nil {
			return NationalOutcome{}, err
		}
		in, err := s.startSession(ctx, cl, m.Account)
		return NationalOutcome{SignedIn: &in, Linked: n}, err
	}
	acc, err := s.createNational(ctx, claims)
	if err != nil {
		return NationalOutcome{}, err
	}
	in, err := s.startSession(ctx, cl, acc)
	return NationalOutcome{SignedIn: &in}, err
}

// NationalLink completes a sign-in the person confirmed: the account with their ID
// number is linked to their TechID and signed in. Errors: national_signin_off,
// national_link_changed (409: the accounts changed meanwhile), account_disabled,
// national_account_linked.
func (s *Service) NationalLink(ctx context.Context, cl Client, claims nationalsignin.Claims) (NationalOutcome, error) {
	if s.OIDC == nil {
		return NationalOutcome{}, ErrNationalSignInOff
	}
	m, err := nationalsignin.Resolve(ctx, nationalAccounts{s}, claims)
	if err != nil {
		return NationalOutcome{}, err
	}
	if m.Decision != nationalsignin.ConfirmLink {
		return NationalOutcome{}, domain.NewError(domain.Conflict, "national_link_changed",
			"Thông tin tài khoản đã thay đổi, vui lòng đăng nhập lại.")
	}
	n, err := s.Store.LinkNational(ctx, m.Account.ID, claims.TechID, claims.LinkKey())
	if err != nil {
		return NationalOutcome{}, err
	}
	in, err := s.startSession(ctx, cl, m.Account)
	return NationalOutcome{SignedIn: &in, Linked: n}, err
}

// createNational creates the citizen account of a person seen for the first time: a
// username from their ID number (or TechID), a password nobody knows (they sign in
// through the portal, or reset it by e-mail).
func (s *Service) createNational(ctx context.Context, c nationalsignin.Claims) (domain.Account, error) {
	base := "qg." + c.LinkKey()
	if !usernamePattern.MatchString(base) {
		sum := sha256.Sum256([]byte(c.TechID))
		base = "qg." + hex.EncodeToString(sum[:6])
	}
	hash, err := auth.HashPassword(auth.NewToken())
	if err != nil {
		return domain.Account{}, err
	}
	name := strings.TrimSpace(c.FullName)
	if n, ok := validate.Name(name, 200); ok {
		name = n
	} else if name = strings.TrimSpace(c.CompanyName); name == "" {
		name = "Công dân"
	}
	email := ""
	if validate.Email(c.Email) {
		email = c.Email
	}
	in := domain.NewCitizen{PasswordHash: hash, FullName: name, Email: email, Phone: validate.NormalizePhone(c.Phone),
		IDNumber: c.LinkKey()}
	for i := 0; ; i++ {
		in.Username = base
		if i > 0 {
			in.Username = base + "." + strconv.Itoa(i)
		}
		acc, err := s.Store.CreateNationalCitizen(ctx, in, c.TechID, c.Address)
		if e, ok := domain.AsError(err); ok && e.Code == "username_taken" && i < 20 {
			continue
		}
		return acc, err
	}
}
