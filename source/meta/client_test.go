package meta_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/sourcetest"
	"github.com/goalbot/goalbot/messages"
	"github.com/goalbot/goalbot/source"
	"github.com/goalbot/goalbot/source/meta"
)

// now: 2026-03-10 in UTC and Berlin, already 2026-03-11 in Tokyo.
var now = time.Date(2026, 3, 10, 20, 0, 0, 0, time.UTC)

const token = "EAAB-system-user-TOKEN"

// fakeGraph serves recorded Graph answers keyed by path (and "after" cursor):
// "act_1234/insights", "act_1234/insights after=MQZDZD".
type fakeGraph struct {
	t       *testing.T
	answers sourcetest.Answers
	mu      sync.Mutex
	queries map[string][]url.Values
}

func newFakeGraph(t *testing.T) (*fakeGraph, *httptest.Server) {
	f := &fakeGraph{t: t, answers: sourcetest.Answers{Dir: "testdata"}, queries: map[string][]url.Values{}}
	f.answers.Set("act_1234", sourcetest.Answer{File: "account_berlin.json"})
	f.answers.Set("act_5678", sourcetest.Answer{File: "account_tokyo.json"})
	f.answers.Set("me/adaccounts", sourcetest.Answer{File: "adaccounts.json"})
	f.answers.Set("act_1234/campaigns", sourcetest.Answer{File: "campaigns_berlin_1.json"})
	f.answers.Set("act_1234/campaigns after=MQZDZD", sourcetest.Answer{File: "campaigns_berlin_2.json"})
	f.answers.Set("act_5678/campaigns", sourcetest.Answer{File: "campaigns_tokyo.json"})
	f.answers.Set("act_1234/insights", sourcetest.Answer{File: "insights_berlin_1.json"})
	f.answers.Set("act_1234/insights after=MQZDZD", sourcetest.Answer{File: "insights_berlin_2.json"})
	f.answers.Set("act_5678/insights", sourcetest.Answer{File: "insights_tokyo.json"})
	f.answers.Set("POST act_1234/insights", sourcetest.Answer{File: "report_run.json"})
	f.answers.Set("6023920149050", sourcetest.Answer{File: "report_running.json"}, sourcetest.Answer{File: "report_completed.json"})
	f.answers.Set("6023920149050/insights", sourcetest.Answer{File: "report_insights.json"})
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeGraph) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+token || r.URL.Query().Get("access_token") != "" {
		f.t.Errorf("%s: the token must come as a bearer header only", r.URL.Path)
	}
	path := strings.TrimPrefix(r.URL.Path, "/v27.0/")
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			f.t.Error(err)
		}
		q = r.PostForm
		path = "POST " + path
	}
	f.mu.Lock()
	f.queries[path] = append(f.queries[path], q)
	f.mu.Unlock()
	key := path
	if after := q.Get("after"); after != "" {
		key += " after=" + after
	}
	f.answers.Write(f.t, w, key)
}

func newSource(srv *httptest.Server, waits *[]time.Duration, mod func(*meta.Config)) *source.Source {
	cfg := meta.Config{AccessToken: token, AdAccountIDs: []string{"1234", "5678"}, ConversionActions: []string{"lead"},
		APIURL: srv.URL + "/", Version: "v27.0", Retry: sourcetest.NoSleep(waits),
		Sleep: func(context.Context, time.Duration) error { return nil }}
	if mod != nil {
		mod(&cfg)
	}
	return &source.Source{Name: goalbot.SourceMeta, Network: "meta", Label: "Meta", Client: meta.New(cfg), ChunkDays: 90}
}

