package hubspot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/adfake"
	"github.com/goalbot/goalbot/source/hubspot"
)

// conversions writes a Google pull's conversions of google-111: n a day for the 7
// days from first.
func (r *rig) conversions(t *testing.T, first goalbot.Date, n int64) {
	t.Helper()
	var rows []goalbot.Metric
	for d := first; d.Before(first.AddDays(7)); d = d.AddDays(1) {
		rows = append(rows, goalbot.Metric{Date: d, Network: "google", AccountID: "google-1", CampaignID: "google-111", Currency: "EUR",
			Totals: goalbot.Totals{Spend: 1_000_000, Conversions: goalbot.Micro(n) * goalbot.MicroUnit}})
	}
	if err := r.app.IngestRows(context.Background(), rows, goalbot.AdFields); err != nil {
		t.Fatal(err)
	}
}

// forms sets the portal's paid contacts of google-111: n first form submissions on March 5.
func (r *rig) forms(n int) {
	var cs []adfake.Contact
	for i := range n {
		cs = append(cs, lead(int64(i+1), hubspot.PaidSearch, "google-111", "", at("2026-03-05T10:00:00Z")))
	}
	r.fake.SetContacts(cs)
}

// queued returns the recipients of the drift alerts queued by now.
func (r *rig) queued(t *testing.T, now time.Time) []string {
	t.Helper()
	as, err := r.Store.TakeDueAlerts(context.Background(), now.Add(time.Hour), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range as {
		if err := r.Store.MarkDelivered(context.Background(), a.Key); err != nil {
			t.Fatal(err)
		}
		if a.Event == goalbot.EventDrift {
			out = append(out, fmt.Sprintf("%s:%s:%s/%d", a.Recipient, strings.Join(a.GoalIDs, ","), a.Drift.Conversions, a.Drift.FirstFormSubmissions))
		}
	}
	slices.Sort(out)
	return out
}

func TestDriftAlertAfterThePull(t *testing.T) {
	r := newRig(t, "UTC")
	r.puller.Drift = &goalbot.DriftRule{Threshold: 0.5, Settle: 24 * time.Hour, Location: time.UTC}
	ctx := context.Background()
	create := "create name:Forms goal_type:first_form_submissions campaigns:google-111 duration:monthly start:2026-03-01 end:2026-03-31 target:10"
	if o, err := r.app.Execute(ctx, commands.Actor{UserID: "U1"}, "C1", create); err != nil || !slices.Equal(o.Changes().Goals, []string{"G1"}) {
		t.Fatalf("create: %v %+v", err, o)
	}
	for _, s := range []*goalbot.Subscription{
		{Channel: "C9", Events: []goalbot.Event{goalbot.EventDrift}, Creator: "U1", CreatedAt: now},
		{Channel: "C8", Events: []goalbot.Event{goalbot.EventStarted}, Creator: "U1", CreatedAt: now},
	} {
		if err := r.Store.CreateSubscription(ctx, s); err != nil {
			t.Fatal(err)
		}
	}

	// 70 conversions and 40 forms: 43 % apart, under the 50 % threshold.
	r.conversions(t, goalbot.Date{Year: 2026, Month: 3, Day: 2}, 10)
	r.forms(40)
	r.Sync(false)
	if got := r.queued(t, now); len(got) != 0 {
		t.Fatalf("queued %v at 43 %% apart", got)
	}
	// 70 and 30: 57 % apart. The creator and the subscription that asks for drift are told.
	r.forms(30)
	r.Sync(false)
	want := []string{"C9:G1:70/30", "U1:G1:70/30"}
	if got := r.queued(t, now); !slices.Equal(got, want) {
		t.Fatalf("queued %v, want %v", got, want)
	}
	// Once a week: another pull the same week tells nobody again.
	r.Sync(false)
	if got := r.queued(t, now); len(got) != 0 {
		t.Fatalf("queued %v again the same week", got)
	}
	// The next week compares its own last settled week (March 9 to 15): still drifting,
	// it is told again.
	next := now.AddDate(0, 0, 7)
	if err := r.Clock.Set(next); err != nil {
		t.Fatal(err)
	}
	r.conversions(t, goalbot.Date{Year: 2026, Month: 3, Day: 9}, 10)
	if err := r.puller.Check(ctx, next); err != nil {
		t.Fatal(err)
	}
	if got := r.queued(t, next); !slices.Equal(got, []string{"C9:G1:70/0", "U1:G1:70/0"}) {
		t.Fatalf("queued %v the next week, want the creator and C9 told of 70 conversions and no forms", got)
	}
}
