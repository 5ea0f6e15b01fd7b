package oidcprovider

import (
	"html/template"
	"net/http"
	"net/url"
)

var loginTemplate = template.Must(template.New("login").Parse(`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Đăng nhập – tài khoản Cổng DVC quốc gia giả lập</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2733}
header{background:#b3261e;color:#fff;padding:1rem 1.5rem}main{padding:1rem 1.5rem;max-width:44rem}
form{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:.8rem;margin:.6rem 0}
button{font:inherit;padding:.3rem .8rem}.error{background:#fdecea;border:1px solid #e08a80;padding:.5rem}</style></head>
<body><header><h1>Môi trường thử nghiệm – đăng nhập Cổng DVC quốc gia / VNeID giả lập</h1>
<p>Đây KHÔNG phải hệ thống định danh quốc gia. Chọn một danh tính thử nghiệm để đăng nhập.</p></header>
<main>{{with .Error}}<p class="error">{{.}}</p>{{end}}
{{range .Identities}}<form method="post" action="/login">
<input type="hidden" name="authRequestID" value="{{$.RequestID}}"><input type="hidden" name="tech_id" value="{{.TechID}}">
<p><strong>{{.FullName}}</strong>{{with .CompanyName}} – {{.}}{{end}}<br>
{{if eq .AccountType "2"}}Mã số thuế: {{.TaxCode}}{{else}}Số định danh: {{.IDNumber}}{{end}} · TechID: {{.TechID}}</p>
<button type="submit">Đăng nhập bằng danh tính này</button></form>{{end}}
</main></body></html>`))

type loginData struct {
	RequestID  string
	Identities []Identity
	Error      string
}

// loginPage lists the demo identities for the authorization request in the query.
func (s *Server) loginPage(ids []Identity) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := loginData{RequestID: r.URL.Query().Get("authRequestID"), Identities: ids}
		status := http.StatusOK
		if _, err := s.storage.AuthRequestByID(r.Context(), d.RequestID); err != nil {
			d.Error, d.Identities, status = "Yêu cầu đăng nhập không tồn tại hoặc đã hết hạn.", nil, http.StatusBadRequest
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_ = loginTemplate.Execute(w, d)
	})
}

// loginSubmit signs the chosen identity in and hands back to the provider's callback.
func (s *Server) loginSubmit(callback string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.FormValue("authRequestID")
		if err := s.storage.complete(id, r.FormValue("tech_id")); err != nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			_ = loginTemplate.Execute(w, loginData{Error: "Yêu cầu đăng nhập hoặc danh tính không hợp lệ."})
			return
		}
		http.Redirect(w, r, callback+url.QueryEscape(id), http.StatusFound)
	})
}
