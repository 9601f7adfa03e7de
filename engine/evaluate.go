package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
)

// AlertStatus is what became of one alert an evaluation queued.
type AlertStatus struct {
	GoalID      string        `json:"goal_id"`
	Event       goalbot.Event `json:"event"`
	PeriodStart goalbot.Date  `json:"period_start"`
	Recipient   string        `json:"recipient"`
	Status      string        `json:"status"` // sent, waiting, failed
}

// Evaluation is the answer of POST /v1/evaluate (docs/contract.md).
type Evaluation struct {
	At         time.Time     `json:"at"`
	Measured   int           `json:"measured"`
	DurationMS int64         `json:"duration_ms"`
	Alerts     []AlertStatus `json:"alerts"`
}

// Evaluate runs one pass now, under the same lease as scheduled passes, and delivers
// until every alert it queued was attempted or waits for its channel. With at set, it
// first moves the frozen clock there (only when GOALBOT_NOW froze it).
func (e *Engine) Evaluate(ctx context.Context, coord Coordinator, owner string, at *time.Time) (Evaluation, error) {
	start := time.Now()
	if at != nil {
		if e.Shared == nil {
			return Evaluation{}, goalbot.Invalid("errors.clock.frozen", nil)
		}
		if err := e.Shared.Move(ctx, *at); err != nil {
			return Evaluation{}, err
		}
	}
	res, err := e.LockedPass(ctx, coord, owner)
	if err != nil {
		return Evaluation{}, err
	}
	statuses := make(map[string]string, len(res.Queued))
	key := func(a goalbot.Alert) string { // a stale alert is delivered as its recipient's group
		if g := res.Grouped[a.Key]; g != "" {
			return g
		}
		return a.Key
	}
	for _, a := range res.Queued {
		statuses[key(a)] = "waiting"
	}
	for round := 0; round < 20; round++ {
		done, err := e.Deliver(ctx, 200)
		if err != nil {
			e.Logger.Warn("evaluate: delivery", "err", err)
		}
		for _, d := range done {
			if _, ours := statuses[d.Alert.Key]; ours {
				statuses[d.Alert.Key] = d.Status
			}
		}
		if len(done) == 0 || allAttempted(statuses) {
			break
		}
	}
	out := Evaluation{At: res.At.UTC(), Measured: res.Measured, DurationMS: time.Since(start).Milliseconds(), Alerts: []AlertStatus{}}
	for _, a := range res.Queued {
		out.Alerts = append(out.Alerts, AlertStatus{GoalID: orDigest(a), Event: a.Event, PeriodStart: a.PeriodStart, Recipient: a.Recipient, Status: statuses[key(a)]})
	}
	return out, nil
}

func orDigest(a goalbot.Alert) string {
	if a.GoalID == "" && a.Event == goalbot.EventDigest {
		return a.SubscriptionID
	}
	return a.GoalID
}

// allAttempted reports whether no alert is still waiting; a waiting alert may be
// attempted in the next round (it was not due yet in this one).
func allAttempted(st map[string]string) bool {
	for _, s := range st {
		if s == "waiting" {
			return false
		}
	}
	return true
}

// syncClock takes the frozen instant another replica kept.
func (e *Engine) syncClock(ctx context.Context) error {
	if e.Shared == nil {
		return nil
	}
	if err := e.Shared.Sync(ctx); err != nil {
		return fmt.Errorf("sync the shared clock: %w", err)
	}
	return nil
}
