// Package adfake is a fake of the three ad networks goalbot pulls from (Google Ads,
// Meta, LinkedIn), on one httptest server, answering in their documented wire
// shapes from a generated data set: for the end-to-end tests and the benchmarks
// (the clients' own tests use recorded answers in their testdata).
//
// Paths: Google Ads under /v26/ (token at /google/token), Meta under /v27.0/,
// LinkedIn under /rest/ (token at /linkedin/token). A campaign-day whose metrics are
// zero is left out of every answer, as the networks do.
package adfake

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/goalbot/goalbot"
)

// Account is an ad account of the fake.
type Account struct {
	ID, Name, Currency, TimeZone string
	Campaigns                    []Campaign
}

// Campaign is a campaign of the fake.
type Campaign struct{ ID, Name string }

// Value is one campaign-day: spend in micro-units, conversions in whole units.
type Value struct {
	SpendMicros int64
	Conversions int64
}

// Fake is the fake networks.
type Fake struct {
	Google, Meta, LinkedIn []Account
	// Default gives the campaign-days that were not Set (nil: zero).
	Default func(campaign string, d goalbot.Date) Value

	mu      sync.RWMutex
	values  map[string]Value   // campaign|date
	fails   map[string]failure // network → the refusal it answers with
	reports []report           // Meta's async report runs
	server  *httptest.Server
	// Requests counts the requests served, by network.
	requests map[string]int
}

// New starts a fake for t with the given accounts (see Generate).
func New(t testing.TB, google, meta, linkedin []Account) *Fake {
	f := &Fake{Google: google, Meta: meta, LinkedIn: linkedin, values: map[string]Value{}, requests: map[string]int{}}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

// URL is the fake's base URL, ending in "/".
func (f *Fake) URL() string { return f.server.URL + "/" }

// Env returns the configuration that points goalbot's three sources at the fake.
func (f *Fake) Env() map[string]string {
	return map[string]string{
		"GOALBOT_GOOGLE_ADS_CLIENT_ID": "fake-client", "GOALBOT_GOOGLE_ADS_CLIENT_SECRET": "fake-secret",
		"GOALBOT_GOOGLE_ADS_REFRESH_TOKEN": "fake-refresh", "GOALBOT_GOOGLE_ADS_API_URL": f.URL(),
		"GOALBOT_GOOGLE_ADS_TOKEN_URL": f.URL() + "google/token",
		"GOALBOT_META_ACCESS_TOKEN":    "fake-meta-token", "GOALBOT_META_API_URL": f.URL(),
		"GOALBOT_LINKEDIN_CLIENT_ID": "fake-client", "GOALBOT_LINKEDIN_CLIENT_SECRET": "fake-secret",
		"GOALBOT_LINKEDIN_REFRESH_TOKEN": "fake-refresh", "GOALBOT_LINKEDIN_API_URL": f.URL(),
		"GOALBOT_LINKEDIN_TOKEN_URL": f.URL() + "linkedin/token",
	}
}

// Set sets one campaign-day (a network's own campaign id).
func (f *Fake) Set(campaign string, d goalbot.Date, v Value) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.values[campaign+"|"+d.String()] = v
}

// failure is a refusal a network answers every request with.
type failure struct {
	status int
	body   string
}

// Fail makes network ("google", "meta", "linkedin") refuse every request with status
// and body; status 0 ends the refusals.
func (f *Fake) Fail(network string, status int, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fails == nil {
		f.fails = map[string]failure{}
	}
	if status == 0 {
		delete(f.fails, network)
		return
	}
	f.fails[network] = failure{status, body}
}

// Requests returns how many requests network ("google", "meta", "linkedin") got.
func (f *Fake) Requests(network string) int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.requests[network]
}

// value returns a campaign-day.
func (f *Fake) value(campaign string, d goalbot.Date) Value {
	f.mu.RLock()
	v, ok := f.values[campaign+"|"+d.String()]
	f.mu.RUnlock()
	if !ok && f.Default != nil {
		v = f.Default(campaign, d)
	}
	return v
}

// Generate returns n accounts of camps campaigns each, ids starting at first, in
// currency and time zone tz.
func Generate(n, camps int, first int64, currency, tz string) []Account {
	out := make([]Account, n)
	for i := range out {
		id := first + int64(i)
		a := Account{ID: fmt.Sprint(id), Name: fmt.Sprintf("Account %d", id), Currency: currency, TimeZone: tz}
		for j := range camps {
			cid := fmt.Sprint(id*100_000 + int64(j))
			a.Campaigns = append(a.Campaigns, Campaign{ID: cid, Name: "Campaign " + cid})
		}
		out[i] = a
	}
	return out
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	network := ""
	for prefix, network := range map[string]string{"/v26/": "google", "/v27.0/": "meta", "/rest/": "linkedin"} {
		f.mu.RLock()
		fail, ok := f.fails[network]
		f.mu.RUnlock()
		if ok && strings.HasPrefix(p, prefix) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(fail.status)
			fmt.Fprint(w, fail.body)
			return
		}
	}
	switch {
	case p == "/google/token", p == "/linkedin/token":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"fake-access","expires_in":3599,"token_type":"Bearer"}`)
		return
	case strings.HasPrefix(p, "/v26/"):
		network = "google"
		f.serveGoogle(w, r, strings.TrimPrefix(p, "/v26/"))
	case strings.HasPrefix(p, "/v27.0/"):
		network = "meta"
		f.serveMeta(w, r, strings.TrimPrefix(p, "/v27.0/"))
	case strings.HasPrefix(p, "/rest/"):
		network = "linkedin"
		f.serveLinkedIn(w, r, strings.TrimPrefix(p, "/rest/"))
	default:
		http.NotFound(w, r)
	}
	f.mu.Lock()
	f.requests[network]++
	f.mu.Unlock()
}

// account finds an account of accs.
func account(accs []Account, id string) (Account, bool) {
	for _, a := range accs {
		if a.ID == id {
			return a, true
		}
	}
	return Account{}, false
}

// days returns the days from from to to.
func days(from, to goalbot.Date) []goalbot.Date {
	var out []goalbot.Date
	for d := from; !d.After(to); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}
