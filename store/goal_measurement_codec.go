package store

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/goalbot/goalbot"
)

// A measurement is kept in its goal's hash (field m) in a compact binary form (see
// binEncoder) that the engine reads and writes for every open goal on every pass:
//
//	format byte (measurementFormat)
//	at · current period · pace · pace ratio · flags (headline, settled) · [headline]
//	currencies: their number, then each code (the spends below name them by index)
//	total figures · settled sum (target · cells · actual · spend · contacts · weighted)
//	goal version
//	number of periods, then per period: start · end · flags (ended, settled) · figures
//	number of campaigns of the current period, then per campaign: id · figures
//	budget outlook: flags (outlook, projection) · [spent · budget · left · days
//	left · spending · ratio · [projected value · low · high · method]]
//	figures: target · actual · spend · contacts · cmp · [progress]
//	spend: number of currencies, then per currency: its index · amount
//
// Per-campaign figures are kept for the current period alone (`/goal show` lists
// them): a settled period's are summed up in the settled sum, which is all that later
// measurements need of them. The goal id is the key's.
//
// Earlier forms are still read. Formats 1 and 2 kept each spend as one number, the
// sum over every currency (format 1 also had no campaign section); so does the JSON
// form of an earlier goalbot (a value that starts with '{'). Such a spend is read as
// money of no known currency (goalbot.Money), shown nowhere as an amount: the next
// measurement of a running goal counts it in its campaigns' currency when they share
// one, and measures the periods that are not settled afresh, per currency. Format 3
// had no budget outlook (there were no ad_spend goals).
const measurementFormat byte = 4

// The earlier formats: 1 without the campaigns, 2 with them, both with one number
// for each spend; 3 with spend per currency and without the budget outlook.
const (
	measurementFormatNoCampaigns byte = 1
	measurementFormatOneSpend    byte = 2
	measurementFormatNoBudget    byte = 3
)

// oneSpendFormat reports whether format kept each spend as one number.
func oneSpendFormat(format byte) bool {
	return format == measurementFormatNoCampaigns || format == measurementFormatOneSpend
}

// flag bits of the stored form.
const (
	flagHeadline = 1 << iota // a headline progress follows
	flagSettled
	flagEnded
	flagProgress
)

// encodeMeasurement returns m in the stored form.
func encodeMeasurement(m *goalbot.Measurement) []byte {
	return encodeMeasurementAs(m, measurementFormat)
}

// encodeMeasurementAs returns m in the form of format: the current one, or an
// earlier one as goalbot wrote it before (for the tests that read it back), with
// each spend one sum over its currencies.
func encodeMeasurementAs(m *goalbot.Measurement, format byte) []byte {
	e := binEncoder{b: make([]byte, 0, 96+40*len(m.Periods)), oneSpend: oneSpendFormat(format)}
	e.byte(format)
	e.time(m.At)
	e.int(int64(m.Current))
	e.str(string(m.Pace))
	e.float(m.PaceRatio)
	var flags byte
	if m.Headline != nil {
		flags |= flagHeadline
	}
	if m.Settled {
		flags |= flagSettled
	}
	e.byte(flags)
	if m.Headline != nil {
		e.float(*m.Headline)
	}
	if !e.oneSpend {
		writeCurrencies(&e, currenciesOf(m))
	}
	figures(&e, &m.Total)
	s := &m.SettledSum
	e.micro(s.Target)
	e.int(s.N)
	e.micro(s.Actual)
	spend(&e, s.Spend)
	e.int(s.Contacts)
	e.uint(s.WeightedHi)
	e.uint(s.WeightedLo)
	e.int(m.GoalVersion)
	e.uint(uint64(len(m.Periods)))
	for i := range m.Periods {
		p := &m.Periods[i]
		e.date(p.Start)
		e.date(p.End)
		flags = 0
		if p.Ended {
			flags |= flagEnded
		}
		if p.Settled {
			flags |= flagSettled
		}
		e.byte(flags)
		figures(&e, &p.Figures)
	}
	if format == measurementFormatNoCampaigns {
		return e.b
	}
	var cs []goalbot.CampaignFigures
	if m.Current >= 0 && m.Current < len(m.Periods) {
		cs = m.Periods[m.Current].Campaigns
	}
	e.uint(uint64(len(cs)))
	for i := range cs {
		e.str(cs[i].Campaign)
		figures(&e, &cs[i].Figures)
	}
	if format == measurementFormat {
		writeBudget(&e, m.Budget)
	}
	return e.b
}

