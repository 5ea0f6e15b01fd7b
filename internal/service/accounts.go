package service

import (
	"context"
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/captcha"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
)

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9._-]{4,32}$`)

const (
	loginWindow      = 15 * time.Minute
	maxUserFailures  = 5
	captchaLife      = 10 * time.Minute
	passwordResetTTL = time.Hour
)

// Client is who sends a request, as far as the transport knows: the address the limits
// count by and the user agent a session records.
type Client struct {
	IP        string
	UserAgent string
}

// SignedIn is a session just started: the token for the cookie (never stored in clear),
// its expiry, and the CSRF token unsafe requests must carry.
type SignedIn struct {
	Account domain.Account
	Token   string
	CSRF    string
	Expires time.Time
}

// Session returns the live session whose token is token. Errors: session_invalid (401)
// when it expired, was revoked or never existed.
func (s *Service) Session(ctx context.Context, token string) (domain.Session, error) {
	return s.Store.SessionByToken(ctx, auth.TokenHash(token))
}

// NewCaptcha stores a fresh captcha and returns its id and its PNG as a data URL.
func (s *Service) NewCaptcha(ctx context.Context) (id, image string, err error) {
	ch, err := captcha.New(captcha.Options{})
	if err != nil {
		return "", "", err
	}
	if err := s.Store.CreateCaptcha(ctx, ch.ID, captcha.Hash(ch.Answer), s.Now().Add(captchaLife)); err != nil {
		return "", "", err
	}
	return ch.ID, "data:image/png;base64," + base64.StdEncoding.EncodeToString(ch.PNG), nil
}

// NewCaptchaQuestion stores a captcha for people who cannot read the image and returns
// its id and its question in words (captcha.NewQuestion).
func (s *Service) NewCaptchaQuestion(ctx context.Context) (id, question string, err error) {
	ch, err := captcha.NewQuestion()
	if err != nil {
		return "", "", err
	}
	if err := s.Store.CreateCaptcha(ctx, ch.ID, captcha.Hash(ch.Answer), s.Now().Add(captchaLife)); err != nil {
		return "", "", err
	}
	return ch.ID, ch.Question, nil
}

// checkCaptcha consumes the captcha (one try). Errors: invalid_captcha.
func (s *Service) checkCaptcha(ctx context.Context, id, answer string) error {
	if s.TestCaptcha != "" && answer == s.TestCaptcha {
		return nil
	}
	ok, err := s.Store.UseCaptcha(ctx, id, captcha.Hash(answer))
	if err != nil {
		return err
	}
	if !ok {
		return &domain.Error{Kind: domain.Invalid, Code: "invalid_captcha", Message: "Mã xác nhận không đúng hoặc đã hết hạn.",
			Fields: map[string]string{"captcha_answer": "Mã xác nhận không đúng, vui lòng nhập lại mã mới."}}
	}
	return nil
}

// Registration is a citizen's registration form.
type Registration struct {
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

// validate normalises r and returns every problem of it, or nil.
func (r *Registration) validate() error {
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

// Register checks the captcha and the registration, creates the citizen's account and
// signs it in. Every attempt with a solved captcha counts towards RegistrationLimit (an
// hour, per client address). Errors: invalid_captcha, too_many_registrations (with
// RetryAfter), invalid_account / weak_password (with fields), username_taken.
func (s *Service) Register(ctx context.Context, cl Client, req *Registration) (SignedIn, error) {
	if err := s.checkCaptcha(ctx, req.CaptchaID, req.CaptchaAnswer); err != nil {
		return SignedIn{}, err
	}
	if ok, wait := s.registerLimiter.take(ctx, cl.IP); !ok {
		return SignedIn{}, &domain.Error{Kind: domain.TooMany, Code: "too_many_registrations",
			Message: "Đăng ký tài khoản quá nhiều lần từ địa chỉ này, vui lòng thử lại sau.", RetryAfter: wait}
	}
	if err := req.validate(); err != nil {
		return SignedIn{}, err
	}
	hash, err := auth.HashPassword(req.Password)
	if err != nil {
		return SignedIn{}, err
	}
	acc, err := s.Store.CreateCitizen(ctx, domain.NewCitizen{Username: req.Username, PasswordHash: hash,
		FullName: req.FullName, Email: req.Email, Phone: req.Phone, IDNumber: req.IDNumber})
	if err != nil {
		return SignedIn{}, err
	}
	return s.startSession(ctx, cl, acc)
}

var errBadCredentials = domain.NewError(domain.Unauthorized, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.")

// SignIn checks a name and password under the login throttle and starts a session. The
// same answer whether the account exists or the password is wrong; after 5 failures for
// a name (or LoginAddressLimit from an address) in 15 minutes, too_many_attempts. Errors:
// invalid_credentials, too_many_attempts (with RetryAfter).
func (s *Service) SignIn(ctx context.Context, cl Client, username, password string) (SignedIn, error) {
	userKey, ipKey := "u:"+strings.ToLower(strings.TrimSpace(username)), "ip:"+cl.IP
	since := s.Now().Add(-loginWindow)
	nu, err := s.Store.LoginFailures(ctx, userKey, since)
	if err != nil {
		return SignedIn{}, err
	}
	ni, err := s.Store.LoginFailures(ctx, ipKey, since)
	if err != nil {
		return SignedIn{}, err
	}
	if nu >= maxUserFailures || ni >= s.LoginAddressLimit {
		return SignedIn{}, &domain.Error{Kind: domain.TooMany, Code: "too_many_attempts",
			Message: "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau 15 phút.", RetryAfter: loginWindow}
	}
	acc, hash, err := s.Store.Credentials(ctx, strings.TrimSpace(username))
	if err != nil && !domain.IsKind(err, domain.NotFound) {
		return SignedIn{}, err
	}
	if !auth.VerifyPassword(hash, password) {
		if err := s.Store.RecordLoginFailure(ctx, userKey, ipKey); err != nil {
			return SignedIn{}, err
		}
		return SignedIn{}, errBadCredentials
	}
	if err := s.Store.ClearLoginFailures(ctx, userKey); err != nil {
		return SignedIn{}, err
	}
	return s.startSession(ctx, cl, acc)
}

// startSession signs acc in: a new session with its CSRF token.
func (s *Service) startSession(ctx context.Context, cl Client, acc domain.Account) (SignedIn, error) {
	token, csrf := auth.NewToken(), auth.NewToken()
	expires := s.Now().Add(s.SessionTTL)
	if err := s.Store.CreateSession(ctx, auth.TokenHash(token), csrf, acc.ID, expires, cl.IP, cl.UserAgent); err != nil {
		return SignedIn{}, err
	}
	return SignedIn{Account: acc, Token: token, CSRF: csrf, Expires: expires}, nil
}

// SignOut ends the session.
func (s *Service) SignOut(ctx context.Context, sess domain.Session) error {
	return s.Store.RevokeSession(ctx, sess.TokenHash)
}

// ForgotAnswer is the answer to a reset request, whether the account exists or not.
const ForgotAnswer = "Nếu tài khoản tồn tại, thư hướng dẫn đặt lại mật khẩu đã được gửi tới địa chỉ thư điện tử đã đăng ký."

// SendPasswordReset e-mails a one-time reset link to the account named by username (or,
// when empty, by email), and does nothing when there is none.
func (s *Service) SendPasswordReset(ctx context.Context, username, email string) error {
	var acc domain.Account
	var err error
	if username != "" {
		acc, _, err = s.Store.Credentials(ctx, strings.TrimSpace(username))
	} else {
		acc, err = s.Store.AccountByEmail(ctx, strings.TrimSpace(email))
	}
	if err != nil && !domain.IsKind(err, domain.NotFound) {
		return err
	}
	if err == nil && acc.Email != "" {
		token := auth.NewToken()
		link := strings.TrimRight(s.PublicURL, "/") + "/dat-lai-mat-khau?token=" + url.QueryEscape(token)
		body := "Xin chào " + acc.FullName + ",\n\nĐể đặt lại mật khẩu tài khoản " + acc.Username +
			", mở liên kết sau trong vòng 60 phút:\n" + link + "\n\nNếu không phải bạn yêu cầu, hãy bỏ qua thư này." + s.Portal.MailFooter()
		return s.Store.CreatePasswordReset(ctx, acc, auth.TokenHash(token), s.Now().Add(passwordResetTTL),
			"Đặt lại mật khẩu "+s.Portal.Title(), body)
	}
	return nil
}

// ResetPassword sets a new password with a one-time reset token and ends every session
// of the account. Errors: weak_password (on new_password), invalid_token.
func (s *Service) ResetPassword(ctx context.Context, token, newPassword string) error {
	if msg := auth.CheckPassword(newPassword, ""); msg != "" {
		return weakPassword("new_password", msg)
	}
	id, err := s.Store.UsePasswordReset(ctx, auth.TokenHash(token))
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(newPassword)
	if err != nil {
		return err
	}
	return s.Store.SetPassword(ctx, id, hash, "")
}

func weakPassword(field, msg string) error {
	return &domain.Error{Kind: domain.Unprocessable, Code: "weak_password", Message: auth.PolicyText, Fields: map[string]string{field: msg}}
}
