package captcha

import (
	"strconv"
	"strings"
	"testing"
)

func TestVietnameseNumber(t *testing.T) {
	for n, want := range map[int]string{0: "không", 5: "năm", 10: "mười", 11: "mười một", 15: "mười lăm", 20: "hai mươi",
		21: "hai mươi mốt", 24: "hai mươi bốn", 25: "hai mươi lăm", 55: "năm mươi lăm", 99: "chín mươi chín"} {
		if got := VietnameseNumber(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

func TestNewQuestion(t *testing.T) {
	ch, err := NewQuestion()
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(ch.Answer)
	if err != nil || n < 13 || n > 68 || len(ch.ID) != 32 || ch.PNG != nil ||
		!strings.Contains(ch.Question, " cộng ") || strings.ContainsAny(ch.Question, "0123456789") {
		t.Fatalf("%+v", ch)
	}
}