// decodeMeasurement decodes goal id's measurement as HGET or HMGET returns it (nil:
// none).
func decodeMeasurement(id string, v any) (*goalbot.Measurement, error) {
	s, _ := v.(string)
	if s == "" {
		return nil, nil
	}
	m := new(goalbot.Measurement)
	if s[0] == '{' {
		if err := json.Unmarshal([]byte(s), m); err != nil {
			return nil, fmt.Errorf("decode measurement: %w", err)
		}
		return m, nil
	}
	format := s[0]
	if format < measurementFormatNoCampaigns || format > measurementFormat {
		return nil, fmt.Errorf("decode measurement: unknown format %d (written by a newer goalbot?)", format)
	}
	d := binDecoder{s: s, i: 1, oneSpend: oneSpendFormat(format)}
	m.GoalID = id
	m.At = d.time()
	m.Current = int(d.int())
	m.Pace = goalbot.Pace(d.str())
	m.PaceRatio = d.float()
	flags := d.byte()
	m.Settled = flags&flagSettled != 0
	if flags&flagHeadline != 0 {
		m.Headline = d.floatPtr()
	}
	if !d.oneSpend {
		readCurrencies(&d)
	}
	readFigures(&d, &m.Total)
	m.SettledSum = goalbot.CellSum{Target: d.micro(), N: d.int(), Actual: d.micro(), Spend: readSpend(&d), Contacts: d.int(),
		WeightedHi: d.uint(), WeightedLo: d.uint()}
	m.GoalVersion = d.int()
	n := d.count()
	if d.err == nil && n > 0 {
		m.Periods = make([]goalbot.PeriodFigures, n)
	}
	for i := 0; i < n && d.err == nil; i++ {
		p := &m.Periods[i]
		p.Start, p.End = d.date(), d.date()
		flags := d.byte()
		p.Ended, p.Settled = flags&flagEnded != 0, flags&flagSettled != 0
		readFigures(&d, &p.Figures)
	}
	if format != measurementFormatNoCampaigns {
		readCurrentCampaigns(&d, m)
	}
	if format == measurementFormat {
		m.Budget = readBudget(&d)
	}
	if err := d.done(); err != nil {
		return nil, fmt.Errorf("decode measurement of goal %s: %w", id, err)
	}
	return m, nil
}

// readCurrentCampaigns reads the campaigns of m's current period.
func readCurrentCampaigns(d *binDecoder, m *goalbot.Measurement) {
	n := d.count()
	if n == 0 || d.err != nil {
		return
	}
	if m.Current < 0 || m.Current >= len(m.Periods) {
		d.fail("campaigns outside the periods")
		return
	}
	cs := make([]goalbot.CampaignFigures, n)
	for i := 0; i < n && d.err == nil; i++ {
		cs[i].Campaign = d.str()
		readFigures(d, &cs[i].Figures)
	}
	m.Periods[m.Current].Campaigns = cs
}

// figures writes one set of figures.
func figures(e *binEncoder, f *goalbot.Figures) {
	e.micro(f.Target)
	e.micro(f.Actual)
	spend(e, f.Spend)
	e.int(f.Contacts)
	e.int(int64(f.Cmp))
	if f.Progress == nil {
		e.byte(0)
		return
	}
	e.byte(flagProgress)
	e.float(*f.Progress)
}

// readFigures reads what figures wrote.
func readFigures(d *binDecoder, f *goalbot.Figures) {
	f.Target, f.Actual, f.Spend = d.micro(), d.micro(), readSpend(d)
	f.Contacts = d.int()
	f.Cmp = int(d.int())
	if d.byte()&flagProgress != 0 {
		f.Progress = d.floatPtr()
	}
}

