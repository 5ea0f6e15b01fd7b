package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/api"
	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// accessActors are the columns of accessMatrix, in order: anonymous; the dossier's owner
// and another citizen; the four officers of the dossier's agency (Sở Giáo dục và Đào tạo,
// 000.00.03.H03: one-stop reception, specialist, leader, clerk); three officers of another
// agency (Sở Tài nguyên và Môi trường); the province's supervisor and the administrator.
var accessActors = []string{"anon", "owner", "other", "motcua", "chuyenvien", "lanhdao", "vanthu",
	"tnmt.motcua", "tnmt.chuyenvien", "tnmt.lanhdao", "giamsat", "quantri"}

// Cells of accessMatrix: 'a' allowed (the call gets past every access check: not 401 or
// 403, not 5xx, none of the refusals' codes below); every other letter is a refusal with its status and stable code.
var accessDenials = map[byte]denial{
	'u': {401, "login_required"},
	's': {403, "staff_only"},
	'c': {403, "citizens_only"},
	'h': {403, "not_handling_agency"},
	'd': {403, "decision_forbidden"},
	'n': {404, "dossier_not_found"},  // another person's dossier is not said to exist
	'D': {404, "document_not_found"}, // another person's stored document is not said to exist
	't': {401, "invalid_token"},      // a machine client's endpoint called without a bearer token
	'm': {403, "machine_only"},       // a machine client's endpoint called by a person
	// Pages answer refusals as HTML with the status, the stable code shown as "Mã lỗi: CODE"
	// (the same letters apply), and send an anonymous visitor to the login page:
	'l': {303, "login_redirect"}, // 303 to /dang-nhap (a page's "login required")
}

// denial is a refusal's status and stable code.
type denial struct {
	status int
	code   string
}

// loginRedirect is the code call gives a 303 to the login page.
const loginRedirect = "login_redirect"

// errorCodeInPage finds the stable code an HTML answer shows ("Mã lỗi: CODE").
var errorCodeInPage = regexp.MustCompile(`Mã lỗi: ([a-z_]+)`)

// accessRow is one route of the access matrix: how to call it, and what each actor gets.
type accessRow struct {
	route string // "METHOD /path" exactly as registered
	cells string // one letter per actor, grouped by spaces: anon | citizens | home agency | other agency | supervisor admin
	path  string // the path to call, with {placeholders}; the route's own when empty
	body  string // a JSON body ("" for none), "multipart" for a form without its file, or "form:k=v&…" for a page form (csrf_token added)
	// fresh: the row acts on a dossier made for it ({fresh}, {freshdraft}, {freshfile}),
	// or (logout) on a new session of each actor.
	fresh bool
}

// Probes are chosen so that an allowed call changes nothing it should not: bodies that
// fail to decode ("{") or page forms that fail validation are read only after the access
// checks; rows whose allowed call acts (delete, withdraw, claim, assign, receive, log in,
// log out) work on a fresh dossier or session, and their denied actors are called first.
const badJSON = "{"

// pageLogin is the login form of the owner, posted by every actor from a session of its own.
var pageLogin = "form:username=congdan&password=" + url.QueryEscape(demo.Password)

// csrfExempt are the routes of the payment platform's stand-in (dvc dev only): it plays
// another site, called server to server (INIT, QUERY) or by its own page's form, so the
// portal's CSRF tokens do not apply. (The platform's callback to the portal, an
// anonymous API call, is checked like every route.)
var csrfExempt = map[string]bool{"POST /dev/paygov/api": true, "POST /dev/paygov/thanh-toan": true}

// sessionRows act on the caller's session: each actor calls them from a new one.
var sessionRows = map[string]bool{"POST /api/v1/auth/logout": true, "POST /dang-xuat": true, "POST /dang-nhap": true}

