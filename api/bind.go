package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
)

// decodeJSON reads exactly one JSON object into v, refusing unknown fields, trailing
// data, a body over the limit and anything not sent as application/json.
func decodeJSON(c *gin.Context, v any) error {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "application/json" {
		return domain.NewError(domain.UnsupportedMedia, "unsupported_media_type", "Yêu cầu phải gửi dữ liệu JSON (Content-Type: application/json).")
	}
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return jsonError(err)
	}
	if !utf8.Valid(raw) {
		return domain.NewError(domain.Invalid, "invalid_json", "Dữ liệu JSON phải được mã hoá UTF-8.")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return jsonError(err)
		}
		return domain.NewError(domain.Invalid, "invalid_json", "Dữ liệu JSON không hợp lệ: có nội dung thừa sau đối tượng.")
	}
	return nil
}

func jsonError(err error) error {
	var tooLarge *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooLarge):
		return domain.NewError(domain.TooLarge, "body_too_large", "Dữ liệu gửi lên quá lớn.")
	case errors.As(err, &typeErr):
		return &domain.Error{Kind: domain.Invalid, Code: "invalid_json", Message: "Dữ liệu JSON sai kiểu.",
			Fields: map[string]string{typeErr.Field: "Sai kiểu dữ liệu."}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &domain.Error{Kind: domain.Invalid, Code: "invalid_json", Message: "Dữ liệu JSON có trường không được hỗ trợ.",
			Fields: map[string]string{field: "Trường không được hỗ trợ."}}
	case errors.Is(err, io.EOF):
		return domain.NewError(domain.Invalid, "invalid_json", "Thiếu dữ liệu JSON.")
	}
	return domain.WrapError(domain.Invalid, "invalid_json", "Dữ liệu JSON không hợp lệ.", err)
}
