package commands

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/goalbot/goalbot"
)

// Store is what the use cases need of the store (store.Redis implements it).
type Store interface {
	CreateGoal(ctx context.Context, g *goalbot.Goal) error
	Goal(ctx context.Context, id string) (*goalbot.Goal, error)
	Goals(ctx context.Context, ids []string) ([]*goalbot.Goal, error)
	// UpdateGoal saves g and records c, the edit, in its history.
	UpdateGoal(ctx context.Context, g *goalbot.Goal, c goalbot.Change) error
	// DeleteGoalAt deletes goal id if it is at version (any when 0), keeping it for
	// goalbot.RestoreWindow, and records c, the delete, in its history.
	DeleteGoalAt(ctx context.Context, id string, version int64, c goalbot.Change) error
	// RestoreGoal puts a deleted goal back and records c, the restore.
	RestoreGoal(ctx context.Context, id string, c goalbot.Change) error
	// GoalHistory reads a goal's past, live or deleted: skip and limit page its
	// changes (newest first), starts name the settled periods whose campaigns to read.
	GoalHistory(ctx context.Context, id string, skip, limit int, starts []goalbot.Date) (*goalbot.GoalHistory, error)
	// GoalIssued reports whether id was ever given to a goal.
	GoalIssued(ctx context.Context, id string) (bool, error)
	ListGoals(ctx context.Context, f goalbot.Filter, now time.Time, cursor string, limit int) ([]*goalbot.Goal, string, error)
	Measurements(ctx context.Context, ids []string) (map[string]*goalbot.Measurement, error)
	// DailyTotals reads campaigns' totals day by day (a goal's chart and outlook).
	DailyTotals(ctx context.Context, qs []goalbot.DaysRange) ([][]goalbot.Totals, error)
	Campaigns(ctx context.Context, ids []string) (map[string]goalbot.Campaign, error)
	Accounts(ctx context.Context, ids []string) (map[string]goalbot.Account, error)
	SearchCampaigns(ctx context.Context, query string, accounts []string, limit int) ([]goalbot.Campaign, error)
	SearchAccounts(ctx context.Context, query string, limit int) ([]goalbot.Account, error)
	SaveDraft(ctx context.Context, id string, data []byte, ttl time.Duration) error
	Draft(ctx context.Context, id string) ([]byte, error)
	DeleteDraft(ctx context.Context, id string) error
	UpsertCatalog(ctx context.Context, accounts []goalbot.Account, campaigns []goalbot.Campaign) error
	UpsertMetrics(ctx context.Context, rows []goalbot.Metric, at time.Time) error
	UpsertMetricFields(ctx context.Context, rows []goalbot.Metric, fields goalbot.Fields, at time.Time) error
	// SetAttribution replaces campaigns' attribution overrides (empty: removed).
	SetAttribution(ctx context.Context, overrides map[string][]string) error
	Attribution(ctx context.Context) (map[string][]string, error)
	CreateSubscription(ctx context.Context, s *goalbot.Subscription) error
	DeleteSubscription(ctx context.Context, id string) error
	SubscriptionsByChannel(ctx context.Context, channel string) ([]*goalbot.Subscription, error)
	Subscriptions(ctx context.Context) ([]*goalbot.Subscription, error)
}

// WorkspaceAdmins tells whether a Slack user is a workspace admin or owner (the Slack
// side implements it with users.info).
type WorkspaceAdmins interface {
	IsWorkspaceAdmin(ctx context.Context, userID string) (bool, error)
}

// Actor is who asks: a Slack user, or the HTTP API token, which acts as an admin.
type Actor struct {
	UserID string
	Admin  bool // the API token
	// Lang is the language the actor types in ("sv", a Slack locale such as
	// "sv-SE"; "" for English): what they type is read in its Dialect.
	Lang string
}

// Dialect is how the actor types: the dialect of their language.
func (a Actor) Dialect() *Dialect { return DialectFor(a.Lang) }

// APIActor is the HTTP API token.
var APIActor = Actor{Admin: true}

// App holds the use cases that Slack, the console and HTTP share.
type App struct {
	Store    Store
	Clock    goalbot.Clock
	Settings goalbot.Settings // for new goals
	Admins   []string         // GOALBOT_ADMINS
	// Workspace answers whether a user is a Slack admin or owner; nil when Slack is not
	// connected (then only the creator and GOALBOT_ADMINS may edit).
	Workspace WorkspaceAdmins
	// Channels answers channel membership for subscriptions; nil in the console.
	Channels Channels
	// Refresh measures the goals with these ids now (all goals when none); nil when
	// no engine runs.
	Refresh func(ctx context.Context, ids []string) (measured int, err error)
	// Ingested is told which campaigns an accepted ingest touched (the engine measures
	// their goals within seconds); nil does nothing.
	Ingested func(campaigns []string)
	// MeasureSoon asks the engine to measure the goals of campaigns within seconds
	// (a goal whose measurement could not wait for a reply); nil does nothing.
	MeasureSoon func(ctx context.Context, campaigns []string) error
	// MeasureBudget bounds the measurement of a goal before a reply (a goal created or
	// edited, or shown with figures of an earlier version); DefaultMeasureBudget when
	// zero. See measure.go.
	MeasureBudget time.Duration
	// Sources are the ad networks goalbot pulls from; nil when none is configured.
	Sources Sources
	Logger  *slog.Logger
}

// now returns the clock's time.
func (a *App) now() time.Time { return a.Clock.Now() }

// today returns the workspace's date.
func (a *App) today() goalbot.Date { return goalbot.DateIn(a.now(), a.Settings.Location()) }

// mayManage reports whether actor may edit or delete g (see docs/contract.md).
func (a *App) mayManage(ctx context.Context, actor Actor, g *goalbot.Goal) error {
	if actor.Admin || (actor.UserID != "" && actor.UserID == g.Creator) || slices.Contains(a.Admins, actor.UserID) {
		return nil
	}
	if a.Workspace != nil && actor.UserID != "" {
		ok, err := a.Workspace.IsWorkspaceAdmin(ctx, actor.UserID)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	}
	return goalbot.NewError(goalbot.EFORBIDDEN, "errors.command.not_yours", goalbot.Args{"Goal": g.ID})
}
