package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// registerCitizenPages adds the citizen portal's pages (cổng dịch vụ công) to p, the page group (see pageSession).
// Public pages: home, the static pages of the menu, the catalogue, the lookup and the
// statistics. Account pages: register, log in and out, forgotten password, profile and
// password. Dossier pages (signed-in citizens, except the supplement by update code): the
// online form, the success page, my dossiers, a dossier with its history, supplement,
// withdraw and rating.
func (s *Server) registerCitizenPages(p *gin.RouterGroup) {
	s.registerNationalSignInPages(p)
	s.registerPublicPages(p)

	p.GET("/dang-ky", s.registerPage)
	p.POST("/dang-ky", s.registerSubmit)
	p.GET("/dang-nhap", s.loginPage)
	p.POST("/dang-nhap", s.loginSubmit)
	p.POST("/dang-xuat", s.logoutSubmit)
	p.GET("/quen-mat-khau", s.forgotPage)
	p.POST("/quen-mat-khau", s.forgotSubmit)
	p.GET("/dat-lai-mat-khau", s.resetPage)
	p.POST("/dat-lai-mat-khau", s.resetSubmit)
	p.GET("/ca-nhan", s.profilePage)
	p.POST("/ca-nhan", s.profileSubmit)
	p.GET("/ca-nhan/mat-khau", s.passwordPage)
	p.POST("/ca-nhan/mat-khau", s.passwordSubmit)

	s.registerDossierPages(p)
}

// formFailure renders page again with err's status, its message at the top and its field
// messages next to the fields, keeping data (what the person typed). An error that is not
// an application error becomes the error page.
func (s *Server) formFailure(c *gin.Context, page string, data gin.H, err error) {
	e, ok := domain.Public(err)
	if !ok {
		s.pageError(c, err)
		return
	}
	if e.Err != nil {
		s.Log.WarnContext(c, "form refused", "err", err)
	}
	httpx.SetRetryAfter(c, e)
	fields := map[string]string{}
	if prev, ok := data["Errors"].(map[string]string); ok {
		for k, v := range prev {
			fields[k] = v
		}
	}
	for k, v := range e.Fields {
		fields[k] = v
	}
	data["Errors"] = fields
	data["Message"] = e.Message
	s.render(c, httpx.Status(e), page, s.pageData(c, data))
}

// signedIn returns the signed-in session; an anonymous visitor is sent to the login page
// (and back here afterwards).
func (s *Server) signedIn(c *gin.Context) (domain.Session, bool) {
	sess, ok := httpx.Current(c)
	if !ok {
		next := c.Request.URL.Path
		if c.Request.Method == http.MethodGet && c.Request.URL.RawQuery != "" {
			next += "?" + c.Request.URL.RawQuery
		}
		c.Redirect(http.StatusSeeOther, "/dang-nhap?next="+url.QueryEscape(next))
		c.Abort()
	}
	return sess, ok
}

// citizenPage is signedIn for pages only citizens use; staff get the error page.
func (s *Server) citizenPage(c *gin.Context) (domain.Session, bool) {
	sess, ok := s.signedIn(c)
	if ok && sess.Account.Kind != "citizen" {
		s.pageError(c, service.ErrCitizensOnly)
		return sess, false
	}
	return sess, ok
}

// localNext is where to go after logging in: a local path, else the account's home.
func localNext(next string, acc domain.Account) string {
	if acc.Kind == "staff" {
		if strings.HasPrefix(next, "/can-bo") && !strings.HasPrefix(next, "//") {
			return next
		}
		return "/can-bo"
	}
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") && !strings.HasPrefix(next, "/can-bo") {
		return next
	}
	return "/ho-so"
}

// registerPage is the registration form (đăng ký tài khoản) with a captcha: an image, or
// with ?ma-xac-nhan=chu a question in words for those who cannot read it.
func (s *Server) registerPage(c *gin.Context) {
	data := gin.H{"Form": service.Registration{}}
	if err := s.addCaptcha(c, data, c.Query("ma-xac-nhan") == captchaText); err != nil {
		s.pageError(c, err)
		return
	}
	s.render(c, http.StatusOK, "register", s.pageData(c, data))
}

