package nationalsignin

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// sealer encrypts and authenticates small values kept in cookies (AES-256-GCM), so that
// the browser can neither read them (the PKCE verifier stays secret) nor change them.
type sealer struct{ aead cipher.AEAD }

func newSealer(key []byte) (*sealer, error) {
	if len(key) < 32 {
		return nil, errors.New("cookie key must be at least 32 bytes")
	}
	k := sha256.Sum256(append([]byte("dvc national sign-in v1|"), key...))
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead}, nil
}

// seal encodes v with its expiry; purpose binds the value to one cookie's use.
func (s *sealer) seal(purpose string, v any, exp time.Time) (string, error) {
	body, err := json.Marshal(struct {
		Exp int64 `json:"exp"`
		V   any   `json:"v"`
	}{exp.Unix(), v})
	if err != nil {
		return "", err
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := s.aead.Seal(nonce, nonce, body, []byte(purpose))
	return base64.RawURLEncoding.EncodeToString(out), nil
}

var errSealed = errors.New("sealed value invalid or expired")

// open decodes a sealed value into v; it fails when the value was altered, sealed for
// another purpose, or has expired.
func (s *sealer) open(purpose, sealed string, now time.Time, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return errSealed
	}
	n := s.aead.NonceSize()
	body, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(purpose))
	if err != nil {
		return errSealed
	}
	var wrapper struct {
		Exp int64           `json:"exp"`
		V   json.RawMessage `json:"v"`
	}
	if json.Unmarshal(body, &wrapper) != nil || now.Unix() > wrapper.Exp {
		return errSealed
	}
	return json.Unmarshal(wrapper.V, v)
}

// cookie builds a cookie with the flow's attributes: HttpOnly, SameSite=Lax (the
// provider's redirect back is a top-level GET), Secure when configured.
func (c *Client) cookie(name, path, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge, HttpOnly: true,
		Secure: c.cfg.Secure, SameSite: http.SameSiteLaxMode}
}
