package api

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/apperr"
	"github.com/dvc-project/dvc/internal/dossiercode"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

var pageFuncs = template.FuncMap{
	"datetime": func(t time.Time) string { return t.In(dossiercode.Location).Format("15:04 02/01/2006") },
	"action":   activities.ActionLabel,
	"mask":     maskName,
}

// pages are parsed once at start: every templates/NAME.html except layout.html and the
// partials (templates/_*.html) is a page named NAME, made of layout.html, the partials and
// its own file. Adding a page is adding its file.
var pages = parsePages()

func parsePages() map[string]*template.Template {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err)
	}
	partials, err := fs.Glob(templateFiles, "templates/_*.html")
	if err != nil {
		panic(err)
	}
	out := make(map[string]*template.Template)
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		files := append([]string{"templates/layout.html"}, partials...)
		files = append(files, name)
		out[strings.TrimSuffix(base, ".html")] = template.Must(template.New("layout.html").Funcs(pageFuncs).ParseFS(templateFiles, files...))
	}
	return out
}

func (s *Server) registerPortalRoutes() {
	s.engine.GET("/", s.homePage)
	s.engine.GET("/tra-cuu", s.lookupPage)
	if s.DevMode {
		s.engine.GET("/dev/mailbox", s.mailboxPage)
	}
	p := s.engine.Group("", s.pageSession)
	s.registerCitizenPages(p)
	s.registerConsolePages(p)
	s.engine.StaticFileFS("/static/style.css", "static/style.css", http.FS(staticFiles))
}

// render writes a page; a template error is logged and answered as a plain 500.
func (s *Server) render(c *gin.Context, code int, page string, data gin.H) {
	c.Status(code)
	c.Header("Content-Type", "text/html; charset=utf-8")
	if err := pages[page].Execute(c.Writer, data); err != nil {
		s.Log.ErrorContext(c, "render page", "page", page, "err", err, "request_id", requestIDOf(c))
	}
}

func (s *Server) homePage(c *gin.Context) {
	ps, err := s.Store.ListProcedures(c)
	if err != nil {
		s.Log.ErrorContext(c, "home page", "err", err, "request_id", requestIDOf(c))
		s.render(c, s.failureStatus(c, err), "home", gin.H{"Error": "Không tải được danh sách thủ tục, vui lòng thử lại sau."})
		return
	}
	s.render(c, http.StatusOK, "home", gin.H{"Procedures": ps})
}

// lookupPage is the public lookup by dossier code (tra cứu hồ sơ).
func (s *Server) lookupPage(c *gin.Context) {
	code := strings.TrimSpace(c.Query("code"))
	data := gin.H{"Code": code}
	if code == "" {
		s.render(c, http.StatusOK, "lookup", data)
		return
	}
	if _, err := dossiercode.Parse(code); err != nil {
		data["CodeError"] = "Mã hồ sơ không đúng định dạng (ví dụ: 000.00.03.H03-200811-0001)."
		s.render(c, http.StatusBadRequest, "lookup", data)
		return
	}
	d, err := s.Store.DossierByCode(c, code)
	if apperr.IsKind(err, apperr.NotFound) {
		data["CodeError"] = "Không tìm thấy hồ sơ có mã này."
		s.render(c, http.StatusNotFound, "lookup", data)
		return
	}
	var events []activities.Event
	if err == nil {
		events, err = s.Store.Events(c, d.ID)
	}
	if err != nil {
		s.Log.ErrorContext(c, "lookup page", "err", err, "request_id", requestIDOf(c))
		data["CodeError"] = "Lỗi hệ thống, vui lòng thử lại sau."
		s.render(c, s.failureStatus(c, err), "lookup", data)
		return
	}
	data["Dossier"] = d
	data["Events"] = events
	s.render(c, http.StatusOK, "lookup", data)
}

// mailboxPage shows the e-mails the system sent, in `dvc dev` (hộp thư phát triển).
func (s *Server) mailboxPage(c *gin.Context) {
	ns, err := s.Store.RecentNotifications(c, 200)
	if err != nil {
		s.Log.ErrorContext(c, "mailbox page", "err", err, "request_id", requestIDOf(c))
		s.render(c, http.StatusInternalServerError, "mailbox", gin.H{"Error": "Không tải được hộp thư."})
		return
	}
	s.render(c, http.StatusOK, "mailbox", gin.H{"Mails": ns})
}
