package store

import (
	"testing"

	"github.com/goalbot/goalbot"
)

// testMetricFields: an ad network's write keeps the CRM's contacts and forms of the
// same day, the CRM's keeps the network's spend and conversions, and the month
// totals follow; a push replaces the whole day.
func testMetricFields(t *testing.T, r *Redis) {
	d := goalbot.Date{Year: 2026, Month: 3, Day: 4}
	crm := row("c1", d, 0, 8) // 8 leads, 2 customers, 4 forms
	ok(t, r.UpsertMetricFields(ctx, []goalbot.Metric{crm}, goalbot.CRMFields, t0))
	ad := row("c1", d, 30*goalbot.MicroUnit, 0) // spend 30, conversions 10
	ok(t, r.UpsertMetricFields(ctx, []goalbot.Metric{ad}, goalbot.AdFields, t0))
	total := monthTotalsMatchDays(t, r, "c1", 2026, 3)
	if total.Spend != 30*goalbot.MicroUnit || total.Conversions != 10*goalbot.MicroUnit || total.ContactsIn(goalbot.Lead) != 8 || total.FirstFormSubmissions != 4 {
		t.Fatalf("after the ad write: %+v; want the spend, the conversions, the leads and the forms", total)
	}
	// The CRM pulls again: 3 leads now; the spend stays.
	ok(t, r.UpsertMetricFields(ctx, []goalbot.Metric{row("c1", d, 99*goalbot.MicroUnit, 3)}, goalbot.CRMFields, t0))
	total = monthTotalsMatchDays(t, r, "c1", 2026, 3)
	if total.Spend != 30*goalbot.MicroUnit || total.ContactsIn(goalbot.Lead) != 3 || total.FirstFormSubmissions != 1 {
		t.Fatalf("after the CRM re-pull: %+v; want spend 30 kept, 3 leads and 1 form", total)
	}
	// A push replaces every field.
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c1", d, 5*goalbot.MicroUnit, 0)}, t0))
	total = monthTotalsMatchDays(t, r, "c1", 2026, 3)
	if total.Spend != 5*goalbot.MicroUnit || total.HasCRM() {
		t.Fatalf("after a push: %+v; want only its spend", total)
	}
}

// testAttribution: overrides are set, replaced and removed; AllCampaigns lists the
// catalog with each account's network and currency.
func testAttribution(t *testing.T, r *Redis) {
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c2", goalbot.Date{Year: 2026, Month: 3, Day: 1}, 1, 0),
		row("c1", goalbot.Date{Year: 2026, Month: 3, Day: 1}, 1, 0)}, t0))
	ok(t, r.SetAttribution(ctx, map[string][]string{"c1": {"spring_brand", "Spring-Brand"}, "c2": {"x"}}))
	ok(t, r.SetAttribution(ctx, map[string][]string{"c2": {}}))
	got, err := r.Attribution(ctx)
	ok(t, err)
	if len(got) != 1 || len(got["c1"]) != 2 || got["c1"][1] != "Spring-Brand" {
		t.Fatalf("attribution %v: want c1's two values, c2's removed", got)
	}
	camps, err := r.AllCampaigns(ctx)
	ok(t, err)
	if len(camps) != 2 || camps[0].ID != "c1" || camps[0].Currency != "USD" || camps[0].Network != "google" || camps[1].AccountID != "act-1" {
		t.Fatalf("all campaigns %+v", camps)
	}
}
