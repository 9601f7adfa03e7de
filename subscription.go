package goalbot

import (
	"strconv"
	"strings"
	"time"
)

// Subscription routes alerts of the goals that match its filter to a channel.
type Subscription struct {
	ID        string    `json:"id"` // S1, S2, …
	Channel   string    `json:"channel"`
	Filter    Filter    `json:"filter"`
	Events    []Event   `json:"events"`
	Creator   string    `json:"creator"`
	CreatedAt time.Time `json:"created_at"`
	// Lang is the language the channel's alerts are written in ("en", "sv"); empty
	// for goalbot's default (GOALBOT_LOCALE).
	Lang string `json:"lang,omitempty"`
	// Failure records why alerts to the channel can no longer be delivered (archived,
	// bot removed), empty while it works.
	Failure string `json:"failure,omitempty"`
	// Charts: milestone alerts and digests carry the goals' charts, threaded under
	// them (`chart:yes`).
	Charts bool `json:"charts,omitempty"`
}

// DefaultSubscriptionEvents are the events a subscription gets when none are asked for.
var DefaultSubscriptionEvents = []Event{EventStarted, EventMilestone}

// Wants reports whether s asks for event e.
func (s *Subscription) Wants(e Event) bool { return contains(s.Events, e) }

// ParseEvents parses a comma-separated list of event names (docs/contract.md) allowed from
// allowed; "none" gives an empty, non-nil list when allowNone is true. field names the
// input in the error.
func ParseEvents(raw, field string, allowed []Event, allowNone bool) ([]Event, error) {
	vals := SplitList(raw)
	if allowNone && len(vals) == 1 && strings.EqualFold(vals[0], "none") {
		return []Event{}, nil
	}
	var choices any = strings.Join(strs(allowed), ", ")
	if allowNone {
		choices = M("errors.events.or_none", Args{"Events": choices})
	}
	var p Problems
	if len(vals) == 0 {
		p.Add(field, "errors.events.none", Args{"Choices": choices})
	}
	out := make([]Event, 0, len(vals))
	var unknown, unusable []string
	for _, v := range vals {
		e := Event(strings.ToLower(v))
		switch {
		case !e.Valid():
			unknown = append(unknown, strconv.Quote(v))
		case !contains(allowed, e):
			unusable = append(unusable, v)
		default:
			out = appendNew(out, e)
		}
	}
	if len(unknown) > 0 {
		p.Add(field, "errors.events.unknown", Args{"Count": len(unknown), "Events": strings.Join(unknown, ", "), "Choices": choices})
	}
	if len(unusable) > 0 {
		p.Add(field, "errors.events.unusable", Args{"Events": strings.Join(unusable, ", "), "Choices": choices})
	}
	return out, p.Err()
}

// Alert is one alert for one recipient, as the engine queues it and a notifier posts it
// (docs/contract.md).
type Alert struct {
	// Key identifies the alert for exactly-once queueing:
	// goal, event, period, level and recipient.
	Key          string   `json:"key"`
	GoalID       string   `json:"goal_id,omitempty"`
	GoalIDs      []string `json:"goal_ids,omitempty"` // a digest, or stale goals grouped
	Event        Event    `json:"event"`
	PeriodStart  Date     `json:"period_start"`
	PeriodEnd    Date     `json:"period_end"`
	Progress     *float64 `json:"progress"`
	Threshold    int      `json:"threshold,omitempty"` // 50, 75, 100
	Outcome      Outcome  `json:"outcome,omitempty"`
	FinalOutcome Outcome  `json:"final_outcome,omitempty"`
	// Since is when the gap without metrics of a stale alert began (for a stale
	// alert that names several goals, the latest of their gaps' beginnings: none of
	// them has had metrics since), and StaleAfter how long a gap must last to be one.
	Since      time.Time     `json:"since,omitzero"`
	StaleAfter time.Duration `json:"stale_after,omitzero"`
	// Recipient is a channel id (C…, G…) or the creator's user id (U…, W…).
	Recipient      string `json:"recipient"`
	SubscriptionID string `json:"subscription_id,omitempty"`
	// Source and Detail are a source_failed alert's source name and failure in words.
	Source string `json:"source,omitempty"`
	// Drift is a drift alert's campaign and figures (its GoalIDs are the campaign's
	// goals that brought the recipient).
	Drift *DriftFigures `json:"drift,omitempty"`
	// Budget is a budget alert's spend against its budget (overspend, underspend,
	// and the milestones of ad_spend goals).
	Budget   *BudgetFigures `json:"budget,omitempty"`
	Detail   Message        `json:"detail,omitzero"`
	QueuedAt time.Time      `json:"queued_at"`
	Attempts int            `json:"attempts"`
}
