package chart

import (
	"math"
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// LocaleOf is the locale of a reader whose language p speaks, with amounts in
// currency (an ISO 4217 code): counts, amounts and dates written their way, the
// words from the catalogs (charts.word.*).
func LocaleOf(p *messages.Printer, currency string) Locale {
	return Locale{
		Number: func(v float64) string { return number(p, v) },
		Money:  func(v float64) string { return money(p, currency, v) },
		Date:   func(d goalbot.Date) string { return DayOf(p, d) },
		Words: Words{
			Actual: p.T("charts.word.actual"), Target: p.T("charts.word.target"), TargetPace: p.T("charts.word.target_pace"),
			Projected: p.T("charts.word.projected"), CostPerContact: p.T("charts.word.cost_per_contact"), Cap: p.T("charts.word.cap"),
			PastPeriods: p.T("charts.word.past_periods"), Met: p.T("charts.word.met"), Missed: p.T("charts.word.missed"),
			Spent: p.T("charts.word.spent"), Budget: p.T("charts.word.budget"), EvenSpend: p.T("charts.word.even_spend"),
			WithinBand: p.T("charts.word.within_band"), OutsideBand: p.T("charts.word.outside_band"),
		},
	}
}

// ShortMonth is a month's short name (Mar; mars).
func ShortMonth(p *messages.Printer, m int) string {
	return p.T("charts.month." + strconv.Itoa(m))
}

// DayOf is a day on the chart's axis (Apr 6; 6 apr).
func DayOf(p *messages.Printer, d goalbot.Date) string {
	return p.T("charts.date", messages.Args{"Month": ShortMonth(p, int(d.Month)), "Day": d.Day})
}

// number writes a count as the chart does: whole from 100 up, one decimal below (a
// trailing zero dropped), a dash for what is not a number.
func number(p *messages.Printer, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	if math.Abs(v) >= 100 {
		return p.Int(int64(math.Round(v)))
	}
	return p.Number(microOf(math.Round(v*10) / 10))
}

// money writes an amount with two decimals, none for a whole amount (an axis's
// round steps): $12.50, $45; 12,50 kr, 45 kr.
func money(p *messages.Printer, currency string, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	m := microOf(v)
	m -= m % 10_000 // to the cent, as Money writes it
	s := p.Money(m, currency)
	if m%goalbot.MicroUnit == 0 {
		zeros := strings.TrimPrefix(p.Fixed(0), "0") // ".00" or ",00"
		s = strings.Replace(s, zeros, "", 1)
	}
	return s
}

// microOf rounds a float of units to Micro, within ±goalbot.MaxMicro.
func microOf(v float64) goalbot.Micro {
	limit := float64(goalbot.MaxMicro)
	return goalbot.Micro(math.Round(max(-limit, min(limit, v*float64(goalbot.MicroUnit)))))
}
