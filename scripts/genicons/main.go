// Command genicons draws GXP Tray's icons: the tray icons, one per phone
// state (64×64), and the application icon (256×256). Run it from the
// repository root, or through `go generate ./assets/`:
//
//	go run ./scripts/genicons -out assets
//
// The drawing is plain geometry (signed distances, supersampled), so the
// output depends on nothing but this file and is the same on every machine.
// Each tray icon is a coloured disc with a white handset; the states differ
// by colour AND by a mark (sound waves, pause bars, a slash, an exclamation
// mark), so they stay apart at 22 px and for colour-blind users.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

// rgb is a colour with components in 0..1.
type rgb struct{ r, g, b float64 }

func hex(v uint32) rgb {
	return rgb{float64(v>>16&0xff) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255}
}

var white = rgb{1, 1, 1}

// vec is a point in icon units: (0,0) top left, (1,1) bottom right.
type vec struct{ x, y float64 }

func (a vec) sub(b vec) vec     { return vec{a.x - b.x, a.y - b.y} }
func (a vec) add(b vec) vec     { return vec{a.x + b.x, a.y + b.y} }
func (a vec) mul(k float64) vec { return vec{a.x * k, a.y * k} }
func (a vec) dot(b vec) float64 { return a.x*b.x + a.y*b.y }
func (a vec) length() float64   { return math.Hypot(a.x, a.y) }
func polar(deg, r float64) vec {
	t := deg * math.Pi / 180
	return vec{r * math.Cos(t), r * math.Sin(t)}
}
func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// Signed distances: negative inside.

func circle(p, c vec, r float64) float64 { return p.sub(c).length() - r }

// segment is a capsule: the segment a-b thickened by r.
func segment(p, a, b vec, r float64) float64 {
	pa, ba := p.sub(a), b.sub(a)
	h := clamp(pa.dot(ba)/ba.dot(ba), 0, 1)
	return pa.sub(ba.mul(h)).length() - r
}

// arc is a band of half-width r along the circle (c, radius) between the
// angles from and to (degrees, clockwise on screen), with round ends.
func arc(p, c vec, radius, from, to, r float64) float64 {
	q := p.sub(c)
	a := math.Atan2(q.y, q.x) * 180 / math.Pi
	for a < from {
		a += 360
	}
	if a <= to {
		return math.Abs(q.length()-radius) - r
	}
	e1 := c.add(polar(from, radius))
	e2 := c.add(polar(to, radius))
	return math.Min(p.sub(e1).length(), p.sub(e2).length()) - r
}

func roundedSquare(p vec, inset, corner float64) float64 {
	c := vec{0.5, 0.5}
	half := 0.5 - inset - corner
	q := vec{math.Abs(p.x-c.x) - half, math.Abs(p.y-c.y) - half}
	out := vec{math.Max(q.x, 0), math.Max(q.y, 0)}.length()
	return out + math.Min(math.Max(q.x, q.y), 0) - corner
}

// smoothMin is a union of two shapes with a fillet of about k where they meet.
func smoothMin(a, b, k float64) float64 {
	h := clamp(0.5+0.5*(b-a)/k, 0, 1)
	return b*(1-h) + a*h - k*h*(1-h)
}

// orientedBox is a rectangle with rounded corners, centred at c and turned
// by deg, with half-sizes hu (along the turned x axis) and hv.
func orientedBox(p, c vec, deg, hu, hv, round float64) float64 {
	d := p.sub(c)
	u := polar(deg, 1)
	v := vec{-u.y, u.x}
	q := vec{math.Abs(d.dot(u)) - hu + round, math.Abs(d.dot(v)) - hv + round}
	out := vec{math.Max(q.x, 0), math.Max(q.y, 0)}.length()
	return out + math.Min(math.Max(q.x, q.y), 0) - round
}

// The handset is drawn in its own unit box: a quarter ring around the box's
// top right corner, thin in the middle (the handle) and thick at both ends
// (earpiece top left, mouthpiece bottom right), like the usual phone glyph.
var (
	ringCentre = vec{0.98, 0.02}
	outerR     = 0.88
)

func handsetGlyph(g vec) float64 {
	const handleW = 0.15 // radial thickness of the handle
	d := arc(g, ringCentre, outerR-handleW/2, 90, 180, handleW/2)
	const padLen, padHalf = 0.31, 0.125 // radial length, tangential half-width
	for _, ang := range []float64{180 - 9, 90 + 9} {
		mid := ringCentre.add(polar(ang, outerR-padLen/2))
		d = smoothMin(d, orientedBox(g, mid, ang, padLen/2, padHalf, 0.06), 0.06)
	}
	return d
}

// glyphWaves are the sound arcs of a phone in use, in the handset's box.
func glyphWaves(g vec, n int) float64 {
	d := math.Inf(1)
	for _, r := range []float64{0.25, 0.45}[:n] {
		d = math.Min(d, arc(g, ringCentre, r, 102, 168, 0.06))
	}
	return d
}

// place maps an icon point into the handset's box drawn at scale s with its
// top left corner at o, and scales the distance back.
func place(f func(vec) float64, s float64, o vec) func(vec) float64 {
	return func(p vec) float64 { return f(p.sub(o).mul(1/s)) * s }
}

