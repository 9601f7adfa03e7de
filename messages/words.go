package messages

import (
	"strings"
	"time"

	"github.com/goalbot/goalbot"
)

// The words for goalbot's values that every surface shows: statuses, paces, goal
// types, lifecycle stages, durations, events and outcomes, progress bars and figures.
// Their ids are "words.<kind>.<value>", the value as goalbot names it
// (words.status.in_progress), so a new value needs only its catalog lines.

// Status is a goal's status in words, with its emoji ("🏃 in progress").
func (p *Printer) Status(s goalbot.Status) string { return p.word("words.status.", string(s)) }

// Pace is a running period's pace in words ("on track", "⚠️ at risk"); "" for none.
func (p *Printer) Pace(pc goalbot.Pace) string {
	if pc == "" {
		return ""
	}
	return p.word("words.pace.", string(pc))
}

// Type is a goal type in words ("Network conversions").
func (p *Printer) Type(t goalbot.Type) string { return p.word("words.type.", string(t)) }

// Stage is a lifecycle stage in words ("Marketing qualified lead").
func (p *Printer) Stage(s goalbot.Stage) string { return p.word("words.stage.", string(s)) }

// Duration is a duration in words ("monthly").
func (p *Printer) Duration(d goalbot.Duration) string { return p.word("words.duration.", string(d)) }

// Outcome is a period's or goal's outcome in words ("achieved").
func (p *Printer) Outcome(o goalbot.Outcome) string { return p.word("words.outcome.", string(o)) }

// Event is an event's name in words, as a list of notifications shows it
// ("started", "milestone"; Swedish "start", "delmål").
func (p *Printer) Event(e goalbot.Event) string { return p.word("words.event.", string(e)) }

// Events is a list of notifications in words ("started, milestone"), "nobody" for
// none.
func (p *Printer) Events(evs []goalbot.Event) string {
	if len(evs) == 0 {
		return p.T("words.events.none")
	}
	s := make([]string, len(evs))
	for i, e := range evs {
		s[i] = p.Event(e)
	}
	return strings.Join(s, ", ")
}

// word is the message prefix+value, or the value itself when no catalog has it (a
// value newer than the catalogs shows as goalbot names it rather than as an id).
func (p *Printer) word(prefix, value string) string {
	s := p.T(prefix + value)
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		return value
	}
	return s
}

// AlertWords is what happened, in words, as an alert's notification says it:
// "started", "reached 75%", "achieved", "at risk", "no metrics for 48 hours",
// "weekly digest".
func (p *Printer) AlertWords(a goalbot.Alert) string {
	switch a.Event {
	case goalbot.EventThreshold:
		return p.T("words.alert.threshold", Args{"Level": p.Percent(ptr(float64(a.Threshold)))})
	case goalbot.EventMilestone:
		return p.Outcome(a.Outcome)
	case goalbot.EventStale:
		return p.T("words.alert.stale", Args{"For": p.StaleAfter(a.StaleAfter)})
	}
	return p.word("words.alert.", string(a.Event))
}

// StaleAfter says how long a gap without metrics makes a goal stale: "48 hours",
// "90 minutes" (48 hours when d is zero, the default).
func (p *Printer) StaleAfter(d time.Duration) string {
	if d <= 0 {
		d = goalbot.DefaultStaleAfter
	}
	switch {
	case d%time.Hour == 0:
		return p.N("words.hours", int(d/time.Hour))
	case d%time.Minute == 0:
		return p.N("words.minutes", int(d/time.Minute))
	}
	return d.String()
}

// ProgressBar draws progress as ten blocks and the floored percent
// ("▰▰▰▰▱▱▱▱▱▱ 42%"); unknown progress says there is no data yet.
func (p *Printer) ProgressBar(v *float64) string {
	if v == nil {
		return "▱▱▱▱▱▱▱▱▱▱ " + p.T("words.no_data_yet")
	}
	pct := goalbot.FloorPercent(*v)
	full := min(max(pct/10, 0), 10)
	return strings.Repeat("▰", full) + strings.Repeat("▱", 10-full) + " " + p.Percent(v)
}

// Figure is a goal's actual or target for its type: money for cost per contact and
// ad spend, a number otherwise.
func (p *Printer) Figure(g *goalbot.Goal, m goalbot.Micro) string {
	if g.Type.IsMoney() {
		return p.Money(m, g.Currency)
	}
	return p.Number(m)
}

// Spend is spend per currency, each amount in its own ("$1,234.50 · €567.00"), never
// added up; "none" without any, and "not known" when part of it is in a currency
// goalbot did not record (measured by an earlier version).
func (p *Printer) Spend(m goalbot.Money) string {
	if !m.Known() {
		return p.T("words.spend.unknown")
	}
	if len(m) == 0 {
		return p.T("words.spend.none")
	}
	parts := make([]string, len(m))
	for i, a := range m {
		parts[i] = p.Money(a.Amount, a.Currency.String())
	}
	return strings.Join(parts, " · ")
}

func ptr(f float64) *float64 { return &f }
