package engine

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/api"
	"github.com/goalbot/goalbot/commands"
)

// freshSamples is how many ingests Freshness times.
const freshSamples = 10

// freshRuns counts the runs of Freshness (the framework runs a benchmark more than
// once): each run takes its own campaigns and recipients.
var freshRuns int

// benchFreshness times POST /v1/metrics answered → the threshold alert it causes
// handed to the notifier, on the fixture of r, with a Runner ticking at its default
// settings (GOALBOT_EVAL_INTERVAL 15m, a tick a second). Each sample goal is a
// monthly conversions goal on one fixture campaign (shared with about 30 other
// goals) whose target one ingested row reaches.
func benchFreshness(b *testing.B, r *benchRig) {
	ctx := context.Background()
	// The fixture's cold pass queued an alert for every goal's creator; at one message
	// a second per recipient they would take many minutes to drain, and the
	// deliverer takes the oldest first. Clear them: this measures a steady outbox.
	if err := r.client.Del(ctx, r.store.Key("outbox:due"), r.store.Key("outbox:alert"), r.store.Key("outbox:inflight"),
		r.store.Key("outbox:attempts")).Err(); err != nil {
		b.Fatal(err)
	}
	clock := goalbot.NewFrozenClock(benchNow.Add(time.Duration(6+freshRuns) * time.Hour))
	today := goalbot.DateOf(clock.Now())
	target := goalbot.Units(1_000_000)
	run := freshRuns
	freshRuns++
	campaign := func(i int) string { return fmt.Sprintf("c%d", 7*i+run) }
	ids := make([]string, freshSamples)
	for i := range ids {
		g := &goalbot.Goal{Name: "fresh", Type: goalbot.NetworkConversions, Accounts: []string{"act-1"},
			Campaigns: []string{campaign(i)}, Duration: goalbot.Monthly,
			Start: goalbot.Date{Year: 2026, Month: 1, Day: 1}, End: goalbot.Date{Year: 2026, Month: 12, Day: 31},
			Settings: goalbot.DefaultSettings, Targets: goalbot.Targets{Target: &target},
			Notifications: []goalbot.Event{goalbot.EventThreshold}, Creator: fmt.Sprintf("UF%d-%d", run, i),
			CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
		if err := r.store.CreateGoal(ctx, g); err != nil {
			b.Fatal(err)
		}
		ids[i] = g.ID
	}
	passes := &passWatch{}
	logger := slog.New(passes)
	note := &freshNotifier{seen: map[string]time.Time{}, wake: make(chan struct{}, 1)}
	eng := &Engine{Store: r.store, Notifier: note, Clock: clock, Settle: 24 * time.Hour,
		Workspace: goalbot.DefaultSettings, Logger: logger}
	app := &commands.App{Store: r.store, Clock: clock, Settings: goalbot.DefaultSettings, Logger: logger,
		Ingested: func(campaigns []string) {
			if err := r.store.MarkDirty(context.Background(), campaigns); err != nil {
				b.Error(err)
			}
		}}
	mux := http.NewServeMux()
	(&api.V1{App: app, IngestToken: "ingest", MaxIngestBytes: 8 << 20, Logger: logger}).Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	runner := &Runner{Engine: eng, Coord: r.store, Interval: 15 * time.Minute, Owner: "bench"}
	if err := runner.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		if err := runner.Stop(context.Background()); err != nil {
			b.Error(err)
		}
	}()
	started := time.Now()
	var lat []time.Duration
	for i, id := range ids {
		time.Sleep(time.Duration(300+137*i%700) * time.Millisecond) // land at different points of a tick
		row := fmt.Sprintf(`[{"date":%q,"network":"google","account_id":"act-1","campaign_id":%q,"currency":"USD","spend":1,"conversions":1000000}]`,
			today.String(), campaign(i))
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/metrics", bytes.NewBufferString(row))
		req.Header.Set("Authorization", "Bearer ingest")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		answered := time.Now()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("ingest: %s %s", resp.Status, body)
		}
		deadline := time.After(30 * time.Second)
		for {
			if at, ok := note.arrived(id); ok {
				lat = append(lat, at.Sub(answered))
				break
			}
			select {
			case <-note.wake:
			case <-time.After(10 * time.Millisecond):
			case <-deadline:
				b.Fatalf("no threshold alert of %s 30 s after the ingest", id)
			}
		}
	}
	first := passes.first()
	b.Logf("freshness samples (ingest answered → alert handed over): %v; the runner's first pass ended %s after it started",
		roundAll(lat), first.Sub(started).Round(time.Millisecond))
	sorted := slices.Clone(lat)
	slices.Sort(sorted)
	b.ReportMetric(sorted[len(sorted)/2].Seconds(), "median-s")
	b.ReportMetric(sorted[len(sorted)-1].Seconds(), "max-s")
}

func roundAll(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(time.Millisecond)
	}
	return out
}

// passWatch is a slog handler that drops every record and notes when the first
// "evaluation pass" line was logged.
type passWatch struct {
	mu  sync.Mutex
	end time.Time
}

func (p *passWatch) Enabled(context.Context, slog.Level) bool { return true }
func (p *passWatch) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "evaluation pass" {
		p.mu.Lock()
		if p.end.IsZero() {
			p.end = time.Now()
		}
		p.mu.Unlock()
	}
	return nil
}
func (p *passWatch) WithAttrs([]slog.Attr) slog.Handler { return p }
func (p *passWatch) WithGroup(string) slog.Handler      { return p }

func (p *passWatch) first() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.end
}
