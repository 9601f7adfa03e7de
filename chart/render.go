package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"sync"
	"unicode/utf8"

	"git.sr.ht/~sbinet/gg"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/goalbot/goalbot"
)

// Limits of a chart's input: beyond them Render refuses it.
const (
	MaxDays   = 5*366 + 1          // days in the current period (a custom one may be long)
	MaxPast   = goalbot.MaxPeriods // past periods
	MaxLabel  = 200                // runes in the title, the subtitle and each bar label
	maxAmount = 1e15               // any value, in units
)

// Render draws c as a Width × Height PNG. The same Chart gives the same bytes. It
// refuses a Chart outside the limits or with a value that is not a finite number
// (NaN marks an unknown actual only).
func Render(c Chart) ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	l := c.Locale.filled()
	rgba := canvases.Get().(*image.RGBA) // vgimg paints it white first
	defer canvases.Put(rgba)
	ctx := gg.NewContextForRGBA(rgba) // draws on rgba itself (NewWith alone would copy it)
	ctx.SetLineCapButt()
	ctx.InvertY()
	img := vgimg.NewWith(vgimg.UseImageWithContext(rgba, ctx), vgimg.UseDPI(dpi)) // white backdrop
	dc := draw.New(img)
	body := header(dc, &c, l)
	panels(dc, body, &c, l)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: encoderBuffers{}}
	out := indexed.Get().(*image.Paletted)
	defer indexed.Put(out)
	paletted(rgba, out)
	if err := enc.Encode(&buf, out); err != nil {
		return nil, fmt.Errorf("encode chart png: %w", err)
	}
	return buf.Bytes(), nil
}

// panels draws the current period above the past periods in area (the chart below
// its header), their data areas aligned on the left.
func panels(dc draw.Canvas, area vg.Rectangle, c *Chart, l Locale) {
	var plots []*plot.Plot
	var rects []vg.Rectangle
	hasCur, hasPast := c.Current.Days > 0, len(c.Past) > 0
	split := area.Min.Y
	if hasCur && hasPast {
		split = area.Min.Y + area.Size().Y*0.36
	}
	if hasCur {
		plots = append(plots, currentPlot(c, l))
		rects = append(rects, vg.Rectangle{Min: vg.Point{X: area.Min.X, Y: split}, Max: area.Max})
	}
	if hasPast {
		top := area.Max.Y
		if hasCur {
			top = split - px(14)
			heading := textStyle(14, true, colorText)
			dc.FillText(heading, vg.Point{X: area.Min.X, Y: top}, l.Words.PastPeriods)
			top -= px(26)
		}
		plots = append(plots, pastPlot(c, l))
		rects = append(rects, vg.Rectangle{Min: area.Min, Max: vg.Point{X: area.Max.X, Y: top}})
	}
	left := vg.Length(0)
	for i, p := range plots {
		cv := draw.Crop(dc, 0, 0, 0, 0)
		cv.Rectangle = rects[i]
		left = max(left, p.DataCanvas(cv).Min.X-rects[i].Min.X)
	}
	for i, p := range plots {
		cv := draw.Crop(dc, 0, 0, 0, 0)
		cv.Rectangle = rects[i]
		cv.Min.X += left - (p.DataCanvas(cv).Min.X - rects[i].Min.X)
		p.Draw(cv)
	}
}

// validate checks c against the limits.
func (c *Chart) validate() error {
	cur := c.Current
	switch {
	case cur.Days < 0 || cur.Days > MaxDays:
		return goalbot.Errorf(goalbot.EINVALID, "a chart's current period has %d days: it must have 0 to %d", cur.Days, MaxDays)
	case len(cur.Actual) > cur.Days:
		return goalbot.Errorf(goalbot.EINVALID, "a chart's current period has %d days but %d actual values: at most one a day", cur.Days, len(cur.Actual))
	case cur.Days > 0 && cur.Start.IsZero():
		return goalbot.Errorf(goalbot.EINVALID, "a chart's current period needs its first day")
	case len(c.Past) > MaxPast:
		return goalbot.Errorf(goalbot.EINVALID, "a chart has %d past periods: at most %d", len(c.Past), MaxPast)
	case utf8.RuneCountInString(c.Title) > MaxLabel || utf8.RuneCountInString(c.Subtitle) > MaxLabel:
		return goalbot.Errorf(goalbot.EINVALID, "a chart's title and subtitle must have at most %d characters", MaxLabel)
	case !finite(cur.Target):
		return goalbot.Errorf(goalbot.EINVALID, "a chart's target must be a number from 0 to %g, not %g", maxAmount, cur.Target)
	}
	for i, v := range cur.Actual {
		if !math.IsNaN(v) && !finite(math.Abs(v)) {
			return goalbot.Errorf(goalbot.EINVALID, "a chart's actual of day %d is %g: it must be a number from -%g to %g, or unknown (NaN)", i+1, v, maxAmount, maxAmount)
		}
	}
	if p := cur.Projection; p != nil && (!finite(p.Value) || !finite(p.Low) || !finite(p.High) || p.Low > p.Value || p.Value > p.High) {
		return goalbot.Errorf(goalbot.EINVALID, "a chart's projection %g (%g–%g) must be numbers from 0 to %g with low ≤ value ≤ high", p.Value, p.Low, p.High, maxAmount)
	}
	for i, b := range c.Past {
		if utf8.RuneCountInString(b.Label) > MaxLabel || !finite(b.Target) || !math.IsNaN(b.Actual) && !finite(math.Abs(b.Actual)) {
			return goalbot.Errorf(goalbot.EINVALID, "a chart's past period %d (%q) needs a label of at most %d characters, a target from 0 to %g and an actual of at most that size or unknown (NaN)",
				i+1, b.Label, MaxLabel, maxAmount)
		}
	}
	return nil
}

// finite reports whether v is a number from 0 to maxAmount.
func finite(v float64) bool { return v >= 0 && v <= maxAmount }

// canvases and indexed keep the chart's two images (2.5 MB and 0.6 MB) between
// charts, so that drawing many does not keep the garbage collector busy.
var (
	canvases = sync.Pool{New: func() any { return image.NewRGBA(image.Rect(0, 0, Width, Height)) }}
	indexed  = sync.Pool{New: func() any { return image.NewPaletted(image.Rect(0, 0, Width, Height), palette) }}
)

// encoderPool keeps the PNG encoder's buffers and compressor between charts.
var encoderPool = sync.Pool{New: func() any { return new(png.EncoderBuffer) }}

// encoderBuffers lends the encoder encoderPool's buffers.
type encoderBuffers struct{}

// Get takes a buffer from the pool.
func (encoderBuffers) Get() *png.EncoderBuffer { return encoderPool.Get().(*png.EncoderBuffer) }

// Put gives a buffer back.
func (encoderBuffers) Put(b *png.EncoderBuffer) { encoderPool.Put(b) }
