package config

import (
	"net/url"
	"regexp"
	"strings"
)

// Signing configures the PAdES signatures of everything the system issues (slips,
// results, payment receipts): which agency signs with which certificate.
type Signing struct {
	// Mode is "pkcs12" (PKCS#12 files on this machine) or "remote" (a remote signing
	// service holds the keys).
	Mode string `mapstructure:"mode"`
	// Dir is, in dev, where `dvc dev` keeps its demo CA and agency certificates; empty
	// means <data_dir>/signing.
	Dir string `mapstructure:"dir"`
	// Default signs for the agencies without a file of their own (pkcs12 mode).
	Default P12Key `mapstructure:"default"`
	// Agencies are the agencies' own files (pkcs12 mode); a list because agency codes
	// contain dots, which viper takes for nesting.
	Agencies []AgencyKey `mapstructure:"agencies"`
	// Remote is the signing service (remote mode).
	Remote RemoteSigner `mapstructure:"remote"`
	// TrustRoots are PEM files of the CA roots whose signatures the public lookup
	// accepts (the roots of the PKCS#12 files are trusted as well).
	TrustRoots []string `mapstructure:"trust_roots"`
	// Reason is written in every signature.
	Reason string `mapstructure:"reason"`
}

// P12Key is a PKCS#12 file and the environment variable holding its password.
type P12Key struct {
	P12         string `mapstructure:"p12"`
	PasswordEnv string `mapstructure:"password_env"`
}

// AgencyKey is one agency's PKCS#12 file, by its electronic code.
type AgencyKey struct {
	Code        string `mapstructure:"code"`
	P12         string `mapstructure:"p12"`
	PasswordEnv string `mapstructure:"password_env"`
}

// RemoteSigner is the remote signing service (signer.RemoteKeystore's protocol).
type RemoteSigner struct {
	URL      string `mapstructure:"url"`
	TokenEnv string `mapstructure:"token_env"`
}

// Slips configures the header and the date line of the official forms.
type Slips struct {
	// Province is the province's name, e.g. "Bắc Kạn" (dev: the demo's province).
	Province string `mapstructure:"province"`
	// Parent is the governing body above the agency; empty: the province's People's
	// Committee.
	Parent string `mapstructure:"parent"`
	// Place is the place name of the date line; empty: the province.
	Place string `mapstructure:"place"`
}

// QR configures the QR code on slips and results.
type QR struct {
	// KeyEnv names the environment variable holding the HMAC key of the applicant's ID
	// hash (at least 16 bytes); in dev an unset variable means a key kept in signing.dir.
	KeyEnv string `mapstructure:"key_env"`
}

// PayGov configures online payment through the national portal's payment platform.
type PayGov struct {
	// URL is the platform's endpoint (INIT and QUERY are posted there); empty in dev
	// means the stand-in `dvc dev` serves at /dev/paygov, and outside dev turns online
	// payment off.
	URL string `mapstructure:"url"`
	// PartnerCode is MaDoiTac, the province's partner code on the platform.
	PartnerCode string `mapstructure:"partner_code"`
	// SecretEnv names the environment variable holding the shared secret of MaXacThuc.
	SecretEnv string `mapstructure:"secret_env"`
	// Version is PhienBan, the message version.
	Version string `mapstructure:"version"`
}

// The signing modes.
const (
	SigningPKCS12 = "pkcs12"
	SigningRemote = "remote"
)

var envName = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)

// resultsDefaults are the defaults of the signing, slips, QR and payment keys.
func resultsDefaults(c *Config) {
	c.Signing = Signing{Mode: SigningPKCS12, Agencies: []AgencyKey{}, TrustRoots: []string{},
		Reason: "Văn bản điện tử do hệ thống giải quyết thủ tục hành chính phát hành"}
	c.QR = QR{KeyEnv: "DVC_QR_KEY"}
	c.PayGov = PayGov{SecretEnv: "DVC_PAYGOV_SECRET", Version: "1.0.6"}
}

// validateResults checks the shape of the signing, QR and payment keys. Whether the
// files and secrets are there is checked when the API starts (only it signs).
func (c Config) validateResults(bad func(key, format string, args ...any)) {
	s := c.Signing
	switch s.Mode {
	case SigningPKCS12:
		seen := map[string]bool{}
		for i, a := range s.Agencies {
			if strings.TrimSpace(a.Code) == "" || a.P12 == "" {
				bad("signing.agencies", "entry %d needs a code and a p12 file", i+1)
			}
			if seen[a.Code] {
				bad("signing.agencies", "agency %s is listed twice", a.Code)
			}
			seen[a.Code] = true
			checkEnv(bad, "signing.agencies", a.PasswordEnv)
		}
		checkEnv(bad, "signing.default.password_env", s.Default.PasswordEnv)
	case SigningRemote:
		if u, err := url.Parse(s.Remote.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("signing.remote.url", "must be the signing service's http(s) URL in remote mode, got %q", s.Remote.URL)
		}
		checkEnv(bad, "signing.remote.token_env", s.Remote.TokenEnv)
	default:
		bad("signing.mode", "must be %q or %q, got %q", SigningPKCS12, SigningRemote, s.Mode)
	}
	checkEnv(bad, "qr.key_env", c.QR.KeyEnv)
	checkEnv(bad, "paygov.secret_env", c.PayGov.SecretEnv)
	if c.PayGov.URL != "" {
		if u, err := url.Parse(c.PayGov.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("paygov.url", "must be an http(s) URL, got %q", c.PayGov.URL)
		}
		if c.PayGov.PartnerCode == "" {
			bad("paygov.partner_code", "must be set when paygov.url is")
		}
	}
	if c.PayGov.Version == "" {
		bad("paygov.version", "must not be empty")
	}
}

// checkEnv accepts an empty name or an environment variable's name.
func checkEnv(bad func(key, format string, args ...any), key, name string) {
	if name != "" && !envName.MatchString(name) {
		bad(key, "must name an environment variable (A-Z, 0-9, _), got %q", name)
	}
}
