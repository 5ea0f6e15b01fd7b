package captcha

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// normalize trims surrounding white space and upper-cases s, so that
// " 4k7px " and "4K7PX" compare equal.
func normalize(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}

// Equal compares a typed answer with the expected one: case-insensitive,
// surrounding spaces trimmed, in constant time for inputs of equal length.
// An empty expected or typed answer never matches.
func Equal(expected, typed string) bool {
	e, t := normalize(expected), normalize(typed)
	if e == "" || t == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(e), []byte(t)) == 1
}

// Hash returns a hex SHA-256 of the normalised answer (upper-case, trimmed),
// so the server can store only hashes and later compare Hash(typed) with
// the stored value (for example with crypto/subtle.ConstantTimeCompare).
func Hash(answer string) string {
	sum := sha256.Sum256([]byte(normalize(answer)))
	return hex.EncodeToString(sum[:])
}
