package engine

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/goalbot/goalbot"
)

// Store is what the engine needs of the store (store.Redis implements it).
type Store interface {
	OpenGoalIDs(ctx context.Context) ([]string, error)
	// GoalsWithMeasurements reads goals and their latest measurements in one round trip.
	GoalsWithMeasurements(ctx context.Context, ids []string) ([]*goalbot.Goal, map[string]*goalbot.Measurement, error)
	GoalsByCampaigns(ctx context.Context, campaigns []string) ([]*goalbot.Goal, error)
	Measurements(ctx context.Context, ids []string) (map[string]*goalbot.Measurement, error)
	// SaveMeasurements saves measurements in one round trip, with an error for each
	// (ENOTFOUND: its goal was deleted).
	SaveMeasurements(ctx context.Context, ms []goalbot.Measurement) ([]error, error)
	// TouchMeasurements records that goals' latest measurements still hold at at, in
	// one round trip, with an error for each (ENOTFOUND: its goal was deleted).
	TouchMeasurements(ctx context.Context, ids []string, at time.Time) ([]error, error)
	// SumRanges sums metrics over ranges (the engine's each lie within one month), in
	// one round trip.
	SumRanges(ctx context.Context, qs []goalbot.CampaignRange) ([]goalbot.Totals, error)
	// DailySpend reads campaigns' spend day by day, in one round trip (budgets'
	// projections).
	DailySpend(ctx context.Context, qs []goalbot.DaysRange) ([][]goalbot.Micro, error)
	LastMetricAt(ctx context.Context, campaigns []string) (map[string]time.Time, error)
	// Campaigns reads catalog campaigns, each with its account's currency.
	Campaigns(ctx context.Context, ids []string) (map[string]goalbot.Campaign, error)
	Subscriptions(ctx context.Context) ([]*goalbot.Subscription, error)
	ListGoals(ctx context.Context, f goalbot.Filter, now time.Time, cursor string, limit int) ([]*goalbot.Goal, string, error)
	// FireAll records each occurrence keys[i] in the ledger and queues its alerts[i],
	// each atomically and only the first time its key is seen, in one round trip; it
	// reports whether each fired, and its error (ENOTFOUND: its goal was deleted).
	FireAll(ctx context.Context, keys []string, alerts [][]goalbot.Alert, notBefore time.Time) ([]bool, []error, error)
	// Fired reports whether occurrence key has fired.
	Fired(ctx context.Context, key string) (bool, error)
	// FlushStale queues, for each of recipients, its pending stale alerts (which
	// FireAll holds back) as one alert, and returns the key of each recipient's ("" when
	// none was pending).
	FlushStale(ctx context.Context, recipients []string) (map[string]string, error)

	TakeDueAlerts(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]goalbot.Alert, error)
	MarkDelivered(ctx context.Context, key string) error
	MarkFailed(ctx context.Context, key, reason string) error
	Requeue(ctx context.Context, key string, notBefore time.Time) error
	SetSubscriptionFailure(ctx context.Context, id, reason string) error
	// ReserveChannel takes channel's next sending slot, one per interval across every
	// replica; it returns how long to wait when the slot is taken.
	ReserveChannel(ctx context.Context, channel string, interval time.Duration, now time.Time) (time.Duration, error)
	// OutboxStats returns how many alerts are queued or in flight, and how long the
	// oldest due one has waited at now.
	OutboxStats(ctx context.Context, now time.Time) (depth int, oldest time.Duration, err error)
}

// Engine measures goals and delivers their alerts.
type Engine struct {
	Store    Store
	Notifier Notifier
	// Clock is the time goals are measured at (frozen with GOALBOT_NOW).
	Clock goalbot.Clock
	// Wall is the real time that delivery is scheduled by (retries, pacing), even
	// when Clock is frozen; time.Now when nil.
	Wall func() time.Time
	// Shared is the frozen clock replicas share when GOALBOT_NOW is set (Clock is then
	// this clock); nil otherwise.
	Shared *SharedClock
	// Settle is how long after a period ends its outcome is settled (GOALBOT_SETTLE).
	Settle time.Duration
	// StaleAfter is how long a running goal may go without an accepted metrics row
	// before it is stale (GOALBOT_STALE_AFTER; goalbot.DefaultStaleAfter when zero).
	StaleAfter time.Duration
	// Workspace is the workspace's settings now (its zone decides the digest's Monday).
	Workspace goalbot.Settings
	Logger    *slog.Logger
	Metrics   *Metrics // nil: not counted

	// BatchSize is how many goals one batch of a pass reads and measures (default 500).
	BatchSize int

	// Changed, when set, is told once per pass (and per MeasureCampaigns), after the
	// measurements were saved, which goals changed what people see of them: their
	// status, headline progress (as a floored percent) or pace (see ShownChanged). The
	// Slack side republishes the App Home tabs that show them; it must return quickly
	// (queue the work, do not do it). Its error is reported with the pass's.
	// It is given goal ids, not goals, so that a pass keeps no goal it measured.
	Changed func(ctx context.Context, ids []string) error

	// currencies maps a campaign to the currency it spends in, once known (see
	// learnCurrencies). Every goal measured reads it, on every core; a batch with
	// campaigns not known yet writes it.
	currencyMu sync.RWMutex
	currencies map[string]string
}

func (e *Engine) wall() time.Time {
	if e.Wall != nil {
		return e.Wall()
	}
	return time.Now()
}

func (e *Engine) batchSize() int {
	if e.BatchSize > 0 {
		return e.BatchSize
	}
	return 500
}
