package api

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/captcha"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
)

func (s *Server) registerAuthRoutes(r *gin.RouterGroup) {
	r.GET("/captcha", s.newCaptcha)
	r.POST("/auth/register", s.register)
	r.POST("/auth/login", s.login)
	r.POST("/auth/logout", s.logout)
	r.POST("/auth/forgot", s.forgotPassword)
	r.POST("/auth/reset", s.resetPassword)
	r.GET("/me", s.me)
	r.PUT("/me", s.updateMe)
	r.PUT("/me/password", s.changePassword)
}

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9._-]{4,32}$`)

const (
	loginWindow      = 15 * time.Minute
	maxUserFailures  = 5
	maxIPFailures    = 30
	captchaLife      = 10 * time.Minute
	passwordResetTTL = time.Hour
)

// newCaptcha answers a fresh captcha: its id and its PNG as a data URL.
func (s *Server) newCaptcha(c *gin.Context) {
	id, image, err := s.makeCaptcha(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"id": id, "image": image})
}

// makeCaptcha stores a fresh captcha and answers its id and its PNG as a data URL.
func (s *Server) makeCaptcha(c *gin.Context) (id, image string, err error) {
	ch, err := captcha.New(captcha.Options{})
	if err != nil {
		return "", "", err
	}
	if err := s.Store.CreateCaptcha(c, ch.ID, captcha.Hash(ch.Answer), s.Now().Add(captchaLife)); err != nil {
		return "", "", err
	}
	return ch.ID, "data:image/png;base64," + base64.StdEncoding.EncodeToString(ch.PNG), nil
}

// checkCaptcha consumes the captcha (one try); Errors: invalid_captcha.
func (s *Server) checkCaptcha(c *gin.Context, id, answer string) error {
	if s.TestCaptcha != "" && answer == s.TestCaptcha {
		return nil
	}
	ok, err := s.Store.UseCaptcha(c, id, captcha.Hash(answer))
	if err != nil {
		return err
	}
	if !ok {
		return &domain.Error{Kind: domain.Invalid, Code: "invalid_captcha", Message: "Mã xác nhận không đúng hoặc đã hết hạn.",
			Fields: map[string]string{"captcha_answer": "Mã xác nhận không đúng, vui lòng nhập lại mã mới."}}
	}
	return nil
}

type registerRequest struct {
	Username        string `json:"username"`
	Password        string `json:"password"`
	PasswordConfirm string `json:"password_confirm"`
	FullName        string `json:"full_name"`
	Email           string `json:"email"`
	Phone           string `json:"phone"`
	IDNumber        string `json:"id_number"`
	CaptchaID       string `json:"captcha_id"`
	CaptchaAnswer   string `json:"captcha_answer"`
}

// validate returns every problem of a registration, or nil.
func (r *registerRequest) validate() error {
	r.Username, r.FullName, r.Email = strings.TrimSpace(r.Username), strings.TrimSpace(r.FullName), strings.TrimSpace(r.Email)
	r.Phone, r.IDNumber = validate.NormalizePhone(r.Phone), strings.ToUpper(strings.TrimSpace(r.IDNumber))
	fields := map[string]string{}
	if !usernamePattern.MatchString(r.Username) {
		fields["username"] = "Tên đăng nhập dài 4–32 ký tự, gồm chữ không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang."
	}
	if msg := auth.CheckPassword(r.Password, r.Username); msg != "" {
		fields["password"] = msg
	} else if r.PasswordConfirm != "" && r.PasswordConfirm != r.Password {
		fields["password_confirm"] = "Mật khẩu nhập lại không khớp."
	}
	if name, ok := validate.Name(r.FullName, 200); !ok {
		fields["full_name"] = "Vui lòng nhập họ và tên (không chứa ký tự ẩn, ký tự điều khiển hay biểu tượng)."
	} else {
		r.FullName = name
	}
	if !validate.Email(r.Email) {
		fields["email"] = "Địa chỉ thư điện tử không hợp lệ."
	}
	if !validate.Phone(r.Phone) {
		fields["phone"] = "Số điện thoại không hợp lệ."
	}
	if _, ok := validate.IDNumber(r.IDNumber); !ok {
		fields["id_number"] = "Số CMND (9 số), CCCD (12 số) hoặc hộ chiếu không hợp lệ."
	}
	if len(fields) == 0 {
		return nil
	}
	code, msg := "invalid_account", "Thông tin đăng ký chưa hợp lệ."
	if _, weak := fields["password"]; weak && len(fields) == 1 {
		code, msg = "weak_password", auth.PolicyText
	}
	return &domain.Error{Kind: domain.Unprocessable, Code: code, Message: msg, Fields: fields}
}

var errTooManyRegistrations = domain.NewError(domain.TooMany, "too_many_registrations",
	"Đăng ký tài khoản quá nhiều lần từ địa chỉ này, vui lòng thử lại sau.")

// register creates a citizen account and signs it in. Every attempt with a solved captcha
// counts towards Options.RegistrationLimit (an hour, per client address). Errors: invalid_captcha (400),
// too_many_registrations (429, with Retry-After), invalid_account / weak_password (422,
// with fields), username_taken (409).
func (s *Server) register(c *gin.Context) {
	var req registerRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	acc, csrf, err := s.registerCitizen(c, &req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"account": acc, "csrf_token": csrf})
}

// registerCitizen checks the captcha and the registration, creates the citizen's account
// and signs it in, answering the account and the session's CSRF token (the JSON API and
// the registration page share it).
func (s *Server) registerCitizen(c *gin.Context, req *registerRequest) (domain.Account, string, error) {
	if err := s.checkCaptcha(c, req.CaptchaID, req.CaptchaAnswer); err != nil {
		return domain.Account{}, "", err
	}
	if ok, wait := s.registerLimiter.take(c.ClientIP()); !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())))
		return domain.Account{}, "", errTooManyRegistrations
	}
	if err := req.validate(); err != nil {
		return domain.Account{}, "", err
	}
	hash, err := auth.HashPassword(req.Password)
	if err != nil {
		return domain.Account{}, "", err
	}
	acc, err := s.Store.CreateCitizen(c, domain.NewCitizen{Username: req.Username, PasswordHash: hash,
		FullName: req.FullName, Email: req.Email, Phone: req.Phone, IDNumber: req.IDNumber})
	if err != nil {
		return acc, "", err
	}
	csrf, err := s.startSession(c, acc)
	return acc, csrf, err
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

var errBadCredentials = domain.NewError(domain.Unauthorized, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.")

// login signs an account in. The same answer whether the account exists or the password
// is wrong; after 5 failures for a name (or 30 from an address) in 15 minutes, 429.
// Errors: invalid_credentials (401), too_many_attempts (429).
func (s *Server) login(c *gin.Context) {
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	acc, csrf, err := s.signIn(c, req.Username, req.Password)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"account": acc, "csrf_token": csrf})
}

// signIn checks a name and password under the login throttle and starts a session,
// answering the account and the session's CSRF token (the JSON API and the login page share it).
func (s *Server) signIn(c *gin.Context, username, password string) (domain.Account, string, error) {
	userKey, ipKey := "u:"+strings.ToLower(strings.TrimSpace(username)), "ip:"+c.ClientIP()
	since := s.Now().Add(-loginWindow)
	nu, err := s.Store.LoginFailures(c, userKey, since)
	if err != nil {
		return domain.Account{}, "", err
	}
	ni, err := s.Store.LoginFailures(c, ipKey, since)
	if err != nil {
		return domain.Account{}, "", err
	}
	if nu >= maxUserFailures || ni >= maxIPFailures {
		c.Header("Retry-After", "900")
		return domain.Account{}, "", domain.NewError(domain.TooMany, "too_many_attempts", "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau 15 phút.")
	}
	acc, hash, err := s.Store.Credentials(c, strings.TrimSpace(username))
	if err != nil && !domain.IsKind(err, domain.NotFound) {
		return acc, "", err
	}
	if !auth.VerifyPassword(hash, password) {
		if err := s.Store.RecordLoginFailure(c, userKey, ipKey); err != nil {
			return domain.Account{}, "", err
		}
		return domain.Account{}, "", errBadCredentials
	}
	if err := s.Store.ClearLoginFailures(c, userKey); err != nil {
		return acc, "", err
	}
	csrf, err := s.startSession(c, acc)
	return acc, csrf, err
}

// logout ends the session. Errors: login_required.
func (s *Server) logout(c *gin.Context) {
	sess, ok := currentSession(c)
	if !ok {
		s.fail(c, errLoginRequired)
		return
	}
	if err := s.Store.RevokeSession(c, sess.TokenHash); err != nil {
		s.fail(c, err)
		return
	}
	s.clearCookie(c)
	c.Status(http.StatusNoContent)
}

type forgotRequest struct {
	Username string `json:"username"`
	Email    string `json:"email"`
}

// forgotPassword e-mails a one-time link when the account exists; the answer is the same
// either way.
func (s *Server) forgotPassword(c *gin.Context) {
	var req forgotRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.sendPasswordReset(c, req.Username, req.Email); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"message": forgotAnswer})
}

// forgotAnswer is the answer to a reset request, whether the account exists or not.
const forgotAnswer = "Nếu tài khoản tồn tại, thư hướng dẫn đặt lại mật khẩu đã được gửi tới địa chỉ thư điện tử đã đăng ký."

// sendPasswordReset e-mails a one-time reset link to the account named by username (or,
// when empty, by email), and does nothing when there is none.
func (s *Server) sendPasswordReset(c *gin.Context, username, email string) error {
	var acc domain.Account
	var err error
	if username != "" {
		acc, _, err = s.Store.Credentials(c, strings.TrimSpace(username))
	} else {
		acc, err = s.Store.AccountByEmail(c, strings.TrimSpace(email))
	}
	if err != nil && !domain.IsKind(err, domain.NotFound) {
		return err
	}
	if err == nil && acc.Email != "" {
		token := auth.NewToken()
		link := strings.TrimRight(s.PublicURL, "/") + "/dat-lai-mat-khau?token=" + url.QueryEscape(token)
		body := "Xin chào " + acc.FullName + ",\n\nĐể đặt lại mật khẩu tài khoản " + acc.Username +
			", mở liên kết sau trong vòng 60 phút:\n" + link + "\n\nNếu không phải bạn yêu cầu, hãy bỏ qua thư này."
		return s.Store.CreatePasswordReset(c, acc, auth.TokenHash(token), s.Now().Add(passwordResetTTL),
			"Đặt lại mật khẩu Cổng Dịch vụ công", body)
	}
	return nil
}

type resetRequest struct {
	Token       string `json:"token"`
	NewPassword string `json:"new_password"`
}

// resetPassword sets a new password with a one-time token and ends every session.
// Errors: weak_password (422), invalid_token (400).
func (s *Server) resetPassword(c *gin.Context) {
	var req resetRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.resetWithToken(c, req.Token, req.NewPassword); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// resetWithToken sets a new password with a one-time reset token and ends every session
// of the account. Errors: weak_password (on new_password), invalid_token.
func (s *Server) resetWithToken(c *gin.Context, token, newPassword string) error {
	if msg := auth.CheckPassword(newPassword, ""); msg != "" {
		return weakPassword("new_password", msg)
	}
	id, err := s.Store.UsePasswordReset(c, auth.TokenHash(token))
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(newPassword)
	if err != nil {
		return err
	}
	return s.Store.SetPassword(c, id, hash, "")
}

func weakPassword(field, msg string) error {
	return &domain.Error{Kind: domain.Unprocessable, Code: "weak_password", Message: auth.PolicyText, Fields: map[string]string{field: msg}}
}