var accessMatrix = []accessRow{
	{route: "GET /healthz", cells: "a aa aaaa aaa aa"},
	{route: "GET /readyz", cells: "a aa aaaa aaa aa"},
	{route: "GET /metrics", cells: "a aa aaaa aaa aa"},
	{route: "GET /", cells: "a aa aaaa aaa aa"},
	{route: "GET /tra-cuu", cells: "a aa aaaa aaa aa", path: "/tra-cuu?code={sent}"},
	{route: "POST /tra-cuu/kiem-tra", cells: "a aa aaaa aaa aa", body: "form:"}, // no document: 400
	{route: "GET /dev/mailbox", cells: "a aa aaaa aaa aa"},                      // dvc dev only
	{route: "GET /static/*file", cells: "a aa aaaa aaa aa", path: "/static/style.css"},
	{route: "GET /lien-thong/quoc-gia/tep/:file", cells: "a aa aaaa aaa aa", path: "/lien-thong/quoc-gia/tep/1?ho_so=1&het=1&ky=x"}, // unsigned: 404
	{route: "HEAD /static/*file", cells: "a aa aaaa aaa aa", path: "/static/console.css"},

	// Citizen portal: public pages and forms.
	{route: "GET /van-ban", cells: "a aa aaaa aaa aa"},
	{route: "GET /huong-dan", cells: "a aa aaaa aaa aa"},
	{route: "GET /hoi-dap", cells: "a aa aaaa aaa aa"},
	{route: "GET /thu-tuc", cells: "a aa aaaa aaa aa"},
	{route: "GET /dich-vu-cong", cells: "a aa aaaa aaa aa"},
	{route: "GET /thu-tuc/:id", cells: "a aa aaaa aaa aa", path: "/thu-tuc/{proc}"},
	{route: "GET /thong-ke", cells: "a aa aaaa aaa aa"},
	{route: "GET /dang-ky", cells: "a aa aaaa aaa aa"},
	{route: "POST /dang-ky", cells: "a aa aaaa aaa aa", body: "form:username=khach02&captcha_id=x&captcha_answer=SAI"},
	{route: "GET /dang-nhap", cells: "a aa aaaa aaa aa"},
	{route: "POST /dang-nhap", cells: "a aa aaaa aaa aa", body: pageLogin, fresh: true},
	{route: "POST /dang-xuat", cells: "a aa aaaa aaa aa", body: "form:", fresh: true},
	{route: "GET /dang-nhap/quoc-gia", cells: "a aa aaaa aaa aa"},          // not configured here: 404
	{route: "GET /dang-nhap/quoc-gia/callback", cells: "a aa aaaa aaa aa"}, // idem
	{route: "POST /dang-nhap/quoc-gia/lien-ket", cells: "a aa aaaa aaa aa", body: "form:"},
	{route: "GET /quen-mat-khau", cells: "a aa aaaa aaa aa"},
	{route: "POST /quen-mat-khau", cells: "a aa aaaa aaa aa", body: "form:"},
	{route: "GET /dat-lai-mat-khau", cells: "a aa aaaa aaa aa"},
	{route: "POST /dat-lai-mat-khau", cells: "a aa aaaa aaa aa", body: "form:token=x&new_password=a&new_password_confirm=b"},
	{route: "GET /bo-sung", cells: "a aa aaaa aaa aa"},
	{route: "POST /bo-sung", cells: "a aa aaaa aaa aa", body: "form:"},
	{route: "GET /bo-sung/da-gui", cells: "a aa aaaa aaa aa", path: "/bo-sung/da-gui?code={sent}"},
	// Signed-in pages (any account).
	{route: "GET /ca-nhan", cells: "l aa aaaa aaa aa"},
	{route: "POST /ca-nhan", cells: "l aa aaaa aaa aa", body: "form:email=khong-hop-le"},
	{route: "GET /ca-nhan/mat-khau", cells: "l aa aaaa aaa aa"},
	{route: "POST /ca-nhan/mat-khau", cells: "l aa aaaa aaa aa", body: "form:new_password=a&new_password_confirm=b"},
	// Citizens' dossier pages: staff get the 403 page, another citizen a 404.
	{route: "POST /thu-tuc/:id/nop", cells: "l aa cccc ccc cc", path: "/thu-tuc/{proc}/nop", body: "form:"}, // a citizen's call makes a draft
	{route: "GET /ho-so", cells: "l aa cccc ccc cc"},
	{route: "GET /kho-du-lieu", cells: "l aa cccc ccc cc"},
	{route: "GET /ho-so/:ref", cells: "l an cccc ccc cc", path: "/ho-so/{sent}"},
	{route: "GET /ho-so/:ref/sua", cells: "l an cccc ccc cc", path: "/ho-so/{draft}/sua"},
	{route: "POST /ho-so/:ref/sua", cells: "l an cccc ccc cc", path: "/ho-so/{draft}/sua", body: "form:"}, // no applicant: nothing saved
	{route: "POST /ho-so/:ref/xoa", cells: "l an cccc ccc cc", path: "/ho-so/{freshdraft}/xoa", body: "form:", fresh: true},
	{route: "GET /ho-so/:ref/da-gui", cells: "l an cccc ccc cc", path: "/ho-so/{sent}/da-gui"},
	{route: "GET /ho-so/:ref/bo-sung", cells: "l an cccc ccc cc", path: "/ho-so/{sent}/bo-sung"},
	{route: "POST /ho-so/:ref/bo-sung", cells: "l an cccc ccc cc", path: "/ho-so/{sent}/bo-sung", body: "form:"}, // not awaiting a supplement: 409
	{route: "POST /ho-so/:ref/rut", cells: "l an cccc ccc cc", path: "/ho-so/{fresh}/rut", body: "form:", fresh: true},
	{route: "POST /ho-so/:ref/danh-gia", cells: "l an cccc ccc cc", path: "/ho-so/{sent}/danh-gia", body: "form:rating=x"}, // not delivered: refused after the checks
	{route: "POST /ho-so/:ref/thanh-toan", cells: "l an cccc ccc cc", path: "/ho-so/{sent}/thanh-toan", body: "form:"},     // no fee asked: 409
	{route: "GET /thanh-toan/ket-qua", cells: "l aa cccc ccc cc", path: "/thanh-toan/ket-qua?MaThamChieu=X"},               // no such payment: 404
	{route: "POST /dev/paygov/api", cells: "a aa aaaa aaa aa", body: badJSON},                                              // the payment platform's stand-in, dvc dev only
	{route: "GET /dev/paygov/thanh-toan", cells: "a aa aaaa aaa aa", path: "/dev/paygov/thanh-toan?ma=X"},
	{route: "POST /dev/paygov/thanh-toan", cells: "a aa aaaa aaa aa", body: "form:ma=X"},

	// Officers' console: anonymous to the login page, citizens and other roles the 403 page.
	{route: "GET /can-bo", cells: "l ss aaaa aaa aa"},
	{route: "GET /can-bo/ho-so/:ref", cells: "l ss aaaa hhh ah", path: "/can-bo/ho-so/{sent}"},
	{route: "POST /can-bo/ho-so/:ref/nhan-xu-ly", cells: "l ss adad hhh dh", path: "/can-bo/ho-so/{fresh}/nhan-xu-ly", body: "form:", fresh: true},
	{route: "POST /can-bo/ho-so/:ref/phan-cong", cells: "l ss ddad hhh dh", path: "/can-bo/ho-so/{fresh}/phan-cong", body: "form:officer_id={chuyenvien}", fresh: true},
	{route: "POST /can-bo/ho-so/:ref/quyet-dinh", cells: "l ss addd hhh dh", path: "/can-bo/ho-so/{fresh}/quyet-dinh", body: "form:decision=receive", fresh: true},
	{route: "GET /can-bo/tiep-nhan", cells: "l ss asss ass ss"},
	{route: "POST /can-bo/tiep-nhan", cells: "l ss asss ass ss", body: "form:"}, // no procedure: the form again
	{route: "GET /can-bo/tiep-nhan/ho-so/:ref", cells: "l ss asss hss ss", path: "/can-bo/tiep-nhan/ho-so/{sent}"},
	{route: "POST /can-bo/tiep-nhan/phieu", cells: "l ss asss ass ss", body: "form:kind=refusal"}, // nothing filled in: the form again
	{route: "GET /can-bo/nhat-ky", cells: "l ss ssss sss aa"},
	{route: "GET /can-bo/thong-ke", cells: "l ss ssas ssa aa"},
	{route: "GET /can-bo/kiem-tra/:ref", cells: "l ss ssas ssh aa", path: "/can-bo/kiem-tra/{sent}"},
	{route: "GET /can-bo/giam-sat", cells: "l ss ssas ssa aa"},
	{route: "POST /can-bo/giam-sat/bo-loc", cells: "l ss ssas ssa aa", body: "form:"},     // no name: the list again
	{route: "POST /can-bo/giam-sat/bo-loc/xoa", cells: "l ss ssas ssa aa", body: "form:"}, // no filter: nothing deleted
	{route: "POST /can-bo/giam-sat/chuyen", cells: "l ss ssas ssa ss", body: "form:"},     // no dossier ticked
	{route: "GET /can-bo/tre-han", cells: "l ss ssas ssa aa"},
	{route: "GET /can-bo/khoi-luong", cells: "l ss ssas ssa aa"},
	{route: "GET /can-bo/chi-so", cells: "l ss ssas ssa aa"},
	{route: "GET /can-bo/quan-tri/danh-muc", cells: "l ss ssss sss sa"},
	{route: "POST /can-bo/quan-tri/danh-muc", cells: "l ss ssss sss sa", body: "form:"}, // no file
	{route: "GET /can-bo/quan-tri/can-bo", cells: "l ss ssss sss sa"},
	{route: "POST /can-bo/quan-tri/can-bo", cells: "l ss ssss sss sa", body: "form:"}, // no username
	{route: "POST /can-bo/quan-tri/can-bo/:id", cells: "l ss ssss sss sa", path: "/can-bo/quan-tri/can-bo/999999999", body: "form:roles=specialist"},
	{route: "GET /can-bo/quan-tri/lien-thong", cells: "l ss ssss sss sa"},
	{route: "POST /can-bo/quan-tri/lien-thong/:id/:resolution", cells: "l ss ssss sss sa", path: "/can-bo/quan-tri/lien-thong/999999999/gui-lai", body: "form:"},
	{route: "GET /can-bo/quan-tri/lien-thong/danh-muc", cells: "l ss ssss sss sa"}, // not connected here: 404
	{route: "POST /can-bo/quan-tri/lien-thong/danh-muc", cells: "l ss ssss sss sa", body: "form:digest=x"},
	{route: "POST /can-bo/quan-tri/lien-thong/anh-xa", cells: "l ss ssss sss sa", body: "form:kind=x"},
	{route: "GET /can-bo/quan-tri/ngay-nghi", cells: "l ss ssss sss sa"},
	{route: "POST /can-bo/quan-tri/ngay-nghi", cells: "l ss ssss sss sa", body: "form:"}, // no day
	{route: "POST /can-bo/quan-tri/ngay-nghi/xoa", cells: "l ss ssss sss sa", body: "form:day=1999-01-01"},

	{route: "GET /api/v1/captcha", cells: "a aa aaaa aaa aa"},
	{route: "POST /api/v1/auth/register", cells: "a aa aaaa aaa aa", body: `{"username":"khach01","captcha_id":"x","captcha_answer":"SAI"}`},
	{route: "POST /api/v1/auth/login", cells: "a aa aaaa aaa aa", body: badJSON},
	{route: "POST /api/v1/auth/logout", cells: "u aa aaaa aaa aa", fresh: true},
	{route: "POST /api/v1/auth/forgot", cells: "a aa aaaa aaa aa", body: badJSON},
	{route: "POST /api/v1/auth/reset", cells: "a aa aaaa aaa aa", body: badJSON},
	{route: "GET /api/v1/me", cells: "u aa aaaa aaa aa"},
	{route: "PUT /api/v1/me", cells: "u aa aaaa aaa aa", body: badJSON},
	{route: "PUT /api/v1/me/password", cells: "u aa aaaa aaa aa", body: badJSON},

	{route: "GET /api/v1/agencies", cells: "a aa aaaa aaa aa"},
	{route: "GET /api/v1/fields", cells: "a aa aaaa aaa aa"},
	{route: "GET /api/v1/procedures", cells: "a aa aaaa aaa aa"},
	{route: "GET /api/v1/procedures/:id", cells: "a aa aaaa aaa aa", path: "/api/v1/procedures/{proc}"},
	{route: "GET /api/v1/templates/:name", cells: "a aa aaaa aaa aa", path: "/api/v1/templates/mau-don-chuyen-truong.docx"},
	{route: "GET /api/v1/openapi.json", cells: "a aa aaaa aaa aa"},
	{route: "GET /api/v1/lookup", cells: "a aa aaaa aaa aa", path: "/api/v1/lookup?code={sent}"},
	{route: "GET /api/v1/deadline", cells: "a aa aaaa aaa aa", path: "/api/v1/deadline?received_at=2026-01-08T09:15:00%2B07:00&amount=2&unit=working_days"},
	{route: "POST /api/v1/lookup/verify", cells: "a aa aaaa aaa aa", body: "multipart"}, // no file: 400
	{route: "GET /api/v1/stats/public", cells: "a aa aaaa aaa aa"},

	{route: "POST /api/v1/dossiers", cells: "u aa cccc ccc cc", body: badJSON},
	{route: "GET /api/v1/me/dossiers", cells: "u aa cccc ccc cc"},
	{route: "GET /api/v1/me/documents", cells: "u aa cccc ccc cc"},
	{route: "GET /api/v1/me/documents/:id/file", cells: "u aD cccc ccc cc", path: "/api/v1/me/documents/{sentdoc}/file"},
	{route: "GET /api/v1/dossiers/:ref", cells: "u an cccc ccc cc", path: "/api/v1/dossiers/{draft}"},
	{route: "PUT /api/v1/dossiers/:ref", cells: "u an cccc ccc cc", path: "/api/v1/dossiers/{draft}", body: badJSON},
	{route: "DELETE /api/v1/dossiers/:ref", cells: "u an cccc ccc cc", path: "/api/v1/dossiers/{freshdraft}", fresh: true},
	{route: "POST /api/v1/dossiers/:ref/submit", cells: "u an cccc ccc cc", path: "/api/v1/dossiers/{draft}/submit"}, // the draft lacks its files: 422
	{route: "POST /api/v1/dossiers/:ref/files", cells: "u an nnnn nnn nn", path: "/api/v1/dossiers/{draft}/files", body: "multipart"},
	{route: "DELETE /api/v1/dossiers/:ref/files/:file", cells: "u an nnnn nnn nn", path: "/api/v1/dossiers/{freshdraft}/files/{freshfile}", fresh: true},
	{route: "GET /api/v1/dossiers/:ref/files/:file", cells: "u an aaaa nnn an", path: "/api/v1/dossiers/{sent}/files/{sentfile}"},
	{route: "GET /api/v1/dossiers/:ref/slips/:kind", cells: "u an aaaa nnn an", path: "/api/v1/dossiers/{sent}/slips/log.pdf"},
	{route: "POST /api/v1/dossiers/:ref/payments", cells: "u an cccc ccc cc", path: "/api/v1/dossiers/{sent}/payments"}, // no fee asked: 409
	{route: "GET /api/v1/dossiers/:ref/payments", cells: "u an aaaa nnn an", path: "/api/v1/dossiers/{sent}/payments"},
	{route: "GET /api/v1/dossiers/:ref/payments/:reference/receipt.pdf", cells: "u an aaaa nnn an", path: "/api/v1/dossiers/{sent}/payments/X/receipt.pdf"},
	{route: "POST /api/v1/paygov/callback", cells: "a aa aaaa aaa aa", body: badJSON}, // the payment platform: 400
	{route: "POST /api/v1/dossiers/:ref/supplement", cells: "u an nnnn nnn nn", path: "/api/v1/dossiers/{sent}/supplement", body: `{}`},
	{route: "POST /api/v1/dossiers/:ref/withdraw", cells: "u an nnnn nnn nn", path: "/api/v1/dossiers/{fresh}/withdraw", body: `{}`, fresh: true},
	{route: "POST /api/v1/dossiers/:ref/rating", cells: "u an cccc ccc cc", path: "/api/v1/dossiers/{sent}/rating", body: badJSON},

	{route: "GET /api/v1/officer/inbox", cells: "u ss aaaa aaa aa"},
	{route: "GET /api/v1/officer/dossiers/:ref", cells: "u ss aaaa hhh ah", path: "/api/v1/officer/dossiers/{sent}"},
	{route: "POST /api/v1/officer/dossiers/:ref/claim", cells: "u ss adad hhh dh", path: "/api/v1/officer/dossiers/{fresh}/claim", fresh: true},
	{route: "POST /api/v1/officer/dossiers/:ref/assign", cells: "u ss ddad hhh dh", path: "/api/v1/officer/dossiers/{fresh}/assign", body: `{"officer_id": {chuyenvien}}`, fresh: true},
	{route: "POST /api/v1/officer/dossiers/:ref/actions/:action", cells: "u ss addd hhh dh", path: "/api/v1/officer/dossiers/{fresh}/actions/receive", body: `{}`, fresh: true},
	{route: "POST /api/v1/officer/dossiers/:ref/files", cells: "u ss aaaa hhh hh", path: "/api/v1/officer/dossiers/{sent}/files", body: "multipart"},
	{route: "POST /api/v1/officer/reassign", cells: "u ss ssas ssa ss", body: badJSON},
	{route: "POST /api/v1/officer/intake", cells: "u ss asss ass ss", body: badJSON},
	{route: "POST /api/v1/officer/intake/:ref/files", cells: "u ss asss hss ss", path: "/api/v1/officer/intake/{sent}/files", body: "multipart"}, // online: 409
	{route: "GET /api/v1/officer/intake/person", cells: "u ss asss ass ss"},                                                                      // no ID number: 422
	{route: "POST /api/v1/officer/intake/slips/:kind", cells: "u ss asss ass ss", path: "/api/v1/officer/intake/slips/refusal", body: badJSON},

	{route: "GET /api/v1/audit/dossiers/:ref", cells: "u ss ssss sss aa", path: "/api/v1/audit/dossiers/{sent}"},
	{route: "GET /api/v1/audit/events", cells: "u ss ssss sss aa"},
	{route: "GET /api/v1/audit/check", cells: "u ss ssss sss aa"},
	{route: "GET /api/v1/stats", cells: "u ss ssas ssa aa"},
	{route: "GET /api/v1/stats/index", cells: "u ss ssas ssa aa"},
	{route: "GET /api/v1/reports/late", cells: "u ss ssas ssa aa"},
	{route: "GET /api/v1/reports/workload", cells: "u ss ssas ssa aa"},
	{route: "GET /api/v1/oversight/dossiers", cells: "u ss ssas ssa aa"},
	{route: "POST /api/v1/oversight/reassign", cells: "u ss ssas ssa ss", body: badJSON},

	{route: "GET /api/v1/admin/staff", cells: "u ss ssss sss sa"},
	{route: "POST /api/v1/admin/staff", cells: "u ss ssss sss sa", body: badJSON},
	{route: "PUT /api/v1/admin/staff/:id", cells: "u ss ssss sss sa", path: "/api/v1/admin/staff/{chuyenvien}", body: badJSON},
	{route: "GET /api/v1/admin/national/outbox", cells: "u ss ssss sss sa"},
	{route: "POST /api/v1/admin/national/outbox/:id/:resolution", cells: "u ss ssss sss sa", path: "/api/v1/admin/national/outbox/999999999/requeue"},
	{route: "GET /api/v1/admin/national/catalogue", cells: "u ss ssss sss sa"}, // not connected here: 404
	{route: "POST /api/v1/admin/national/catalogue", cells: "u ss ssss sss sa", body: badJSON},
	{route: "PUT /api/v1/admin/national/mapping", cells: "u ss ssss sss sa", body: badJSON},
	{route: "GET /api/v1/admin/catalogue", cells: "u ss ssss sss sa"},
	{route: "POST /api/v1/admin/catalogue", cells: "u ss ssss sss sa", body: badJSON},

	{route: "POST /api/v1/oauth/token", cells: "a aa aaaa aaa aa", body: badJSON},
	{route: "GET /api/v1/admin/clients", cells: "u ss ssss sss sa"},
	{route: "POST /api/v1/admin/clients", cells: "u ss ssss sss sa", body: badJSON},
	{route: "POST /api/v1/admin/clients/:id/secret", cells: "u ss ssss sss sa", path: "/api/v1/admin/clients/999999/secret", body: badJSON},
	{route: "POST /api/v1/admin/clients/:id/revoke", cells: "u ss ssss sss sa", path: "/api/v1/admin/clients/999999/revoke"},
	{route: "GET /api/v1/webhooks", cells: "t mm mmmm mmm mm"},
	{route: "POST /api/v1/webhooks", cells: "t mm mmmm mmm mm", body: badJSON},
	{route: "DELETE /api/v1/webhooks/:id", cells: "t mm mmmm mmm mm", path: "/api/v1/webhooks/999999"},
	{route: "GET /api/v1/admin/webhooks/deliveries", cells: "u ss ssss sss sa"},
	{route: "POST /api/v1/admin/webhooks/deliveries/:id/replay", cells: "u ss ssss sss sa", path: "/api/v1/admin/webhooks/deliveries/999999/replay"},
}

