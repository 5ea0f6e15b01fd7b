package nationalportal

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// Headers of an HMAC-signed push.
const (
	HeaderTimestamp = "X-DVC-Timestamp" // Unix seconds
	HeaderSignature = "X-DVC-Signature" // "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body)
)

// PushAuth is how the push endpoint authenticates the portal. The official mechanism is
// not public (§5.8), so two are offered; at least one must be configured, and a request
// passes when it satisfies any configured one:
//
//   - Secret (national.push.secret): the body is signed with HMAC-SHA256 over
//     "<timestamp>.<body>", the timestamp (Unix seconds) in X-DVC-Timestamp and
//     "sha256=<hex>" in X-DVC-Signature; a timestamp more than MaxSkew away from now is
//     refused, so a captured request cannot be replayed later (and within the window a
//     replay is harmless: intake is idempotent on MaHoSo);
//   - BearerToken (national.push.token): "Authorization: Bearer <token>", for a gateway
//     (LGSP/NGSP) that can only add a static header. Use it only over TLS.
type PushAuth struct {
	Secret      []byte
	BearerToken string
	MaxSkew     time.Duration // default 5 minutes
}

// SignPush returns the two headers' values that sign body at t with secret.
func SignPush(secret []byte, t time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(timestamp + "."))
	mac.Write(body)
	return timestamp, "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func (a PushAuth) check(r *http.Request, body []byte, now time.Time) bool {
	if a.BearerToken != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if ok && subtle.ConstantTimeCompare([]byte(got), []byte(a.BearerToken)) == 1 {
			return true
		}
	}
	if len(a.Secret) == 0 {
		return false
	}
	ts := r.Header.Get(HeaderTimestamp)
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	skew := a.MaxSkew
	if skew <= 0 {
		skew = 5 * time.Minute
	}
	if d := now.Sub(time.Unix(sec, 0)); d > skew || d < -skew {
		return false
	}
	_, want := SignPush(a.Secret, time.Unix(sec, 0), body)
	return hmac.Equal([]byte(r.Header.Get(HeaderSignature)), []byte(want))
}

// PushHandler receives dossiers the portal pushes (POST, a PushedDossier as JSON) and
// hands them to Intake. It answers the createdossierfromdvcqg envelope of §2.3:
//
//	200 {"error_code":0,"message":"<MaHoSo>|Tiếp nhận hồ sơ thành công"}   created
//	200 {"error_code":1,"message":"<MaHoSo>|Hồ sơ đã tồn tại"}             already received
//	400 {"error_code":-1,"message":"…","fields":{…}}                      unreadable, or refused by Intake
//	401 / 405 / 413 {"error_code":-1,…}                                   not authenticated, not POST, too large
//	503 {"error_code":-1,…}                                               Intake failed for now: push again
type PushHandler struct {
	intake  Intake
	auth    PushAuth
	maxBody int64
	now     func() time.Time
	log     *slog.Logger
}

// NewPushHandler returns the handler; the lead mounts it (suggested path
// /lien-thong/quoc-gia/ho-so), outside the session and CSRF middleware. A PushAuth
// with neither a secret nor a token is a domain.Error of kind Invalid, code
// "national_config_invalid". log may be nil.
func NewPushHandler(in Intake, auth PushAuth, log *slog.Logger) (*PushHandler, error) {
	if len(auth.Secret) == 0 && auth.BearerToken == "" {
		return nil, domain.NewError(domain.Invalid, CodeConfigInvalid,
			"Chưa cấu hình khoá xác thực (national.push.secret hoặc national.push.token) cho điểm nhận hồ sơ.")
	}
	if log == nil {
		log = slog.Default()
	}
	return &PushHandler{intake: in, auth: auth, maxBody: 64 << 20, now: time.Now, log: log}, nil
}

type pushAnswer struct {
	ErrorCode int               `json:"error_code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
}

func reply(w http.ResponseWriter, status int, a pushAnswer) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(a)
}

// ServeHTTP implements http.Handler.
func (h *PushHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		reply(w, http.StatusMethodNotAllowed, pushAnswer{ErrorCode: -1, Message: "Chỉ nhận phương thức POST."})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			reply(w, http.StatusRequestEntityTooLarge, pushAnswer{ErrorCode: -1, Message: "Hồ sơ vượt quá dung lượng cho phép."})
			return
		}
		reply(w, http.StatusBadRequest, pushAnswer{ErrorCode: -1, Message: "Không đọc được nội dung yêu cầu."})
		return
	}
	if !h.auth.check(r, body, h.now()) {
		reply(w, http.StatusUnauthorized, pushAnswer{ErrorCode: -1, Message: "Yêu cầu không được xác thực."})
		return
	}
	var p PushedDossier
	if err := json.Unmarshal(body, &p); err != nil {
		reply(w, http.StatusBadRequest, pushAnswer{ErrorCode: -1, Message: "Nội dung không phải JSON hợp lệ theo bản tin hồ sơ."})
		return
	}
	rec, err := p.Record(SourcePush)
	if err != nil {
		e, _ := domain.AsError(err)
		reply(w, http.StatusBadRequest, pushAnswer{ErrorCode: -1, Message: e.Message, Fields: e.Fields})
		return
	}
	res, err := h.intake.Intake(r.Context(), rec)
	switch {
	case err != nil && permanentIntake(err):
		e, _ := domain.AsError(err)
		reply(w, http.StatusBadRequest, pushAnswer{ErrorCode: -1, Message: rec.Code + "|" + e.Message, Fields: e.Fields})
	case err != nil:
		h.log.Error("national push: intake failed", "code", rec.Code, "err", err)
		reply(w, http.StatusServiceUnavailable, pushAnswer{ErrorCode: -1, Message: rec.Code + "|Hệ thống tạm thời gián đoạn, vui lòng gửi lại sau."})
	case !res.Created:
		reply(w, http.StatusOK, pushAnswer{ErrorCode: 1, Message: rec.Code + "|Hồ sơ đã tồn tại"})
	default:
		reply(w, http.StatusOK, pushAnswer{ErrorCode: 0, Message: rec.Code + "|Tiếp nhận hồ sơ thành công"})
	}
}