func TestPullPagingActionsRestatementAndTimeZones(t *testing.T) {
	f, srv := newFakeGraph(t)
	var waits []time.Duration
	rig := sourcetest.NewRig(t, newSource(srv, &waits, nil), now)
	rig.Syncer.BackfillDays = 30 // one synchronous request per account
	res := rig.Sync(false)
	if !res.Error.IsZero() || res.Accounts != 2 || res.Campaigns != 3 {
		t.Fatalf("pull %+v", res)
	}
	// Strings for money and counts; only the "lead" action counts (not every action).
	if got := rig.Day("meta-120210000000000001", "2026-03-08"); got.Spend != 123_450_000 || got.Conversions != 7_000_000 {
		t.Errorf("2026-03-08: %+v", got)
	}
	// The second page, after the cursor.
	if got := rig.Day("meta-120210000000000001", "2026-03-09"); got.Spend != 10_005_000 || got.Conversions != 2_000_000 {
		t.Errorf("2026-03-09 (second page): %+v", got)
	}
	if got := rig.Day("meta-120210000000000002", "2026-03-08"); got.Spend != 990_000 || got.Conversions != 0 {
		t.Errorf("a campaign without actions: %+v", got)
	}
	if c := rig.Campaign("meta-120210000000000002"); c.Name != "Retargeting DE" || c.AccountID != "meta-1234" || c.Currency != "EUR" {
		t.Errorf("the second page of campaigns: %+v", c)
	}
	if c := rig.Campaign("meta-120210000000000009"); c.Currency != "JPY" || c.AccountID != "meta-5678" {
		t.Errorf("Tokyo campaign %+v", c)
	}
	if got := rig.Day("meta-120210000000000009", "2026-03-10"); got.Spend != 1_500_000_000 {
		t.Errorf("Tokyo in yen: %+v", got)
	}
	// Tokyo is already on 2026-03-11, but Meta refuses a range that ends after its own
	// (UTC) date: the range ends on 2026-03-10.
	q := f.queries["act_5678/insights"][0]
	if q.Get("time_range") != `{"since":"2026-02-09","until":"2026-03-10"}` || q.Get("level") != "campaign" || q.Get("time_increment") != "1" {
		t.Errorf("Tokyo insights query %v", q)
	}
	if q := f.queries["act_1234/insights"][0]; !strings.Contains(q.Get("fields"), "actions") || q.Get("limit") != "500" {
		t.Errorf("Berlin insights query %v", q)
	}

	// The next pull: 2026-03-08 restated, the first campaign's day to nothing.
	f.answers.Set("act_1234/insights", sourcetest.Answer{File: "insights_berlin_restated.json"})
	rig.Sync(false)
	if got := rig.Day("meta-120210000000000001", "2026-03-08"); !got.IsZero() {
		t.Errorf("a day restated to nothing still holds %+v", got)
	}
	if got := rig.Day("meta-120210000000000002", "2026-03-08"); got.Spend != 5_000_000 || got.Conversions != 1_000_000 {
		t.Errorf("the restated day: %+v", got)
	}
}

func TestConversionActionsAreConfigured(t *testing.T) {
	_, srv := newFakeGraph(t)
	var waits []time.Duration
	rig := sourcetest.NewRig(t, newSource(srv, &waits, func(c *meta.Config) {
		c.AdAccountIDs = []string{"1234"}
		c.ConversionActions = []string{"offsite_conversion.fb_pixel_lead", "onsite_conversion.lead_grouped"}
	}), now)
	rig.Syncer.BackfillDays = 30
	rig.Sync(false)
	if got := rig.Day("meta-120210000000000001", "2026-03-08"); got.Conversions != 7_000_000 {
		t.Errorf("pixel + on-site leads: %+v, want 4 + 3", got)
	}
}

func TestDiscoveredAccounts(t *testing.T) {
	f, srv := newFakeGraph(t)
	var waits []time.Duration
	accs, err := newSource(srv, &waits, func(c *meta.Config) { c.AdAccountIDs = nil }).Client.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(accs) != 2 || accs[0].ID != "1234" || accs[1].ID != "5678" || accs[1].Location.String() != "Asia/Tokyo" {
		t.Fatalf("accounts %+v: want the two open ones", accs)
	}
	if q := f.queries["me/adaccounts"][0]; !strings.Contains(q.Get("fields"), "timezone_name") {
		t.Errorf("query %v", q)
	}
}

