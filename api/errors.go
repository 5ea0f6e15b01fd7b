package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/apperr"
)

var (
	errRouteNotFound    = apperr.New(apperr.NotFound, "route_not_found", "Không tìm thấy địa chỉ yêu cầu.")
	errMethodNotAllowed = &apperr.Error{Kind: apperr.Invalid, Code: "method_not_allowed", Message: "Phương thức không được hỗ trợ."}
	errInternal         = apperr.New(0, "internal", "Lỗi hệ thống, vui lòng thử lại sau.")
)

// errorBody is the JSON shape of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id"`
}

// status maps an application error to its HTTP status: the one place that does.
func status(e *apperr.Error) int {
	switch e.Code {
	case "method_not_allowed":
		return http.StatusMethodNotAllowed
	case "body_too_large", "file_too_large":
		return http.StatusRequestEntityTooLarge
	case "unsupported_media_type", "forbidden_file_type":
		return http.StatusUnsupportedMediaType
	case "catalogue_invalid", "invalid_staff", "invalid_decision", "invalid_dossier", "invalid_account", "weak_password", "invalid_profile", "missing_components", "invalid_draft", "invalid_day", "invalid_form":
		return http.StatusUnprocessableEntity
	}
	switch e.Kind {
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// fail answers err: an application error with its code and message, a dependency
// outage as a retryable 503 "unavailable" with Retry-After, anything else as "internal"
// after logging it with the request id.
func (s *Server) fail(c *gin.Context, err error) {
	e := appError(err)
	if e == nil {
		s.Log.ErrorContext(c, "request failed", "err", err, "request_id", requestIDOf(c), "route", c.FullPath())
		e = errInternal
	} else if e.Err != nil {
		s.Log.WarnContext(c, "request refused", "err", err, "request_id", requestIDOf(c))
	}
	setRetryAfter(c, status(e))
	c.AbortWithStatusJSON(status(e), errorBody{Error: errorDetail{
		Code: e.Code, Message: e.Message, Fields: e.Fields, RequestID: requestIDOf(c),
	}})
}
