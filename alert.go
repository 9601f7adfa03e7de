package goalbot

import (
	"fmt"
	"time"
)

// Thresholds are the progress levels that fire a threshold alert (docs/contract.md).
var Thresholds = []int{50, 75, 100}

// DefaultStaleAfter is how long without an accepted metrics row makes a running goal
// stale unless the workspace says otherwise (GOALBOT_STALE_AFTER).
const DefaultStaleAfter = 48 * time.Hour

// Occurrence is an event whose condition has just come to hold for a goal. It fires
// once per Key (goal, event, period, level): the engine records the key in a ledger and
// queues one Alert per recipient only the first time.
type Occurrence struct {
	GoalID       string
	Event        Event
	Period       Period // the period it concerns; the whole range for started
	Level        int    // threshold level; 0 otherwise
	Progress     *float64
	Outcome      Outcome // milestone
	FinalOutcome Outcome // last milestone
	// Since is when a stale goal's gap without metrics began, and StaleAfter how long
	// a gap must last to be one (stale only).
	Since      time.Time
	StaleAfter time.Duration
	// Budget is an ad_spend goal's spend against its budget (overspend, underspend
	// and its milestones).
	Budget *BudgetFigures
}

// Key identifies the occurrence: goal, event, period start and level (for stale, the
// start of the gap, so that it fires once per gap).
func (o Occurrence) Key() string {
	switch o.Event {
	case EventThreshold:
		return fmt.Sprintf("%s:%s:%s:%d", o.GoalID, o.Event, o.Period.Start, o.Level)
	case EventStale:
		return fmt.Sprintf("%s:%s:%d", o.GoalID, o.Event, o.Since.Unix())
	}
	return fmt.Sprintf("%s:%s:%s", o.GoalID, o.Event, o.Period.Start)
}

// Words is the event in words, for an alert's fallback text.
func (o Occurrence) Words() string { return eventWords(o.Event, o.Level, o.Outcome, o.StaleAfter) }

// Words is the alert's event in words: started, reached 75%, achieved, no metrics for
// 48 hours, …
func (a Alert) Words() string { return eventWords(a.Event, a.Threshold, a.Outcome, a.StaleAfter) }

func eventWords(e Event, level int, outcome Outcome, staleAfter time.Duration) string {
	switch e {
	case EventThreshold:
		return fmt.Sprintf("reached %d%%", level)
	case EventMilestone:
		return string(outcome)
	case EventAtRisk:
		return "at risk"
	case EventStale:
		return "no metrics for " + StaleWords(staleAfter)
	case EventDigest:
		return "weekly digest"
	case EventSourceFailed:
		return "pulls fail"
	case EventDrift:
		return "tracking drift"
	}
	return string(e)
}

// Alert returns the alert of o for one recipient (a channel through subscription subID,
// or the creator's user id with subID "").
func (o Occurrence) Alert(recipient, subID string, now time.Time) Alert {
	return Alert{
		Key: o.Key() + ":" + recipient, GoalID: o.GoalID, Event: o.Event,
		PeriodStart: o.Period.Start, PeriodEnd: o.Period.End, Progress: o.Progress,
		Threshold: o.Level, Outcome: o.Outcome, FinalOutcome: o.FinalOutcome, Since: o.Since, StaleAfter: o.StaleAfter,
		Budget: o.Budget, Recipient: recipient, SubscriptionID: subID, QueuedAt: now,
	}
}

// Occurrences returns the events whose condition holds for g in measurement cur and did
// not hold in prev, the goal's previous measurement (nil when there is none), in the
// order they happened. lastMetric is the time of the last accepted metrics row of any
// of g's campaigns (zero when none), and staleAfter how long a gap without metrics
// makes the goal stale (DefaultStaleAfter when zero). Conditions that held in prev
// have fired already (or were recorded in the ledger); the ledger also absorbs any
// repeat.
//
// The order is the order the events happen in, which is the order each recipient gets
// them: started first; the milestones of periods settled now (their thresholds fired
// while they ran); the current period's thresholds, lowest first; at risk (for a
// budget, overspend and underspend); stale.
func Occurrences(g *Goal, prev, cur *Measurement, lastMetric time.Time, staleAfter time.Duration) []Occurrence {
	if staleAfter <= 0 {
		staleAfter = DefaultStaleAfter
	}
	var out []Occurrence
	loc := g.Location()
	inRange := cur.Current >= 0 && cur.Current < len(cur.Periods)
	if inRange && (prev == nil || prev.Current < 0) {
		out = append(out, Occurrence{GoalID: g.ID, Event: EventStarted, Period: g.Range(), Progress: cur.Headline})
	}
	out = append(out, milestones(g, prev, cur, loc)...)
	if !inRange {
		return out
	}
	p := cur.Periods[cur.Current]
	var pp *PeriodFigures
	if prev != nil && prev.Current == cur.Current && prev.Current < len(prev.Periods) {
		pp = &prev.Periods[prev.Current]
	}
	if g.Type.IsCount() {
		for _, level := range Thresholds {
			if p.Reached(level) && (pp == nil || !pp.Reached(level)) {
				out = append(out, Occurrence{GoalID: g.ID, Event: EventThreshold, Period: p.Period, Level: level, Progress: p.Progress})
			}
		}
		if atRisk(cur, p, loc) && (pp == nil || !atRisk(prev, *pp, loc)) {
			out = append(out, Occurrence{GoalID: g.ID, Event: EventAtRisk, Period: p.Period, Progress: p.Progress})
		}
	}
	out = append(out, budgetOccurrences(g, prev, cur, p, pp, loc)...)
	if since, ok := staleSince(g, lastMetric, cur.At, staleAfter); ok && (prev == nil || prev.At.Sub(since) < staleAfter) {
		out = append(out, Occurrence{GoalID: g.ID, Event: EventStale, Period: p.Period, Progress: p.Progress, Since: since, StaleAfter: staleAfter})
	}
	return out
}

