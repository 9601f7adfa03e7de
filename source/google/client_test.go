package google_test

import (
	"context"
	"encoding/json"
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
	"github.com/goalbot/goalbot/source/google"
)

// now: 2026-03-10 in Berlin, already 2026-03-11 in Tokyo.
var now = time.Date(2026, 3, 10, 20, 0, 0, 0, time.UTC)

// fakeAds serves recorded Google Ads answers: the token endpoint, the accessible
// customers and searchStream, keyed by customer and query ("1234567890 metrics").
type fakeAds struct {
	t       *testing.T
	answers sourcetest.Answers
	mu      sync.Mutex
	reqs    []http.Header // searchStream requests' headers, by arrival
	queries []string
}

func newFakeAds(t *testing.T) (*fakeAds, *httptest.Server) {
	f := &fakeAds{t: t, answers: sourcetest.Answers{Dir: "testdata"}}
	f.answers.Set("token", sourcetest.Answer{File: "token.json"})
	f.answers.Set("accessible", sourcetest.Answer{File: "list_accessible_customers.json"})
	f.answers.Set("1112223333 clients", sourcetest.Answer{File: "customer_client_manager.json"})
	f.answers.Set("4445556666 clients", sourcetest.Answer{File: "customer_client_tokyo.json"})
	f.answers.Set("1234567890 campaigns", sourcetest.Answer{File: "campaigns_berlin.json"})
	f.answers.Set("4445556666 campaigns", sourcetest.Answer{File: "campaigns_tokyo.json"})
	f.answers.Set("1234567890 metrics", sourcetest.Answer{File: "metrics_berlin.json"})
	f.answers.Set("4445556666 metrics", sourcetest.Answer{File: "metrics_tokyo.json"})
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeAds) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/token":
		if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("refresh_token") != "1//refresh" ||
			r.PostForm.Get("client_id") != "cid.apps.googleusercontent.com" {
			f.t.Errorf("token request %v", r.PostForm)
		}
		f.answers.Write(f.t, w, "token")
		return
	case r.Header.Get("Authorization") != "Bearer ya29.a0AfB_test-access-token":
		f.t.Errorf("%s without the access token: %q", r.URL.Path, r.Header.Get("Authorization"))
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v26/customers:listAccessibleCustomers":
		f.answers.Write(f.t, w, "accessible")
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/googleAds:searchStream"):
		cid := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/v26/customers/"), "/googleAds:searchStream")
		var body struct{ Query string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || r.Header.Get("Content-Type") != "application/json" {
			f.t.Errorf("searchStream body: %v", err)
		}
		kind := "campaigns"
		switch {
		case strings.Contains(body.Query, "FROM customer_client"):
			kind = "clients"
		case strings.Contains(body.Query, "segments.date BETWEEN"):
			kind = "metrics"
		}
		f.mu.Lock()
		f.reqs = append(f.reqs, r.Header.Clone())
		f.queries = append(f.queries, cid+" "+body.Query)
		f.mu.Unlock()
		f.answers.Write(f.t, w, cid+" "+kind)
	default:
		http.NotFound(w, r)
	}
}

func newSource(srv *httptest.Server, waits *[]time.Duration, mod func(*google.Config)) *source.Source {
	cfg := google.Config{ClientID: "cid.apps.googleusercontent.com", ClientSecret: "secret", RefreshToken: "1//refresh",
		DeveloperToken: "dev-TOKEN", APIURL: srv.URL + "/", TokenURL: srv.URL + "/token", Version: "v26", Retry: sourcetest.NoSleep(waits)}
	if mod != nil {
		mod(&cfg)
	}
	return &source.Source{Name: goalbot.SourceGoogleAds, Network: "google", Label: "Google Ads", Client: google.New(cfg), ChunkDays: 31}
}

