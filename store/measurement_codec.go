package store

import (
	"encoding/json"
	"fmt"

	"github.com/goalbot/goalbot"
)

// A measurement is kept in its goal's hash (field m) in a compact binary form (see
// binEncoder) that the engine reads and writes for every open goal on every pass:
//
//	format byte (measurementFormat)
//	at · current period · pace · pace ratio · flags (headline, settled) · [headline]
//	total figures · settled sum (target · cells · actual · spend · contacts · weighted)
//	goal version
//	number of periods, then per period: start · end · flags (ended, settled) · figures
//	number of campaigns of the current period, then per campaign: id · figures
//	figures: target · actual · spend · contacts · cmp · [progress]
//
// Per-campaign figures are kept for the current period alone (`/goal show` lists
// them): a settled period's are summed up in the settled sum, which is all that later
// measurements need of them. The goal id is the key's. Format 1, written before the
// current period's campaigns were kept, has no campaign section and is still read, as
// is a value that starts with '{', the JSON form of an earlier goalbot.
const measurementFormat byte = 2

// measurementFormatNoCampaigns is format 1: as 2 without the campaigns.
const measurementFormatNoCampaigns byte = 1

// flag bits of the stored form.
const (
	flagHeadline = 1 << iota // a headline progress follows
	flagSettled
	flagEnded
	flagProgress
)

// encodeMeasurement returns m in the stored form.
func encodeMeasurement(m *goalbot.Measurement) []byte {
	e := binEncoder{b: make([]byte, 0, 96+40*len(m.Periods))}
	e.byte(measurementFormat)
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
	figures(&e, &m.Total)
	s := &m.SettledSum
	e.micro(s.Target)
	e.int(s.N)
	e.micro(s.Actual)
	e.micro(s.Spend)
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
	var cs []goalbot.CampaignFigures
	if m.Current >= 0 && m.Current < len(m.Periods) {
		cs = m.Periods[m.Current].Campaigns
	}
	e.uint(uint64(len(cs)))
	for i := range cs {
		e.str(cs[i].Campaign)
		figures(&e, &cs[i].Figures)
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
	if s[0] != measurementFormat && s[0] != measurementFormatNoCampaigns {
		return nil, fmt.Errorf("decode measurement: unknown format %d (written by a newer goalbot?)", s[0])
	}
	d := binDecoder{s: s, i: 1}
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
	readFigures(&d, &m.Total)
	m.SettledSum = goalbot.CellSum{Target: d.micro(), N: d.int(), Actual: d.micro(), Spend: d.micro(), Contacts: d.int(),
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
	if s[0] == measurementFormat {
		readCurrentCampaigns(&d, m)
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
	e.micro(f.Spend)
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
	f.Target, f.Actual, f.Spend = d.micro(), d.micro(), d.micro()
	f.Contacts = d.int()
	f.Cmp = int(d.int())
	if d.byte()&flagProgress != 0 {
		f.Progress = d.floatPtr()
	}
}
