package linkedin_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/sourcetest"
	"github.com/goalbot/goalbot/messages"
	"github.com/goalbot/goalbot/source"
	"github.com/goalbot/goalbot/source/linkedin"
)

var now = time.Date(2026, 3, 10, 20, 0, 0, 0, time.UTC)

// fakeLinkedIn serves recorded answers keyed by path (and page token or date range).
type fakeLinkedIn struct {
	t       *testing.T
	answers sourcetest.Answers
	mu      sync.Mutex
	queries []string // adAnalytics raw queries
}

func newFake(t *testing.T) (*fakeLinkedIn, *httptest.Server) {
	f := &fakeLinkedIn{t: t, answers: sourcetest.Answers{Dir: "testdata"}}
	f.answers.Set("token", sourcetest.Answer{File: "token.json"})
	f.answers.Set("adAccounts/507000001", sourcetest.Answer{File: "account_507000001.json"})
	f.answers.Set("adAccounts/507000002", sourcetest.Answer{File: "account_507000002.json"})
	f.answers.Set("adAccounts", sourcetest.Answer{File: "adaccounts_1.json"})
	f.answers.Set("adAccounts pageToken=DgEAAAGQ", sourcetest.Answer{File: "adaccounts_2.json"})
	f.answers.Set("adAccounts/507000001/adCampaigns", sourcetest.Answer{File: "campaigns_507000001_1.json"})
	f.answers.Set("adAccounts/507000001/adCampaigns pageToken=CAAQAA", sourcetest.Answer{File: "campaigns_507000001_2.json"})
	f.answers.Set("adAccounts/507000002/adCampaigns", sourcetest.Answer{File: "campaigns_507000002.json"})
	f.answers.Set("adAnalytics 507000001", sourcetest.Answer{File: "analytics_507000001.json"})
	f.answers.Set("adAnalytics 507000002", sourcetest.Answer{File: "analytics_507000002.json"})
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeLinkedIn) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/oauth/v2/accessToken" {
		if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("client_secret") != "li-secret" {
			f.t.Errorf("token request %v", r.PostForm)
		}
		f.answers.Write(f.t, w, "token")
		return
	}
	if r.Header.Get("Linkedin-Version") != "202607" || r.Header.Get("X-Restli-Protocol-Version") != "2.0.0" ||
		r.Header.Get("Authorization") != "Bearer AQV-test-access-token" {
		f.t.Errorf("%s: headers %v", r.URL.Path, r.Header)
	}
	path := strings.TrimPrefix(r.URL.Path, "/rest/")
	key := path
	if tok := r.URL.Query().Get("pageToken"); tok != "" {
		key += " pageToken=" + tok
	}
	if path == "adAnalytics" {
		raw := r.URL.RawQuery
		f.mu.Lock()
		f.queries = append(f.queries, raw)
		f.mu.Unlock()
		acc := raw[strings.Index(raw, "sponsoredAccount%3A")+len("sponsoredAccount%3A"):]
		acc = acc[:strings.Index(acc, ")")]
		key = "adAnalytics " + acc
		if dr := r.URL.Query().Get("dateRange"); strings.HasPrefix(acc, "9") {
			key += " " + dr
		}
	}
	f.answers.Write(f.t, w, key)
}

func newSource(srv *httptest.Server, waits *[]time.Duration, mod func(*linkedin.Config)) *source.Source {
	cfg := linkedin.Config{ClientID: "li-client", ClientSecret: "li-secret", RefreshToken: "AQW-refresh",
		AdAccountIDs: []string{"507000001", "507000002"}, Conversions: []string{"externalWebsiteConversions"},
		APIURL: srv.URL + "/", TokenURL: srv.URL + "/oauth/v2/accessToken", Version: "202607", Retry: sourcetest.NoSleep(waits)}
	if mod != nil {
		mod(&cfg)
	}
	return &source.Source{Name: goalbot.SourceLinkedIn, Network: "linkedin", Label: "LinkedIn", Client: linkedin.New(cfg), ChunkDays: 30}
}

