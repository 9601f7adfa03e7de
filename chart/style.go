package chart

import (
	"image/color"

	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The chart's size in pixels, and its resolution.
const (
	Width  = 1000
	Height = 620
	dpi    = 96
)

// px is n pixels.
func px(n float64) vg.Length { return vg.Length(n) * vg.Inch / dpi }

// The colours, all opaque, so that each series has a colour of its own in the PNG.
var (
	colorActual    = color.NRGBA{R: 0x1a, G: 0x73, B: 0xe8, A: 0xff} // blue
	colorBand      = color.NRGBA{R: 0xd2, G: 0xe3, B: 0xfc, A: 0xff} // light blue
	colorTarget    = color.NRGBA{R: 0x3c, G: 0x40, B: 0x43, A: 0xff} // near black
	colorPace      = color.NRGBA{R: 0x9a, G: 0xa0, B: 0xa6, A: 0xff} // grey
	colorMet       = color.NRGBA{R: 0x18, G: 0x80, B: 0x38, A: 0xff} // dark green
	colorMissed    = color.NRGBA{R: 0xee, G: 0x67, B: 0x5c, A: 0xff} // light red: apart from green in lightness too
	colorGrid      = color.NRGBA{R: 0xec, G: 0xee, B: 0xf1, A: 0xff}
	colorAxis      = color.NRGBA{R: 0xbd, G: 0xc1, B: 0xc6, A: 0xff}
	colorText      = color.NRGBA{R: 0x20, G: 0x21, B: 0x24, A: 0xff}
	colorMuted     = color.NRGBA{R: 0x5f, G: 0x63, B: 0x68, A: 0xff}
	colorWhite     = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	projectionDash = []vg.Length{px(9), px(6)}
	paceDash       = []vg.Length{px(2), px(4)}
	bandDash       = []vg.Length{px(6), px(4)} // a budget band's lines
)

// sans is the embedded Liberation Sans (gonum.org/v1/plot/font/liberation).
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// textStyle is sans at size pixels in clr, aligned left and at the top.
func textStyle(size float64, bold bool, clr color.Color) text.Style {
	f := sans
	if bold {
		f.Weight = stdfont.WeightBold
	}
	return text.Style{Color: clr, Font: font.From(f, px(size)), XAlign: draw.XLeft, YAlign: draw.YTop,
		Handler: plot.DefaultTextHandler}
}

// newPlot returns a plot in the chart's style: no title, light axes, ticks in the
// muted colour.
func newPlot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // the canvas is white already: filling it again costs a tenth of a chart
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.LineStyle.Color = colorAxis
		a.LineStyle.Width = px(1)
		a.Tick.LineStyle.Color = colorAxis
		a.Tick.LineStyle.Width = px(1)
		a.Tick.Length = px(4)
		a.Tick.Label = textStyle(13, false, colorMuted)
		a.Padding = 0
	}
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.Y.LineStyle.Width = 0
	p.Y.Tick.LineStyle.Width = 0
	return p
}

// colorT is the colour type of the palette.
type colorT = color.Color
