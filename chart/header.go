package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// margin is the space around the chart.
var margin = px(24)

// header draws the title, the subtitle and the legend at the top of dc and returns
// the area left for the plots.
func header(dc draw.Canvas, c *Chart, l Locale) vg.Rectangle {
	x, y := dc.Min.X+margin, dc.Max.Y-margin+px(4)
	width := dc.Max.X - dc.Min.X - 2*margin
	if c.Title != "" {
		st := textStyle(22, true, colorText)
		dc.FillText(st, vg.Point{X: x, Y: y}, fit(st, c.Title, width))
		y -= px(32)
	}
	if c.Subtitle != "" {
		st := textStyle(15, false, colorMuted)
		dc.FillText(st, vg.Point{X: x, Y: y}, fit(st, c.Subtitle, width))
		y -= px(28)
	}
	y -= px(4)
	rows := legend(dc, vg.Point{X: x, Y: y}, width, keys(c, l))
	y -= px(34) + vg.Length(rows-1)*legendRow
	return vg.Rectangle{Min: vg.Point{X: dc.Min.X + margin, Y: dc.Min.Y + margin - px(8)}, Max: vg.Point{X: dc.Max.X - margin, Y: y}}
}

// key is one legend entry: a swatch and its words.
type key struct {
	words  string
	swatch func(dc draw.Canvas, at vg.Point) // draws the swatch in a 28×14 px box from at (its top left)
}

// keys returns the legend's entries for what c shows, with their figures.
func keys(c *Chart, l Locale) []key {
	f := c.format(l)
	cur := c.Current
	var out []key
	if cur.Days > 0 {
		name, target, pace := l.Words.Actual, l.Words.Target, l.Words.TargetPace
		switch {
		case c.Cost:
			name, target = l.Words.CostPerContact, l.Words.Cap
		case c.Budget != nil:
			name, target, pace = l.Words.Spent, l.Words.Budget, l.Words.EvenSpend
		}
		if x, v := cur.last(); x >= 0 {
			name += " " + f(v)
		}
		out = append(out, key{name, lineSwatch(colorActual, 3.5, nil)},
			key{target + " " + f(cur.Target), lineSwatch(colorTarget, 2, nil)})
		if !c.Cost && cur.Target > 0 {
			out = append(out, key{pace, lineSwatch(colorPace, 1.5, paceDash)})
		}
		if p := cur.Projection; p != nil {
			out = append(out, key{l.Words.Projected + " " + f(p.Value) + " (" + f(p.Low) + "–" + f(p.High) + ")", bandSwatch})
		}
		if b := c.Budget; b != nil && cur.Target > 0 && b.Label != "" {
			out = append(out, key{b.Label, lineSwatch(colorMissed, 1.5, bandDash)})
		}
	}
	met, missed := false, false
	for _, p := range c.Past {
		met = met || c.met(p)
		missed = missed || !c.met(p) && !math.IsNaN(p.Actual) && p.Actual > 0
	}
	metWords, missedWords := l.Words.Met, l.Words.Missed
	if c.Budget != nil {
		metWords, missedWords = l.Words.WithinBand, l.Words.OutsideBand
	}
	if met {
		out = append(out, key{metWords, boxSwatch(colorMet)})
	}
	if missed {
		out = append(out, key{missedWords, boxSwatch(colorMissed)})
	}
	return out
}

// legendRow is the height of a row of the legend below its first.
var legendRow = px(24)

// legend draws keys in rows from at (top left), a key starting a new row where it
// would overrun width, and returns how many rows it drew (at least 1). A key wider
// than a whole row is cut to fit.
func legend(dc draw.Canvas, at vg.Point, width vg.Length, keys []key) int {
	st := textStyle(14, false, colorText)
	st.YAlign = draw.YCenter
	x, y, rows := at.X, at.Y, 1
	for _, k := range keys {
		words := fit(st, k.words, width-px(36))
		w := px(36) + st.Width(words)
		if x > at.X && x+w > at.X+width {
			x, y, rows = at.X, y-legendRow, rows+1
		}
		k.swatch(dc, vg.Point{X: x, Y: y})
		dc.FillText(st, vg.Point{X: x + px(34), Y: y - px(7)}, words)
		x += w + px(22)
	}
	return rows
}

// lineSwatch is a short line.
func lineSwatch(clr color.Color, width float64, dashes []vg.Length) func(draw.Canvas, vg.Point) {
	return func(dc draw.Canvas, at vg.Point) {
		sty := draw.LineStyle{Color: clr, Width: px(width), Dashes: dashes}
		dc.StrokeLine2(sty, at.X+px(2), at.Y-px(7), at.X+px(26), at.Y-px(7))
	}
}

// boxSwatch is a filled square.
func boxSwatch(clr color.Color) func(draw.Canvas, vg.Point) {
	return func(dc draw.Canvas, at vg.Point) {
		dc.FillPolygon(clr, rect(at.X+px(7), at.Y-px(14), at.X+px(21), at.Y))
	}
}

// bandSwatch is the band with the dashed projection through it.
func bandSwatch(dc draw.Canvas, at vg.Point) {
	dc.FillPolygon(colorBand, []vg.Point{{X: at.X, Y: at.Y - px(7)}, {X: at.X + px(28), Y: at.Y}, {X: at.X + px(28), Y: at.Y - px(14)}})
	sty := draw.LineStyle{Color: colorActual, Width: px(3), Dashes: []vg.Length{px(6), px(4)}}
	dc.StrokeLine2(sty, at.X, at.Y-px(7), at.X+px(28), at.Y-px(7))
}

// fit cuts s to fit width in st, ending it with an ellipsis when cut.
func fit(st text.Style, s string, width vg.Length) string {
	if st.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && st.Width(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
