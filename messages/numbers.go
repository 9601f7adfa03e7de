package messages

import (
	"strconv"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
)

// numbers is how a language writes numbers: its CLDR grouping and decimal
// separators, and whether a percent sign is spaced.
type numbers struct {
	group, decimal string
	percent        string // what goes between the number and %
}

// nbsp is the no-break space that Swedish groups digits with (1 234,50), so a
// number never breaks across lines.
const nbsp = "\u00a0"

func numbersFor(lang string) numbers {
	if lang == "sv" {
		return numbers{group: nbsp, decimal: ",", percent: nbsp}
	}
	return numbers{group: ",", decimal: "."}
}

// Int writes n with the language's thousands separators (1,234,567; 1 234 567).
func (p *Printer) Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(p.num.group)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Number writes a fixed-point number with separators and up to two decimals,
// without trailing zeros (1,234.5 and 7 in English; 1 234,5 and 7 in Swedish).
func (p *Printer) Number(m goalbot.Micro) string {
	whole, cents := split(m)
	out := p.Int(whole)
	if m < 0 && whole == 0 {
		out = "-0"
	}
	if cents == 0 {
		return out
	}
	frac := strings.TrimRight(twoDigits(cents), "0")
	return out + p.num.decimal + frac
}

// Fixed writes a fixed-point number with exactly two decimals (1,234.50; 1 234,50).
func (p *Printer) Fixed(m goalbot.Micro) string {
	whole, cents := split(m)
	out := p.Int(whole)
	if m < 0 && whole == 0 {
		out = "-0"
	}
	return out + p.num.decimal + twoDigits(cents)
}

// split is m's whole units and its hundredths (always positive), cut towards zero.
func split(m goalbot.Micro) (whole, cents int64) {
	whole = int64(m / goalbot.MicroUnit)
	frac := int64(m % goalbot.MicroUnit)
	if frac < 0 {
		frac = -frac
	}
	return whole, frac / 10_000
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// englishSymbols are the currencies English writes with a symbol in front
// ($1,234.50); others follow the amount with their code (1,234.50 SEK).
var englishSymbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}

// swedishSymbols are the currencies Swedish writes with a symbol after the amount
// (1 234,50 kr, 1 234,50 €, 1 234,50 US$); others follow it with their code.
var swedishSymbols = map[string]string{"SEK": "kr", "EUR": "€", "USD": "US$", "GBP": "£", "NOK": "NOK", "DKK": "DKK"}

// Money writes an amount in its currency, the language's way: $1,234.50, €567.00,
// 1,234.50 SEK in English; 1 234,50 kr, 1 234,50 € in Swedish. An amount is never
// written without its currency: an unknown currency is said to be unknown.
func (p *Printer) Money(m goalbot.Micro, cur string) string {
	amount := p.Fixed(m)
	if cur == "" {
		return p.T("money.unknown_currency", Args{"Amount": amount})
	}
	if p.lang == "sv" {
		sym, ok := swedishSymbols[cur]
		if !ok {
			sym = cur
		}
		return amount + nbsp + sym
	}
	if sym, ok := englishSymbols[cur]; ok {
		if strings.HasPrefix(amount, "-") {
			return "-" + sym + amount[1:]
		}
		return sym + amount
	}
	return amount + " " + cur
}

// Percent writes progress floored to a whole percent (42%; 42 %), "100%+" at or
// past goalbot's largest progress, and a dash when unknown.
func (p *Printer) Percent(v *float64) string {
	if v == nil {
		return "—"
	}
	if *v >= goalbot.MaxProgress {
		return "100" + p.num.percent + "%+"
	}
	return p.Int(int64(goalbot.FloorPercent(*v))) + p.num.percent + "%"
}

// Decimal writes v with one decimal (42.5; 42,5), for figures such as a pace ratio.
func (p *Printer) Decimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return s
	}
	out := p.Int(n)
	if strings.HasPrefix(whole, "-") && n == 0 {
		out = "-0"
	}
	return out + p.num.decimal + frac
}

// Month is a month's name (March; mars).
func (p *Printer) Month(m time.Month) string {
	return p.T("month." + strconv.Itoa(int(m)))
}

// MonthYear is a month of a year (March 2026; mars 2026).
func (p *Printer) MonthYear(y int, m time.Month) string {
	return p.T("month.year", Args{"Month": p.Month(m), "Year": y})
}
