// Package auth holds the pure parts of authentication: the password policy, password
// hashing (bcrypt), and random tokens with their stored hashes.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// PolicyText is the password rule as the pages state it.
const PolicyText = "Mật khẩu dài từ 8 đến 64 ký tự, có ít nhất một chữ cái và một chữ số, không trùng tên đăng nhập."

// CheckPassword returns "" when password satisfies the policy for username, or the
// Vietnamese reason it does not.
func CheckPassword(password, username string) string {
	n := utf8.RuneCountInString(password)
	if n < 8 || n > 64 || len(password) > 72 { // bcrypt reads 72 bytes
		return "Mật khẩu phải dài từ 8 đến 64 ký tự."
	}
	var letter, digit bool
	for _, r := range password {
		letter = letter || unicode.IsLetter(r)
		digit = digit || unicode.IsDigit(r)
	}
	if !letter || !digit {
		return "Mật khẩu phải có ít nhất một chữ cái và một chữ số."
	}
	if strings.EqualFold(password, username) {
		return "Mật khẩu không được trùng tên đăng nhập."
	}
	return ""
}

// Cost is the bcrypt cost; tests may lower it.
var Cost = bcrypt.DefaultCost

// HashPassword returns the bcrypt hash of password.
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), Cost)
	return string(h), err
}

// dummyHash is compared against when an account does not exist, so that a login takes
// the same time either way.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("dvc-no-such-account"), bcrypt.DefaultCost)

// VerifyPassword reports whether password matches hash; with hash "" it still spends
// the time of a comparison and returns false.
func VerifyPassword(hash, password string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// NewToken returns a random URL-safe token of 32 bytes.
func NewToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// TokenHash is the hex SHA-256 of a token, as stored.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// NewUpdateCode returns a 10-character code like "0d1bef477e" (the seeds' mã cập nhật).
func NewUpdateCode() string {
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}
