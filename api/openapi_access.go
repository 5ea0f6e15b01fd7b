package api

import (
	"fmt"
	"net/http"
	"strings"
)

// withAccess sets, in the OpenAPI document d, every operation's security from
// routeAccess (an operation that states its own, like the token endpoint, keeps it) and
// adds the 4xx answers the middleware may give it: 401 invalid_token and 429
// rate_limited (a bearer token), 403 csrf_failed (a session's unsafe request) or
// insufficient_scope, and 400/413/415 for a JSON body. An operation missing from
// routeAccess is an error.
func withAccess(d map[string]any) error {
	paths, _ := d["paths"].(map[string]any)
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			op, ok := op.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			key := strings.ToUpper(method) + " " + path
			a, ok := routeAccess[key]
			if !ok {
				return fmt.Errorf("%s is not in routeAccess", key)
			}
			unsafe := method != "get" && method != "head"
			if _, own := op["security"]; !own {
				op["security"] = a.security(unsafe)
			}
			addErrors(op, a, unsafe)
		}
	}
	return nil
}

// security is the OpenAPI security requirement list of an operation with access a.
func (a access) security(unsafe bool) []any {
	if a.anyone {
		return []any{map[string]any{}}
	}
	var reqs []any
	if a.session {
		req := map[string]any{"session": []any{}}
		if unsafe {
			req["csrf"] = []any{}
		}
		reqs = append(reqs, req)
	}
	for _, sc := range a.scopes {
		reqs = append(reqs, map[string]any{"bearer": []any{sc}})
	}
	return reqs
}

// addErrors adds to op the answers of the middleware and of the body's decoding that it
// does not list yet, each a reference to the shared Error response.
func addErrors(op map[string]any, a access, unsafe bool) {
	responses, _ := op["responses"].(map[string]any)
	if responses == nil {
		responses = map[string]any{}
		op["responses"] = responses
	}
	add := func(status int) {
		key := fmt.Sprint(status)
		if _, ok := responses[key]; !ok {
			responses[key] = map[string]any{"$ref": "#/components/responses/Error"}
		}
	}
	add(http.StatusUnauthorized)    // invalid_token; login_required
	add(http.StatusTooManyRequests) // rate_limited
	if !a.anyone || unsafe {
		add(http.StatusForbidden) // insufficient_scope; csrf_failed
	}
	if _, ok := op["requestBody"]; ok {
		add(http.StatusBadRequest)            // invalid_json
		add(http.StatusRequestEntityTooLarge) // body_too_large
		add(http.StatusUnsupportedMediaType)  // unsupported_media_type
	}
}
