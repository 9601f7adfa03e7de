package hubspot_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/adfake"
	"github.com/goalbot/goalbot/internal/sourcetest"
	"github.com/goalbot/goalbot/messages"
	"github.com/goalbot/goalbot/source"
	"github.com/goalbot/goalbot/source/hubspot"
)

// now is the rigs' clock: 2026-03-10 12:00 UTC.
var now = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// rig is a HubSpot source pulled into a fresh store whose catalog holds a Google
// search campaign, a Meta campaign of the same name, and a LinkedIn campaign.
type rig struct {
	*sourcetest.Rig
	fake   *adfake.HubSpot
	puller *hubspot.Puller
	waits  []time.Duration
	app    *commands.App
}

func newRig(t *testing.T, tz string) *rig {
	t.Helper()
	r := &rig{fake: adfake.NewHubSpot(t, tz)}
	r.puller = &hubspot.Puller{Client: hubspot.New(hubspot.Config{Token: r.fake.Token, APIURL: r.fake.URL(), RequestsPerSecond: 1000,
		Retry: sourcetest.NoSleep(&r.waits)})}
	src := &source.Source{Name: goalbot.SourceHubSpot, Network: "hubspot", Label: "HubSpot", Puller: r.puller}
	r.Rig = sourcetest.NewRig(t, src, now)
	r.puller.Store = r.Store
	r.app = &commands.App{Store: r.Store, Clock: r.Clock, Settings: goalbot.DefaultSettings}
	err := r.app.AddCatalog(context.Background(), commands.Catalog{
		Accounts: []goalbot.Account{{ID: "google-1", Name: "Acme Google", Network: "google", Currency: "EUR"},
			{ID: "meta-2", Name: "Acme Meta", Network: "meta", Currency: "EUR"}, {ID: "linkedin-3", Network: "linkedin", Currency: "GBP"}},
		Campaigns: []goalbot.Campaign{{ID: "google-111", Name: "Brand Search DE", AccountID: "google-1"},
			{ID: "meta-222", Name: "Brand Search DE", AccountID: "meta-2"}, {ID: "linkedin-333", Name: "Spring ABM", AccountID: "linkedin-3"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// at is an instant in UTC.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// lead is a paid contact that became a lead (and submitted its first form) at t.
func lead(id int64, source, data1, url string, t time.Time) adfake.Contact {
	return adfake.Contact{ID: id, Source: source, Data1: data1, FirstURL: url,
		Dates: map[string]time.Time{"hs_lifecyclestage_lead_date": t, "first_conversion_date": t}}
}

func (r *rig) expectDay(t *testing.T, campaign, day string, lead, forms int64) {
	t.Helper()
	got := r.Day(campaign, day)
	if got.ContactsIn(goalbot.Lead) != lead || got.FirstFormSubmissions != forms {
		t.Errorf("%s on %s: %d leads, %d forms; want %d and %d", campaign, day, got.ContactsIn(goalbot.Lead), got.FirstFormSubmissions, lead, forms)
	}
}

func TestAttribution(t *testing.T) {
	r := newRig(t, "UTC")
	day := at("2026-03-05T10:00:00Z")
	r.fake.SetContacts([]adfake.Contact{
		lead(1, hubspot.PaidSearch, "brand search de", "", day),                                                                      // drill-down = name (case aside); search → Google
		lead(2, hubspot.PaidSocial, "Brand Search DE", "", day),                                                                      // same name, social → Meta
		lead(3, hubspot.PaidSocial, "", "https://acme.example/demo?utm_source=linkedin&utm_campaign=333", day),                       // no drill-down: the first URL's utm_campaign, the network id
		lead(4, hubspot.PaidSearch, "spring-brand", "https://acme.example/?utm_campaign=google-111", day),                            // drill-down matches nothing, the URL's UTM does
		lead(5, hubspot.PaidSearch, "spring-brand", "", day),                                                                         // no match: unattributed
		lead(6, hubspot.PaidSearch, "spring-brand", "", day),                                                                         // no match: unattributed
		lead(7, hubspot.PaidSocial, "", "https://acme.example/", day),                                                                // nothing to match on
		{ID: 8, Source: "ORGANIC_SEARCH", Data1: "Brand Search DE", Dates: map[string]time.Time{"hs_lifecyclestage_lead_date": day}}, // not paid
	})
	res := r.Sync(false)
	if !res.Error.IsZero() || res.Accounts != 1 || res.Campaigns != 3 {
		t.Fatalf("pull: %+v", res)
	}
	r.expectDay(t, "google-111", "2026-03-05", 2, 2)
	r.expectDay(t, "meta-222", "2026-03-05", 1, 1)
	r.expectDay(t, "linkedin-333", "2026-03-05", 1, 1)
	u := r.Status(goalbot.SourceHubSpot).Unattributed
	if u == nil || u.Contacts != 3 || len(u.Top) != 2 || u.Top[0] != (goalbot.DrillDown{Value: "spring-brand", Contacts: 2}) ||
		u.From.String() != "2026-02-09" || u.To.String() != "2026-03-10" {
		t.Fatalf("unattributed %+v: want 3 contacts, spring-brand (2) first, over the last 30 days", u)
	}

	// An override sends spring-brand to the LinkedIn campaign, whose name then no
	// longer matches; the next pull counts them so.
	if err := r.app.SetCampaignMatch(context.Background(), map[string][]string{"linkedin-333": {"Spring-Brand"}}); err != nil {
		t.Fatal(err)
	}
	r.Sync(false)
	r.expectDay(t, "linkedin-333", "2026-03-05", 3, 3) // 4, 5 and 6 by their drill-down (3's utm 333 no longer names it)
	r.expectDay(t, "google-111", "2026-03-05", 1, 1)
	if u := r.Status(goalbot.SourceHubSpot).Unattributed; u.Contacts != 2 {
		t.Errorf("after the override %d unattributed, want 2 (contacts 3 and 7)", u.Contacts)
	}
}

func TestStageDatesInThePortalsTimeZone(t *testing.T) {
	r := newRig(t, "America/Los_Angeles")
	r.fake.SetContacts([]adfake.Contact{
		lead(1, hubspot.PaidSearch, "google-111", "", at("2026-03-06T07:30:00Z")), // 23:30 on the 5th in Los Angeles
		lead(2, hubspot.PaidSearch, "google-111", "", at("2026-03-06T08:30:00Z")), // 00:30 on the 6th
	})
	r.Sync(false)
	r.expectDay(t, "google-111", "2026-03-05", 1, 1)
	r.expectDay(t, "google-111", "2026-03-06", 1, 1)
	// The 60 days of the first pull, up to the portal's today (March 10 in Los Angeles),
	// are searched in chunks of 30 from the portal's midnights: the second from February 9.
	la, _ := time.LoadLocation("America/Los_Angeles")
	lo := fmt.Sprintf(`"operator":"GTE","value":"%d"`, time.Date(2026, 2, 9, 0, 0, 0, 0, la).UnixMilli())
	hi := fmt.Sprintf(`"operator":"LT","value":"%d"`, time.Date(2026, 3, 11, 0, 0, 0, 0, la).UnixMilli())
	bodies := strings.Join(r.fake.Bodies(), "\n")
	if !strings.Contains(bodies, lo) || !strings.Contains(bodies, hi) || !strings.Contains(bodies, `"IN","values":["PAID_SEARCH","PAID_SOCIAL"]`) {
		t.Errorf("the searches do not run from the portal's midnight of 2026-02-09 to that of 2026-03-11, paid sources only: %s", bodies)
	}
}

func TestRepullAfterAContactMovedStage(t *testing.T) {
	r := newRig(t, "UTC")
	d := at("2026-03-04T09:00:00Z")
	r.fake.SetContacts([]adfake.Contact{lead(1, hubspot.PaidSearch, "google-111", "", d), lead(2, hubspot.PaidSearch, "google-111", "", d)})
	r.Sync(false)
	r.expectDay(t, "google-111", "2026-03-04", 2, 2)
	// Contact 1 is set back by hand (HubSpot clears its lead date); contact 2 becomes an MQL.
	r.fake.Update(1, func(c *adfake.Contact) { delete(c.Dates, "hs_lifecyclestage_lead_date") })
	r.fake.Update(2, func(c *adfake.Contact) {
		c.Dates["hs_lifecyclestage_marketingqualifiedlead_date"] = at("2026-03-08T09:00:00Z")
	})
	r.Sync(false)
	r.expectDay(t, "google-111", "2026-03-04", 1, 2)
	if got := r.Day("google-111", "2026-03-08").ContactsIn(goalbot.MarketingQualifiedLead); got != 1 {
		t.Errorf("MQLs on 2026-03-08: %d, want 1", got)
	}
	// Everyone leaves: the days drop to zero rather than keep the last counts.
	r.fake.SetContacts(nil)
	r.Sync(false)
	r.expectDay(t, "google-111", "2026-03-04", 0, 0)
}

func TestCRMAndAdFieldsKeepEachOther(t *testing.T) {
	r := newRig(t, "UTC")
	r.fake.SetContacts([]adfake.Contact{lead(1, hubspot.PaidSearch, "google-111", "", at("2026-03-04T09:00:00Z"))})
	r.Sync(false)
	ad := []goalbot.Metric{{Date: goalbot.Date{Year: 2026, Month: 3, Day: 4}, Network: "google", AccountID: "google-1", CampaignID: "google-111",
		Currency: "EUR", Totals: goalbot.Totals{Spend: 12_500_000, Conversions: 3_000_000}}}
	if err := r.app.IngestRows(context.Background(), ad, goalbot.AdFields); err != nil {
		t.Fatal(err)
	}
	got := r.Day("google-111", "2026-03-04")
	if got.Spend != 12_500_000 || got.ContactsIn(goalbot.Lead) != 1 || got.FirstFormSubmissions != 1 {
		t.Fatalf("after an ad pull: %+v; want the spend and the CRM's lead and form", got)
	}
	r.fake.SetContacts([]adfake.Contact{lead(1, hubspot.PaidSearch, "google-111", "", at("2026-03-04T09:00:00Z")),
		lead(2, hubspot.PaidSearch, "google-111", "", at("2026-03-04T10:00:00Z"))})
	r.Sync(false)
	got = r.Day("google-111", "2026-03-04")
	if got.Spend != 12_500_000 || got.Conversions != 3_000_000 || got.ContactsIn(goalbot.Lead) != 2 {
		t.Fatalf("after a CRM re-pull: %+v; want the ad network's spend and conversions kept, 2 leads", got)
	}
}

func TestSplitsUnderTheResultCap(t *testing.T) {
	r := newRig(t, "UTC")
	var cs []adfake.Contact
	for i := range 12_345 {
		cs = append(cs, lead(int64(i+1), hubspot.PaidSearch, "google-111", "", at("2026-03-01T00:00:00Z").Add(time.Duration(i)*time.Minute)))
	}
	r.fake.SetContacts(cs)
	res := r.Sync(false)
	if !res.Error.IsZero() {
		t.Fatal(res.Error)
	}
	var leads int64
	for d := (goalbot.Date{Year: 2026, Month: 3, Day: 1}); !d.After(goalbot.Date{Year: 2026, Month: 3, Day: 10}); d = d.AddDays(1) {
		leads += r.Day("google-111", d.String()).ContactsIn(goalbot.Lead)
	}
	if leads != 12_345 {
		t.Fatalf("%d leads counted, want all 12,345 (the range split below the 10,000 cap)", leads)
	}
}

func TestBacksOffOnRateLimits(t *testing.T) {
	r := newRig(t, "UTC")
	r.fake.SetContacts([]adfake.Contact{lead(1, hubspot.PaidSearch, "google-111", "", at("2026-03-04T09:00:00Z"))})
	r.fake.RateLimit(2)
	if res := r.Sync(false); !res.Error.IsZero() {
		t.Fatal(res.Error)
	}
	r.expectDay(t, "google-111", "2026-03-04", 1, 1)
	if len(r.waits) != 2 || r.waits[0] != 2*time.Second {
		t.Errorf("waited %v: want two waits of 2s after the 429s", r.waits)
	}
}

func TestExpiredTokenStopsTheSource(t *testing.T) {
	r := newRig(t, "UTC")
	r.fake.Expire(true)
	res := r.Sync(false)
	st := r.Status(goalbot.SourceHubSpot)
	if !st.Stopped || !strings.Contains(messages.English().Message(res.Error), "HubSpot refused the token") || !strings.Contains(messages.English().Message(res.Error), "GOALBOT_HUBSPOT_TOKEN") {
		t.Fatalf("result %+v, status %+v: want the source stopped with how to get a new token", res, st)
	}
	if len(r.waits) != 0 {
		t.Errorf("a refused token was retried: %v", r.waits)
	}
	as, err := r.Store.TakeDueAlerts(context.Background(), time.Now().Add(time.Hour), 10, time.Minute)
	if err != nil || len(as) != 1 || as[0].Event != goalbot.EventSourceFailed || as[0].Source != goalbot.SourceHubSpot || as[0].Recipient != "U9" {
		t.Errorf("alerts %+v, %v: want one source_failed alert for HubSpot to the admin", as, err)
	}
	if res := r.Sync(true); !strings.Contains(messages.English().Message(res.Skipped), "stopped") {
		t.Errorf("a scheduled pull with the same token was not skipped: %+v", res)
	}
}

func TestFallsBackToV3(t *testing.T) {
	r := newRig(t, "UTC")
	r.fake.Versions = nil // the dated paths answer 404
	r.fake.SetContacts([]adfake.Contact{lead(1, hubspot.PaidSearch, "google-111", "", at("2026-03-04T09:00:00Z"))})
	if res := r.Sync(false); !res.Error.IsZero() {
		t.Fatal(res.Error)
	}
	r.expectDay(t, "google-111", "2026-03-04", 1, 1)
}

func TestPacesThePortal(t *testing.T) {
	fake := adfake.NewHubSpot(t, "UTC")
	c := hubspot.New(hubspot.Config{Token: fake.Token, APIURL: fake.URL()})
	start := time.Now()
	for range 5 {
		if _, err := c.Portal(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 950*time.Millisecond {
		t.Fatalf("5 requests took %v: more than 4 a second", d)
	}
}

func TestRefusals(t *testing.T) {
	fake := adfake.NewHubSpot(t, "UTC")
	c := hubspot.New(hubspot.Config{Token: "wrong", APIURL: fake.URL(), RequestsPerSecond: 100})
	_, err := c.Portal(context.Background())
	sourcetest.Expect(t, err, 0, source.Auth, "HubSpot refused the token")
	if !strings.Contains(err.Error(), "INVALID_AUTHENTICATION") || strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q: want HubSpot's category and never the token", err)
	}
	_ = http.StatusOK
}
