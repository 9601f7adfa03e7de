package chart

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// currentPlot draws the running period: the band, the target pace, the target line
// (for a budget, with its band's two thin lines), the actual so far, the dashed
// projection and a dot on today.
func currentPlot(c *Chart, l Locale) *plot.Plot {
	cur := c.Current
	p := newPlot()
	p.X.Min, p.X.Max = 0, float64(cur.Days)
	p.X.Tick.Marker = dayTicks(cur.Start, cur.Days, l.Date)
	ticks, top := valueTicks(currentMax(c)*1.08, 5, c.format(l))
	p.Y.Min, p.Y.Max, p.Y.Tick.Marker = 0, top, ticks
	p.Add(grid())
	end, last := cur.last()
	if pr := cur.Projection; pr != nil && end >= 0 {
		p.Add(polygon(colorBand, plotter.XYs{{X: float64(end), Y: last}, {X: float64(cur.Days), Y: pr.High}, {X: float64(cur.Days), Y: pr.Low}}))
	}
	if !c.Cost && cur.Target > 0 {
		p.Add(line(colorPace, 1.5, paceDash, plotter.XYs{{X: 0, Y: 0}, {X: float64(cur.Days), Y: cur.Target}}))
	}
	if b := c.Budget; b != nil && cur.Target > 0 {
		for _, y := range []float64{cur.Target * b.Under, cur.Target * b.Over} {
			p.Add(line(colorMissed, 1.5, bandDash, plotter.XYs{{X: 0, Y: y}, {X: float64(cur.Days), Y: y}}))
		}
	}
	p.Add(line(colorTarget, 2, nil, plotter.XYs{{X: 0, Y: cur.Target}, {X: float64(cur.Days), Y: cur.Target}}))
	for _, seg := range cur.segments(c.Cost) {
		p.Add(line(colorActual, 3.5, nil, seg))
	}
	if pr := cur.Projection; pr != nil && end >= 0 {
		p.Add(line(colorActual, 3, projectionDash, plotter.XYs{{X: float64(end), Y: last}, {X: float64(cur.Days), Y: pr.Value}}))
	}
	if end >= 0 {
		p.Add(dot{x: float64(end), y: last, r: px(5.5)})
	}
	return p
}

// format is how c's values are written: amounts for a cost goal or a budget, counts
// otherwise.
func (c *Chart) format(l Locale) func(float64) string {
	if c.Cost || c.Budget != nil {
		return l.Money
	}
	return l.Number
}

// currentMax is the largest value the current period's plot shows.
func currentMax(c *Chart) float64 {
	m := c.Current.Target
	if b := c.Budget; b != nil {
		m = max(m, m*b.Over) // the band's upper line
	}
	for _, v := range c.Current.Actual {
		m = maxKnown(m, v)
	}
	if pr := c.Current.Projection; pr != nil {
		m = maxKnown(maxKnown(m, pr.High), pr.Value)
	}
	return m
}

// maxKnown is the larger of m and v, ignoring a NaN or infinite v.
func maxKnown(m, v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return m
	}
	return max(m, v)
}

// last returns the x of the last known actual (the end of its day) and its value;
// x is -1 when there is none. A count starts at 0 before the first day.
func (cur Current) last() (x int, v float64) {
	for i := len(cur.Actual) - 1; i >= 0; i-- {
		if !math.IsNaN(cur.Actual[i]) {
			return i + 1, cur.Actual[i]
		}
	}
	return -1, 0
}

// segments returns the actual as lines between unknown values: each day's value at
// the end of the day, a count from 0 at the period's start.
func (cur Current) segments(cost bool) []plotter.XYs {
	var out []plotter.XYs
	var seg plotter.XYs
	if !cost {
		seg = plotter.XYs{{X: 0, Y: 0}}
	}
	for i, v := range cur.Actual {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			if len(seg) > 1 {
				out = append(out, seg)
			}
			seg = nil
			continue
		}
		seg = append(seg, plotter.XY{X: float64(i + 1), Y: v})
	}
	if len(seg) > 1 || len(seg) == 1 && cost {
		out = append(out, seg)
	}
	return out
}

// grid is the horizontal grid lines.
func grid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Width = 0
	g.Horizontal.Color = colorGrid
	g.Horizontal.Width = px(1)
	return g
}

// line is a polyline of width pixels in clr, dashed when dashes are given.
func line(clr colorT, width float64, dashes []vg.Length, pts plotter.XYs) *plotter.Line {
	l := &plotter.Line{XYs: pts}
	l.Color, l.Width, l.Dashes = clr, px(width), dashes
	return l
}

// polygon is a filled polygon without an outline.
func polygon(clr colorT, pts plotter.XYs) *plotter.Polygon {
	return &plotter.Polygon{XYs: []plotter.XYs{pts}, Color: clr}
}

// dot marks today's actual: a filled circle with a white ring.
type dot struct {
	x, y float64
	r    vg.Length
}

// Plot draws the dot.
func (d dot) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	pt := vg.Point{X: tx(d.x), Y: ty(d.y)}
	c.DrawGlyph(draw.GlyphStyle{Color: colorWhite, Radius: d.r + px(2), Shape: draw.CircleGlyph{}}, pt)
	c.DrawGlyph(draw.GlyphStyle{Color: colorActual, Radius: d.r, Shape: draw.CircleGlyph{}}, pt)
}
