// Package captcha generates image captchas on the server: a short random
// string drawn as a noisy PNG that a person reads and types back.
//
// A typical flow stores Challenge.ID together with Hash(Challenge.Answer),
// sends the PNG to the browser, and later checks the typed text with
// Hash (or Equal when the plain answer is at hand).
package captcha

import (
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
)

// Default option values used when an Options field is zero.
const (
	DefaultLength = 5
	DefaultWidth  = 160
	DefaultHeight = 60
)

// Upper bounds on Options, to keep a single challenge cheap to make.
const (
	MaxLength = 16
	MaxWidth  = 1000
	MaxHeight = 400
)

// Challenge is one captcha: an opaque random ID, its answer, and its PNG image (or, from
// NewQuestion, its question in words).
type Challenge struct {
	ID       string // 32 hex chars from crypto/rand
	Answer   string // what the person must type, e.g. "4K7PX" (length Options.Length)
	PNG      []byte // the image to show, Options.Width x Options.Height
	Question string // NewQuestion's addition in words, e.g. "Mười bốn cộng năm bằng bao nhiêu? …"
}

// Options controls the size of a challenge. Zero fields take the defaults
// (DefaultLength characters on a DefaultWidth x DefaultHeight image).
type Options struct {
	Length        int // characters, default 5
	Width, Height int // pixels, default 160x60
}

// ErrOptions is wrapped by the error New returns for unusable Options.
var ErrOptions = errors.New("captcha: invalid options")

// withDefaults fills zero fields with defaults and checks the result.
func (o Options) withDefaults() (Options, error) {
	if o.Length == 0 {
		o.Length = DefaultLength
	}
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	if o.Height == 0 {
		o.Height = DefaultHeight
	}
	switch {
	case o.Length < 1 || o.Length > MaxLength:
		return o, fmt.Errorf("%w: length %d not in 1..%d", ErrOptions, o.Length, MaxLength)
	case o.Width < 1 || o.Width > MaxWidth:
		return o, fmt.Errorf("%w: width %d not in 1..%d", ErrOptions, o.Width, MaxWidth)
	case o.Height < 1 || o.Height > MaxHeight:
		return o, fmt.Errorf("%w: height %d not in 1..%d", ErrOptions, o.Height, MaxHeight)
	}
	if scaleFor(o) < minScale {
		return o, fmt.Errorf("%w: %dx%d is too small for %d characters", ErrOptions, o.Width, o.Height, o.Length)
	}
	return o, nil
}

// New makes a challenge. Characters come from Alphabet, which has no
// look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). The ID comes straight from
// crypto/rand; the answer and drawing use a ChaCha8 generator seeded from
// crypto/rand.
func New(opts Options) (Challenge, error) {
	var seed [32]byte
	if _, err := crand.Read(seed[:]); err != nil {
		return Challenge{}, fmt.Errorf("captcha: seed: %w", err)
	}
	return newWithRand(opts, rand.New(rand.NewChaCha8(seed)))
}

// newWithRand makes a challenge whose answer and image depend only on opts
// and r, so tests can use a seeded source. The ID still comes from crypto/rand.
func newWithRand(opts Options, r *rand.Rand) (Challenge, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return Challenge{}, err
	}
	id, err := newID()
	if err != nil {
		return Challenge{}, err
	}
	answer := randomAnswer(opts.Length, r)
	png, err := render(answer, opts, r)
	if err != nil {
		return Challenge{}, err
	}
	return Challenge{ID: id, Answer: answer, PNG: png}, nil
}

// newID returns 16 random bytes from crypto/rand as 32 hex characters.
func newID() (string, error) {
	var b [16]byte
	if _, err := crand.Read(b[:]); err != nil {
		return "", fmt.Errorf("captcha: id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// randomAnswer picks n characters uniformly from Alphabet.
func randomAnswer(n int, r *rand.Rand) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = Alphabet[r.IntN(len(Alphabet))]
	}
	return string(b)
}
