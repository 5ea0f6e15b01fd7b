package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"regexp"

	"github.com/gin-gonic/gin"
)

// RequestIDHeader carries the request id, taken from a sane caller's header or made,
// and echoed back.
const RequestIDHeader = "X-Request-ID"

type ctxKey struct{}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// RequestID takes the caller's X-Request-ID when it is sane, or makes one, puts it in the
// request's context and echoes it.
func RequestID(c *gin.Context) {
	id := c.GetHeader(RequestIDHeader)
	if !validRequestID.MatchString(id) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Set(RequestIDHeader, id)
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), ctxKey{}, id))
	c.Header(RequestIDHeader, id)
	c.Next()
}

// RequestIDOf returns the request's id.
func RequestIDOf(c *gin.Context) string { return c.GetString(RequestIDHeader) }

// RequestIDFrom returns the request id carried by ctx, or "": the process logger adds it
// to every record logged with the request's context.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}