func TestAccountsThroughManager(t *testing.T) {
	f, srv := newFakeAds(t)
	var waits []time.Duration
	accs, err := newSource(srv, &waits, nil).Client.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(accs) != 2 {
		t.Fatalf("accounts %+v: want the manager's enabled client and the Tokyo account", accs)
	}
	de, jp := accs[0], accs[1]
	if de.ID != "1234567890" || de.Via != "1112223333" || de.Currency != "EUR" || de.Location.String() != "Europe/Berlin" || de.Name != "Acme DE" {
		t.Errorf("Berlin account %+v", de)
	}
	if jp.ID != "4445556666" || jp.Via != "" || jp.Currency != "JPY" || jp.Location.String() != "Asia/Tokyo" {
		t.Errorf("Tokyo account %+v", jp)
	}
	for _, h := range f.reqs {
		if h.Get("developer-token") != "dev-TOKEN" {
			t.Errorf("developer-token %q", h.Get("developer-token"))
		}
	}
	if f.answers.Seen("token") != 1 {
		t.Errorf("the access token was refreshed %d times, want once for every call", f.answers.Seen("token"))
	}
}

func TestPullStringsOmittedZerosRestatementAndTimeZones(t *testing.T) {
	f, srv := newFakeAds(t)
	var waits []time.Duration
	rig := sourcetest.NewRig(t, newSource(srv, &waits, func(c *google.Config) { c.DeveloperToken = "" }), now)
	res := rig.Sync(false)
	if !res.Error.IsZero() || res.Accounts != 2 || res.Campaigns != 3 {
		t.Fatalf("pull %+v", res)
	}
	// Strings for int64 money, numbers for conversions; a missing conversions key is 0.
	if got := rig.Day("google-111", "2026-03-08"); got.Spend != 12_345_670_000 || got.Conversions != 3_000_000 {
		t.Errorf("google-111 on 2026-03-08: %+v", got)
	}
	if got := rig.Day("google-111", "2026-03-09"); got.Spend != 990_000 || got.Conversions != 500_000 {
		t.Errorf("google-111 on 2026-03-09: %+v", got)
	}
	if got := rig.Day("google-112", "2026-03-08"); got.Spend != 9_223_372_036 || got.Conversions != 0 {
		t.Errorf("google-112 on 2026-03-08 (conversions left out): %+v", got)
	}
	// The Tokyo account's days are Tokyo's: 2026-03-11 there, in yen.
	if got := rig.Day("google-211", "2026-03-11"); got.Spend != 1_500_000_000 || got.Conversions != 2_000_000 {
		t.Errorf("google-211 on Tokyo's 2026-03-11: %+v", got)
	}
	if c := rig.Campaign("google-211"); c.AccountID != "google-4445556666" || c.Currency != "JPY" || c.Name != "ブランド JP" {
		t.Errorf("catalog %+v", c)
	}
	// Manager clients go through login-customer-id; no developer-token when none is set.
	var berlinLogin, tokyoLogin, berlinLast, tokyoLast string
	for i, q := range f.queries {
		if strings.Contains(q, "segments.date BETWEEN") && strings.HasPrefix(q, "1234567890 ") {
			berlinLogin = f.reqs[i].Get("login-customer-id")
			berlinLast = q
		}
		if strings.Contains(q, "segments.date BETWEEN") && strings.HasPrefix(q, "4445556666 ") {
			tokyoLogin = f.reqs[i].Get("login-customer-id")
			tokyoLast = q
		}
		if f.reqs[i].Get("developer-token") != "" {
			t.Errorf("a developer-token was sent without one configured")
		}
	}
	if !strings.HasSuffix(berlinLast, "BETWEEN '2026-02-10' AND '2026-03-10'") || !strings.HasSuffix(tokyoLast, "AND '2026-03-11'") {
		t.Errorf("the last chunks asked\n%s\n%s\nwant each account's today last (Berlin 2026-03-10, Tokyo 2026-03-11)", berlinLast, tokyoLast)
	}
	if berlinLogin != "1112223333" || tokyoLogin != "" {
		t.Errorf("login-customer-id Berlin %q, Tokyo %q", berlinLogin, tokyoLogin)
	}

	// The next pull: 2026-03-08 restated (112 now has conversions, 111 has nothing).
	f.answers.Set("1234567890 metrics", sourcetest.Answer{File: "metrics_berlin_restated.json"})
	rig.Sync(false)
	if got := rig.Day("google-111", "2026-03-08"); !got.IsZero() {
		t.Errorf("google-111's day restated to nothing still holds %+v", got)
	}
	if got := rig.Day("google-112", "2026-03-08"); got.Conversions != 7_250_000 {
		t.Errorf("google-112's restated day holds %+v", got)
	}
}

