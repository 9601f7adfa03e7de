package chart

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/goalbot/goalbot"
)

// Locale formats what a chart says: its words, counts, amounts and dates. A nil
// function or an empty word is English.
type Locale struct {
	// Number formats a count ("1,180", "12.5").
	Number func(v float64) string
	// Money formats an amount of the goal's currency ("$12.50").
	Money func(v float64) string
	// Date formats a day on the current period's axis ("Apr 6").
	Date  func(d goalbot.Date) string
	Words Words
}

// Words are the chart's words.
type Words struct {
	Actual         string // the count so far: "Actual"
	Target         string // "Target"
	TargetPace     string // the target pro-rated over the period: "Target pace"
	Projected      string // the projection: "Projected"
	CostPerContact string // a cost goal's actual: "Cost per contact"
	Cap            string // a cost goal's target: "Cap"
	PastPeriods    string // the bars' heading: "Past periods"
	Met, Missed    string // the bars' colours: "Met", "Missed"
	// A budget's words: its spend ("Spent"), its budget ("Budget"), the budget spent
	// evenly over the period ("Even spend"), and its bars' colours ("Within band",
	// "Outside band").
	Spent, Budget, EvenSpend string
	WithinBand, OutsideBand  string
}

// English is the English locale, with amounts in currency (an ISO 4217 code such as
// "USD"; "" formats plain numbers).
func English(currency string) Locale {
	return Locale{
		Number: englishNumber,
		Money:  func(v float64) string { return englishMoney(currency, v) },
		Date:   func(d goalbot.Date) string { return d.Month.String()[:3] + " " + strconv.Itoa(d.Day) },
		Words: Words{Actual: "Actual", Target: "Target", TargetPace: "Target pace", Projected: "Projected",
			CostPerContact: "Cost per contact", Cap: "Cap", PastPeriods: "Past periods", Met: "Met", Missed: "Missed",
			Spent: "Spent", Budget: "Budget", EvenSpend: "Even spend", WithinBand: "Within band", OutsideBand: "Outside band"},
	}
}

// filled returns l with its empty fields taken from English.
func (l Locale) filled() Locale {
	en := English("")
	if l.Number == nil {
		l.Number = en.Number
	}
	if l.Money == nil {
		l.Money = en.Money
	}
	if l.Date == nil {
		l.Date = en.Date
	}
	w, ew := &l.Words, en.Words
	for _, f := range []struct {
		got *string
		def string
	}{
		{&w.Actual, ew.Actual}, {&w.Target, ew.Target}, {&w.TargetPace, ew.TargetPace}, {&w.Projected, ew.Projected},
		{&w.CostPerContact, ew.CostPerContact}, {&w.Cap, ew.Cap}, {&w.PastPeriods, ew.PastPeriods},
		{&w.Met, ew.Met}, {&w.Missed, ew.Missed}, {&w.Spent, ew.Spent}, {&w.Budget, ew.Budget}, {&w.EvenSpend, ew.EvenSpend},
		{&w.WithinBand, ew.WithinBand}, {&w.OutsideBand, ew.OutsideBand},
	} {
		if *f.got == "" {
			*f.got = f.def
		}
	}
	return l
}

// english formats numbers the English way (golang.org/x/text/message): 1,234.5.
var english = message.NewPrinter(language.English)

// englishNumber writes v with thousands separators: whole from 100 up, one decimal
// below (a trailing zero dropped).
func englishNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	if math.Abs(v) >= 100 {
		return english.Sprintf("%.0f", math.Round(v))
	}
	return strings.TrimSuffix(english.Sprintf("%.1f", v), ".0")
}

// currencySymbols are the currencies written with a symbol before the amount.
var currencySymbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£"}

// englishMoney writes v in currency with two decimals, none for a whole amount:
// "$12.50", "$45", "SEK 1,200".
func englishMoney(currency string, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strings.TrimSuffix(english.Sprintf("%.2f", math.Abs(v)), ".00")
	if sym, ok := currencySymbols[currency]; ok {
		s = sym + s
	} else if currency != "" {
		s = currency + " " + s
	}
	if v < 0 {
		s = "-" + s
	}
	return s
}
