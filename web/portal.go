package web

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/vnformat"
	"github.com/dvc-project/dvc/internal/worktime"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

var pageFuncs = template.FuncMap{
	"datetime": vnformat.DateTime,
	"action":   domain.ActionLabel,
	"mask":     service.MaskName,
	// moment is an appointment as the slips print it: "17 giờ 00 phút, ngày 23/03/2026".
	"moment":  worktime.FormatMoment,
	"docKind": service.DocumentKind,
	"money":   service.FormatVND,
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
		out[strings.TrimSuffix(base, ".html")] = template.Must(template.New("layout.html").Funcs(pageFuncs).Funcs(portalFuncs).ParseFS(templateFiles, files...))
	}
	return out
}

func (s *Server) registerPortalRoutes(e *gin.Engine) {
	p := e.Group("", s.pageSession)
	if s.DevMode {
		p.GET("/dev/mailbox", s.mailboxPage)
	}
	s.registerCitizenPages(p)
	s.registerConsolePages(p)
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err)
	}
	serve := func(c *gin.Context) {
		name := strings.TrimPrefix(c.Param("file"), "/")
		if st, err := fs.Stat(static, name); err != nil || st.IsDir() {
			httpx.Fail(c, s.Log, httpx.ErrRouteNotFound)
			return
		}
		c.Header("Cache-Control", "public, max-age=300")
		c.FileFromFS(name, http.FS(static))
	}
	e.GET("/static/*file", serve)
	e.HEAD("/static/*file", serve) // as the single-file routes did: caches and checkers ask HEAD
}

// render writes a page; a template error is logged and answered as a plain 500.
func (s *Server) render(c *gin.Context, code int, page string, data gin.H) {
	c.Status(code)
	c.Header("Content-Type", "text/html; charset=utf-8")
	if err := pages[page].Execute(c.Writer, data); err != nil {
		s.Log.ErrorContext(c, "render page", "page", page, "err", err)
	}
}

// mailboxPage shows the e-mails the system sent, in `dvc dev` (hộp thư phát triển).
func (s *Server) mailboxPage(c *gin.Context) {
	ns, err := s.svc.RecentNotifications(c, 200)
	if err != nil {
		s.Log.ErrorContext(c, "mailbox page", "err", err)
		s.render(c, http.StatusInternalServerError, "mailbox", s.pageData(c, gin.H{"Error": "Không tải được hộp thư."}))
		return
	}
	s.render(c, http.StatusOK, "mailbox", s.pageData(c, gin.H{"Mails": ns}))
}
