package chart

import (
	"math"

	"gonum.org/v1/plot"

	"github.com/goalbot/goalbot"
)

// valueTicks returns about n round steps from 0 to max, labelled by format, and the
// axis top (the last tick).
func valueTicks(maxValue float64, n int, format func(float64) string) (plot.ConstantTicks, float64) {
	if !(maxValue > 0) || math.IsInf(maxValue, 0) {
		maxValue = 1
	}
	step := niceStep(maxValue / float64(n))
	n = int(math.Ceil(maxValue/step - 1e-9))
	ticks := make(plot.ConstantTicks, 0, n+1)
	ticks = append(ticks, plot.Tick{Value: 0}) // the baseline needs no number
	for i := 1; i <= n; i++ {
		v := float64(i) * step
		ticks = append(ticks, plot.Tick{Value: v, Label: format(v)})
	}
	return ticks, float64(n) * step
}

// niceStep is the smallest of 1, 2, 2.5 and 5 times a power of ten that is at least x.
func niceStep(x float64) float64 {
	pow := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*pow >= x*(1-1e-9) {
			return m * pow
		}
	}
	return 10 * pow
}

// dayTicks labels the start of days of a period of days from start: every day of a
// short one, every week of a month, the 1st and 15th of each month of a quarter, the
// months of a year and the quarters of a longer one.
func dayTicks(start goalbot.Date, days int, format func(goalbot.Date) string) plot.ConstantTicks {
	var ticks plot.ConstantTicks
	for i := 0; i < days; i++ {
		d := start.AddDays(i)
		if dayLabelled(d, i, days) {
			ticks = append(ticks, plot.Tick{Value: float64(i), Label: format(d)})
		}
	}
	return ticks
}

// dayLabelled reports whether day i (date d) of a period of days gets a label.
func dayLabelled(d goalbot.Date, i, days int) bool {
	switch {
	case days <= 14:
		return true
	case days <= 45:
		return i%7 == 0
	case days <= 120:
		return d.Day == 1 || d.Day == 15 || i == 0 && d.Day < 8
	case days <= 400:
		return d.Day == 1 || i == 0 && d.Day < 15
	}
	return d.Day == 1 && (d.Month-1)%3 == 0 || i == 0
}

// categoryTicks labels at most about max of n categories, evenly, always the last.
func categoryTicks(labels []string, maxLabels int) plot.ConstantTicks {
	n := len(labels)
	every := max(1, int(math.Ceil(float64(n)/float64(maxLabels))))
	var ticks plot.ConstantTicks
	for i := n - 1; i >= 0; i -= every {
		ticks = append(plot.ConstantTicks{{Value: float64(i), Label: labels[i]}}, ticks...)
	}
	return ticks
}
