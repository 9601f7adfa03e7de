package goalbot

import (
	"fmt"
	"math"
	"time"
)

// Drift defaults: GOALBOT_DRIFT_THRESHOLD, the days compared and the volume below
// which a difference is noise.
const (
	DefaultDriftThreshold = 0.5
	DriftDays             = 7
	// DriftMinVolume is how many conversions or first form submissions (the larger of
	// the two) a campaign needs over the compared days before a difference counts.
	DriftMinVolume = 20
)

// DriftRule decides when a campaign's tracking drifts.
type DriftRule struct {
	// Threshold is the share (0 < Threshold < 1) by which the two numbers may differ:
	// |conversions − forms| ÷ the larger of the two.
	Threshold float64
	// Settle is how long after a day ends its figures count (GOALBOT_SETTLE).
	Settle time.Duration
	// Location is the workspace's time zone: its days and weeks.
	Location *time.Location
}

// DriftFigures are what a drift alert tells: one campaign's network conversions and
// CRM first form submissions from From to To (both included).
type DriftFigures struct {
	Campaign             string `json:"campaign"`
	CampaignName         string `json:"campaign_name,omitempty"`
	From                 Date   `json:"from"`
	To                   Date   `json:"to"`
	Conversions          Micro  `json:"conversions"`
	FirstFormSubmissions int64  `json:"first_form_submissions"`
}

// Window returns the last DriftDays settled days at now: the days whose end is at
// least Settle ago, in the workspace's time zone.
func (r DriftRule) Window(now time.Time) (from, to Date) {
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	to = DateIn(now, loc).AddDays(-1)
	for to.AddDays(1).Start(loc).Add(r.Settle).After(now) {
		to = to.AddDays(-1)
	}
	return to.AddDays(1 - DriftDays), to
}

// Drifts reports whether conversions and first form submissions differ by more than
// the rule's share, with enough volume to matter.
func (r DriftRule) Drifts(conversions Micro, forms int64) bool {
	conv := float64(conversions) / float64(MicroUnit)
	f := float64(forms)
	big := math.Max(conv, f)
	if big < DriftMinVolume {
		return false
	}
	return math.Abs(conv-f)/big > r.Threshold
}

// DriftKey is the occurrence key of campaign's drift alert in the week (workspace
// time) that holds now: it fires once per campaign per week.
func (r DriftRule) DriftKey(campaign string, now time.Time) string {
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	monday, _ := DigestWeek(now, loc)
	return fmt.Sprintf("drift:%s:%s", campaign, monday)
}

// DriftGoal is a goal on a drifting campaign, with what a subscription filter matches.
type DriftGoal struct {
	Goal     *Goal
	Status   Status
	Headline *float64
}

// DriftAlerts resolves who gets the drift alert of figures d (occurrence key key):
// the creator of each goal on the campaign, and the channel of every subscription
// that asks for drift and matches one of them; each recipient once, with the goals
// that brought it.
func DriftAlerts(key string, d DriftFigures, goals []DriftGoal, subs []*Subscription, now time.Time) []Alert {
	var out []Alert
	idx := map[string]int{}
	add := func(recipient, subID, goalID string) {
		i, ok := idx[recipient]
		if !ok {
			i = len(out)
			idx[recipient] = i
			dd := d
			out = append(out, Alert{Key: key + ":" + recipient, Event: EventDrift, PeriodStart: d.From, PeriodEnd: d.To,
				Recipient: recipient, SubscriptionID: subID, Drift: &dd, QueuedAt: now})
		}
		if !contains(out[i].GoalIDs, goalID) {
			out[i].GoalIDs = append(out[i].GoalIDs, goalID)
		}
	}
	for _, g := range goals {
		if g.Goal.Creator != "" {
			add(g.Goal.Creator, "", g.Goal.ID)
		}
	}
	for _, s := range subs {
		if s.Failure != "" || !s.Wants(EventDrift) {
			continue
		}
		for _, g := range goals {
			if s.Filter.Match(g.Goal, g.Status, g.Headline) {
				add(s.Channel, s.ID, g.Goal.ID)
			}
		}
	}
	return out
}
