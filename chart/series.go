package chart

import (
	"math"

	"github.com/goalbot/goalbot"
)

// Cumulative turns a count's daily values into Current.Actual: the total at the end
// of each day.
func Cumulative(daily []goalbot.Micro) []float64 {
	out := make([]float64, len(daily))
	var sum goalbot.Micro
	for i, v := range daily {
		sum += v
		out[i] = sum.Float()
	}
	return out
}

// RunningCost turns a cost goal's daily spend and contacts into Current.Actual: the
// cost per contact of the days so far at the end of each day, NaN while there is no
// contact. The two slices are read up to the shorter one's length.
func RunningCost(spend []goalbot.Micro, contacts []int64) []float64 {
	n := min(len(spend), len(contacts))
	out := make([]float64, n)
	var s goalbot.Micro
	var c int64
	for i := range n {
		s, c = s+spend[i], c+contacts[i]
		out[i] = math.NaN()
		if c > 0 {
			out[i] = s.Float() / float64(c)
		}
	}
	return out
}

// ProjectionOf is the domain's projection as the chart draws it (nil for nil).
func ProjectionOf(p *goalbot.Projection) *Projection {
	if p == nil {
		return nil
	}
	return &Projection{Value: p.Value.Float(), Low: p.Low.Float(), High: p.High.Float()}
}
