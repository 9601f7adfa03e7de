package chart

import (
	"image"
	"image/color"
	"sync"
)

// The PNG is written with a palette of at most 256 colours, one byte a pixel instead
// of four: that makes it smaller and several times faster to encode. The chart draws
// with a few colours on white, so the palette holds each of them blended with white
// in 16 steps (the edges of lines, bars and letters), and the blends of the pairs that
// overlap (the projection over its band, the target over bars and the band). An edge
// pixel takes the nearest of these colours; every solid one is exact.

// paletteSteps is how many blends of each pair the palette holds (both ends included).
const paletteSteps = 16

// palette is the chart's palette, built once.
var palette = buildPalette()

// buildPalette returns white, each colour's blends with white, and the overlapping
// pairs' blends.
func buildPalette() color.Palette {
	p := color.Palette{colorWhite}
	seen := map[color.NRGBA]bool{p[0].(color.NRGBA): true}
	add := func(a, b color.NRGBA) {
		for i := 0; i < paletteSteps; i++ {
			c := blend(a, b, float64(i)/(paletteSteps-1))
			if !seen[c] {
				seen[c] = true
				p = append(p, c)
			}
		}
	}
	for _, c := range chartColors {
		add(c, colorWhite)
	}
	for _, pair := range [][2]color.NRGBA{{colorActual, colorBand}, {colorTarget, colorMet}, {colorTarget, colorMissed},
		{colorTarget, colorBand}, {colorPace, colorBand}} {
		add(pair[0], pair[1])
	}
	return p
}

// chartColors are the colours the chart draws with, besides white.
var chartColors = []color.NRGBA{colorActual, colorBand, colorTarget, colorPace, colorMet, colorMissed, colorGrid, colorAxis, colorText, colorMuted}

// blend is a×(1−t) + b×t.
func blend(a, b color.NRGBA, t float64) color.NRGBA {
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// lutBits is the bits of each channel that index the nearest-colour table.
const lutBits = 5

// table maps a pixel to the palette: the nearest colour of its cell (the channels cut
// to lutBits bits), or, for a pixel of one of the chart's own colours, that colour
// exactly. It is built once, on the first chart, in a few milliseconds.
type table struct {
	nearest []uint8  // by cell: the palette colour nearest to the cell's centre
	own     []int16  // by cell: the palette index of a chart colour in it, or -1
	keys    []uint32 // by palette index: the colour as 0xRRGGBB
}

var lookup = sync.OnceValue(func() table {
	const n = 1 << lutBits
	const half = 1 << (7 - lutBits)
	t := table{nearest: make([]uint8, n*n*n), own: make([]int16, n*n*n), keys: make([]uint32, len(palette))}
	for r := 0; r < n; r++ {
		for g := 0; g < n; g++ {
			for b := 0; b < n; b++ {
				c := color.RGBA{uint8(r<<(8-lutBits) + half), uint8(g<<(8-lutBits) + half), uint8(b<<(8-lutBits) + half), 0xff}
				t.nearest[r<<(2*lutBits)|g<<lutBits|b] = uint8(palette.Index(c))
			}
		}
	}
	for i := range t.own {
		t.own[i] = -1
	}
	for i, c := range palette {
		n := c.(color.NRGBA)
		t.keys[i] = uint32(n.R)<<16 | uint32(n.G)<<8 | uint32(n.B)
	}
	for _, c := range append([]color.NRGBA{colorWhite}, chartColors...) {
		t.own[cell(c.R, c.G, c.B)] = int16(palette.Index(c))
	}
	return t
})

// cell is a colour's index in the nearest-colour table.
func cell(r, g, b uint8) int {
	return int(r>>(8-lutBits))<<(2*lutBits) | int(g>>(8-lutBits))<<lutBits | int(b>>(8-lutBits))
}

// paletted maps img (opaque) to the palette, into out (of img's size).
func paletted(img *image.RGBA, out *image.Paletted) {
	b := img.Bounds()
	t := lookup()
	last, idx := uint32(1<<31), uint8(0) // no colour: the first pixel is looked up
	for y := 0; y < b.Dy(); y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+4*b.Dx()]
		orow := out.Pix[y*out.Stride:]
		for x := range b.Dx() {
			r, g, bl := row[4*x], row[4*x+1], row[4*x+2]
			key := uint32(r)<<16 | uint32(g)<<8 | uint32(bl)
			if key != last { // most pixels repeat the one before
				last, idx = key, t.index(r, g, bl, key)
			}
			orow[x] = idx
		}
	}
}

// index is the palette index of colour r, g, b (key is 0xRRGGBB).
func (t table) index(r, g, b uint8, key uint32) uint8 {
	k := cell(r, g, b)
	if own := t.own[k]; own >= 0 && t.keys[own] == key {
		return uint8(own)
	}
	return t.nearest[k]
}
