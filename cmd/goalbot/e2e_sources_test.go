package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/adfake"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// fakeNetworks are the three fake networks of the end-to-end tests: one account each
// (Google in Berlin and euros, Meta in New York and dollars, LinkedIn in pounds) of
// two campaigns.
func fakeNetworks(t testing.TB) *adfake.Fake {
	return adfake.New(t, adfake.Generate(1, 2, 1234567890, "EUR", "Europe/Berlin"),
		adfake.Generate(1, 2, 5555, "USD", "America/New_York"), adfake.Generate(1, 2, 507000001, "GBP", "UTC"))
}

// pulledCampaigns are the goalbot ids of the first campaign of each fake network.
var pulledCampaigns = []string{"google-123456789000000", "meta-555500000", "linkedin-50700000100000"}

// networkIDs are the same campaigns' ids in their networks.
var networkIDs = []string{"123456789000000", "555500000", "50700000100000"}

// sourcesJSON is GET /v1/sources.
type sourcesJSON struct {
	Sources []struct {
		Name        string `json:"name"`
		Accounts    int    `json:"accounts"`
		Campaigns   int    `json:"campaigns"`
		LastSuccess string `json:"last_success"`
		Rows        int64  `json:"rows"`
		NextRun     string `json:"next_run"`
		Error       string `json:"error"`
	} `json:"sources"`
}

// waitPulled waits until every source has pulled once.
func (in *instance) waitPulled() sourcesJSON {
	in.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var s sourcesJSON
		if err := json.Unmarshal(in.mustDo("GET", "/v1/sources", e2eAPIToken, "", http.StatusOK), &s); err != nil {
			in.t.Fatal(err)
		}
		done := len(s.Sources) == 3
		for _, src := range s.Sources {
			done = done && src.LastSuccess != ""
		}
		if done {
			return s
		}
		if time.Now().After(deadline) {
			in.t.Fatalf("the first pull did not end within 30s: %+v", s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestE2EPulledGoal runs goalbot with the three fake networks configured: the first
// pull at start fills the catalog and the metrics, a goal is created in Slack on
// pulled campaigns, a pull that restates a day crosses its 50 % threshold, and the
// creator gets its started and threshold alerts from pulled data alone. A source
// that begins to fail tells the admin once.
func TestE2EPulledGoal(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	nets := fakeNetworks(t)
	march2 := goalbot.Date{Year: 2026, Month: 3, Day: 2}
	for _, id := range networkIDs {
		nets.Set(id, march2, adfake.Value{SpendMicros: 10_000_000, Conversions: 3})
	}
	env := nets.Env()
	e.fake.SetUser(slacktest.User{ID: "UADM", Name: "ops"})
	env["GOALBOT_ADMINS"] = "UADM"
	in := e.startWith(env)

	st := in.waitPulled()
	for _, s := range st.Sources {
		if s.Accounts != 1 || s.Campaigns != 2 || s.Rows != 800 || s.Error != "" || s.NextRun == "" {
			t.Errorf("after the first pull (400 days × 2 campaigns): %+v", s)
		}
	}
	expectIn(t, "sources", e.slash("U1", "C1", "sources"), "*Google Ads* (`google_ads`): 1 account, 2 campaigns", "*Meta*", "*LinkedIn*", "(800 rows)")

	create := fmt.Sprintf(`create name:"Pulled leads" goal_type:network_conversions campaigns:%s duration:monthly start:2026-03-01 end:2026-03-31 target:10 notify:started,threshold`,
		strings.Join(pulledCampaigns, ","))
	expectIn(t, "create", e.slash("U1", "C1", create), "Created *G1*")

	// The networks restate 2026-03-09: four more conversions each, 21 of 30.
	for _, id := range networkIDs {
		nets.Set(id, goalbot.Date{Year: 2026, Month: 3, Day: 9}, adfake.Value{SpendMicros: 5_000_000, Conversions: 4})
	}
	var synced struct {
		Sources []struct {
			Name  string `json:"name"`
			Rows  int64  `json:"rows"`
			Error string `json:"error"`
		} `json:"sources"`
	}
	if err := json.Unmarshal(in.mustDo("POST", "/v1/sources/sync", e2eAPIToken, "", http.StatusOK), &synced); err != nil {
		t.Fatal(err)
	}
	if len(synced.Sources) != 3 || synced.Sources[0].Rows != 60 || synced.Sources[0].Error != "" {
		t.Fatalf("sync %+v: want 30 days × 2 campaigns from each", synced)
	}
	waitEvents(t, e.fake, e.fake.DMChannel("U1"), "started", "threshold:50")
	expectIn(t, "show", e.slash("U1", "C1", "show G1"), "21")

	// Meta refuses the token: the admin is told once, however many pulls fail.
	nets.Fail("meta", http.StatusBadRequest, `{"error":{"message":"Error validating access token: The session has been invalidated because the user changed their password.","type":"OAuthException","code":190,"error_subcode":460,"fbtrace_id":"A1"}}`)
	for range 2 {
		in.mustDo("POST", "/v1/sources/sync", e2eAPIToken, `{"source":"meta"}`, http.StatusOK)
	}
	deadline := time.Now().Add(10 * time.Second)
	for sourceAlerts(e, "UADM") == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	if n := sourceAlerts(e, "UADM"); n != 1 {
		t.Fatalf("the admin got %d source alerts, want 1", n)
	}
	expectIn(t, "sources after the failure", e.slash("U2", "C1", "sources"), "Meta refused the access token", "stopped until the credentials change")
}

// sourceAlerts counts the source_alert messages posted to user's direct messages.
func sourceAlerts(e *e2e, user string) int {
	n := 0
	for _, m := range e.fake.Messages(e.fake.DMChannel(user)) {
		if m.Metadata != nil && m.Metadata.EventType == "source_alert" && strings.Contains(m.Text, "Meta") {
			n++
		}
	}
	return n
}
