package api

import (
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
)

// access says who may call an /api/v1 operation: anyone (no sign-in), a person's
// session (the handler then checks the account's kind and roles), machine clients
// holding one of scopes, or a combination. It is the one table the bearer middleware
// enforces and from which the served OpenAPI document's security and the generic 4xx
// answers of every operation are derived (withAccess).
type access struct {
	anyone  bool     // no sign-in needed (a session or a token may still be sent)
	session bool     // a person's session (cookie, with X-CSRF-Token on unsafe methods)
	scopes  []string // a machine client's bearer token holding one of these scopes
}

var (
	public      = access{anyone: true}
	person      = access{session: true}
	readable    = access{session: true, scopes: []string{domain.ScopeDossiersRead}}
	decidable   = access{session: true, scopes: []string{domain.ScopeDecisionsWrite}}
	statistical = access{session: true, scopes: []string{domain.ScopeStatsRead}}
	hooks       = access{scopes: []string{domain.ScopeWebhooksManage}}
	intake      = access{session: true, scopes: []string{domain.ScopeDossiersIntake}}
)

// routeAccess is who may call each operation, keyed "METHOD /path" with the path as the
// OpenAPI document writes it under /api/v1. A route missing here answers machines 403
// insufficient_scope, and TestEveryRouteStatesItsAccess fails.
var routeAccess = map[string]access{
	"GET /captcha":                                         public,
	"POST /auth/register":                                  public,
	"POST /auth/login":                                     public,
	"POST /auth/logout":                                    person,
	"POST /auth/forgot":                                    public,
	"POST /auth/reset":                                     public,
	"GET /me":                                              person,
	"PUT /me":                                              person,
	"PUT /me/password":                                     person,
	"GET /me/dossiers":                                     person,
	"GET /agencies":                                        public,
	"GET /fields":                                          public,
	"GET /procedures":                                      public,
	"GET /procedures/{id}":                                 public,
	"POST /dossiers":                                       person,
	"GET /dossiers/{ref}":                                  person,
	"PUT /dossiers/{ref}":                                  person,
	"DELETE /dossiers/{ref}":                               person,
	"POST /dossiers/{ref}/submit":                          person,
	"POST /dossiers/{ref}/files":                           person,
	"GET /dossiers/{ref}/files/{file}":                     readable,
	"DELETE /dossiers/{ref}/files/{file}":                  person,
	"POST /dossiers/{ref}/supplement":                      person,
	"POST /dossiers/{ref}/withdraw":                        person,
	"POST /dossiers/{ref}/rating":                          person,
	"GET /dossiers/{ref}/slips/{kind}":                     readable,
	"GET /lookup":                                          public,
	"GET /officer/inbox":                                   readable,
	"GET /officer/dossiers/{ref}":                          readable,
	"POST /officer/dossiers/{ref}/claim":                   decidable,
	"POST /officer/dossiers/{ref}/assign":                  decidable,
	"POST /officer/dossiers/{ref}/actions/{action}":        decidable,
	"POST /officer/dossiers/{ref}/files":                   decidable,
	"POST /officer/reassign":                               person,
	"GET /audit/dossiers/{ref}":                            person,
	"GET /audit/events":                                    person,
	"GET /audit/check":                                     person,
	"GET /admin/staff":                                     person,
	"POST /admin/staff":                                    person,
	"PUT /admin/staff/{id}":                                person,
	"GET /admin/catalogue":                                 person,
	"POST /admin/catalogue":                                person,
	"GET /stats":                                           statistical,
	"GET /stats/public":                                    public,
	"GET /openapi.json":                                    public,
	"POST /oauth/token":                                    public,
	"GET /admin/clients":                                   person,
	"POST /admin/clients":                                  person,
	"POST /admin/clients/{id}/secret":                      person,
	"POST /admin/clients/{id}/revoke":                      person,
	"GET /webhooks":                                        hooks,
	"POST /webhooks":                                       hooks,
	"DELETE /webhooks/{id}":                                hooks,
	"GET /admin/webhooks/deliveries":                       person,
	"POST /admin/webhooks/deliveries/{id}/replay":          person,
	"GET /templates/{name}":                                public,
	"GET /deadline":                                        public,
	"POST /lookup/verify":                                  public,
	"POST /paygov/callback":                                public, // the platform's, checked by its signature
	"GET /dossiers/{ref}/payments":                         person,
	"POST /dossiers/{ref}/payments":                        person,
	"GET /dossiers/{ref}/payments/{reference}/receipt.pdf": person,
	"GET /me/documents":                                    person,
	"GET /me/documents/{id}/file":                          person,
	"GET /officer/intake/person":                           intake,
	"POST /officer/intake":                                 intake,
	"POST /officer/intake/{ref}/files":                     intake,
	"POST /officer/intake/slips/{kind}":                    intake,
	"GET /oversight/dossiers":                              readable,
	"POST /oversight/reassign":                             person,
	"GET /reports/late":                                    statistical,
	"GET /reports/workload":                                statistical,
	"GET /stats/index":                                     statistical,
	"GET /admin/national/outbox":                           person,
	"POST /admin/national/outbox/{id}/{resolution}":        person,
	"GET /admin/national/catalogue":                        person,
	"POST /admin/national/catalogue":                       person,
	"PUT /admin/national/mapping":                          person,
}

// routeKey is the routeAccess key of a gin route: its method and its path under
// /api/v1 with :name written {name}.
func routeKey(method, fullPath string) string {
	parts := strings.Split(strings.TrimPrefix(fullPath, "/api/v1"), "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") || strings.HasPrefix(p, "*") {
			parts[i] = "{" + p[1:] + "}"
		}
	}
	return method + " " + strings.Join(parts, "/")
}

// accepts reports whether a token holding granted may call the operation.
func (a access) accepts(granted []string) bool {
	if a.anyone {
		return true
	}
	for _, want := range a.scopes {
		for _, g := range granted {
			if g == want {
				return true
			}
		}
	}
	return false
}
