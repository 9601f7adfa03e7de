package store

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/redis/go-redis/v9"
)

// A backend is one kind of Redis the whole suite runs on.
type backend struct {
	name  string
	start func(t *testing.T) redis.UniversalClient
}

// backends are miniredis, the embedded store, a real redis-server, and a one-node
// Cluster.
var backends = []backend{
	{"miniredis", func(t *testing.T) redis.UniversalClient {
		m := miniredis.RunT(t)
		return redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true})
	}},
	{"embedded", func(t *testing.T) redis.UniversalClient {
		e, err := openEmbedded(t.TempDir(), slog.New(slog.DiscardHandler), nil, listGoalsLua)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			assertReplayMatches(t, e)
			ok(t, e.Close())
		})
		return e.client
	}},
	{"redis", func(t *testing.T) redis.UniversalClient {
		return redis.NewClient(&redis.Options{Addr: redistest.Server(t), DisableIdentity: true})
	}},
	{"cluster", func(t *testing.T) redis.UniversalClient {
		return redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{redistest.Cluster(t)}, DisableIdentity: true})
	}},
}

// suite is every test that runs on each backend, each with a fresh store.
var suite = []struct {
	name string
	run  func(t *testing.T, r *Redis)
}{
	{"GoalCRUD", testGoalCRUD},
	{"GoalConflict", testGoalConflict},
	{"GoalUpdateReindexes", testGoalUpdateReindexes},
	{"GoalDeleteRemovesEveryIndex", testGoalDelete},
	{"GoalRestore", testGoalRestore},
	{"GoalChanges", testGoalChanges},
	{"SettledCampaigns", testSettledCampaigns},
	{"ListMatchesFilterOracle", testListOracle},
	{"ListCursorAndLimit", testListCursor},
	{"ListStatusAtBoundary", testListStatusBoundary},
	{"ListProgressAsShown", testListProgressAsShown},
	{"Measurements", testMeasurements},
	{"MetricReplacement", testMetricReplacement},
	{"MetricFields", testMetricFields},
	{"Attribution", testAttribution},
	{"MetricCampaignMove", testMetricCampaignMove},
	{"MetricAccountKeepsItsCurrency", testMetricCurrency},
	{"SumRangesAcrossMonths", testSumRanges},
	{"DailyTotals", testDailyTotals},
	{"Catalog", testCatalog},
	{"CatalogSearchOrder", testCatalogSearch},
	{"CatalogSearchAcrossReplicas", testCatalogSearchReplicas},
	{"CatalogIndexReload", testCatalogIndexReload},
	{"Subscriptions", testSubscriptions},
	{"OutboxOnce", testOutboxOnce},
	{"OutboxLease", testOutboxLease},
	{"OutboxConcurrentTakers", testOutboxConcurrent},
	{"OutboxDroppedWithGoal", testOutboxDropped},
	{"SchemaVersion", testSchema},
	{"FireOnce", testFireOnce},
	{"Leases", testLeases},
	{"ReserveChannelAndDirty", testReserveChannelAndDirty},
	{"SourceStatus", testSourceStatus},
}

var prefixes atomic.Int64

// TestStore runs the suite on every backend. Each test gets its own key prefix, so
// the tests of one backend share its server and run in parallel.
func TestStore(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			client := b.start(t)
			t.Cleanup(func() { client.Close() })
			for _, tc := range suite {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					tc.run(t, newStore(t, client))
				})
			}
		})
	}
}

// eachBackend runs test on a fresh store on every backend, in parallel.
func eachBackend(t *testing.T, test func(t *testing.T, r *Redis)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			client := b.start(t)
			t.Cleanup(func() { client.Close() })
			test(t, newStore(t, client))
		})
	}
}

// newStore returns a store under a prefix no other test uses.
func newStore(t *testing.T, client redis.UniversalClient) *Redis {
	t.Helper()
	r := NewRedis(client, fmt.Sprintf("t%d", prefixes.Add(1)))
	if err := r.CheckSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	return r
}

// t0 is the tests' reference instant.
var t0 = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

// newGoal returns a valid monthly goal for 2026 of one campaign.
func newGoal(campaign, account, creator string) *goalbot.Goal {
	target := 100 * goalbot.MicroUnit
	return &goalbot.Goal{
		Name: "Spring leads", Type: goalbot.NetworkConversions,
		Accounts: []string{account}, Campaigns: []string{campaign},
		Duration: goalbot.Monthly, Start: goalbot.Date{Year: 2026, Month: 1, Day: 1}, End: goalbot.Date{Year: 2026, Month: 12, Day: 31},
		Settings: goalbot.DefaultSettings, Targets: goalbot.Targets{Target: &target},
		Notifications: []goalbot.Event{goalbot.EventStarted, goalbot.EventMilestone},
		Creator:       creator, CreatedAt: t0, UpdatedAt: t0,
	}
}

// mustCode fails t unless err carries the domain error code.
func mustCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := goalbot.ErrorCode(err); got != code {
		t.Fatalf("error code %q, want %q (err: %v)", got, code, err)
	}
}

// ok fails t on err.
func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var ctx = context.Background()
