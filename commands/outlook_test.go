package commands

import (
	"context"
	"fmt"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// TestShowOutlook: `show` of a running count goal carries its outlook, computed from
// its daily metrics; a cost goal and a goal not started have none.
func TestShowOutlook(t *testing.T) {
	a, g := chartWorld(t)
	ctx := context.Background()
	s, err := a.Show(ctx, g.ID)
	ok(t, err)
	o := s.Outlook
	if o == nil {
		t.Fatal("no outlook")
	}
	// 30 of 200 after 10 days of March: 170 left over the 22 days from today.
	if o.Actual != goalbot.Units(30) || o.DaysLeft != 22 || o.Needed != 7_727_273 || o.Last7 != goalbot.Units(3) || o.Pace != goalbot.AtRisk {
		t.Errorf("outlook = %+v", *o)
	}
	if o.Projection == nil || o.Projection.Value != goalbot.Units(30+21*3) {
		t.Errorf("projection = %+v, want 93 (today's 3 in, and 3 a day to the end)", o.Projection)
	}
	cost, err := a.CreateGoal(ctx, Actor{UserID: "U1"}, goalbot.Draft{Name: "Cost", Type: "cost_per_contact", Stage: "lead",
		Campaigns: []string{"cmp-1"}, Duration: "monthly", Target: "20"})
	ok(t, err)
	later, err := a.CreateGoal(ctx, Actor{UserID: "U1"}, goalbot.Draft{Name: "Later", Type: "network_conversions", Campaigns: []string{"cmp-1"},
		Duration: "custom", Start: "2026-06-01", End: "2026-06-30", Target: "10"})
	ok(t, err)
	for _, id := range []string{cost.ID, later.ID} {
		if s, err := a.Show(ctx, id); err != nil || s.Outlook != nil {
			t.Errorf("show %s: outlook %+v, %v; want none", id, s.Outlook, err)
		}
	}
}

// TestHomeOutlooksBounded: the Home tab computes the outlooks of the running goals
// it can show, HomeGroupGoals of a group at most, not of every goal it loads.
func TestHomeOutlooksBounded(t *testing.T) {
	a, _ := chartWorld(t)
	ctx := context.Background()
	for i := range 2 * HomeGroupGoals {
		_, err := a.CreateGoal(ctx, Actor{UserID: "U1"}, goalbot.Draft{Name: fmt.Sprintf("Goal %d", i), Type: "network_conversions",
			Campaigns: []string{"cmp-1"}, Duration: "monthly", Target: "100"})
		ok(t, err)
	}
	h, err := a.Home(ctx, "U1", func(context.Context, string) (bool, error) { return false, nil })
	ok(t, err)
	// G1, measured at risk, is the at-risk group; the others, not measured yet, are
	// in progress, of which the tab shows the first HomeGroupGoals.
	if len(h.Goals) != 2*HomeGroupGoals+1 || len(h.Outlooks) != HomeGroupGoals+1 {
		t.Errorf("home of %d goals has %d outlooks, want %d", len(h.Goals), len(h.Outlooks), HomeGroupGoals+1)
	}
	if _, ok := h.Outlooks["G1"]; !ok {
		t.Errorf("outlooks %v lack the first goal's", h.Outlooks)
	}
}

// TestOutlookText: the outlook in words, English and Swedish, for what a goal counts:
// whole numbers rounded up for what comes whole, hundredths for conversions; the
// last day, a target reached, a first day without a projection.
func TestOutlookText(t *testing.T) {
	leads := &goalbot.Goal{Type: goalbot.ContactsInStage, Stage: goalbot.Lead}
	mqls := &goalbot.Goal{Type: goalbot.ContactsInStage, Stage: goalbot.MarketingQualifiedLead}
	conv := &goalbot.Goal{Type: goalbot.NetworkConversions}
	proj := &goalbot.Projection{Value: goalbot.Units(1180), Low: 1_050_400_000, High: goalbot.Units(1310)}
	base := goalbot.Outlook{Projection: proj, Needed: 41_200_000, DaysLeft: 12, Last7: 29_600_000, Last7Days: 7, Pace: goalbot.Behind, PaceRatio: 0.8649}
	lastDay, reached, first, one := base, base, base, base
	lastDay.DaysLeft = 1
	reached.Reached, reached.Pace, reached.PaceRatio = true, goalbot.OnTrack, 1.2
	first.Projection, first.Last7Days = nil, 0
	one.Needed, one.Last7Days = goalbot.Units(1), 1
	for _, c := range []struct {
		g    *goalbot.Goal
		o    goalbot.Outlook
		en   string
		sv   string
		name string
	}{
		{leads, base, "behind (pace 0.86): projected 1,180 (1,050–1,310); needs 42 leads a day for the 12 days left; the last 7 days averaged 30",
			"efter (takt 0,86): prognos 1\u00a0180 (1\u00a0050–1\u00a0310); behöver 42 leads om dagen de 12 dagar som är kvar; snittet de senaste 7 dagarna var 30", "leads"},
		{conv, base, "behind (pace 0.86): projected 1,180 (1,050.4–1,310); needs 41.2 conversions a day for the 12 days left; the last 7 days averaged 29.6",
			"efter (takt 0,86): prognos 1\u00a0180 (1\u00a0050,4–1\u00a0310); behöver 41,2 konverteringar om dagen de 12 dagar som är kvar; snittet de senaste 7 dagarna var 29,6", "conversions"},
		{mqls, lastDay, "behind (pace 0.86): projected 1,180 (1,050–1,310); needs 42 MQLs today, the last day; the last 7 days averaged 30",
			"efter (takt 0,86): prognos 1\u00a0180 (1\u00a0050–1\u00a0310); behöver 42 MQL:er i dag, den sista dagen; snittet de senaste 7 dagarna var 30", "last day"},
		{leads, reached, "on track (pace 1.20): projected 1,180 (1,050–1,310); the target is reached; the last 7 days averaged 30",
			"i fas (takt 1,20): prognos 1\u00a0180 (1\u00a0050–1\u00a0310); målet är nått; snittet de senaste 7 dagarna var 30", "reached"},
		{leads, first, "behind (pace 0.86): no projection before the period's first day is over; needs 42 leads a day for the 12 days left",
			"efter (takt 0,86): ingen prognos förrän periodens första dag är slut; behöver 42 leads om dagen de 12 dagar som är kvar", "first day"},
		{leads, one, "behind (pace 0.86): projected 1,180 (1,050–1,310); needs 1 lead a day for the 12 days left; the last day brought 30",
			"efter (takt 0,86): prognos 1\u00a0180 (1\u00a0050–1\u00a0310); behöver 1 lead om dagen de 12 dagar som är kvar; senaste dagen gav 30", "one"},
	} {
		if got := OutlookText(messages.English(), c.g, c.o); got != c.en {
			t.Errorf("%s, English:\n got %q\nwant %q", c.name, got, c.en)
		}
		if got := OutlookText(messages.For("sv"), c.g, c.o); got != c.sv {
			t.Errorf("%s, Swedish:\n got %q\nwant %q", c.name, got, c.sv)
		}
	}
}
