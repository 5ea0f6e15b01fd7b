package captcha

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"math/rand/v2"
)

// minScale is the smallest number of pixels per glyph dot that still reads well.
const minScale = 2

// maxAngle and maxShear bound the random rotation (radians) and horizontal
// shear applied to each character.
const (
	maxAngle = 0.22
	maxShear = 0.2
)

// scaleFor returns how many pixels one glyph dot spans for opts: the
// characters (plus one dot of spacing each) use at most about 85% of the
// width and 70% of the height.
func scaleFor(o Options) float64 {
	byWidth := float64(o.Width) * 0.85 / float64(o.Length*(glyphW+1))
	byHeight := float64(o.Height) * 0.70 / glyphH
	return math.Min(byWidth, byHeight)
}

// render draws answer on a light, noisy background and returns it as PNG.
func render(answer string, opts Options, r *rand.Rand) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, opts.Width, opts.Height))
	draw.Draw(img, img.Bounds(), &image.Uniform{lightColor(r)}, image.Point{}, draw.Src)

	scale := scaleFor(opts)
	speckle(img, r, opts.Width*opts.Height/60, midColor)
	drawText(img, answer, scale, r)
	crossLines(img, scale, r)
	speckle(img, r, opts.Width*opts.Height/45, anyNoiseColor)

	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("captcha: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// drawText draws every character of s, spread evenly across img, each
// with its own colour, offset, rotation and shear.
func drawText(img *image.RGBA, s string, scale float64, r *rand.Rand) {
	b := img.Bounds()
	advance := float64(glyphW+1) * scale
	left := (float64(b.Dx()) - advance*float64(len(s))) / 2
	// Vertical room left once a glyph is placed, kept inside the image.
	slackY := math.Max(0, (float64(b.Dy())-float64(glyphH)*scale)/2-scale)
	for i, c := range s {
		cx := left + advance*(float64(i)+0.5) + jitter(r, scale*0.3)
		cy := float64(b.Dy())/2 + jitter(r, math.Min(slackY, scale*1.5))
		t := glyphTransform{
			cx: cx, cy: cy, scale: scale,
			angle: jitter(r, maxAngle),
			shear: jitter(r, maxShear),
		}
		t.draw(img, c, darkColor(r))
	}
}

// glyphTransform places one glyph: its centre (cx, cy) in pixels, pixels
// per dot, then a horizontal shear and a rotation about the centre.
type glyphTransform struct {
	cx, cy, scale, angle, shear float64
}

// draw paints the strokes of glyph c in col. It maps each pixel near the
// centre back into glyph space (the inverse transform), so strokes stay
// solid whatever the angle.
func (t glyphTransform) draw(img *image.RGBA, c rune, col color.RGBA) {
	sin, cos := math.Sincos(t.angle)
	halfW := float64(glyphW) / 2 * t.scale * (1 + math.Abs(t.shear))
	halfH := float64(glyphH) / 2 * t.scale
	radius := math.Hypot(halfW, halfH) + 1
	x0, x1 := int(t.cx-radius), int(t.cx+radius)+1
	y0, y1 := int(t.cy-radius), int(t.cy+radius)+1
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			dx, dy := float64(x)+0.5-t.cx, float64(y)+0.5-t.cy
			u := dx*cos + dy*sin  // undo rotation
			v := -dx*sin + dy*cos //
			u -= t.shear * v      // undo shear
			gx := u/t.scale + float64(glyphW)/2
			gy := v/t.scale + float64(glyphH)/2
			if gx < -1 || gy < -1 || gx > glyphW+1 || gy > glyphH+1 {
				continue
			}
			if inked(c, gx, gy) {
				setPixel(img, x, y, col)
			}
		}
	}
}

