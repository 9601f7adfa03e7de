package goalbot

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// A goal goes stale when none of its campaigns has had an accepted metrics row for a
// while (DefaultStaleAfter, or GOALBOT_STALE_AFTER). One missing nightly push makes
// many goals stale in one evaluation; their stale alerts to one recipient are grouped
// into one alert that names them all (the store groups them; StaleGroup builds the
// alert), while the ledger still records each goal's stale occurrence once.

// StaleWords says how long a gap without metrics makes a goal stale: "48 hours",
// "90 minutes" ("48 hours" when d is zero, the default).
func StaleWords(d time.Duration) string {
	if d <= 0 {
		d = DefaultStaleAfter
	}
	unit := func(n int64, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	switch {
	case d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour")
	case d%time.Minute == 0:
		return unit(int64(d/time.Minute), "minute")
	}
	return d.String()
}

// GroupsAsStale reports whether a is one goal's stale alert, which the store holds
// back and queues with the other stale alerts of its recipient from the same
// evaluation, as one.
func (a Alert) GroupsAsStale() bool {
	return a.Event == EventStale && a.GoalID != "" && len(a.GoalIDs) == 0
}

// StaleGroup is the one alert, under key, that tells its recipient about the stale
// alerts members (of one recipient, each of another goal), which went stale together.
// With one member it is that member's alert under key. With more it names every goal
// (GoalIDs, by id number) and says since when none of them has had metrics (the
// latest of their gaps' beginnings); its period is the gap, from that instant's date
// to the date it was queued (UTC), and its progress is unknown.
func StaleGroup(key string, members []Alert) Alert {
	if len(members) == 1 {
		a := members[0]
		a.Key = key
		return a
	}
	ms := slices.Clone(members)
	slices.SortFunc(ms, func(x, y Alert) int { return idOrder(x.GoalID, y.GoalID) })
	out := Alert{Key: key, Event: EventStale, GoalIDs: make([]string, 0, len(ms))}
	for i, m := range ms {
		out.GoalIDs = append(out.GoalIDs, m.GoalID)
		if i == 0 || m.Since.After(out.Since) {
			out.Since = m.Since
		}
		if i == 0 || m.QueuedAt.Before(out.QueuedAt) {
			out.QueuedAt = m.QueuedAt
		}
		if out.Recipient == "" {
			out.Recipient, out.StaleAfter = m.Recipient, m.StaleAfter
		}
		if out.SubscriptionID == "" {
			out.SubscriptionID = m.SubscriptionID
		}
	}
	out.PeriodStart = DateIn(out.Since, time.UTC)
	out.PeriodEnd = DateIn(out.QueuedAt, time.UTC)
	if out.PeriodEnd.Before(out.PeriodStart) {
		out.PeriodEnd = out.PeriodStart
	}
	return out
}

// idOrder orders ids such as G7 by their number, then as text.
func idOrder(x, y string) int {
	nx, ex := strconv.Atoi(x[min(1, len(x)):])
	ny, ey := strconv.Atoi(y[min(1, len(y)):])
	if ex == nil && ey == nil && nx != ny {
		return nx - ny
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
