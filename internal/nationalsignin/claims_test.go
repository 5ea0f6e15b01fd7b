package nationalsignin_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalsignin"
)

// accounts is an in-memory Accounts.
type accounts struct {
	byTech, byID map[string]domain.Account
}

func (a accounts) ByTechID(_ context.Context, id string) (domain.Account, error) {
	if acc, ok := a.byTech[id]; ok {
		return acc, nil
	}
	return domain.Account{}, domain.NewError(domain.NotFound, "account_not_found", "Không tìm thấy tài khoản.")
}

func (a accounts) ByIDNumber(_ context.Context, id string) (domain.Account, error) {
	if acc, ok := a.byID[id]; ok {
		return acc, nil
	}
	return domain.Account{}, domain.NewError(domain.NotFound, "account_not_found", "Không tìm thấy tài khoản.")
}

func TestResolve(t *testing.T) {
	store := accounts{
		byTech: map[string]domain.Account{"tech-1": {ID: 1}, "tech-off": {ID: 9, Disabled: true}},
		byID:   map[string]domain.Account{"001099000001": {ID: 2}, "0100000001": {ID: 3}, "012345678": {ID: 4}},
	}
	for _, tc := range []struct {
		name   string
		claims nationalsignin.Claims
		want   nationalsignin.Decision
		id     int64
	}{
		{"linked", nationalsignin.Claims{TechID: "tech-1", IDNumber: "001099000001"}, nationalsignin.SignIn, 1},
		{"by id number", nationalsignin.Claims{TechID: "tech-2", IDNumber: "001099000001"}, nationalsignin.ConfirmLink, 2},
		{"by old id number", nationalsignin.Claims{TechID: "tech-2", OldIDNumber: "012345678"}, nationalsignin.ConfirmLink, 4},
		{"business by tax code", nationalsignin.Claims{TechID: "tech-3", AccountType: "2", IDNumber: "001099000001", TaxCode: "0100000001"}, nationalsignin.ConfirmLink, 3},
		{"new", nationalsignin.Claims{TechID: "tech-4", IDNumber: "079099000004"}, nationalsignin.Create, 0},
		{"no number", nationalsignin.Claims{TechID: "tech-5"}, nationalsignin.Create, 0},
	} {
		m, err := nationalsignin.Resolve(context.Background(), store, tc.claims)
		if err != nil || m.Decision != tc.want || m.Account.ID != tc.id {
			t.Errorf("%s: %+v, %v", tc.name, m, err)
		}
	}
	if _, err := nationalsignin.Resolve(context.Background(), store, nationalsignin.Claims{TechID: "tech-off"}); !domain.IsKind(err, domain.Forbidden) {
		t.Errorf("disabled: %v", err)
	}
}

func TestHold(t *testing.T) {
	c, err := nationalsignin.New(nationalsignin.Config{Issuer: "http://127.0.0.1:1", ClientID: "dvc",
		RedirectURL: "http://127.0.0.1:2/cb", CookieKey: []byte("một khoá đủ dài cho bài kiểm thử này")})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	if err := c.Hold(w, nationalsignin.Claims{TechID: "tech-9", FullName: "Nguyễn Thị Chín"}); err != nil {
		t.Fatal(err)
	}
	cookie := w.Result().Cookies()[0]
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Errorf("cookie attributes %+v", cookie)
	}
	r := httptest.NewRequest(http.MethodPost, "/xac-nhan", nil)
	r.AddCookie(cookie)
	got, err := c.Held(httptest.NewRecorder(), r)
	if err != nil || got.FullName != "Nguyễn Thị Chín" {
		t.Fatalf("held %+v, %v", got, err)
	}
	tampered := *cookie
	tampered.Value = cookie.Value[:len(cookie.Value)-2] + "AA"
	r = httptest.NewRequest(http.MethodPost, "/xac-nhan", nil)
	r.AddCookie(&tampered)
	if _, err := c.Held(httptest.NewRecorder(), r); !domain.IsKind(err, domain.Unauthorized) {
		t.Errorf("tampered: %v", err)
	}
}
