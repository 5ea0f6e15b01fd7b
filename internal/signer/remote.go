package signer

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// RemoteKeystore lets a remote signing service hold the agencies' keys (a provincial
// CA's signing server, or a gateway in front of an HSM): the private key never leaves
// it; dvc sends the hash to sign. The protocol, over HTTPS, JSON bodies:
//
//	GET  {base}/agencies/{code}/certificate-chain
//	     → 200 {"chain": ["<base64 DER>", …]}   signing certificate first, then its issuers
//	POST {base}/agencies/{code}/sign-hash
//	     {"hash_algorithm": "SHA-256", "hash": "<base64>"}
//	     → 200 {"signature": "<base64>"}
//
// The signature is what Go's crypto.Signer returns for that hash: RSASSA-PKCS1-v1_5 over
// the DigestInfo for an RSA key, an ASN.1 ECDSA-Sig-Value for an EC key. hash_algorithm
// is SHA-256, SHA-384 or SHA-512. Every request carries "Authorization: Bearer <token>"
// when a token is configured. An agency without a key of its own is served the
// service's default key or answers 404. Errors answer a non-2xx status with
// {"code": "…", "message": "…"}: 401 bad token, 404 unknown agency, 400 bad request,
// 5xx the service's own failure. RemoteServer serves this protocol as a stand-in.
type RemoteKeystore struct {
	base   string
	token  string
	client *http.Client
}

// NewRemoteKeystore returns a keystore speaking to the service at base (e.g.
// "https://ky-so.example.gov.vn/v1") with token; client nil means http.DefaultClient.
func NewRemoteKeystore(base, token string, client *http.Client) *RemoteKeystore {
	if client == nil {
		client = http.DefaultClient
	}
	return &RemoteKeystore{base: strings.TrimRight(base, "/"), token: token, client: client}
}

// wire bodies of the remote protocol.
type (
	chainResponse struct {
		Chain []string `json:"chain"`
	}
	signRequest struct {
		HashAlgorithm string `json:"hash_algorithm"`
		Hash          string `json:"hash"`
	}
	signResponse struct {
		Signature string `json:"signature"`
	}
	errorResponse struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
)

// Key fetches the agency's certificate chain; the key it returns asks the service to
// sign, within ctx. Errors: signing_key_missing (the service answers 404),
// signer_unavailable (it cannot be reached or fails).
func (rk *RemoteKeystore) Key(ctx context.Context, agencyCode string) (Key, error) {
	var resp chainResponse
	if err := rk.call(ctx, http.MethodGet, agencyCode, "certificate-chain", nil, &resp); err != nil {
		return Key{}, err
	}
	if len(resp.Chain) == 0 {
		return Key{}, fmt.Errorf("signer: remote: agency %s: empty certificate chain", agencyCode)
	}
	chain := make([]*x509.Certificate, 0, len(resp.Chain))
	for _, b64 := range resp.Chain {
		der, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return Key{}, fmt.Errorf("signer: remote: agency %s: %w", agencyCode, err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return Key{}, fmt.Errorf("signer: remote: agency %s: %w", agencyCode, err)
		}
		chain = append(chain, c)
	}
	return Key{Signer: &remoteKey{rk: rk, ctx: ctx, agency: agencyCode, pub: chain[0].PublicKey}, Chain: chain}, nil
}

// call sends one request of the protocol and decodes the answer into out.
func (rk *RemoteKeystore) call(ctx context.Context, method, agency, op string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("signer: remote: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, rk.base+"/agencies/"+url.PathEscape(agency)+"/"+op, rd)
	if err != nil {
		return fmt.Errorf("signer: remote: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if rk.token != "" {
		req.Header.Set("Authorization", "Bearer "+rk.token)
	}
	res, err := rk.client.Do(req)
	if err != nil {
		return wrapUnavailable(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return wrapUnavailable(err)
	}
	if res.StatusCode != http.StatusOK {
		var e errorResponse
		_ = json.Unmarshal(data, &e)
		cause := fmt.Errorf("signer: remote: %s %s: %d %s %s", method, op, res.StatusCode, e.Code, e.Message)
		if res.StatusCode == http.StatusNotFound {
			return wrap(ErrKeyMissing, cause)
		}
		if res.StatusCode >= 500 {
			return wrapUnavailable(cause)
		}
		return cause
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("signer: remote: %s: %w", op, err)
	}
	return nil
}

// remoteKey is a crypto.Signer whose private half is at the remote service.
type remoteKey struct {
	rk     *RemoteKeystore
	ctx    context.Context
	agency string
	pub    crypto.PublicKey
}

// Public returns the signing certificate's public key.
func (k *remoteKey) Public() crypto.PublicKey { return k.pub }

// Sign asks the service to sign digest, a hash made with opts.HashFunc().
func (k *remoteKey) Sign(_ io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	name, ok := hashNames[opts.HashFunc()]
	if !ok {
		return nil, fmt.Errorf("signer: remote: hash %v is not part of the protocol", opts.HashFunc())
	}
	var resp signResponse
	req := signRequest{HashAlgorithm: name, Hash: base64.StdEncoding.EncodeToString(digest)}
	if err := k.rk.call(k.ctx, http.MethodPost, k.agency, "sign-hash", req, &resp); err != nil {
		return nil, err
	}
	sig, err := base64.StdEncoding.DecodeString(resp.Signature)
	if err != nil {
		return nil, fmt.Errorf("signer: remote: signature: %w", err)
	}
	return sig, nil
}

// hashNames are the protocol's names of the hash algorithms.
var hashNames = map[crypto.Hash]string{crypto.SHA256: "SHA-256", crypto.SHA384: "SHA-384", crypto.SHA512: "SHA-512"}

func wrapUnavailable(cause error) error { return wrap(ErrSignerUnavailable, cause) }
