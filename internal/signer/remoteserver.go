package signer

import (
	"crypto"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/dvc-project/dvc/internal/domain"
)

// RemoteServer is a stand-in for a remote signing service: it serves RemoteKeystore's
// protocol with the keys of keys (e.g. a FileKeystore over the dev CA's files), for
// `dvc dev` and for tests. A non-empty token is required as a bearer token.
type RemoteServer struct {
	keys  Keystore
	token string
	mux   *http.ServeMux
}

// NewRemoteServer returns the stand-in serving keys, guarded by token.
func NewRemoteServer(keys Keystore, token string) *RemoteServer {
	s := &RemoteServer{keys: keys, token: token, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /agencies/{code}/certificate-chain", s.chain)
	s.mux.HandleFunc("POST /agencies/{code}/sign-hash", s.signHash)
	return s
}

// ServeHTTP serves the protocol.
func (s *RemoteServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+s.token)) != 1 {
		answerError(w, http.StatusUnauthorized, "unauthorized", "bad or missing bearer token")
		return
	}
	s.mux.ServeHTTP(w, r)
}

func (s *RemoteServer) chain(w http.ResponseWriter, r *http.Request) {
	key, ok := s.key(w, r)
	if !ok {
		return
	}
	resp := chainResponse{}
	for _, c := range key.Chain {
		resp.Chain = append(resp.Chain, base64.StdEncoding.EncodeToString(c.Raw))
	}
	answer(w, http.StatusOK, resp)
}

func (s *RemoteServer) signHash(w http.ResponseWriter, r *http.Request) {
	key, ok := s.key(w, r)
	if !ok {
		return
	}
	var req signRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		answerError(w, http.StatusBadRequest, "bad_request", "the body is not the expected JSON")
		return
	}
	var hash crypto.Hash
	for h, name := range hashNames {
		if name == req.HashAlgorithm {
			hash = h
		}
	}
	digest, err := base64.StdEncoding.DecodeString(req.Hash)
	if hash == 0 || err != nil || len(digest) != hash.Size() {
		answerError(w, http.StatusBadRequest, "bad_hash", "unknown hash_algorithm, or a hash of the wrong size")
		return
	}
	sig, err := key.Signer.Sign(rand.Reader, digest, hash)
	if err != nil {
		answerError(w, http.StatusInternalServerError, "sign_failed", "the key could not sign")
		return
	}
	answer(w, http.StatusOK, signResponse{Signature: base64.StdEncoding.EncodeToString(sig)})
}

// key finds the agency's key, answering 404 or 500 itself when it cannot.
func (s *RemoteServer) key(w http.ResponseWriter, r *http.Request) (Key, bool) {
	key, err := s.keys.Key(r.Context(), r.PathValue("code"))
	if e, ok := domain.AsError(err); ok && (e.Code == ErrKeyMissing.Code || e.Kind == domain.NotFound) {
		answerError(w, http.StatusNotFound, "agency_unknown", "no key for this agency")
		return Key{}, false
	}
	if err != nil {
		answerError(w, http.StatusInternalServerError, "keystore_failed", "the keystore failed")
		return Key{}, false
	}
	return key, true
}

func answer(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func answerError(w http.ResponseWriter, status int, code, message string) {
	answer(w, status, errorResponse{Code: code, Message: message})
}
