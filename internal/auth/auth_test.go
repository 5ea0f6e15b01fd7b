package auth

import "testing"

func TestCheckPassword(t *testing.T) {
	for pw, ok := range map[string]bool{
		"matkhau123": true, "Mật khẩu 2026": true, "short1": false, "onlyletters": false,
		"1234567890": false, "congdan02": true, "CongDan01": false, // equals the username
	} {
		if got := CheckPassword(pw, "congdan01") == ""; got != ok {
			t.Errorf("CheckPassword(%q) ok = %v, want %v", pw, got, ok)
		}
	}
}

func TestHashAndVerify(t *testing.T) {
	Cost = 4
	h, err := HashPassword("matkhau123")
	if err != nil {
		t.Fatal(err)
	}
	if !VerifyPassword(h, "matkhau123") || VerifyPassword(h, "matkhau124") || VerifyPassword("", "matkhau123") {
		t.Fatal("VerifyPassword")
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) != 43 || TokenHash(a) == TokenHash(b) || len(TokenHash(a)) != 64 {
		t.Fatal("tokens")
	}
	if c := NewUpdateCode(); len(c) != 10 || c == NewUpdateCode() {
		t.Fatal("update code")
	}
}