// accessCall is one request as an actor, with its answer.
type accessCall struct {
	status int
	code   string
	header http.Header
}

// call sends method path as c (its cookies; csrf as the X-CSRF-Token of an unsafe
// request when not empty) with body (JSON, "multipart", or none).
func call(t *testing.T, c client, csrf, method, path, body string) accessCall {
	t.Helper()
	var rd io.Reader
	ctype := ""
	switch body {
	case "":
	case "multipart":
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("component_id", "1")
		_ = mw.Close()
		rd, ctype = &buf, mw.FormDataContentType()
	default:
		if form, ok := strings.CutPrefix(body, "form:"); ok {
			v, err := url.ParseQuery(form)
			if err != nil {
				t.Fatal(err)
			}
			if csrf != "" {
				v.Set("csrf_token", csrf)
			}
			rd, ctype = strings.NewReader(v.Encode()), "application/x-www-form-urlencoded"
			break
		}
		rd, ctype = strings.NewReader(body), "application/json"
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if csrf != "" && method != http.MethodGet && method != http.MethodHead && !strings.HasPrefix(body, "form:") {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	req.Header.Set("Idempotency-Key", "matrice-"+path)
	hc := *c.http // the same cookies, but redirects are answers, not followed
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := accessCall{status: resp.StatusCode, header: resp.Header}
	var e apiError
	switch {
	case resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap"):
		out.code = loginRedirect
	case strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"):
		if m := errorCodeInPage.FindSubmatch(raw); m != nil {
			out.code = string(m[1])
		}
	case json.Unmarshal(raw, &e) == nil:
		out.code = e.Error.Code
	}
	return out
}

// isPage tells a page's path (HTML, forms with csrf_token) from the API's and the static files'.
func isPage(path string) bool {
	return !strings.HasPrefix(path, "/api/") && !strings.HasPrefix(path, "/static/") && path != "/healthz" && path != "/readyz" && path != "/metrics"
}

// pageToken is the page CSRF token of an anonymous visitor: the dvc_csrf cookie, which
// c gets by showing a page first.
func pageToken(t *testing.T, c client) string {
	t.Helper()
	u, _ := url.Parse(c.base)
	find := func() string {
		for _, ck := range c.http.Jar.Cookies(u) {
			if ck.Name == "dvc_csrf" {
				return ck.Value
			}
		}
		return ""
	}
	if tok := find(); tok != "" {
		return tok
	}
	if got := call(t, c, "", http.MethodGet, "/dang-nhap", ""); got.status != 200 && got.status != 303 {
		t.Fatalf("the login page: %d", got.status)
	}
	return find()
}

// checkSecurityHeaders: every answer, allowed or refused, carries the security headers;
// the API's are never cached.
func checkSecurityHeaders(t *testing.T, what, path string, h http.Header) {
	t.Helper()
	for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
		if got := h.Get(name); got != want {
			t.Errorf("%s: %s = %q, want %q", what, name, got, want)
		}
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("%s: Content-Security-Policy = %q", what, h.Get("Content-Security-Policy"))
	}
	if strings.HasPrefix(path, "/api/") && h.Get("Cache-Control") != "no-store" {
		t.Errorf("%s: Cache-Control = %q, want no-store", what, h.Get("Cache-Control"))
	}
}

// fingerprint digests every table a request could change (notifications by count only:
// the dispatcher marks them sent in the background).
func fingerprint(t *testing.T, a *app.App) string {
	t.Helper()
	return fingerprintExcept(t, a)
}

// fingerprintExcept is fingerprint without the tables named.
func fingerprintExcept(t *testing.T, a *app.App, skip ...string) string {
	t.Helper()
	tables := []string{"dossiers", "dossier_files", "dossier_events", "dossier_code_counters", "accounts", "sessions",
		"password_resets", "login_failures", "ratings", "data_access_log", "agencies", "fields", "procedures",
		"procedure_components", "procedure_form_fields", "procedure_steps", "calendar_days", "rule_sets"}
	tables = slices.DeleteFunc(tables, func(tb string) bool { return slices.Contains(skip, tb) })
	var parts []string
	for _, tb := range tables {
		parts = append(parts, fmt.Sprintf(`SELECT '%s:' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM %s x`, tb, tb))
	}
	parts = append(parts, `SELECT 'notifications:' || count(*) FROM notifications`)
	var rows []string
	if err := a.Store.DB().Select(&rows, strings.Join(parts, " UNION ALL ")); err != nil {
		t.Fatal(err)
	}
	return strings.Join(rows, " ")
}

// waitStarted waits until the workflow of dossier code has written its first log row
// (without the rate-limited public lookup).
func waitStarted(t *testing.T, a *app.App, code string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var n int
		if err := a.Store.DB().Get(&n, `SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = $1`, code); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the workflow of %s wrote nothing in 30s", code)
		}
	}
}

