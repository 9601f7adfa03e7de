// Package sourcetest runs a pull source's client through the real pull path in
// tests: a source.Syncer writing through commands.App (the validated ingest path of
// POST /v1/metrics) into a store on miniredis, with a frozen clock and retries that
// do not sleep, and it serves recorded network answers from testdata files.
package sourcetest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/goalbot/goalbot/source"
	"github.com/goalbot/goalbot/store"
)

// Rig is one source pulled into a fresh store.
type Rig struct {
	t      testing.TB
	Store  *store.Redis
	Syncer *source.Syncer
	Clock  *goalbot.FrozenClock
}

// NewRig returns a rig that pulls src at now, with a 30-day lookback and a 60-day
// backfill, and admin U9.
func NewRig(t testing.TB, src *source.Source, now time.Time) *Rig {
	t.Helper()
	m := miniredis.RunT(t)
	s := store.NewRedis(redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true}), "t")
	clock := goalbot.NewFrozenClock(now)
	app := &commands.App{Store: s, Clock: clock, Settings: goalbot.DefaultSettings}
	sy := &source.Syncer{Sources: []*source.Source{src}, Store: s, Sink: app, Clock: clock, LookbackDays: 30, BackfillDays: 60,
		Interval: time.Hour, Admins: []string{"U9"}, Owner: "test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	return &Rig{t: t, Store: s, Syncer: sy, Clock: clock}
}

// Sync pulls once (scheduled when scheduled is true) and returns the source's result.
func (r *Rig) Sync(scheduled bool) source.Result {
	r.t.Helper()
	res, err := r.Syncer.Sync(context.Background(), source.Request{Scheduled: scheduled})
	if err != nil {
		r.t.Fatal(err)
	}
	return res[0]
}

// Day returns the stored totals of a goalbot campaign id on day (YYYY-MM-DD).
func (r *Rig) Day(campaign, day string) goalbot.Totals {
	r.t.Helper()
	d, err := goalbot.ParseDate(day)
	if err != nil {
		r.t.Fatal(err)
	}
	sums, err := r.Store.SumRanges(context.Background(), []goalbot.CampaignRange{{Campaign: campaign, From: d, To: d}})
	if err != nil {
		r.t.Fatal(err)
	}
	return sums[0]
}

// Status returns the source's stored status.
func (r *Rig) Status(name string) goalbot.SourceStatus {
	r.t.Helper()
	st, err := r.Store.SourceStatus(context.Background(), name)
	if err != nil {
		r.t.Fatal(err)
	}
	return st
}

// Campaign returns the catalog's entry of a goalbot campaign id, with its account's
// currency.
func (r *Rig) Campaign(id string) goalbot.Campaign {
	r.t.Helper()
	cs, err := r.Store.Campaigns(context.Background(), []string{id})
	if err != nil {
		r.t.Fatal(err)
	}
	c := cs[id]
	accs, err := r.Store.Accounts(context.Background(), []string{c.AccountID})
	if err != nil {
		r.t.Fatal(err)
	}
	c.Currency = accs[c.AccountID].Currency
	return c
}

// NoSleep is a retrier that records its waits instead of sleeping.
func NoSleep(waits *[]time.Duration) *source.Retrier {
	var mu sync.Mutex
	return &source.Retrier{Attempts: 4, Sleep: func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		*waits = append(*waits, d)
		return nil
	}}
}

// Answer is a recorded answer: a status, a testdata file for the body and headers.
type Answer struct {
	Status int
	File   string
	Header http.Header
}

// Answers serves queued answers by key: each request takes the next answer of its
// key, and the last one repeats.
type Answers struct {
	mu    sync.Mutex
	Dir   string
	queue map[string][]Answer
	// Seen counts the requests of each key.
	seen map[string]int
}

// Set queues answers for key, replacing what was queued.
func (a *Answers) Set(key string, answers ...Answer) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.queue == nil {
		a.queue, a.seen = map[string][]Answer{}, map[string]int{}
	}
	a.queue[key] = answers
}

// Seen returns how many requests of key were answered.
func (a *Answers) Seen(key string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.seen[key]
}

// Write answers a request of key; a key with nothing queued is a 404.
func (a *Answers) Write(t testing.TB, w http.ResponseWriter, key string) {
	a.mu.Lock()
	q := a.queue[key]
	if a.seen == nil {
		a.seen = map[string]int{}
	}
	a.seen[key]++
	var ans Answer
	if len(q) > 0 {
		ans = q[0]
		if len(q) > 1 {
			a.queue[key] = q[1:]
		}
	}
	a.mu.Unlock()
	if ans.File == "" {
		http.Error(w, "no answer recorded for "+key, http.StatusNotFound)
		return
	}
	body, err := os.ReadFile(filepath.Join(a.Dir, ans.File))
	if err != nil {
		t.Errorf("read %s: %v", ans.File, err)
	}
	for k, v := range ans.Header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if ans.Status == 0 {
		ans.Status = http.StatusOK
	}
	w.WriteHeader(ans.Status)
	_, _ = w.Write(body)
}

// Expect checks a client call's outcome: with kind < 0, success with at least one
// row; otherwise an error of that kind whose words hold want.
func Expect(t testing.TB, err error, rows int, kind source.Kind, want string) {
	t.Helper()
	if kind < 0 {
		if err != nil || rows == 0 {
			t.Fatalf("err %v, %d rows: want rows", err, rows)
		}
		return
	}
	if source.KindOf(err) != kind || !strings.Contains(messages.English().Message(source.Words(err)), want) {
		t.Fatalf("err %v (kind %v), want %v with %q", err, source.KindOf(err), kind, want)
	}
}

// ExpectWaits checks the retrier's waits: exactly want when want is not nil.
func ExpectWaits(t testing.TB, waits, want []time.Duration) {
	t.Helper()
	if want != nil && !slices.Equal(waits, want) {
		t.Errorf("waited %v, want %v", waits, want)
	}
}
