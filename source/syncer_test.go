package source_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/sourcetest"
	"github.com/goalbot/goalbot/messages"
	"github.com/goalbot/goalbot/source"
	"github.com/goalbot/goalbot/store"
)

// now is the tests' frozen instant: 2026-03-10 in UTC, already 2026-03-11 in Auckland.
var now = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func date(s string) goalbot.Date {
	d, err := goalbot.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// fakeNetwork is a hand-written Client: its rows by campaign and day, and the calls
// it got. failFrom makes Rows fail for a chunk that starts on that day, after it
// emitted its rows; err makes every call fail.
type fakeNetwork struct {
	mu       sync.Mutex
	accounts []source.Account
	camps    []source.Campaign
	rows     map[string]source.Row // campaign|date
	calls    []string              // "from..to"
	failFrom goalbot.Date
	err      error
}

func (f *fakeNetwork) Accounts(ctx context.Context) ([]source.Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	return f.accounts, nil
}

func (f *fakeNetwork) Campaigns(ctx context.Context, a source.Account) ([]source.Campaign, error) {
	return f.camps, nil
}

func (f *fakeNetwork) Rows(ctx context.Context, a source.Account, from, to goalbot.Date, emit func(source.Row)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, from.String()+".."+to.String())
	for _, r := range f.rows {
		if !r.Date.Before(from) && !r.Date.After(to) {
			emit(r)
		}
	}
	if from == f.failFrom {
		return &source.Error{Kind: source.Permanent, Message: goalbot.Text("the network failed part-way")}
	}
	return nil
}

func (f *fakeNetwork) set(camp, day string, spend, conv goalbot.Micro) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rows == nil {
		f.rows = map[string]source.Row{}
	}
	f.rows[camp+"|"+day] = source.Row{Campaign: camp, Date: date(day), Spend: spend, Conversions: conv}
}

func (f *fakeNetwork) unset(camp, day string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.rows, camp+"|"+day)
}

// rig is a Syncer of one fake source on a miniredis store, writing through
// commands.App as POST /v1/metrics does (sourcetest's rig), with two admins.
type rig struct {
	*sourcetest.Rig
	t      *testing.T
	net    *fakeNetwork
	store  *store.Redis
	syncer *source.Syncer
}

func newRig(t *testing.T, loc *time.Location) *rig {
	t.Helper()
	net := &fakeNetwork{
		accounts: []source.Account{{ID: "1", Name: "Acme NZ", Currency: "NZD", Location: loc}},
		camps:    []source.Campaign{{ID: "11", Name: "Brand"}, {ID: "12", Name: "Leads"}},
	}
	src := &source.Source{Name: goalbot.SourceGoogleAds, Network: "google", Label: "Google Ads", Client: net, ChunkDays: 10, Credentials: "c1"}
	sr := sourcetest.NewRig(t, src, now)
	sr.Syncer.Admins = []string{"U9", "U8"}
	return &rig{Rig: sr, t: t, net: net, store: sr.Store, syncer: sr.Syncer}
}

func (r *rig) sync(req source.Request) source.Result {
	r.t.Helper()
	res, err := r.syncer.Sync(context.Background(), req)
	if err != nil {
		r.t.Fatal(err)
	}
	return res[0]
}

// day returns the stored totals of campaign on day.
func (r *rig) day(campaign, day string) goalbot.Totals { return r.Day(campaign, day) }

func TestSyncZeroFillsAndReplacesRestatedDays(t *testing.T) {
	r := newRig(t, time.UTC)
	r.net.set("11", "2026-03-09", 12_340_000, 3*goalbot.MicroUnit)
	r.net.set("12", "2026-03-01", 1_000_000, 1_500_000)
	res := r.sync(source.Request{})
	// Backfill: 60 days up to 2026-03-10 for 2 campaigns.
	if res.Rows != 120 || res.Accounts != 1 || res.Campaigns != 2 || !res.Error.IsZero() {
		t.Fatalf("first pull %+v", res)
	}
	if got := r.day("google-11", "2026-03-09"); got.Spend != 12_340_000 || got.Conversions != 3*goalbot.MicroUnit {
		t.Fatalf("2026-03-09 %+v", got)
	}
	// A restated day: the network now reports 2026-03-09 as nothing (it omits it).
	r.net.unset("11", "2026-03-09")
	r.net.set("12", "2026-03-01", 2_000_000, 2_500_000)
	res = r.sync(source.Request{})
	if res.Rows != 60 {
		t.Fatalf("second pull wrote %d rows, want 30 days × 2 campaigns", res.Rows)
	}
	if got := r.day("google-11", "2026-03-09"); !got.IsZero() {
		t.Fatalf("the day restated to nothing still holds %+v", got)
	}
	if got := r.day("google-12", "2026-03-01"); got.Spend != 2_000_000 || got.Conversions != 2_500_000 {
		t.Fatalf("the restated day holds %+v", got)
	}
	want := []string{"2026-01-10..2026-01-19", "2026-01-20..2026-01-29", "2026-01-30..2026-02-08", "2026-02-09..2026-02-18",
		"2026-02-19..2026-02-28", "2026-03-01..2026-03-10", "2026-02-09..2026-02-18", "2026-02-19..2026-02-28", "2026-03-01..2026-03-10"}
	if !slices.Equal(r.net.calls, want) {
		t.Fatalf("asked for %v\nwant %v (backfill, then the lookback window)", r.net.calls, want)
	}
	cs, err := r.store.Campaigns(context.Background(), []string{"google-11"})
	if err != nil || cs["google-11"].Name != "Brand" || cs["google-11"].AccountID != "google-1" {
		t.Fatalf("catalog %+v, %v", cs, err)
	}
}