// captchaText is the value of the form's captcha_mode (and of ?ma-xac-nhan=) that asks
// for the captcha in words instead of the image.
const captchaText = "chu"

// addCaptcha puts a fresh captcha into a registration page's data: the image, or the
// question in words when text.
func (s *Server) addCaptcha(c *gin.Context, data gin.H, text bool) error {
	if text {
		id, question, err := s.svc.NewCaptchaQuestion(c)
		data["CaptchaID"], data["CaptchaQuestion"] = id, question
		return err
	}
	id, image, err := s.svc.NewCaptcha(c)
	data["CaptchaID"], data["CaptchaImage"] = id, template.URL(image) // our own PNG as a data URL
	return err
}

func (s *Server) registerSubmit(c *gin.Context) {
	req := service.Registration{Username: c.PostForm("username"), Password: c.PostForm("password"),
		PasswordConfirm: c.PostForm("password_confirm"), FullName: c.PostForm("full_name"), Email: c.PostForm("email"),
		Phone: c.PostForm("phone"), IDNumber: c.PostForm("id_number"), CaptchaID: c.PostForm("captcha_id"),
		CaptchaAnswer: strings.TrimSpace(c.PostForm("captcha_answer"))}
	if req.PasswordConfirm == "" {
		req.PasswordConfirm = "\x00" // the form always asks for it: an empty one never matches
	}
	typed := req
	typed.Password, typed.PasswordConfirm, typed.CaptchaAnswer = "", "", ""
	data := gin.H{"Form": typed}
	if c.PostForm("switch_captcha") == captchaText { // "Không đọc được ảnh?": the same form, a question in words
		if err := s.addCaptcha(c, data, true); err != nil {
			s.pageError(c, err)
			return
		}
		s.render(c, http.StatusOK, "register", s.pageData(c, data))
		return
	}
	in, err := s.svc.Register(c, httpx.Client(c), &req)
	if err == nil {
		s.Sessions.SignIn(c, in)
		c.Redirect(http.StatusSeeOther, "/ho-so?moi=1")
		return
	}
	if cerr := s.addCaptcha(c, data, c.PostForm("captcha_mode") == captchaText); cerr != nil {
		s.pageError(c, cerr)
		return
	}
	s.formFailure(c, "register", data, err)
}

// loginPage is the login form (đăng nhập).
func (s *Server) loginPage(c *gin.Context) {
	if sess, ok := httpx.Current(c); ok {
		c.Redirect(http.StatusSeeOther, localNext(c.Query("next"), sess.Account))
		return
	}
	s.render(c, http.StatusOK, "login", s.pageData(c, gin.H{"Next": c.Query("next"), "Reset": c.Query("da-dat-lai") != "",
		"NationalSignIn": s.svc.OIDC != nil}))
}

func (s *Server) loginSubmit(c *gin.Context) {
	username, next := strings.TrimSpace(c.PostForm("username")), c.PostForm("next")
	in, err := s.svc.SignIn(c, httpx.Client(c), username, c.PostForm("password"))
	if err != nil {
		data := gin.H{"Username": username, "Next": next}
		if domain.IsKind(err, domain.Unauthorized) {
			data["Errors"] = map[string]string{"password": "Tên đăng nhập hoặc mật khẩu không đúng."}
		}
		s.formFailure(c, "login", data, err)
		return
	}
	s.Sessions.SignIn(c, in)
	c.Redirect(http.StatusSeeOther, localNext(next, in.Account))
}

// logoutSubmit ends the session (đăng xuất) and goes home.
func (s *Server) logoutSubmit(c *gin.Context) {
	if sess, ok := httpx.Current(c); ok {
		if err := s.svc.SignOut(c, sess); err != nil {
			s.pageError(c, err)
			return
		}
	}
	s.Sessions.ClearCookie(c)
	c.Redirect(http.StatusSeeOther, "/")
}

// forgotPage asks for the account name or e-mail to send a reset link to (quên mật khẩu).
func (s *Server) forgotPage(c *gin.Context) {
	s.render(c, http.StatusOK, "forgot", s.pageData(c, nil))
}

