package nationalportal

import (
	"embed"
	"encoding/json"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

//go:embed page.html
var pageFiles embed.FS

// statusLabels are the national status labels (§2.4).
var statusLabels = map[string]string{
	"1": "Mới đăng ký", "2": "Được tiếp nhận", "3": "Không được tiếp nhận", "4": "Đang xử lý",
	"5": "Yêu cầu bổ sung giấy tờ", "6": "Yêu cầu thực hiện nghĩa vụ tài chính", "7": "Công dân yêu cầu rút hồ sơ",
	"8": "Dừng xử lý", "9": "Đã xử lý xong", "10": "Đã trả kết quả",
}

var page = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"label": func(code string) string { return code + " – " + statusLabels[code] },
	"clock": func(t time.Time) string { return t.In(vietnam).Format("02/01/2006 15:04:05") },
	"stamp": func(s string) string {
		t, err := time.Parse("20060102150405", s)
		if err != nil {
			return s
		}
		return t.Format("02/01/2006 15:04:05")
	},
}).ParseFS(pageFiles, "page.html"))

// pageData is what page.html shows.
type pageData struct {
	State
	Procedures []CatalogueProcedure
	Pushing    bool
	Notice     string
	Error      string
	Form       Submission
}

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, pageData{Notice: r.URL.Query().Get("ok")})
}

func (s *Server) render(w http.ResponseWriter, status int, d pageData) {
	d.State = s.store.snapshot()
	d.Procedures = s.opts.Catalogue.Procedures
	d.Pushing = s.opts.PushURL != ""
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := page.Execute(w, d); err != nil {
		s.opts.Logger.Error("national portal stand-in: page", "err", err)
	}
}

// State returns a copy of the stand-in's bookkeeping.
func (s *Server) State() State { return s.store.snapshot() }

// SetFault puts f in force (Fault{} clears it).
func (s *Server) SetFault(f Fault) {
	if f.Scope == "" {
		f.Scope = ScopeMessages
	}
	s.store.mu.Lock()
	s.store.st.Fault = f
	s.store.mu.Unlock()
}

func (s *Server) handleState(w http.ResponseWriter, r *http.Request) {
	reply(w, http.StatusOK, s.store.snapshot())
}

// faultInput is POST /control/fault's body: JSON, or the page's form with the same names.
type faultInput struct {
	Mode    string `json:"mode"`
	Delay   string `json:"delay"` // a Go duration, e.g. "8s"
	Message string `json:"message"`
	Count   int    `json:"count"`
	Scope   string `json:"scope"`
}

func (s *Server) handleFault(w http.ResponseWriter, r *http.Request) {
	var in faultInput
	if wantsJSON(r) {
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&in); err != nil {
			reply(w, http.StatusBadRequest, map[string]string{"error": "JSON không hợp lệ"})
			return
		}
	} else {
		in = faultInput{Mode: r.FormValue("mode"), Delay: r.FormValue("delay"), Message: r.FormValue("message"), Scope: r.FormValue("scope")}
		in.Count, _ = strconv.Atoi(r.FormValue("count"))
	}
	f := Fault{Mode: in.Mode, Message: in.Message, Count: in.Count, Scope: in.Scope}
	switch in.Mode {
	case FaultNone, FaultFail, FaultRefuse, FaultDuplicate:
	case FaultDelay:
		d, err := time.ParseDuration(strings.TrimSpace(in.Delay))
		if err != nil || d <= 0 {
			s.answer(w, r, http.StatusBadRequest, "Thời gian chậm không hợp lệ (ví dụ 8s).", "")
			return
		}
		f.Delay = d
	default:
		s.answer(w, r, http.StatusBadRequest, "Chế độ lỗi không hợp lệ: "+in.Mode, "")
		return
	}
	if f.Scope != ScopeAll {
		f.Scope = ScopeMessages
	}
	s.SetFault(f)
	s.answer(w, r, http.StatusOK, "", "Đã đặt chế độ: "+orNone(f.Mode))
}

func orNone(mode string) string {
	if mode == "" {
		return "bình thường"
	}
	return mode
}

// answer replies JSON to tests, or redirects the browser back to the page.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, status int, problem, notice string) {
	if wantsJSON(r) {
		if problem != "" {
			reply(w, status, map[string]string{"error": problem})
			return
		}
		reply(w, status, map[string]string{"ok": notice})
		return
	}
	if problem != "" {
		s.render(w, status, pageData{Error: problem})
		return
	}
	http.Redirect(w, r, "/?ok="+url.QueryEscape(notice), http.StatusSeeOther)
}

func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	var sub Submission
	if wantsJSON(r) {
		if err := json.NewDecoder(io.LimitReader(r.Body, 64<<20)).Decode(&sub); err != nil {
			reply(w, http.StatusBadRequest, map[string]string{"error": "JSON không hợp lệ"})
			return
		}
	} else {
		if err := r.ParseMultipartForm(32 << 20); err != nil && err != http.ErrNotMultipart {
			s.render(w, http.StatusBadRequest, pageData{Error: "Không đọc được biểu mẫu."})
			return
		}
		sub = submissionFromForm(r)
	}
	code, err := s.Submit(r.Context(), sub)
	if err != nil {
		if wantsJSON(r) {
			reply(w, http.StatusUnprocessableEntity, map[string]string{"error": err.Error()})
			return
		}
		s.render(w, http.StatusUnprocessableEntity, pageData{Error: err.Error(), Form: sub})
		return
	}
	if wantsJSON(r) {
		reply(w, http.StatusOK, map[string]string{"code": code})
		return
	}
	http.Redirect(w, r, "/?ok="+url.QueryEscape("Đã nộp hồ sơ "+code), http.StatusSeeOther)
}

func submissionFromForm(r *http.Request) Submission {
	sub := Submission{ProcedureCode: r.FormValue("procedure_code"), Owner: r.FormValue("owner"),
		IDNumber: r.FormValue("id_number"), TechID: r.FormValue("tech_id"), OwnerType: r.FormValue("owner_type"),
		Phone: r.FormValue("phone"), Email: r.FormValue("email"), Address: r.FormValue("address"),
		Summary: r.FormValue("summary"), Delivery: r.FormValue("delivery")}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := fh.Open()
			if err != nil {
				continue
			}
			b, err := io.ReadAll(io.LimitReader(f, 32<<20))
			f.Close()
			if err == nil {
				sub.Files = append(sub.Files, File{Name: fh.Filename, Content: b})
			}
		}
	}
	return sub
}

func (s *Server) handlePushAgain(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, ok := s.sent(code); !ok || s.opts.PushURL == "" {
		s.answer(w, r, http.StatusNotFound, "Không có hồ sơ "+code+" hoặc chưa cấu hình địa chỉ nhận của tỉnh.", "")
		return
	}
	s.push(r.Context(), code, 1)
	s.answer(w, r, http.StatusOK, "", "Đã đẩy lại hồ sơ "+code)
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	s.store.mu.Lock()
	s.store.st = State{Received: map[string]*Received{}}
	s.store.mu.Unlock()
	s.answer(w, r, http.StatusOK, "", "Đã xoá dữ liệu giả lập")
}
