package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
)

var (
	errRouteNotFound    = domain.NewError(domain.NotFound, "route_not_found", "Không tìm thấy địa chỉ yêu cầu.")
	errMethodNotAllowed = &domain.Error{Kind: domain.MethodNotAllowed, Code: "method_not_allowed", Message: "Phương thức không được hỗ trợ."}
	errInternal         = domain.NewError(domain.Internal, "internal", "Lỗi hệ thống, vui lòng thử lại sau.")
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
func status(e *domain.Error) int {
	switch e.Kind {
	case domain.Invalid:
		return http.StatusBadRequest
	case domain.Unprocessable:
		return http.StatusUnprocessableEntity
	case domain.NotFound:
		return http.StatusNotFound
	case domain.Conflict:
		return http.StatusConflict
	case domain.Forbidden:
		return http.StatusForbidden
	case domain.Unavailable:
		return http.StatusServiceUnavailable
	case domain.Unauthorized:
		return http.StatusUnauthorized
	case domain.TooMany:
		return http.StatusTooManyRequests
	case domain.TooLarge:
		return http.StatusRequestEntityTooLarge
	case domain.UnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case domain.MethodNotAllowed:
		return http.StatusMethodNotAllowed
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