// crossLines draws thin noise over the text, spanning the width: two
// one-pixel straight lines and a wave about half as thick as a glyph stroke.
func crossLines(img *image.RGBA, scale float64, r *rand.Rand) {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	thick := math.Max(1, math.Floor(scale/2))
	for range 2 {
		y0 := h*0.2 + r.Float64()*h*0.6
		y1 := h*0.2 + r.Float64()*h*0.6
		line(img, 0, y0, w, y1, 1, noiseLineColor(r))
	}
	// A sine wave through the middle band.
	mid := h*0.35 + r.Float64()*h*0.3
	amp := h * (0.1 + r.Float64()*0.15)
	freq := (1 + r.Float64()*1.5) * 2 * math.Pi / w
	phase := r.Float64() * 2 * math.Pi
	col := noiseLineColor(r)
	px, py := 0.0, mid+amp*math.Sin(phase)
	for x := 2.0; x <= w; x += 2 {
		y := mid + amp*math.Sin(freq*x+phase)
		line(img, px, py, x, y, thick, col)
		px, py = x, y
	}
}

// line draws a segment from (x0, y0) to (x1, y1) with square pen of side thick.
func line(img *image.RGBA, x0, y0, x1, y1, thick float64, col color.RGBA) {
	steps := int(math.Max(math.Abs(x1-x0), math.Abs(y1-y0))*2) + 1
	half := thick / 2
	for i := 0; i <= steps; i++ {
		f := float64(i) / float64(steps)
		x := x0 + (x1-x0)*f
		y := y0 + (y1-y0)*f
		for py := int(math.Floor(y - half + 0.5)); py < int(math.Floor(y+half+0.5)); py++ {
			for px := int(math.Floor(x - half + 0.5)); px < int(math.Floor(x+half+0.5)); px++ {
				setPixel(img, px, py, col)
			}
		}
	}
}

// speckle scatters n single-pixel dots with colours from pick.
func speckle(img *image.RGBA, r *rand.Rand, n int, pick func(*rand.Rand) color.RGBA) {
	b := img.Bounds()
	for range n {
		setPixel(img, b.Min.X+r.IntN(b.Dx()), b.Min.Y+r.IntN(b.Dy()), pick(r))
	}
}

// setPixel sets (x, y) to col, ignoring points outside img.
func setPixel(img *image.RGBA, x, y int, col color.RGBA) {
	if image.Pt(x, y).In(img.Bounds()) {
		img.SetRGBA(x, y, col)
	}
}

// jitter returns a uniform value in [-max, max).
func jitter(r *rand.Rand, max float64) float64 {
	return (r.Float64()*2 - 1) * max
}

// channel returns a uniform value in [lo, hi].
func channel(r *rand.Rand, lo, hi int) uint8 {
	return uint8(lo + r.IntN(hi-lo+1))
}

// lightColor is a background colour: every channel at least 0xE6.
func lightColor(r *rand.Rand) color.RGBA {
	return color.RGBA{channel(r, 0xE6, 0xFF), channel(r, 0xE6, 0xFF), channel(r, 0xE6, 0xFF), 0xFF}
}

// darkColor is a text colour: every channel at most 0x50, well below #555.
func darkColor(r *rand.Rand) color.RGBA {
	return color.RGBA{channel(r, 0, 0x50), channel(r, 0, 0x50), channel(r, 0, 0x50), 0xFF}
}

// noiseLineColor is a colour for crossing lines: dark enough to get in a
// machine's way, a little lighter than the text on average, and drawn
// thinner than the strokes so a person can tell them apart.
func noiseLineColor(r *rand.Rand) color.RGBA {
	return color.RGBA{channel(r, 0x30, 0x80), channel(r, 0x30, 0x80), channel(r, 0x30, 0x80), 0xFF}
}

// midColor is a mid-tone colour for background speckle.
func midColor(r *rand.Rand) color.RGBA {
	return color.RGBA{channel(r, 0x90, 0xD0), channel(r, 0x90, 0xD0), channel(r, 0x90, 0xD0), 0xFF}
}

// anyNoiseColor is a colour for foreground speckle, from dark to light.
func anyNoiseColor(r *rand.Rand) color.RGBA {
	if r.IntN(2) == 0 {
		return darkColor(r)
	}
	return lightColor(r)
}