func TestPullRestliQueryPagingAndRestatement(t *testing.T) {
	f, srv := newFake(t)
	var waits []time.Duration
	rig := sourcetest.NewRig(t, newSource(srv, &waits, nil), now)
	rig.Syncer.BackfillDays = 30
	res := rig.Sync(false)
	if !res.Error.IsZero() || res.Accounts != 2 || res.Campaigns != 3 {
		t.Fatalf("pull %+v", res)
	}
	if got := rig.Day("linkedin-123", "2026-03-08"); got.Spend != 42_170_000 || got.Conversions != 3_000_000 {
		t.Errorf("linkedin-123 on 2026-03-08: %+v (oneClickLeads not configured)", got)
	}
	if c := rig.Campaign("linkedin-456"); c.Name != "EU Retargeting" || c.AccountID != "linkedin-507000001" || c.Currency != "EUR" {
		t.Errorf("the second page of campaigns: %+v", c)
	}
	if got := rig.Day("linkedin-789", "2026-03-10"); got.Spend != 12_345_679 || got.Conversions != 1_000_000 {
		t.Errorf("GBP account, more than six decimals rounded: %+v", got)
	}
	if c := rig.Campaign("linkedin-789"); c.Currency != "GBP" {
		t.Errorf("currency %+v", c)
	}
	q := f.queries[0]
	want := "q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY&dateRange=(start:(year:2026,month:2,day:9),end:(year:2026,month:3,day:10))" +
		"&accounts=List(urn%3Ali%3AsponsoredAccount%3A507000001)&fields=costInLocalCurrency,externalWebsiteConversions,oneClickLeads,dateRange,pivotValues"
	if q != want {
		t.Errorf("query\n%s\nwant\n%s", q, want)
	}
	// Restated: 2026-03-08 is gone from the answer, 2026-03-09 changed.
	f.answers.Set("adAnalytics 507000001", sourcetest.Answer{File: "analytics_507000001_restated.json"})
	rig.Sync(false)
	if got := rig.Day("linkedin-123", "2026-03-08"); !got.IsZero() {
		t.Errorf("a day restated to nothing still holds %+v", got)
	}
	if got := rig.Day("linkedin-123", "2026-03-09"); got.Conversions != 5_000_000 || got.Spend != 40_000_000 {
		t.Errorf("the restated day: %+v", got)
	}
	if f.answers.Seen("token") != 1 {
		t.Errorf("token refreshed %d times, want once", f.answers.Seen("token"))
	}
}

func TestOneClickLeadsAndDiscovery(t *testing.T) {
	_, srv := newFake(t)
	var waits []time.Duration
	src := newSource(srv, &waits, func(c *linkedin.Config) {
		c.AdAccountIDs = nil
		c.Conversions = []string{"externalWebsiteConversions", "oneClickLeads"}
	})
	accs, err := src.Client.Accounts(context.Background())
	if err != nil || len(accs) != 2 || accs[1].ID != "507000002" || accs[1].Currency != "GBP" || accs[1].Location != time.UTC {
		t.Fatalf("accounts %+v, %v", accs, err)
	}
	var rows []source.Row
	if err := src.Client.Rows(context.Background(), accs[0], goalbot.Date{Year: 2026, Month: 3, Day: 1}, goalbot.Date{Year: 2026, Month: 3, Day: 9},
		func(r source.Row) { rows = append(rows, r) }); err != nil {
		t.Fatal(err)
	}
	if rows[0].Conversions != 5_000_000 || rows[1].Conversions != 1_000_000 {
		t.Errorf("rows %+v: want website conversions plus one-click leads", rows)
	}
}