func TestSyncAccountTimeZoneDays(t *testing.T) {
	auckland, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, auckland)
	r.net.set("11", "2026-03-11", 5_000_000, goalbot.MicroUnit) // Auckland's today
	r.sync(source.Request{})
	if got := r.day("google-11", "2026-03-11"); got.Spend != 5_000_000 {
		t.Fatalf("the account's today (2026-03-11 in Auckland) holds %+v", got)
	}
	if last := r.net.calls[len(r.net.calls)-1]; last != "2026-03-02..2026-03-11" {
		t.Fatalf("the last chunk asked %s, want it to end on the account's today", last)
	}
}

func TestSyncPartialFailureWritesNoHalfChunk(t *testing.T) {
	r := newRig(t, time.UTC)
	r.net.set("11", "2026-01-15", 1_000_000, 0) // chunk 1
	r.net.set("11", "2026-01-25", 2_000_000, 0) // chunk 2, which fails after emitting
	r.net.failFrom = date("2026-01-20")
	res := r.sync(source.Request{})
	if res.Error.IsZero() || res.Rows != 20 {
		t.Fatalf("pull %+v, want an error after the first chunk's 20 rows", res)
	}
	if got := r.day("google-11", "2026-01-15"); got.Spend != 1_000_000 {
		t.Fatalf("the first chunk was not written: %+v", got)
	}
	if got := r.day("google-11", "2026-01-25"); !got.IsZero() {
		t.Fatalf("the failed chunk was written: %+v", got)
	}
	last, err := r.store.LastMetricAt(context.Background(), []string{"google-11"})
	if err != nil || last["google-11"].IsZero() {
		t.Fatalf("last metric %v %v", last, err)
	}
	st, err := r.store.SourceStatus(context.Background(), goalbot.SourceGoogleAds)
	if err != nil || st.Error.IsZero() || len(st.Backfilled) != 0 || !st.LastSuccess.IsZero() {
		t.Fatalf("status %+v, %v", st, err)
	}
}

func TestSyncAuthStopsAndAlertsOnce(t *testing.T) {
	r := newRig(t, time.UTC)
	r.net.err = &source.Error{Kind: source.Auth, Message: goalbot.Text("Google Ads refused the refresh token: run `goalbot connect google-ads` again")}
	for range 2 {
		res := r.sync(source.Request{})
		if messages.English().Message(res.Error) != "Google Ads refused the refresh token: run `goalbot connect google-ads` again" {
			t.Fatalf("error %q", res.Error)
		}
	}
	// Scheduled pulls skip the stopped source: the network is not called again.
	res := r.sync(source.Request{Scheduled: true})
	if res.Skipped.IsZero() {
		t.Fatalf("a scheduled pull of a stopped source: %+v", res)
	}
	alerts, err := r.store.TakeDueAlerts(context.Background(), time.Now().Add(time.Hour), 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, a := range alerts {
		if a.Event != goalbot.EventSourceFailed || a.Source != goalbot.SourceGoogleAds || a.Detail.IsZero() {
			t.Fatalf("alert %+v", a)
		}
		to = append(to, a.Recipient)
	}
	slices.Sort(to)
	if !slices.Equal(to, []string{"U8", "U9"}) {
		t.Fatalf("alerts to %v, want one to each admin", to)
	}
	for _, a := range alerts { // delivered: an admin's next alert waits for the one before
		if err := r.store.MarkDelivered(context.Background(), a.Key); err != nil {
			t.Fatal(err)
		}
	}
	// New credentials: the schedule tries again; success ends the spell.
	r.syncer.Sources[0].Credentials = "c2"
	r.net.err = nil
	if res := r.sync(source.Request{Scheduled: true}); !res.Error.IsZero() || !res.Skipped.IsZero() || res.Rows == 0 {
		t.Fatalf("pull with new credentials %+v", res)
	}
	st, _ := r.store.SourceStatus(context.Background(), goalbot.SourceGoogleAds)
	if st.Stopped || !st.FailingSince.IsZero() || st.LastSuccess.IsZero() || st.NextRun.Sub(st.LastRun) != time.Hour {
		t.Fatalf("status after recovery %+v", st)
	}
	// A new spell of failures alerts again, once.
	r.net.err = errors.New("connection reset")
	r.sync(source.Request{})
	r.sync(source.Request{})
	alerts, _ = r.store.TakeDueAlerts(context.Background(), time.Now().Add(time.Hour), 10, time.Minute)
	if len(alerts) != 2 {
		t.Fatalf("the second spell queued %d alerts, want 2 (one per admin)", len(alerts))
	}
}

func TestSyncRangeAndRequestChecks(t *testing.T) {
	r := newRig(t, time.UTC)
	res := r.sync(source.Request{From: date("2026-02-01"), To: date("2026-02-03")})
	if res.Rows != 6 || !slices.Equal(r.net.calls, []string{"2026-02-01..2026-02-03"}) {
		t.Fatalf("range pull %+v, calls %v", res, r.net.calls)
	}
	for _, bad := range []source.Request{
		{Source: "bing"},
		{From: date("2026-02-01")},
		{From: date("2026-02-03"), To: date("2026-02-01")},
	} {
		if _, err := r.syncer.Sync(context.Background(), bad); goalbot.ErrorCode(err) != goalbot.EINVALID {
			t.Errorf("Sync(%+v) = %v, want EINVALID", bad, err)
		}
	}
}
