package chart

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// maxBarLabels is the most labels under the bars (every other one, or fewer, when
// there are more bars).
const maxBarLabels = 13

// pastPlot draws the past periods: a bar per period, green when it met its target
// (a budget: landed within its band) and red when it did not, and a dark mark at
// its target.
func pastPlot(c *Chart, l Locale) *plot.Plot {
	p := newPlot()
	n := len(c.Past)
	labels := make([]string, n)
	m := 0.0
	for i, b := range c.Past {
		labels[i] = b.Label
		m = maxKnown(maxKnown(m, b.Actual), b.Target)
	}
	p.X.Min, p.X.Max = -0.6, float64(n)-0.4
	p.X.Tick.Marker = categoryTicks(labels, maxBarLabels)
	p.X.Tick.LineStyle.Width = 0
	ticks, top := valueTicks(m*1.05, 3, c.format(l))
	p.Y.Min, p.Y.Max, p.Y.Tick.Marker = 0, top, ticks
	p.Add(grid(), bars{c: c})
	return p
}

// bars draws the past periods' bars and target marks.
type bars struct{ c *Chart }

// Plot draws each bar and its target mark.
func (b bars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	slot := tx(1) - tx(0)
	w := min(slot*0.7, px(48))
	for i, pp := range b.c.Past {
		x := tx(float64(i))
		if !math.IsNaN(pp.Actual) && !math.IsInf(pp.Actual, 0) && pp.Actual > 0 {
			clr := colorMissed
			if b.c.met(pp) {
				clr = colorMet
			}
			c.FillPolygon(clr, rect(x-w/2, ty(0), x+w/2, ty(pp.Actual)))
		}
		if pp.Target > 0 {
			mark := max(w*0.65, px(3))
			c.FillPolygon(colorTarget, rect(x-mark, ty(pp.Target)-px(1.5), x+mark, ty(pp.Target)+px(1.5)))
		}
	}
}

// rect is the rectangle between two corners.
func rect(x0, y0, x1, y1 vg.Length) []vg.Point {
	return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}