// writeCurrencies writes the currency table cur, which the spends then name by
// index.
func writeCurrencies(e *binEncoder, cur []goalbot.CurrencyCode) {
	e.uint(uint64(len(cur)))
	for _, c := range cur {
		e.str(c.String())
	}
	e.cur = cur
}

// readCurrencies reads the currency table into d.cur.
func readCurrencies(d *binDecoder) {
	n := d.count()
	if n == 0 || d.err != nil {
		return
	}
	d.cur = make([]goalbot.CurrencyCode, n)
	for i := range d.cur {
		d.cur[i] = goalbot.CurrencyOf(d.str())
	}
}

// currenciesOf returns the currencies of m's spends, each once.
func currenciesOf(m *goalbot.Measurement) []goalbot.CurrencyCode {
	var out []goalbot.CurrencyCode
	add := func(spend goalbot.Money) {
		for _, a := range spend {
			if !slices.Contains(out, a.Currency) {
				out = append(out, a.Currency)
			}
		}
	}
	add(m.Total.Spend)
	add(m.SettledSum.Spend)
	for i := range m.Periods {
		add(m.Periods[i].Spend)
	}
	if m.Current >= 0 && m.Current < len(m.Periods) {
		for _, c := range m.Periods[m.Current].Campaigns {
			add(c.Spend)
		}
	}
	return out
}

// spend writes a spend: its currencies, each by its index in e.cur, and amounts (in
// the earlier formats one sum).
func spend(e *binEncoder, m goalbot.Money) {
	if e.oneSpend {
		var sum goalbot.Micro
		for _, a := range m {
			sum += a.Amount
		}
		e.micro(sum)
		return
	}
	e.uint(uint64(len(m)))
	for _, a := range m {
		e.uint(uint64(slices.Index(e.cur, a.Currency)))
		e.micro(a.Amount)
	}
}

// readSpend reads what spend wrote, or in the earlier formats one number, a sum of
// no known currency.
func readSpend(d *binDecoder) goalbot.Money {
	if d.oneSpend {
		return goalbot.MoneyIn("", d.micro())
	}
	n := d.count()
	if n == 0 || d.err != nil {
		return nil
	}
	if cap(d.amounts)-len(d.amounts) < n {
		d.amounts = make([]goalbot.Amount, 0, max(n, 32))
	}
	k := len(d.amounts)
	d.amounts = d.amounts[:k+n]
	m := goalbot.Money(d.amounts[k : k+n : k+n])
	for i := range m {
		c := d.uint()
		if c >= uint64(len(d.cur)) {
			d.fail("a spend in a currency outside the table")
			return nil
		}
		m[i] = goalbot.Amount{Currency: d.cur[c], Amount: d.micro()}
	}
	return m
}

// flag bits of a budget outlook.
const (
	flagOutlook = 1 << iota
	flagProjection
)

// writeBudget writes an ad_spend goal's budget outlook (a flag byte alone for none).
func writeBudget(e *binEncoder, o *goalbot.BudgetOutlook) {
	if o == nil {
		e.byte(0)
		return
	}
	flags := byte(flagOutlook)
	if o.Projection != nil {
		flags |= flagProjection
	}
	e.byte(flags)
	e.micro(o.Spent)
	e.micro(o.Budget)
	e.micro(o.Left)
	e.int(int64(o.DaysLeft))
	e.str(string(o.Spending))
	e.float(o.Ratio)
	if p := o.Projection; p != nil {
		e.micro(p.Value)
		e.micro(p.Low)
		e.micro(p.High)
		e.str(string(p.Method))
	}
}

// readBudget reads what writeBudget wrote.
func readBudget(d *binDecoder) *goalbot.BudgetOutlook {
	flags := d.byte()
	if flags&flagOutlook == 0 || d.err != nil {
		return nil
	}
	o := &goalbot.BudgetOutlook{Spent: d.micro(), Budget: d.micro(), Left: d.micro(), DaysLeft: int(d.int()),
		Spending: goalbot.Spending(d.str()), Ratio: d.float()}
	if flags&flagProjection != 0 {
		o.Projection = &goalbot.Projection{Value: d.micro(), Low: d.micro(), High: d.micro(), Method: goalbot.Method(d.str())}
	}
	return o
}