func TestAllConversions(t *testing.T) {
	_, srv := newFakeAds(t)
	var waits []time.Duration
	rig := sourcetest.NewRig(t, newSource(srv, &waits, func(c *google.Config) { c.AllConversions = true }), now)
	rig.Sync(false)
	if got := rig.Day("google-111", "2026-03-08"); got.Conversions != 4_500_000 {
		t.Errorf("all_conversions: %+v", got)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name    string
		answers []sourcetest.Answer
		kind    source.Kind
		wantErr string
		waits   []time.Duration
	}{
		{"quota, then ok", []sourcetest.Answer{{Status: 429, File: "error_quota.json"}, {File: "metrics_berlin.json"}}, -1, "", []time.Duration{7 * time.Second}},
		{"an error inside the stream, then ok", []sourcetest.Answer{{File: "error_internal_stream.json"}, {File: "metrics_berlin.json"}}, -1, "", []time.Duration{0}},
		{"permission", []sourcetest.Answer{{Status: 403, File: "error_permission.json"}}, source.Permanent, "Google Ads denied access", nil},
		{"unauthenticated", []sourcetest.Answer{{Status: 401, File: "error_unauthenticated.json"}}, source.Auth, "Google Ads refused the access token: run `goalbot connect google-ads`", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, srv := newFakeAds(t)
			f.answers.Set("1234567890 metrics", tc.answers...)
			var waits []time.Duration
			c := newSource(srv, &waits, func(c *google.Config) { c.CustomerIDs = []string{"1234567890"}; c.LoginCustomerID = "1112223333" }).Client
			a := source.Account{ID: "1234567890", Location: time.UTC}
			n := 0
			err := c.Rows(context.Background(), a, goalbot.Date{Year: 2026, Month: 3, Day: 1}, goalbot.Date{Year: 2026, Month: 3, Day: 9}, func(source.Row) { n++ })
			sourcetest.Expect(t, err, n, tc.kind, tc.wantErr)
			if len(tc.waits) > 0 && tc.waits[0] > 0 {
				sourcetest.ExpectWaits(t, waits, tc.waits)
			}
			if tc.kind == source.Auth || tc.kind == source.Permanent {
				if got := f.answers.Seen("1234567890 metrics"); got != 1 {
					t.Errorf("asked %d times, want once (no retry)", got)
				}
			}
		})
	}
}

func TestRevokedRefreshTokenStopsTheSource(t *testing.T) {
	f, srv := newFakeAds(t)
	f.answers.Set("token", sourcetest.Answer{Status: 400, File: "token_invalid_grant.json"})
	var waits []time.Duration
	rig := sourcetest.NewRig(t, newSource(srv, &waits, nil), now)
	res := rig.Sync(false)
	if !strings.HasPrefix(messages.English().Message(res.Error), "Google Ads refused the refresh token (expired or revoked): run `goalbot connect google-ads`") {
		t.Fatalf("error %q", res.Error)
	}
	if st := rig.Status(goalbot.SourceGoogleAds); !st.Stopped {
		t.Fatalf("status %+v: want stopped", st)
	}
	rig.Sync(true) // the schedule skips it
	if got := f.answers.Seen("token"); got != 1 {
		t.Fatalf("the token endpoint was asked %d times, want once (never in a loop)", got)
	}
	if len(waits) != 0 {
		t.Fatalf("waited %v before giving up on a revoked token", waits)
	}
}

func TestNormalizeCustomerID(t *testing.T) {
	for in, want := range map[string]string{"123-456-7890": "1234567890", "1234567890": "1234567890", "12345": "", "123-456-789x": ""} {
		got, ok := google.NormalizeCustomerID(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizeCustomerID(%q) = %q, %v", in, got, ok)
		}
	}
}