func TestCappedAnswerIsSplit(t *testing.T) {
	f, srv := newFake(t)
	f.answers.Set("adAnalytics 900 (start:(year:2026,month:3,day:1),end:(year:2026,month:3,day:4))", sourcetest.Answer{File: "analytics_capped.json"})
	f.answers.Set("adAnalytics 900 (start:(year:2026,month:3,day:1),end:(year:2026,month:3,day:2))", sourcetest.Answer{File: "analytics_first_half.json"})
	f.answers.Set("adAnalytics 900 (start:(year:2026,month:3,day:3),end:(year:2026,month:3,day:4))", sourcetest.Answer{File: "analytics_second_half.json"})
	var waits []time.Duration
	c := newSource(srv, &waits, func(c *linkedin.Config) { c.MaxElements = 2 }).Client
	var rows []source.Row
	err := c.Rows(context.Background(), source.Account{ID: "900", Location: time.UTC}, goalbot.Date{Year: 2026, Month: 3, Day: 1},
		goalbot.Date{Year: 2026, Month: 3, Day: 4}, func(r source.Row) { rows = append(rows, r) })
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Spend != 1_000_000 || rows[1].Spend != 2_000_000 {
		t.Fatalf("rows %+v: want the halves' rows only, none of the capped answer", rows)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name    string
		answers []sourcetest.Answer
		kind    source.Kind
		want    string
		waits   []time.Duration
	}{
		{"429 with Retry-After, then ok", []sourcetest.Answer{{Status: 429, File: "error_429.json", Header: http.Header{"Retry-After": {"3"}}}, {File: "analytics_507000001.json"}}, -1, "", []time.Duration{3 * time.Second}},
		{"500, then ok", []sourcetest.Answer{{Status: 500, File: "error_500.json"}, {File: "analytics_507000001.json"}}, -1, "", nil},
		{"401 stops", []sourcetest.Answer{{Status: 401, File: "error_401.json"}}, source.Auth, "LinkedIn refused the access token", nil},
		{"426 sunset version", []sourcetest.Answer{{Status: 426, File: "error_426.json"}}, source.Permanent, "GOALBOT_LINKEDIN_VERSION", nil},
		{"403 access", []sourcetest.Answer{{Status: 403, File: "error_403.json"}}, source.Permanent, "r_ads_reporting", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, srv := newFake(t)
			f.answers.Set("adAnalytics 507000001", tc.answers...)
			var waits []time.Duration
			c := newSource(srv, &waits, nil).Client
			n := 0
			err := c.Rows(context.Background(), source.Account{ID: "507000001", Location: time.UTC}, goalbot.Date{Year: 2026, Month: 3, Day: 1},
				goalbot.Date{Year: 2026, Month: 3, Day: 9}, func(source.Row) { n++ })
			sourcetest.Expect(t, err, n, tc.kind, tc.want)
			sourcetest.ExpectWaits(t, waits, tc.waits)
		})
	}
}

func TestRevokedRefreshTokenStopsTheSource(t *testing.T) {
	f, srv := newFake(t)
	f.answers.Set("token", sourcetest.Answer{Status: 400, File: "token_invalid_grant.json"})
	var waits []time.Duration
	rig := sourcetest.NewRig(t, newSource(srv, &waits, nil), now)
	if res := rig.Sync(false); !strings.Contains(messages.English().Message(res.Error), "LinkedIn refused the refresh token (expired or revoked): run `goalbot connect linkedin`") {
		t.Fatalf("error %q", res.Error)
	}
	rig.Sync(true)
	if n := f.answers.Seen("token"); n != 1 || len(waits) != 0 {
		t.Fatalf("token asked %d times, waits %v: want once, no retry", n, waits)
	}
}

func TestRangesKeepUnderTheCap(t *testing.T) {
	f, srv := newFake(t)
	var waits []time.Duration
	c := newSource(srv, &waits, func(c *linkedin.Config) { c.MaxElements = 5 }).Client
	a := source.Account{ID: "507000001", Location: time.UTC}
	if _, err := c.Campaigns(context.Background(), a); err != nil { // 2 campaigns: 2 days a request
		t.Fatal(err)
	}
	err := c.Rows(context.Background(), a, goalbot.Date{Year: 2026, Month: 3, Day: 1}, goalbot.Date{Year: 2026, Month: 3, Day: 5}, func(source.Row) {})
	if err != nil {
		t.Fatal(err)
	}
	var ranges []string
	for _, q := range f.queries {
		ranges = append(ranges, q[strings.Index(q, "dateRange=")+len("dateRange="):strings.Index(q, "&accounts")])
	}
	want := []string{"(start:(year:2026,month:3,day:1),end:(year:2026,month:3,day:2))", "(start:(year:2026,month:3,day:3),end:(year:2026,month:3,day:4))",
		"(start:(year:2026,month:3,day:5),end:(year:2026,month:3,day:5))"}
	if strings.Join(ranges, " ") != strings.Join(want, " ") {
		t.Errorf("ranges %v, want %v", ranges, want)
	}
}