// icon describes one picture.
type icon struct {
	file  string
	size  int
	paint func(p vec) (rgb, float64) // colour and opacity at p
}

// layer is one shape of a picture and its colour.
type layer struct {
	d   func(p vec) float64
	col rgb
}

// stack paints layers from the bottom up: the topmost shape containing p wins.
func stack(layers ...layer) func(vec) (rgb, float64) {
	return func(p vec) (rgb, float64) {
		col, alpha := rgb{}, 0.0
		for _, l := range layers {
			if l.d(p) < 0 {
				col, alpha = l.col, 1
			}
		}
		return col, alpha
	}
}

func disc(p vec) float64 { return circle(p, vec{0.5, 0.5}, 0.48) }

// Marks sit in the empty top right corner of the handset's quarter ring.
var markCentre, markR = vec{0.70, 0.31}, 0.17

func markDisc(p vec) float64 { return circle(p, markCentre, markR) }

// markRing keeps the mark's disc apart from the handset.
func markRing(p vec) float64 { return circle(p, markCentre, markR+0.045) }

func pauseBars(p vec) float64 {
	c := markCentre
	l := segment(p, c.add(vec{-0.05, -0.07}), c.add(vec{-0.05, 0.07}), 0.03)
	r := segment(p, c.add(vec{0.05, -0.07}), c.add(vec{0.05, 0.07}), 0.03)
	return math.Min(l, r)
}

func exclamation(p vec) float64 {
	c := markCentre
	bar := segment(p, c.add(vec{0, -0.09}), c.add(vec{0, 0.02}), 0.033)
	return math.Min(bar, circle(p, c.add(vec{0, 0.085}), 0.035))
}

func icons() []icon {
	var (
		blue   = hex(0x1565c0)
		orange = hex(0xe65100)
		green  = hex(0x2e7d32)
		purple = hex(0x6a1b9a)
		grey   = hex(0x616161)
		red    = hex(0xc62828)
	)
	const s = 0.62 // handset size inside a tray icon
	o := vec{0.17, 0.21}
	phone := place(handsetGlyph, s, o)
	oneWave := place(func(g vec) float64 { return glyphWaves(g, 1) }, s, o)
	twoWaves := place(func(g vec) float64 { return glyphWaves(g, 2) }, s, o)
	withMark := func(bg rgb, mark func(vec) float64) func(vec) (rgb, float64) {
		return stack(layer{disc, bg}, layer{phone, white}, layer{markRing, bg}, layer{markDisc, white}, layer{mark, bg})
	}
	// The slash crosses the handle rather than running along it.
	a, b := vec{0.74, 0.24}, vec{0.26, 0.76}
	slash := func(p vec) float64 { return segment(p, a, b, 0.045) }
	slashGap := func(p vec) float64 { return segment(p, a, b, 0.1) }
	return []icon{
		{"tray-idle.png", 64, stack(layer{disc, blue}, layer{phone, white})},
		{"tray-ringing.png", 64, stack(layer{disc, orange}, layer{phone, white}, layer{twoWaves, white})},
		{"tray-incall.png", 64, stack(layer{disc, green}, layer{phone, white}, layer{oneWave, white})},
		{"tray-onhold.png", 64, withMark(purple, pauseBars)},
		{"tray-offline.png", 64, stack(layer{disc, grey}, layer{phone, white}, layer{slashGap, grey}, layer{slash, white})},
		{"tray-signin.png", 64, withMark(red, exclamation)},
		{"icon.png", 256, stack(
			layer{func(p vec) float64 { return roundedSquare(p, 0.04, 0.2) }, blue},
			layer{place(handsetGlyph, 0.64, vec{0.16, 0.19}), white},
		)},
	}
}

// render samples paint on an n×n grid per pixel and averages (premultiplied).
func render(ic icon) *image.NRGBA {
	const n = 8
	img := image.NewNRGBA(image.Rect(0, 0, ic.size, ic.size))
	px := 1 / float64(ic.size)
	for y := range ic.size {
		for x := range ic.size {
			var r, g, b, a float64
			for sy := range n {
				for sx := range n {
					p := vec{(float64(x) + (float64(sx)+0.5)/n) * px, (float64(y) + (float64(sy)+0.5)/n) * px}
					col, alpha := ic.paint(p)
					r += col.r * alpha
					g += col.g * alpha
					b += col.b * alpha
					a += alpha
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(x, y, color.NRGBA{
				R: uint8(math.Round(r / a * 255)),
				G: uint8(math.Round(g / a * 255)),
				B: uint8(math.Round(b / a * 255)),
				A: uint8(math.Round(a / (n * n) * 255)),
			})
		}
	}
	return img
}

func main() {
	out := flag.String("out", "assets", "directory to write the PNG files into")
	flag.Parse()
	for _, ic := range icons() {
		var buf bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&buf, render(ic)); err != nil {
			fmt.Fprintln(os.Stderr, "genicons:", err)
			os.Exit(1)
		}
		path := filepath.Join(*out, ic.file)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "genicons:", err)
			os.Exit(1)
		}
	}
}
