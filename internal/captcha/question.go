package captcha

import (
	crand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// NewQuestion makes a challenge for people who cannot read the image: an addition
// written in Vietnamese words (which a screen reader reads aloud), answered in digits.
// It is weaker against programs than the image, so it is offered on request only.
func NewQuestion() (Challenge, error) {
	var seed [32]byte
	if _, err := crand.Read(seed[:]); err != nil {
		return Challenge{}, fmt.Errorf("captcha: seed: %w", err)
	}
	id, err := newID()
	if err != nil {
		return Challenge{}, err
	}
	r := rand.New(rand.NewChaCha8(seed))
	a, b := 11+r.IntN(49), 2+r.IntN(8)
	q := VietnameseNumber(a) + " cộng " + VietnameseNumber(b) + " bằng bao nhiêu? Nhập kết quả bằng chữ số."
	return Challenge{ID: id, Answer: strconv.Itoa(a + b), Question: strings.ToUpper(q[:1]) + q[1:]}, nil
}

// units are the Vietnamese words of the digits.
var units = []string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// VietnameseNumber writes n (0 to 99) in Vietnamese words: 15 "mười lăm", 21 "hai mươi
// mốt", 40 "bốn mươi".
func VietnameseNumber(n int) string {
	tens, one := n/10, n%10
	var w []string
	switch tens {
	case 0:
		return units[one]
	case 1:
		w = append(w, "mười")
	default:
		w = append(w, units[tens], "mươi")
	}
	switch {
	case one == 0:
	case one == 1 && tens >= 2:
		w = append(w, "mốt")
	case one == 5:
		w = append(w, "lăm")
	default:
		w = append(w, units[one])
	}
	return strings.Join(w, " ")
}
