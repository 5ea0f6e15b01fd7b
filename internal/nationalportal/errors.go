package nationalportal

import (
	"fmt"
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
)

// Error codes of the adapter. Every error the Client returns is a *domain.Error with one
// of the first two codes, so that the Sender knows whether to retry or to park.
const (
	// CodeRefused: the portal answered and refused this message (error_code ≠ 0, or HTTP
	// 400/413/422). Sending it again unchanged will not help: park it. Kind Unprocessable;
	// Fields["error_code"] and Fields["reason"] hold the portal's code and message.
	CodeRefused = "national_refused"
	// CodeUnavailable: the portal could not be reached, timed out, answered 5xx/408/429,
	// answered something unreadable, or refused the sign-in. Try again later. Kind
	// Unavailable.
	CodeUnavailable = "national_unavailable"
	// CodeConfigInvalid: the adapter's configuration is incomplete. Kind Invalid.
	CodeConfigInvalid = "national_config_invalid"
)

// refused builds the error of a message the portal refused.
func refused(code, reason string) *domain.Error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		reason = "không có lý do"
	}
	e := domain.NewError(domain.Unprocessable, CodeRefused,
		"Cổng DVC quốc gia từ chối bản tin: "+reason)
	e.Fields = map[string]string{"error_code": code, "reason": reason}
	return e
}

// unavailable builds the error of a call that may succeed later.
func unavailable(what string, cause error) *domain.Error {
	return domain.WrapError(domain.Unavailable, CodeUnavailable,
		"Không kết nối được Cổng DVC quốc gia, hệ thống sẽ tự gửi lại.", fmt.Errorf("%s: %w", what, cause))
}

// Refusal reports whether err is the portal's refusal of a message, and its reason.
func Refusal(err error) (reason string, ok bool) {
	e, ok := domain.AsError(err)
	if !ok || e.Code != CodeRefused {
		return "", false
	}
	return e.Fields["reason"], true
}

// IsTransient reports whether err is a failure worth retrying: anything that is not a
// refusal and not a configuration error.
func IsTransient(err error) bool {
	if err == nil {
		return false
	}
	e, ok := domain.AsError(err)
	return !ok || (e.Code != CodeRefused && e.Code != CodeConfigInvalid)
}