func TestLongRangesRunAsyncReports(t *testing.T) {
	f, srv := newFakeGraph(t)
	var waits []time.Duration
	src := newSource(srv, &waits, func(c *meta.Config) { c.AdAccountIDs = []string{"1234"} })
	a := source.Account{ID: "1234", Location: time.UTC}
	var rows []source.Row
	err := src.Client.Rows(context.Background(), a, goalbot.Date{Year: 2026, Month: 1, Day: 1}, goalbot.Date{Year: 2026, Month: 3, Day: 10},
		func(r source.Row) { rows = append(rows, r) })
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Spend != 50_500_000 || rows[0].Conversions != 5_000_000 {
		t.Fatalf("rows %+v", rows)
	}
	post := f.queries["POST act_1234/insights"]
	if len(post) != 1 || post[0].Get("time_range") != `{"since":"2026-01-01","until":"2026-03-10"}` {
		t.Fatalf("report run %v", post)
	}
	if n := f.answers.Seen("6023920149050"); n != 2 {
		t.Errorf("polled %d times, want until completed (2)", n)
	}
	if n := f.answers.Seen("act_1234/insights"); n != 0 {
		t.Errorf("a long range was also asked synchronously")
	}
}

func TestErrors(t *testing.T) {
	buc := http.Header{"X-Business-Use-Case-Usage": {`{"1234":[{"type":"ads_insights","call_count":98,"total_cputime":20,"total_time":25,"estimated_time_to_regain_access":1,"ads_api_access_tier":"standard_access"}]}`}}
	acc := http.Header{"X-Ad-Account-Usage": {`{"acc_id_util_pct":100,"reset_time_duration":42,"ads_api_access_tier":"standard_access"}`}}
	cases := []struct {
		name    string
		answers []sourcetest.Answer
		kind    source.Kind // -1: succeeds
		want    string
		waits   []time.Duration
	}{
		{"BUC throttle waits estimated_time_to_regain_access", []sourcetest.Answer{{Status: 400, File: "error_rate_limit.json", Header: buc}, {File: "insights_berlin_2.json"}}, -1, "", []time.Duration{time.Minute}},
		{"613 waits reset_time_duration", []sourcetest.Answer{{Status: 400, File: "error_613.json", Header: acc}, {File: "insights_berlin_2.json"}}, -1, "", []time.Duration{42 * time.Second}},
		{"unknown error is retried", []sourcetest.Answer{{Status: 500, File: "error_unknown.json"}, {File: "insights_berlin_2.json"}}, -1, "", nil},
		{"too much data goes async", []sourcetest.Answer{{Status: 400, File: "error_too_much_data.json"}}, -1, "", nil},
		{"expired token stops", []sourcetest.Answer{{Status: 400, File: "error_token_expired.json"}}, source.Auth, "Meta refused the access token", nil},
		{"permission", []sourcetest.Answer{{Status: 403, File: "error_permission.json"}}, source.Permanent, "Meta denied access", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, srv := newFakeGraph(t)
			f.answers.Set("act_1234/insights", tc.answers...)
			var waits []time.Duration
			c := newSource(srv, &waits, nil).Client
			n := 0
			err := c.Rows(context.Background(), source.Account{ID: "1234", Location: time.UTC},
				goalbot.Date{Year: 2026, Month: 3, Day: 1}, goalbot.Date{Year: 2026, Month: 3, Day: 9}, func(source.Row) { n++ })
			sourcetest.Expect(t, err, n, tc.kind, tc.want)
			if got := f.answers.Seen("act_1234/insights"); tc.kind >= 0 && got != 1 {
				t.Errorf("asked %d times, want once", got)
			}
			sourcetest.ExpectWaits(t, waits, tc.waits)
		})
	}
}

func TestExpiredTokenStopsTheSource(t *testing.T) {
	f, srv := newFakeGraph(t)
	f.answers.Set("act_1234", sourcetest.Answer{Status: 400, File: "error_token_expired.json"})
	var waits []time.Duration
	rig := sourcetest.NewRig(t, newSource(srv, &waits, nil), now)
	if res := rig.Sync(false); !strings.Contains(messages.English().Message(res.Error), "GOALBOT_META_ACCESS_TOKEN") {
		t.Fatalf("error %q", res.Error)
	}
	rig.Sync(true)
	if n := f.answers.Seen("act_1234"); n != 1 || len(waits) != 0 {
		t.Fatalf("asked %d times, waited %v: want once, no retries", n, waits)
	}
}

func TestNormalizeAccountID(t *testing.T) {
	for in, want := range map[string]string{"act_1234": "1234", "1234": "1234", "act_": "", "12a": ""} {
		if got, ok := meta.NormalizeAccountID(in); got != want || ok != (want != "") {
			t.Errorf("NormalizeAccountID(%q) = %q, %v", in, got, ok)
		}
	}
}