func (s *Server) forgotSubmit(c *gin.Context) {
	username, email := strings.TrimSpace(c.PostForm("username")), strings.TrimSpace(c.PostForm("email"))
	data := gin.H{"Username": username, "Email": email}
	if username == "" && email == "" {
		s.formFailure(c, "forgot", data, &domain.Error{Kind: domain.Invalid, Code: "invalid_request",
			Message: "Nhập tên đăng nhập hoặc địa chỉ thư điện tử.",
			Fields:  map[string]string{"username": "Nhập tên đăng nhập hoặc địa chỉ thư điện tử đã đăng ký."}})
		return
	}
	if err := s.svc.SendPasswordReset(c, username, email); err != nil {
		s.formFailure(c, "forgot", data, err)
		return
	}
	data["Sent"] = service.ForgotAnswer
	s.render(c, http.StatusOK, "forgot", s.pageData(c, data))
}

// resetPage sets a new password with the e-mailed link's token (đặt lại mật khẩu).
func (s *Server) resetPage(c *gin.Context) {
	s.render(c, http.StatusOK, "reset", s.pageData(c, gin.H{"Token": c.Query("token")}))
}

func (s *Server) resetSubmit(c *gin.Context) {
	token, pw := c.PostForm("token"), c.PostForm("new_password")
	data := gin.H{"Token": token}
	if pw != c.PostForm("new_password_confirm") {
		s.formFailure(c, "reset", data, &domain.Error{Kind: domain.Invalid, Code: "invalid_request", Message: "Mật khẩu nhập lại không khớp.",
			Fields: map[string]string{"new_password_confirm": "Mật khẩu nhập lại không khớp."}})
		return
	}
	if err := s.svc.ResetPassword(c, token, pw); err != nil {
		s.formFailure(c, "reset", data, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/dang-nhap?da-dat-lai=1")
}

// profileForm is the profile as the form shows it.
func profileForm(acc domain.Account) service.ProfileInput {
	p := service.ProfileInput{FullName: acc.FullName, Gender: acc.Gender, Address: acc.Address, Phone: acc.Phone, Email: acc.Email}
	if acc.DateOfBirth != nil {
		p.DateOfBirth = acc.DateOfBirth.Format("2006-01-02")
	}
	return p
}

// profilePage shows and edits the signed-in account's profile (hồ sơ cá nhân).
func (s *Server) profilePage(c *gin.Context) {
	sess, ok := s.signedIn(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "profile", s.pageData(c, gin.H{"Form": profileForm(sess.Account), "Saved": c.Query("da-luu") != ""}))
}

func (s *Server) profileSubmit(c *gin.Context) {
	sess, ok := s.signedIn(c)
	if !ok {
		return
	}
	req := service.ProfileInput{FullName: c.PostForm("full_name"), Gender: c.PostForm("gender"), DateOfBirth: strings.TrimSpace(c.PostForm("date_of_birth")),
		Address: c.PostForm("address"), Phone: c.PostForm("phone"), Email: c.PostForm("email")}
	if _, err := s.svc.SaveProfile(c, sess, req); err != nil {
		s.formFailure(c, "profile", gin.H{"Form": req}, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/ca-nhan?da-luu=1")
}

// passwordPage changes the signed-in account's password (đổi mật khẩu).
func (s *Server) passwordPage(c *gin.Context) {
	if _, ok := s.signedIn(c); !ok {
		return
	}
	s.render(c, http.StatusOK, "password", s.pageData(c, gin.H{"Saved": c.Query("da-doi") != ""}))
}

func (s *Server) passwordSubmit(c *gin.Context) {
	sess, ok := s.signedIn(c)
	if !ok {
		return
	}
	req := service.PasswordChange{CurrentPassword: c.PostForm("current_password"), NewPassword: c.PostForm("new_password")}
	if req.NewPassword != c.PostForm("new_password_confirm") {
		s.formFailure(c, "password", gin.H{}, &domain.Error{Kind: domain.Invalid, Code: "invalid_request", Message: "Mật khẩu nhập lại không khớp.",
			Fields: map[string]string{"new_password_confirm": "Mật khẩu nhập lại không khớp."}})
		return
	}
	if err := s.svc.ChangePassword(c, sess, req); err != nil {
		s.formFailure(c, "password", gin.H{}, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/ca-nhan/mat-khau?da-doi=1")
}