// milestones returns a milestone for each period settled in cur and not in prev, in
// order, except periods that ended before the goal was created.
func milestones(g *Goal, prev, cur *Measurement, loc *time.Location) []Occurrence {
	var out []Occurrence
	last := len(cur.Periods) - 1
	for i, p := range cur.Periods {
		if !p.Settled || (prev != nil && i < len(prev.Periods) && prev.Periods[i].Settled) {
			continue
		}
		if !p.EndTime(loc).After(g.CreatedAt) {
			continue
		}
		o := Occurrence{GoalID: g.ID, Event: EventMilestone, Period: p.Period, Progress: p.Progress, Outcome: p.Outcome()}
		if g.Type == AdSpend {
			o.Budget = budgetAlertFigures(g, p, nil)
		}
		if i == last {
			o.FinalOutcome = cur.Total.Outcome()
		}
		out = append(out, o)
	}
	return out
}

// atRisk reports whether the running period p of m is at risk with a quarter of it
// passed.
func atRisk(m *Measurement, p PeriodFigures, loc *time.Location) bool {
	return m.Pace == AtRisk && quarterPassed(m, p, loc)
}

// staleSince returns when g's current gap without metrics began and whether it has
// lasted staleAfter at now. With no row yet, the gap starts when the goal started or
// was created, whichever is later.
func staleSince(g *Goal, lastMetric, now time.Time, staleAfter time.Duration) (time.Time, bool) {
	since := lastMetric
	if since.IsZero() {
		since = g.StartTime()
		if g.CreatedAt.After(since) {
			since = g.CreatedAt
		}
	}
	return since, now.Sub(since) >= staleAfter
}

// DigestWeek returns the Monday (in loc) of the week that holds now and the instant
// that week's digest is due: Monday 09:00 (docs/contract.md).
func DigestWeek(now time.Time, loc *time.Location) (Date, time.Time) {
	day := DateIn(now, loc)
	monday := day.AddDays(-((int(day.Weekday()) + 6) % 7))
	due := monday.Start(loc)
	if nine := time.Date(monday.Year, monday.Month, monday.Day, 9, 0, 0, 0, loc); nine.After(due) {
		due = nine
	}
	return monday, due
}

// DigestAlert is the weekly digest of subscription sub for the week from monday,
// listing the goals it matches.
func DigestAlert(sub *Subscription, monday Date, goalIDs []string, now time.Time) Alert {
	return Alert{
		Key: fmt.Sprintf("%s:%s:%s:%s", sub.ID, EventDigest, monday, sub.Channel), GoalIDs: goalIDs, Event: EventDigest,
		PeriodStart: monday, PeriodEnd: monday.AddDays(6), Recipient: sub.Channel, SubscriptionID: sub.ID, QueuedAt: now,
	}
}

// AlertsFor resolves who gets occurrence o of goal g now (docs/contract.md): the creator when the
// goal's notifications ask for the event, and the channel of every subscription that
// matches the goal (with its status and headline progress now) and asks for the event.
// A channel gets one alert even when several of its subscriptions match.
func AlertsFor(g *Goal, o Occurrence, subs []Subscription, status Status, headline *float64, now time.Time) []Alert {
	var out []Alert
	if g.Notifies(o.Event) && g.Creator != "" {
		out = append(out, o.Alert(g.Creator, "", now))
	}
	seen := map[string]bool{}
	for i := range subs {
		s := &subs[i]
		if s.Failure != "" || !s.Wants(o.Event) || seen[s.Channel] || !s.Filter.Match(g, status, headline) {
			continue
		}
		seen[s.Channel] = true
		out = append(out, o.Alert(s.Channel, s.ID, now))
	}
	return out
}
