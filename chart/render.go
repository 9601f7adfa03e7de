package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"strconv"
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
		return goalbot.Invalid("errors.chart.days", goalbot.Args{"Days": cur.Days, "Max": MaxDays})
	case len(cur.Actual) > cur.Days:
		return goalbot.Invalid("errors.chart.actuals", goalbot.Args{"Days": cur.Days, "Values": len(cur.Actual)})
	case cur.Days > 0 && cur.Start.IsZero():
		return goalbot.Invalid("errors.chart.start", nil)
	case len(c.Past) > MaxPast:
		return goalbot.Invalid("errors.chart.past_many", goalbot.Args{"Past": len(c.Past), "Max": MaxPast})
	case utf8.RuneCountInString(c.Title) > MaxLabel || utf8.RuneCountInString(c.Subtitle) > MaxLabel:
		return goalbot.Invalid("errors.chart.title", goalbot.Args{"Max": MaxLabel})
	case !finite(cur.Target):
		return goalbot.Invalid("errors.chart.target", goalbot.Args{"Max": strconv.FormatFloat(maxAmount, 'g', -1, 64), "Value": strconv.FormatFloat(cur.Target, 'g', -1, 64)})
	}
	for i, v := range cur.Actual {
		if !math.IsNaN(v) && !finite(math.Abs(v)) {
			return goalbot.Invalid("errors.chart.actual", goalbot.Args{"Day": i + 1, "Value": strconv.FormatFloat(v, 'g', -1, 64), "Max": strconv.FormatFloat(maxAmount, 'g', -1, 64)})
		}
	}
	if p := cur.Projection; p != nil && (!finite(p.Value) || !finite(p.Low) || !finite(p.High) || p.Low > p.Value || p.Value > p.High) {
		return goalbot.Invalid("errors.chart.projection", goalbot.Args{"Value": strconv.FormatFloat(p.Value, 'g', -1, 64), "Low": strconv.FormatFloat(p.Low, 'g', -1, 64), "High": strconv.FormatFloat(p.High, 'g', -1, 64), "Max": strconv.FormatFloat(maxAmount, 'g', -1, 64)})
	}
	if b := c.Budget; b != nil && (!(b.Under >= 0 && b.Under <= 1) || !(b.Over >= 1 && b.Over <= 10) || utf8.RuneCountInString(b.Label) > MaxLabel) {
		return goalbot.Invalid("errors.chart.band", goalbot.Args{"Under": strconv.FormatFloat(b.Under, 'g', -1, 64), "Over": strconv.FormatFloat(b.Over, 'g', -1, 64), "Max": MaxLabel})
	}
	for i, b := range c.Past {
		if utf8.RuneCountInString(b.Label) > MaxLabel || !finite(b.Target) || !math.IsNaN(b.Actual) && !finite(math.Abs(b.Actual)) {
			return goalbot.Invalid("errors.chart.past", goalbot.Args{"N": i + 1, "Label": goalbot.Quote(b.Label), "Max": MaxLabel, "Amount": strconv.FormatFloat(maxAmount, 'g', -1, 64)})
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