// TestAccessControl calls every route of the server as each kind of actor and checks the
// declared access matrix cell by cell (and that a denied call changes nothing), CSRF on
// every unsafe route, session expiry and revocation, the rate limits and how attachments
// are served.
func TestAccessControl(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	var edu int64
	if err := a.Store.DB().Get(&edu, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}

	clients := map[string]client{"anon": newClient(t, a.URL())}
	login := func(name string) client {
		if name == "other" && clients["other"].http != nil {
			return newClient(t, a.URL()).login("congdan.khac", "matkhau2026")
		}
		if name == "other" {
			c := newClient(t, a.URL())
			var s session
			if st := c.postJSON("/api/v1/auth/register", registration("congdan.khac"), &s); st != http.StatusCreated {
				t.Fatalf("register another citizen: %d", st)
			}
			c.csrf = s.CSRF
			return c
		}
		user := name
		if name == "owner" {
			user = "congdan"
		}
		return newClient(t, a.URL()).login(user, demo.Password)
	}
	for _, name := range accessActors[1:] {
		clients[name] = login(name)
	}
	owner := clients["owner"]
	sentCode := owner.submit(edu)
	waitStarted(t, a, sentCode)
	var sentFile int64
	if err := a.Store.DB().Get(&sentFile, `SELECT f.id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = $1 LIMIT 1`, sentCode); err != nil {
		t.Fatal(err)
	}
	var draft dossier
	if st := owner.postJSON("/api/v1/dossiers", map[string]any{"procedure_id": edu}, &draft); st != http.StatusCreated {
		t.Fatalf("draft: %d", st)
	}
	chuyenvien := staffID(t, clients["quantri"], "chuyenvien")
	var sentDoc int64 // a component of the sent dossier, in the owner's store
	if err := a.Store.DB().Get(&sentDoc, `SELECT pd.id FROM personal_documents pd JOIN dossiers d ON d.id = pd.source_dossier_id
		WHERE d.code = $1 LIMIT 1`, sentCode); err != nil {
		t.Fatalf("the sent dossier's components are not in the owner's store: %v", err)
	}
	vars := map[string]string{"{sent}": sentCode, "{sentfile}": fmt.Sprint(sentFile), "{draft}": fmt.Sprint(draft.ID),
		"{proc}": fmt.Sprint(edu), "{chuyenvien}": fmt.Sprint(chuyenvien), "{sentdoc}": fmt.Sprint(sentDoc)}
	// freshVars makes the dossiers a row that acts needs.
	freshVars := func(t *testing.T, row accessRow) map[string]string {
		v := map[string]string{}
		if strings.Contains(row.path, "{fresh}") {
			code := owner.with(t).submit(edu)
			waitStarted(t, a, code)
			v["{fresh}"] = code
		}
		if strings.Contains(row.path, "{freshdraft}") {
			var d dossier
			if st := owner.with(t).postJSON("/api/v1/dossiers", map[string]any{"procedure_id": edu}, &d); st != http.StatusCreated {
				t.Fatalf("draft: %d", st)
			}
			var comp int64
			if err := a.Store.DB().Get(&comp, `SELECT id FROM procedure_components WHERE procedure_id = $1 ORDER BY id LIMIT 1`, edu); err != nil {
				t.Fatal(err)
			}
			var f struct {
				ID int64 `json:"id"`
			}
			if st := owner.with(t).upload(fmt.Sprint(d.ID), comp, "giay-to.pdf", samplePDF, &f); st != http.StatusCreated {
				t.Fatalf("upload: %d", st)
			}
			v["{freshdraft}"], v["{freshfile}"] = fmt.Sprint(d.ID), fmt.Sprint(f.ID)
		}
		return v
	}
	expand := func(row accessRow, extra map[string]string) (method, path, body string) {
		method, path, _ = strings.Cut(row.route, " ")
		if row.path != "" {
			path = row.path
		}
		body = row.body
		for _, m := range []map[string]string{vars, extra} {
			for k, v := range m {
				path, body = strings.ReplaceAll(path, k, v), strings.ReplaceAll(body, k, v)
			}
		}
		return method, path, body
	}

	t.Run("EveryRouteIsInTheMatrix", func(t *testing.T) {
		declared := map[string]bool{}
		for _, row := range accessMatrix {
			if declared[row.route] {
				t.Errorf("%s is declared twice", row.route)
			}
			declared[row.route] = true
			if n := len(strings.ReplaceAll(row.cells, " ", "")); n != len(accessActors) {
				t.Errorf("%s: %d cells for %d actors", row.route, n, len(accessActors))
			}
		}
		routes := httpx.Routes(a.HTTP)
		for _, r := range routes {
			if !declared[r] {
				t.Errorf("route %s is not in the access matrix: add its row", r)
			}
		}
		for r := range declared {
			if !slices.Contains(routes, r) {
				t.Errorf("the matrix declares %s, which the server does not register", r)
			}
		}
	})

	cells, refused := 0, 0
	t.Run("Matrix", func(t *testing.T) {
		for _, row := range accessMatrix {
			t.Run(row.route, func(t *testing.T) {
				letters := strings.ReplaceAll(row.cells, " ", "")
				var extra map[string]string
				if row.fresh {
					extra = freshVars(t, row)
				}
				method, path, body := expand(row, extra)
				// Refusals first, so that an allowed call that acts cannot hide them.
				order := make([]int, 0, len(accessActors))
				for i := range accessActors {
					if letters[i] != 'a' {
						order = append(order, i)
					}
				}
				for i := range accessActors {
					if letters[i] == 'a' {
						order = append(order, i)
					}
				}
				for _, i := range order {
					actor, cell := accessActors[i], letters[i]
					c := clients[actor].with(t)
					switch {
					case row.fresh && sessionRows[row.route] && actor == "anon":
						c = newClient(t, a.URL()) // a visitor of its own: a login must not sign the shared one in
					case row.fresh && sessionRows[row.route]:
						c = login(actor).with(t) // log in or out from a session of its own
					}
					token := c.csrf
					if actor == "anon" && isPage(path) {
						token = pageToken(t, c)
					}
					// A console decision refused re-renders the dossier page, whose read is
					// logged like any other: the log may gain only this actor's reads of it.
					rerender := cell == 'd' && strings.HasPrefix(path, "/can-bo/")
					before, reads := "", int64(0)
					if cell != 'a' {
						if rerender {
							before = fingerprintExcept(t, a, "data_access_log")
						} else {
							before = fingerprint(t, a)
						}
						if err := a.Store.DB().Get(&reads, `SELECT coalesce(max(id), 0) FROM data_access_log`); err != nil {
							t.Fatal(err)
						}
					}
					got := call(t, c, token, method, path, body)
					cells++
					what := fmt.Sprintf("%s %s as %s", method, path, actor)
					checkSecurityHeaders(t, what, path, got.header)
					if cell == 'a' {
						refusal := slices.ContainsFunc(slices.Collect(maps.Values(accessDenials)), func(d denial) bool { return d.code == got.code })
						if got.status == 401 || got.status == 403 || got.status >= 500 || got.code == "route_not_found" || got.code == "method_not_allowed" || refusal {
							t.Errorf("%s: allowed, got %d %q", what, got.status, got.code)
						}
						continue
					}
					want := accessDenials[cell]
					if got.status != want.status || got.code != want.code {
						t.Errorf("%s: want %d %q, got %d %q", what, want.status, want.code, got.status, got.code)
					}
					after := ""
					if rerender {
						after = fingerprintExcept(t, a, "data_access_log")
						var others int
						if err := a.Store.DB().Get(&others, `SELECT count(*) FROM data_access_log l JOIN accounts ac ON ac.id = l.account_id
							JOIN dossiers d ON d.id = l.dossier_id WHERE l.id > $1 AND NOT (ac.username = $2 AND d.code = $3 AND l.what = 'dossier')`,
							reads, actor, extra["{fresh}"]); err != nil {
							t.Fatal(err)
						}
						if others != 0 {
							t.Errorf("%s: refused, but the access log gained %d rows other than the actor's read", what, others)
						}
					} else {
						after = fingerprint(t, a)
					}
					if after != before {
						t.Errorf("%s: refused, but the database changed", what)
					}
					refused++
				}
			})
		}
		t.Logf("access matrix: %d routes × %d actors = %d cells checked (%d refusals, database unchanged after each)",
			len(accessMatrix), len(accessActors), cells, refused)
	})

	csrfCells, unsafe := 0, 0
	t.Run("CSRFOnEveryUnsafeRoute", func(t *testing.T) {
		for _, row := range accessMatrix {
			method, _, _ := strings.Cut(row.route, " ")
			if method == http.MethodGet || method == http.MethodHead || csrfExempt[row.route] {
				continue
			}
			unsafe++
			var extra map[string]string
			if row.fresh {
				extra = freshVars(t, row)
			}
			_, path, body := expand(row, extra)
			actors := accessActors[1:]
			if isPage(path) {
				actors = accessActors // an anonymous page form carries the dvc_csrf cookie's token
			}
			for _, actor := range actors {
				if isPage(path) {
					pageToken(t, clients[actor]) // the forms are posted from a page already shown
				}
				for _, token := range []string{"", "forged-" + actor} {
					c := clients[actor].with(t)
					before := fingerprint(t, a)
					req := call(t, c, token, method, path, body)
					csrfCells++
					what := fmt.Sprintf("%s %s as %s with CSRF token %q", method, path, actor, token)
					checkSecurityHeaders(t, what, path, req.header)
					if req.status != 403 || req.code != "csrf_failed" {
						t.Errorf("%s: got %d %q, want 403 csrf_failed", what, req.status, req.code)
					}
					if fingerprint(t, a) != before {
						t.Errorf("%s: refused, but the database changed", what)
					}
				}
			}
		}
		t.Logf("CSRF: %d calls (%d unsafe routes) without or with a forged token, all refused", csrfCells, unsafe)
	})

	t.Run("DraftsAreTheOwners", func(t *testing.T) {
		// An officer of the agency cannot read the attachments of a draft not yet sent.
		v := freshVars(t, accessRow{path: "{freshdraft}"})
		for _, actor := range []string{"motcua", "lanhdao", "giamsat"} {
			got := call(t, clients[actor].with(t), "", http.MethodGet, "/api/v1/dossiers/"+v["{freshdraft}"]+"/files/"+v["{freshfile}"], "")
			if got.status != 404 || got.code != "dossier_not_found" {
				t.Errorf("%s reads a draft's file: %d %q", actor, got.status, got.code)
			}
		}
		if got := call(t, owner.with(t), "", http.MethodGet, "/api/v1/dossiers/"+v["{freshdraft}"]+"/files/"+v["{freshfile}"], ""); got.status != 200 {
			t.Errorf("the owner reads the draft's file: %d %q", got.status, got.code)
		}
	})

	t.Run("SessionExpiry", func(t *testing.T) {
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		serve := func(opts service.Options) string {
			opts.Store, opts.Temporal, opts.TaskQueue, opts.Log, opts.TestCaptcha = a.Store, a.Temporal, a.Config.Temporal.TaskQueue, quiet, testCaptcha
			svc := service.New(opts)
			e := httpx.NewEngine(httpx.EngineOptions{Log: quiet})
			api.New(api.Options{Service: svc, Sessions: &httpx.Sessions{Service: svc}, Log: quiet}).Register(e)
			srv := httptest.NewServer(e)
			t.Cleanup(srv.Close)
			return srv.URL
		}
		// A session of two seconds works, then is refused by the server (not only dropped by the browser).
		short := serve(service.Options{SessionTTL: 2 * time.Second})
		tok := loginToken(t, short, "congdan", demo.Password)
		if st, code := meWith(t, a.URL(), tok); st != 200 {
			t.Fatalf("a fresh session: %d %q", st, code)
		}
		time.Sleep(2500 * time.Millisecond)
		if st, code := meWith(t, a.URL(), tok); st != 401 || code != "login_required" {
			t.Fatalf("a session past its TTL: %d %q", st, code)
		}
		// A session issued by a clock 13 hours behind (12-hour TTL) ended an hour ago.
		past := serve(service.Options{Now: func() time.Time { return time.Now().Add(-13 * time.Hour) }})
		tok = loginToken(t, past, "congdan", demo.Password)
		var expired int
		if err := a.Store.DB().Get(&expired, `SELECT count(*) FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at < now()`, auth.TokenHash(tok)); err != nil {
			t.Fatal(err)
		}
		if expired != 1 {
			t.Fatalf("the session is not stored as expired: %d", expired)
		}
		if st, code := meWith(t, a.URL(), tok); st != 401 || code != "login_required" {
			t.Fatalf("an expired session: %d %q", st, code)
		}
	})

	t.Run("SessionRevocation", func(t *testing.T) {
		// Logout.
		c := newClient(t, a.URL()).login("congdan", demo.Password)
		tok := tokenOf(t, c)
		if st := c.postJSON("/api/v1/auth/logout", nil, nil); st != 204 {
			t.Fatalf("logout: %d", st)
		}
		if st, code := meWith(t, a.URL(), tok); st != 401 || code != "login_required" {
			t.Errorf("the cookie of a logged-out session: %d %q", st, code)
		}
		// A password change ends the account's other sessions, not the one that made it.
		first := newClient(t, a.URL())
		var s session
		if st := first.postJSON("/api/v1/auth/register", registration("doimatkhau"), &s); st != 201 {
			t.Fatalf("register: %d", st)
		}
		first.csrf = s.CSRF
		firstTok, secondTok := tokenOf(t, first), tokenOf(t, newClient(t, a.URL()).login("doimatkhau", "matkhau2026"))
		if st := first.do(http.MethodPut, "/api/v1/me/password", "application/json",
			mustJSON(map[string]string{"current_password": "matkhau2026", "new_password": "matkhaumoi2027"}), nil); st != 204 {
			t.Fatalf("change password: %d", st)
		}
		if st, code := meWith(t, a.URL(), secondTok); st != 401 || code != "login_required" {
			t.Errorf("another session after a password change: %d %q", st, code)
		}
		if st, _ := meWith(t, a.URL(), firstTok); st != 200 {
			t.Errorf("the session that changed the password: %d", st)
		}
		// A password reset ends every session.
		if st := newClient(t, a.URL()).postJSON("/api/v1/auth/forgot", map[string]string{"username": "doimatkhau"}, nil); st != 202 {
			t.Fatalf("forgot: %d", st)
		}
		var body string
		if err := a.Store.DB().Get(&body, `SELECT body FROM notifications WHERE kind = 'password_reset' ORDER BY id DESC LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`token=([A-Za-z0-9_-]+)`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no reset link in %q", body)
		}
		if st := newClient(t, a.URL()).postJSON("/api/v1/auth/reset", map[string]string{"token": m[1], "new_password": "datlai2028"}, nil); st != 204 {
			t.Fatalf("reset: %d", st)
		}
		if st, code := meWith(t, a.URL(), firstTok); st != 401 || code != "login_required" {
			t.Errorf("a session after a password reset: %d %q", st, code)
		}
		// A disabled officer's session ends at once.
		officerTok := tokenOf(t, newClient(t, a.URL()).login("vpdk.canbo", demo.Password))
		id := staffID(t, clients["quantri"].with(t), "vpdk.canbo")
		if st := clients["quantri"].with(t).do(http.MethodPut, fmt.Sprint("/api/v1/admin/staff/", id), "application/json",
			mustJSON(map[string]any{"roles": []string{"reception", "specialist"}, "disabled": true}), nil); st != 200 {
			t.Fatalf("disable: %d", st)
		}
		if st, code := meWith(t, a.URL(), officerTok); st != 401 || code != "login_required" {
			t.Errorf("a disabled officer's session: %d %q", st, code)
		}
		// A forged or unknown cookie is only an anonymous visitor.
		if st, code := meWith(t, a.URL(), "gia-mao-"+strings.Repeat("x", 40)); st != 401 || code != "login_required" {
			t.Errorf("a forged cookie: %d %q", st, code)
		}
	})

	t.Run("DownloadsServedSafely", func(t *testing.T) {
		c := owner.with(t)
		var d dossier
		if st := c.postJSON("/api/v1/dossiers", map[string]any{"procedure_id": edu}, &d); st != 201 {
			t.Fatalf("draft: %d", st)
		}
		var comp int64
		if err := a.Store.DB().Get(&comp, `SELECT id FROM procedure_components WHERE procedure_id = $1 ORDER BY id LIMIT 1`, edu); err != nil {
			t.Fatal(err)
		}
		ref := fmt.Sprint(d.ID)
		for _, tc := range []struct {
			name, want, wantType string
			content              []byte
		}{
			{"Đơn đề nghị \"số 1\"; tạm.pdf", "Đơn đề nghị \"số 1\"; tạm.pdf", "application/pdf", samplePDF},
			{`..\..\..\etc\passwd`, "passwd", "image/png", samplePNG(t)},
			{"hoadon\u202egpj.exe", "hoadongpj.exe", "application/pdf", samplePDF},
			{"bảng\u200b kê.pdf", "bảng kê.pdf", "application/pdf", samplePDF},
			{"Nguye\u0302\u0303n.pdf", "Nguyễn.pdf", "application/pdf", samplePDF},
		} {
			var f struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
				Type string `json:"type"`
			}
			if st := c.upload(ref, comp, tc.name, tc.content, &f); st != 201 || f.Name != tc.want || f.Type != tc.wantType {
				t.Errorf("upload %q: %d %+v, want name %q type %s", tc.name, st, f, tc.want, tc.wantType)
				continue
			}
			resp, err := c.http.Get(fmt.Sprintf("%s/api/v1/dossiers/%s/files/%d", a.URL(), ref, f.ID))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			disp, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != tc.wantType || resp.Header.Get("X-Content-Type-Options") != "nosniff" ||
				err != nil || disp != "attachment" || params["filename"] != tc.want || !bytes.Equal(got, tc.content) {
				t.Errorf("download %q: %d, Content-Type %q, nosniff %q, Content-Disposition %q (%v)", tc.name, resp.StatusCode,
					resp.Header.Get("Content-Type"), resp.Header.Get("X-Content-Type-Options"), resp.Header.Get("Content-Disposition"), err)
			}
		}
		// Content that a browser would run is refused whatever its name says.
		for name, content := range map[string]string{
			"a.pdf":      "<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
			"anh.png":    `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`,
			"to-khai.js": "alert(1)",
			"a.html":     "\xef\xbb\xbf<html><body onload=alert(1)>",
		} {
			var e apiError
			expectError(t, "upload of "+name, c.upload(ref, comp, name, []byte(content), &e), e, 415, "forbidden_file_type")
		}
	})

	t.Run("RateLimits", func(t *testing.T) {
		// Registration: 5 an hour per address, counting every attempt with a solved captcha
		// (two registrations were made above).
		var accounts int
		created := 0
		for i := range 10 {
			c := newClient(t, a.URL())
			before := fingerprint(t, a)
			req, _ := http.NewRequest(http.MethodPost, a.URL()+"/api/v1/auth/register", bytes.NewReader(mustJSON(registration(fmt.Sprintf("dangky%02d", i)))))
			req.Header.Set("Content-Type", "application/json")
			resp, err := c.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var e apiError
			if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == 201 {
				created++
				continue
			}
			retry, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			if resp.StatusCode != 429 || e.Error.Code != "too_many_registrations" || retry < 1 || retry > 3600 {
				t.Fatalf("registration %d: %d %q, Retry-After %q", i, resp.StatusCode, e.Error.Code, resp.Header.Get("Retry-After"))
			}
			if fingerprint(t, a) != before {
				t.Fatal("a refused registration changed the database")
			}
			break
		}
		if err := a.Store.DB().Get(&accounts, `SELECT count(*) FROM accounts WHERE username LIKE 'dangky%'`); err != nil {
			t.Fatal(err)
		}
		if created != 3 || accounts != 3 {
			t.Fatalf("%d registrations accepted (%d accounts), want 3 before the limit", created, accounts)
		}
		// Login: 5 failures for a name, then 429 even with the right password.
		for range 5 {
			newClient(t, a.URL()).postJSON("/api/v1/auth/login", map[string]string{"username": "tnmt.lanhdao", "password": "sai-mat-khau1"}, nil)
		}
		got := call(t, newClient(t, a.URL()), "", http.MethodPost, "/api/v1/auth/login", string(mustJSON(map[string]string{"username": "tnmt.lanhdao", "password": demo.Password})))
		if got.status != 429 || got.code != "too_many_attempts" || got.header.Get("Retry-After") != "900" {
			t.Fatalf("login after 5 failures: %d %q Retry-After %q", got.status, got.code, got.header.Get("Retry-After"))
		}
		// Lookup: 30 a minute per address (the matrix made some already).
		limited := 0
		for i := range 40 {
			got := call(t, newClient(t, a.URL()), "", http.MethodGet, "/api/v1/lookup?code="+sentCode, "")
			if got.status == 200 {
				continue
			}
			retry, _ := strconv.Atoi(got.header.Get("Retry-After"))
			if got.status != 429 || got.code != "too_many_requests" || retry < 1 || retry > 60 {
				t.Fatalf("lookup %d: %d %q Retry-After %q", i, got.status, got.code, got.header.Get("Retry-After"))
			}
			limited++
		}
		if limited < 10 {
			t.Fatalf("only %d of 40 lookups in a row were limited", limited)
		}
	})

	t.Run("AuditChainDetectsADeletedRow", func(t *testing.T) {
		// Someone with database access deletes the first row of a dossier's log.
		var code string
		if err := a.Store.DB().Get(&code, `SELECT d.code FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id
			GROUP BY d.code HAVING count(*) >= 2 ORDER BY d.code LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Store.DB().Exec(`ALTER TABLE dossier_events DISABLE TRIGGER dossier_events_append_only;
			DELETE FROM notifications WHERE seq = 1 AND dossier_id = (SELECT id FROM dossiers WHERE code = '` + code + `');
			DELETE FROM dossier_events WHERE seq = 1 AND dossier_id = (SELECT id FROM dossiers WHERE code = '` + code + `');
			ALTER TABLE dossier_events ENABLE TRIGGER dossier_events_append_only;`); err != nil {
			t.Fatal(err)
		}
		var check struct {
			Valid  bool `json:"valid"`
			Breaks []struct {
				Code string `json:"code"`
				Seq  int    `json:"seq"`
			} `json:"breaks"`
		}
		if st := clients["giamsat"].with(t).do(http.MethodGet, "/api/v1/audit/check", "", nil, &check); st != 200 || check.Valid ||
			len(check.Breaks) != 1 || check.Breaks[0].Code != code || check.Breaks[0].Seq != 2 {
			t.Fatalf("check after deleting a row: %d %+v", st, check)
		}
	})
}

// loginToken signs in at base and returns the session token from the Set-Cookie header
// (even one the browser would drop at once).
func loginToken(t *testing.T, base, username, password string) string {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(mustJSON(map[string]string{"username": username, "password": password})))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == httpx.SessionCookie && ck.Value != "" {
			return ck.Value
		}
	}
	t.Fatalf("login %s: %d, no session cookie", username, resp.StatusCode)
	return ""
}

// tokenOf is the session token in c's cookie jar.
func tokenOf(t *testing.T, c client) string {
	t.Helper()
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == httpx.SessionCookie {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// meWith asks GET /api/v1/me with only the given session cookie, as a client replaying
// an old cookie would.
func meWith(t *testing.T, base, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/me", nil)
	req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: token})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e apiError
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, e.Error.Code
}
