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
	p := color.Palette{color.NRGBA{0xff, 0xff, 0xff, 0xff}}
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
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	for _, c := range []color.NRGBA{colorActual, colorBand, colorTarget, colorPace, colorMet, colorMissed, colorGrid, colorAxis, colorText, colorMuted} {
		add(c, white)
	}
	for _, pair := range [][2]color.NRGBA{{colorActual, colorBand}, {colorTarget, colorMet}, {colorTarget, colorMissed},
		{colorTarget, colorBand}, {colorPace, colorBand}} {
		add(pair[0], pair[1])
	}
	return p
}

// blend is a×(1−t) + b×t.
func blend(a, b color.NRGBA, t float64) color.NRGBA {
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// lutBits is the bits of each channel that index the nearest-colour table.
const lutBits = 5

// nearest is the index of the palette colour nearest to each colour, the channels cut
// to lutBits bits: built once, on the first chart, in a few milliseconds.
var nearest = sync.OnceValue(func() []uint8 {
	const n = 1 << lutBits
	const half = 1 << (7 - lutBits)
	lut := make([]uint8, n*n*n)
	for r := 0; r < n; r++ {
		for g := 0; g < n; g++ {
			for b := 0; b < n; b++ {
				c := color.RGBA{uint8(r<<(8-lutBits) + half), uint8(g<<(8-lutBits) + half), uint8(b<<(8-lutBits) + half), 0xff}
				lut[r<<(2*lutBits)|g<<lutBits|b] = uint8(palette.Index(c))
			}
		}
	}
	return lut
})

// exact is the index of each palette colour.
var exact = sync.OnceValue(func() map[uint32]uint8 {
	m := make(map[uint32]uint8, len(palette))
	for i, c := range palette {
		n := c.(color.NRGBA)
		m[uint32(n.R)<<16|uint32(n.G)<<8|uint32(n.B)] = uint8(i)
	}
	return m
})

// paletted maps img (opaque) to the palette: a palette colour to itself, any other
// to the nearest one.
func paletted(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(b, palette)
	lut, ex := nearest(), exact()
	var last uint32 = 0xffffffff
	var idx uint8
	for y := 0; y < b.Dy(); y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+4*b.Dx()]
		orow := out.Pix[y*out.Stride:]
		for x := range b.Dx() {
			r, g, bl := row[4*x], row[4*x+1], row[4*x+2]
			key := uint32(r)<<16 | uint32(g)<<8 | uint32(bl)
			if key != last {
				i, ok := ex[key]
				if !ok {
					i = lut[int(r>>(8-lutBits))<<(2*lutBits)|int(g>>(8-lutBits))<<lutBits|int(bl>>(8-lutBits))]
				}
				last, idx = key, i
			}
			orow[x] = idx
		}
	}
	return out
}
