package app_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestCaptchaInWords: a person who cannot read the captcha image asks for the question
// in words on the registration form, keeps what they typed, answers in digits and is
// registered; the API offers the same (?kind=text); the image is shown at its size.
func TestCaptchaInWords(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	b := newBrowser(t, a.URL())
	form := b.get("/dang-ky")
	form.has(t, `width="160" height="60"`, `name="switch_captcha" value="chu"`)
	reg := url.Values{"username": {"khiemthi"}, "password": {"matkhau2026"}, "password_confirm": {"matkhau2026"},
		"full_name": {"Hoàng Văn Khiêm"}, "email": {"khiem@example.vn"}, "phone": {"0987654320"}, "id_number": {"001305001299"},
		"captcha_id": {captchaID(t, form.Body)}, "switch_captcha": {"chu"}}
	p := b.post("/dang-ky", "/dang-ky", reg)
	expectPage(t, "the question in words", p, http.StatusOK, "")
	p.has(t, `value="Hoàng Văn Khiêm"`, `id="captcha-question"`, `aria-describedby="captcha-question"`, `name="captcha_mode" value="chu"`)
	reg.Del("switch_captcha")
	reg.Set("captcha_mode", "chu")
	reg.Set("captcha_id", captchaID(t, p.Body))
	reg.Set("captcha_answer", "1000") // wrong: a new question, still in words
	p = b.post("/dang-ky", "/dang-ky", reg)
	expectPage(t, "a wrong answer", p, http.StatusBadRequest, "")
	p.has(t, `id="captcha-question"`, `value="Hoàng Văn Khiêm"`)
	question := html.UnescapeString(regexp.MustCompile(`<p id="captcha-question">([^<]+)</p>`).FindStringSubmatch(p.Body)[1])
	reg.Set("captcha_id", captchaID(t, p.Body))
	reg.Set("captcha_answer", solveWords(t, question))
	expectPage(t, "registered with the question in words", b.post("/dang-ky", "/dang-ky", reg), http.StatusSeeOther, "/ho-so")

	var q struct{ ID, Question, Image string }
	if st := newClient(t, a.URL()).do(http.MethodGet, "/api/v1/captcha?kind=text", "", nil, &q); st != 200 || q.ID == "" ||
		q.Image != "" || !strings.Contains(q.Question, " cộng ") {
		t.Errorf("the API's question in words: %d %+v", st, q)
	}
	var e apiError
	expectError(t, "an unknown kind", newClient(t, a.URL()).do(http.MethodGet, "/api/v1/captcha?kind=audio", "", nil, &e), e, 400, "invalid_query")
}

func captchaID(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="captcha_id" id="captcha_id" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no captcha id in the page")
	}
	return m[1]
}

// solveWords answers "Mười bốn cộng năm bằng bao nhiêu? …" as a person does.
func solveWords(t *testing.T, question string) string {
	t.Helper()
	digits := map[string]int{"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
	number := func(words []string) int {
		n := 0
		for _, w := range words {
			switch w {
			case "mười":
				n += 10
			case "mươi":
				n *= 10
			default:
				n += digits[w]
			}
		}
		return n
	}
	sum, _, ok := strings.Cut(strings.ToLower(question), " bằng bao nhiêu")
	x, y, ok2 := strings.Cut(sum, " cộng ")
	if !ok || !ok2 {
		t.Fatalf("not an addition in words: %q", question)
	}
	return strconv.Itoa(number(strings.Fields(x)) + number(strings.Fields(y)))
}
