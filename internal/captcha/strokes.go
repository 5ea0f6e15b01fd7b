package captcha

import "math"

// strokeHalfWidth is half the pen width, in dots, used to trace glyphs.
const strokeHalfWidth = 0.48

// segment is a pen stroke between two dot centres, in glyph coordinates.
type segment struct{ x0, y0, x1, y1 float64 }

// strokes holds, for every glyph, the segments that join its ink dots, so
// a scaled-up glyph reads as connected pen strokes rather than loose blocks.
var strokes = buildStrokes()

// buildStrokes joins each ink dot to its ink neighbours to the right and
// below, and diagonally when no orthogonal path already links the two.
// Isolated dots become zero-length segments.
func buildStrokes() map[rune][]segment {
	all := make(map[rune][]segment, len(glyphs))
	for c := range glyphs {
		var segs []segment
		add := func(x0, y0, x1, y1 int) {
			segs = append(segs, segment{
				float64(x0) + 0.5, float64(y0) + 0.5,
				float64(x1) + 0.5, float64(y1) + 0.5,
			})
		}
		for y := range glyphH {
			for x := range glyphW {
				if !ink(c, x, y) {
					continue
				}
				joined := false
				if ink(c, x+1, y) {
					add(x, y, x+1, y)
					joined = true
				}
				if ink(c, x, y+1) {
					add(x, y, x, y+1)
					joined = true
				}
				if ink(c, x+1, y+1) && !ink(c, x+1, y) && !ink(c, x, y+1) {
					add(x, y, x+1, y+1)
					joined = true
				}
				if ink(c, x-1, y+1) && !ink(c, x-1, y) && !ink(c, x, y+1) {
					add(x, y, x-1, y+1)
					joined = true
				}
				if !joined {
					add(x, y, x, y)
				}
			}
		}
		all[c] = segs
	}
	return all
}

// inked reports whether glyph-space point (gx, gy) lies under the pen
// strokes of glyph c.
func inked(c rune, gx, gy float64) bool {
	for _, s := range strokes[c] {
		if distToSegment(gx, gy, s) <= strokeHalfWidth {
			return true
		}
	}
	return false
}

// distToSegment is the distance from (px, py) to segment s.
func distToSegment(px, py float64, s segment) float64 {
	dx, dy := s.x1-s.x0, s.y1-s.y0
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((px-s.x0)*dx+(py-s.y0)*dy)/l2))
	}
	return math.Hypot(px-(s.x0+t*dx), py-(s.y0+t*dy))
}
