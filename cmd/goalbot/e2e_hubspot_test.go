package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/adfake"
)

// TestE2ECostPerContactFromGoogleAndHubSpot runs goalbot with a fake Google Ads and a
// fake HubSpot configured: the first pull brings the Google campaign's spend and,
// after it, the HubSpot leads whose drill-down is that campaign's name; a
// cost_per_contact goal created in Slack is measured from both (100 EUR for 4 leads:
// 25 EUR a lead against a cap of 50, 200 %) and its started alert is posted.
func TestE2ECostPerContactFromGoogleAndHubSpot(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	nets := adfake.New(t, adfake.Generate(1, 2, 1234567890, "EUR", "UTC"), nil, nil)
	nets.Set("123456789000000", goalbot.Date{Year: 2026, Month: 3, Day: 2}, adfake.Value{SpendMicros: 100_000_000, Conversions: 6})
	hs := adfake.NewHubSpot(t, "Europe/Berlin")
	var contacts []adfake.Contact
	for i := range 5 {
		source := "PAID_SEARCH"
		if i == 4 {
			source = "ORGANIC_SEARCH" // not paid: not counted
		}
		contacts = append(contacts, adfake.Contact{ID: int64(100 + i), Source: source, Data1: "campaign 123456789000000",
			Dates: map[string]time.Time{"hs_lifecyclestage_lead_date": time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)}})
	}
	hs.SetContacts(contacts)
	env := hs.Env()
	for k, v := range nets.Env() {
		if strings.HasPrefix(k, "GOALBOT_GOOGLE_ADS_") {
			env[k] = v
		}
	}
	in := e.startWith(env)

	deadline := time.Now().Add(30 * time.Second)
	for {
		var s sourcesJSON
		if err := json.Unmarshal(in.mustDo("GET", "/v1/sources", e2eAPIToken, "", http.StatusOK), &s); err != nil {
			t.Fatal(err)
		}
		if len(s.Sources) == 2 && s.Sources[0].LastSuccess != "" && s.Sources[1].LastSuccess != "" {
			if s.Sources[1].Name != "hubspot" || s.Sources[1].Campaigns != 1 || s.Sources[1].Error != "" {
				t.Fatalf("after the first pull: %+v", s.Sources)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first pull did not end within 30s: %+v", s)
		}
		time.Sleep(50 * time.Millisecond)
	}

	create := `create name:"Cost per lead" goal_type:cost_per_contact lifecycle_stage:lead campaigns:google-123456789000000 duration:monthly start:2026-03-01 end:2026-03-31 target:50`
	expectIn(t, "create", e.slash("U1", "C1", create), "Created *G1*")
	waitEvents(t, e.fake, e.fake.DMChannel("U1"), "started")
	for _, m := range e.fake.Messages(e.fake.DMChannel("U1")) {
		var p struct {
			Progress json.Number `json:"progress"`
		}
		if m.Metadata != nil && json.Unmarshal(m.Metadata.EventPayload, &p) == nil && p.Progress != "200.0" {
			t.Errorf("the started alert's progress is %q, want 200.0 (100 EUR for 4 leads against a cap of 50)", p.Progress)
		}
	}
	expectIn(t, "show", e.slash("U1", "C1", "show G1"), "€25.00 (cap €50.00)", "€100.00")

	// HubSpot re-attributes the fifth contact to paid search: a pull of HubSpot alone
	// counts it, and keeps Google's spend.
	contacts[4].Source = "PAID_SEARCH"
	hs.SetContacts(contacts)
	in.mustDo("POST", "/v1/sources/sync", e2eAPIToken, `{"source":"hubspot"}`, http.StatusOK)
	deadline = time.Now().Add(10 * time.Second)
	for !strings.Contains(e.slash("U1", "C1", "show G1"), "€20.00 (cap €50.00)") {
		if time.Now().After(deadline) {
			t.Fatalf("after the re-pull: %s", e.slash("U1", "C1", "show G1"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
