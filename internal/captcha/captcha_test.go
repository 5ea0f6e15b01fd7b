package captcha

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("png.Decode: %v", err)
	}
	return img
}

func TestNewDefaults(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.ID) != 32 || strings.Trim(c.ID, "0123456789abcdef") != "" {
		t.Errorf("ID = %q, want 32 lower-case hex chars", c.ID)
	}
	if len(c.Answer) != DefaultLength {
		t.Errorf("len(Answer) = %d, want %d", len(c.Answer), DefaultLength)
	}
	for _, ch := range c.Answer {
		if !strings.ContainsRune(Alphabet, ch) {
			t.Errorf("Answer %q has %q outside Alphabet", c.Answer, ch)
		}
	}
	if b := decode(t, c.PNG).Bounds(); b.Dx() != DefaultWidth || b.Dy() != DefaultHeight {
		t.Errorf("image is %dx%d, want %dx%d", b.Dx(), b.Dy(), DefaultWidth, DefaultHeight)
	}
}

func TestNewSizes(t *testing.T) {
	for _, o := range []Options{
		{Length: 4, Width: 120, Height: 50},
		{Length: 6, Width: 200, Height: 70},
		{Length: 8, Width: 300, Height: 100},
		{Length: 1, Width: 40, Height: 30},
	} {
		c, err := New(o)
		if err != nil {
			t.Errorf("New(%+v): %v", o, err)
			continue
		}
		if len(c.Answer) != o.Length {
			t.Errorf("New(%+v): len(Answer) = %d", o, len(c.Answer))
		}
		if b := decode(t, c.PNG).Bounds(); b.Dx() != o.Width || b.Dy() != o.Height {
			t.Errorf("New(%+v): image is %dx%d", o, b.Dx(), b.Dy())
		}
	}
}

func TestNewInvalidOptions(t *testing.T) {
	for _, o := range []Options{
		{Length: -1},
		{Length: MaxLength + 1},
		{Width: -5},
		{Height: MaxHeight + 1},
		{Length: 10, Width: 40, Height: 20}, // too small to draw
	} {
		if _, err := New(o); !errors.Is(err, ErrOptions) {
			t.Errorf("New(%+v) error = %v, want ErrOptions", o, err)
		}
	}
}

func TestNewDiffers(t *testing.T) {
	a, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == b.ID {
		t.Errorf("two challenges share ID %q", a.ID)
	}
	// 25^5 answers: a collision happens about once in ten million runs.
	if a.Answer == b.Answer {
		t.Errorf("two challenges share answer %q", a.Answer)
	}
}

func TestAnswersUseWholeAlphabet(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[rune]bool{}
	for range 200 {
		for _, ch := range randomAnswer(5, r) {
			seen[ch] = true
		}
	}
	if len(seen) != len(Alphabet) {
		t.Errorf("1000 characters used %d distinct of %d", len(seen), len(Alphabet))
	}
}

func TestDeterministic(t *testing.T) {
	a, err := newWithRand(Options{}, rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := newWithRand(Options{}, rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		t.Fatal(err)
	}
	if a.Answer != b.Answer || !bytes.Equal(a.PNG, b.PNG) {
		t.Error("same seed gave different answers or images")
	}
	if a.ID == b.ID {
		t.Error("IDs should come from crypto/rand, not the seeded source")
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		expected, typed string
		want            bool
	}{
		{"4K7PX", "4K7PX", true},
		{"4K7PX", " 4k7px ", true},
		{"4K7PX", "\t4k7Px\n", true},
		{" 4k7px", "4K7PX", true},
		{"4K7PX", "4K7PY", false},
		{"4K7PX", "4K7P", false},
		{"4K7PX", "4K7PXX", false},
		{"4K7PX", "", false},
		{"4K7PX", "   ", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := Equal(tt.expected, tt.typed); got != tt.want {
			t.Errorf("Equal(%q, %q) = %v, want %v", tt.expected, tt.typed, got, tt.want)
		}
	}
}

func TestHash(t *testing.T) {
	h := Hash("4K7PX")
	if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Fatalf("Hash = %q, want 64 hex chars", h)
	}
	// SHA-256 of "4K7PX", computed with sha256sum.
	if want := "79fdcef615bfacd3f8238dbc4bb64a16710305d1e779e75f0e427c7adb16ae21"; h != want {
		t.Errorf("Hash = %s, want %s", h, want)
	}
	if Hash("4K7PX") != h {
		t.Error("Hash is not stable")
	}
	if Hash(" 4k7px ") != h {
		t.Error("Hash does not normalise case and spaces")
	}
	if Hash("4K7PY") == h {
		t.Error("different answers hash the same")
	}
}

func TestRenderNotBlank(t *testing.T) {
	for seed := range uint64(20) {
		c, err := newWithRand(Options{}, rand.New(rand.NewPCG(seed, 99)))
		if err != nil {
			t.Fatal(err)
		}
		img := decode(t, c.PNG)
		b := img.Bounds()
		dark := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				// Rec. 601 luma on 16-bit channels; mid-grey is 0x8000.
				if (299*r+587*g+114*bl)/1000 < 0x8000 {
					dark++
				}
			}
		}
		frac := float64(dark) / float64(b.Dx()*b.Dy())
		if frac < 0.03 || frac > 0.50 {
			t.Errorf("seed %d (%s): %.1f%% dark pixels, want 3%%..50%%", seed, c.Answer, frac*100)
		}
	}
}

func TestGlyphTable(t *testing.T) {
	for _, ch := range Alphabet {
		g, ok := glyphs[ch]
		if !ok {
			t.Errorf("no glyph for %q", ch)
			continue
		}
		dots := 0
		for y, row := range g {
			if len(row) != glyphW {
				t.Errorf("glyph %q row %d has width %d, want %d", ch, y, len(row), glyphW)
			}
			dots += strings.Count(row, "#")
			if strings.Trim(row, "#.") != "" {
				t.Errorf("glyph %q row %d has bytes other than '#' and '.': %q", ch, y, row)
			}
		}
		if dots < 8 {
			t.Errorf("glyph %q has only %d dots", ch, dots)
		}
	}
	if len(glyphs) != len(Alphabet) {
		t.Errorf("%d glyphs for %d alphabet characters", len(glyphs), len(Alphabet))
	}
	for _, bad := range "0O1IL5S2Z8B" {
		if strings.ContainsRune(Alphabet, bad) {
			t.Errorf("Alphabet contains look-alike %q", bad)
		}
	}
}

// TestWriteSample writes /tmp/captcha_sample.png for eyeballing; run with
// CAPTCHA_SAMPLE=1 go test -run TestWriteSample ./internal/captcha/
func TestWriteSample(t *testing.T) {
	if os.Getenv("CAPTCHA_SAMPLE") != "1" {
		t.Skip("set CAPTCHA_SAMPLE=1 to write /tmp/captcha_sample.png")
	}
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("/tmp/captcha_sample.png", c.PNG, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote /tmp/captcha_sample.png, answer %s", c.Answer)

	// The whole alphabet, five characters per image, to check every glyph.
	for i := 0; i < len(Alphabet); i += 5 {
		chunk := Alphabet[i:min(i+5, len(Alphabet))]
		b, err := render(chunk, Options{Length: len(chunk), Width: DefaultWidth, Height: DefaultHeight}, rand.New(rand.NewPCG(uint64(i), 1)))
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("/tmp/captcha_alphabet_%d.png", i/5)
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
