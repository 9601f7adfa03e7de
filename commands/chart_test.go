package commands

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/chart"
	"github.com/goalbot/goalbot/messages"
)

// chartWorld is newTestApp (2026-03-10, noon UTC) with G1, a monthly conversions goal
// of 2026 on cmp-1 and cmp-2 with a target of 100 each, and their metrics from
// 2026-01-01 to today: 2 conversions a day on cmp-1, 1 on cmp-2, 10 dollars each.
// Its measurement is stored as the engine would keep it: January and February
// settled, March running.
func chartWorld(t *testing.T) (*App, *goalbot.Goal) {
	t.Helper()
	a := newTestApp(t)
	ctx := context.Background()
	g, err := a.CreateGoal(ctx, Actor{UserID: "U1"}, goalbot.Draft{Name: "Spring <conversions>", Type: "network_conversions",
		Campaigns: []string{"cmp-1", "cmp-2"}, Duration: "monthly", Target: "100"})
	ok(t, err)
	var rows []goalbot.Metric
	start, today := goalbot.Date{Year: 2026, Month: 1, Day: 1}, a.today()
	for d := start; !d.After(today); d = d.AddDays(1) {
		for i, c := range []string{"cmp-1", "cmp-2"} {
			rows = append(rows, goalbot.Metric{Date: d, Network: "google", AccountID: "act-1", CampaignID: c, Currency: "USD",
				Totals: goalbot.Totals{Spend: goalbot.Units(10), Conversions: goalbot.Units(int64(2 - i))}})
		}
	}
	ok(t, a.IngestMetrics(ctx, rows))
	saveMeasurement(t, a, g)
	return a, g
}

// saveMeasurement measures g from the store's sums, as the engine does, and keeps it.
func saveMeasurement(t *testing.T, a *App, g *goalbot.Goal) {
	t.Helper()
	saveMeasurementIn(t, a, g, "USD")
}

// saveMeasurementIn is saveMeasurement with every campaign spending in currency.
func saveMeasurementIn(t *testing.T, a *App, g *goalbot.Goal, currency string) {
	t.Helper()
	s := a.Store.(interface {
		SumRanges(ctx context.Context, qs []goalbot.CampaignRange) ([]goalbot.Totals, error)
		SaveMeasurement(ctx context.Context, m goalbot.Measurement) error
	})
	ps := g.Periods()
	var qs []goalbot.CampaignRange
	for _, p := range ps {
		for _, c := range g.Campaigns {
			qs = append(qs, goalbot.CampaignRange{Campaign: c, From: p.Start, To: p.End})
		}
	}
	totals, err := s.SumRanges(context.Background(), qs)
	ok(t, err)
	sums := make([][]goalbot.Totals, len(ps))
	for i := range ps {
		sums[i] = totals[i*len(g.Campaigns) : (i+1)*len(g.Campaigns)]
	}
	currencies := slices.Repeat([]string{currency}, len(g.Campaigns))
	ok(t, s.SaveMeasurement(context.Background(), goalbot.Measure(g, sums, currencies, nil, a.now(), 24*time.Hour)))
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestChartSeries: a goal's chart is read from its daily metrics (the running
// period day by day, and as many days before it as the weekday-aware projection
// needs) and its measurement (the ended periods), and drawn in the reader's
// language: the subtitle says what reaching the target takes, the bars are labelled
// in the reader's words, and the same chart gives the same PNG.
func TestChartSeries(t *testing.T) {
	a, g := chartWorld(t)
	c, err := a.Chart(context.Background(), Actor{UserID: "U2"}, g.ID, "")
	ok(t, err)
	r := c.Series.Run
	if r == nil {
		t.Fatal("no running period")
	}
	march := goalbot.Period{Start: goalbot.Date{Year: 2026, Month: 3, Day: 1}, End: goalbot.Date{Year: 2026, Month: 3, Day: 31}}
	if r.Period != march || r.Today != (goalbot.Date{Year: 2026, Month: 3, Day: 10}) || r.Target != goalbot.Units(200) {
		t.Errorf("run = %v today %v target %v, want March 2026 on the 10th, 200", r.Period, r.Today, r.Target)
	}
	three := goalbot.Units(3)
	if len(r.Daily) != 10 || slices.ContainsFunc(r.Daily, func(v goalbot.Micro) bool { return v != three }) {
		t.Errorf("daily = %v, want 10 days of 3", r.Daily)
	}
	if len(r.Before) != goalbot.ProfileDays-9 || slices.ContainsFunc(r.Before, func(v goalbot.Micro) bool { return v != three }) {
		t.Errorf("before = %d days (%v), want the %d that make 8 weeks of complete days, each 3", len(r.Before), r.Before, goalbot.ProfileDays-9)
	}

	en := c.Chart(messages.English())
	cur := en.Current
	if cur.Days != 31 || len(cur.Actual) != 10 || cur.Actual[9] != 30 || cur.Target != 200 || cur.Projection == nil {
		t.Errorf("current = %+v", cur)
	}
	var labels []string
	var actuals, targets []float64
	for _, p := range en.Past {
		labels, actuals, targets = append(labels, p.Label), append(actuals, p.Actual), append(targets, p.Target)
	}
	if !slices.Equal(labels, []string{"Jan", "Feb"}) || !slices.Equal(actuals, []float64{93, 84}) || !slices.Equal(targets, []float64{200, 200}) {
		t.Errorf("bars %q %v %v, want January's 93 and February's 84 of 200", labels, actuals, targets)
	}
	for _, want := range []string{"March 2026 · 15% of target · at risk (pace 0.4",
		"needs 7.73 conversions a day for the 22 days left; the last 7 days averaged 3"} {
		if !strings.Contains(en.Subtitle, want) {
			t.Errorf("subtitle %q lacks %q", en.Subtitle, want)
		}
	}
	if en.Title != "G1 · Spring <conversions>" {
		t.Errorf("title %q", en.Title)
	}
	sv := c.Chart(messages.For("sv-SE"))
	for _, want := range []string{"mars 2026 · 15\u00a0% av målet · i riskzonen (takt 0,4",
		"behöver 7,73 konverteringar om dagen de 22 dagar som är kvar; snittet de senaste 7 dagarna var 3"} {
		if !strings.Contains(sv.Subtitle, want) {
			t.Errorf("Swedish subtitle %q lacks %q", sv.Subtitle, want)
		}
	}
	if sv.Past[0].Label != "jan" || sv.Locale.Words.Actual != "Utfall" || sv.Locale.Date(march.Start) != "1 mars" {
		t.Errorf("Swedish chart: label %q, words %+v, date %q", sv.Past[0].Label, sv.Locale.Words, sv.Locale.Date(march.Start))
	}

	first, err := c.Draw(messages.English())
	ok(t, err)
	again, err := c.Draw(messages.English())
	ok(t, err)
	swedish, err := c.Draw(messages.For("sv"))
	ok(t, err)
	cfg, err := png.DecodeConfig(bytes.NewReader(first))
	ok(t, err)
	if cfg.Width != chart.Width || cfg.Height != chart.Height || !bytes.Equal(first, again) || bytes.Equal(first, swedish) {
		t.Errorf("PNG %dx%d, same twice %v, same in Swedish %v", cfg.Width, cfg.Height, bytes.Equal(first, again), bytes.Equal(first, swedish))
	}
	if c.FileName() != "goalbot-G1-2026-03-10.png" {
		t.Errorf("file name %q", c.FileName())
	}
}

// TestChartRefusals: a chart goes to a channel only for its members and admins; a
// goal that has not started, or that has nothing to show, has none; the command
// takes a goal and perhaps a channel, nothing else.
func TestChartRefusals(t *testing.T) {
	en := messages.English()
	a, g := chartWorld(t)
	ctx := context.Background()
	c, err := a.Chart(ctx, Actor{UserID: "U1"}, g.ID, "C1")
	if err != nil || c.Channel != "C1" {
		t.Errorf("a member's chart to C1: %+v, %v", c.Channel, err)
	}
	if _, err := a.Chart(ctx, Actor{UserID: "UADMIN"}, g.ID, "C7"); err != nil {
		t.Errorf("an admin's chart to C7: %v", err)
	}
	_, err = a.Chart(ctx, Actor{UserID: "U2"}, g.ID, "C1")
	if goalbot.ErrorCode(err) != goalbot.EFORBIDDEN || !strings.Contains(en.Error(err), "only members of <#C1>") {
		t.Errorf("a non-member's chart to C1: %v", err)
	}
	if sv := messages.For("sv").Message(Refuse(err).Message); !strings.Contains(sv, "bara medlemmar i <#C1>") {
		t.Errorf("the refusal in Swedish: %q", sv)
	}

	later, err := a.CreateGoal(ctx, Actor{UserID: "U1"}, goalbot.Draft{Name: "Later", Type: "network_conversions", Campaigns: []string{"cmp-1"},
		Duration: "custom", Start: "2026-06-01", End: "2026-06-30", Target: "10"})
	ok(t, err)
	_, err = a.Chart(ctx, Actor{UserID: "U1"}, later.ID, "")
	if goalbot.ErrorCode(err) != goalbot.EINVALID || !strings.Contains(en.Error(err), "starts on 2026-06-01") {
		t.Errorf("a goal not started: %v", err)
	}
	budget, err := a.CreateGoal(ctx, Actor{UserID: "U1"}, goalbot.Draft{Name: "Budget", Type: "ad_spend", Campaigns: []string{"cmp-1"},
		Duration: "monthly", Target: "1000"})
	ok(t, err)
	for _, c := range []struct {
		v    GoalView
		want bool
	}{
		{GoalView{Goal: g, Status: goalbot.InProgress}, true},
		{GoalView{Goal: g, Status: goalbot.Pending}, false},
		{GoalView{Goal: budget, Status: goalbot.InProgress}, true},
		{GoalView{Goal: budget, Status: goalbot.Pending}, false},
	} {
		if HasChart(c.v) != c.want {
			t.Errorf("HasChart(%s, %s) = %v", c.v.Goal.Type, c.v.Status, !c.want)
		}
	}
	ended, err := a.CreateGoal(ctx, Actor{UserID: "U1"}, goalbot.Draft{Name: "Ended", Type: "network_conversions", Campaigns: []string{"cmp-1"},
		Duration: "custom", Start: "2026-01-01", End: "2026-01-31", Target: "10"})
	ok(t, err)
	_, err = a.Chart(ctx, Actor{UserID: "U1"}, ended.ID, "") // never measured: nothing to show
	if goalbot.ErrorCode(err) != goalbot.EINVALID || !strings.Contains(en.Error(err), "/goal refresh "+ended.ID) {
		t.Errorf("an ended goal never measured: %v", err)
	}
	saveMeasurement(t, a, ended)
	c, err = a.Chart(ctx, Actor{UserID: "U1"}, ended.ID, "")
	if err != nil || c.Series.Run != nil || len(c.Chart(messages.English()).Past) != 1 {
		t.Errorf("an ended goal's chart: %+v, %v; want its one period as a bar", c, err)
	}

	for text, want := range map[string]string{
		"chart":                 "name the goal",
		"chart G1 spring":       `"spring" is not a goal id`,
		"chart G1 G2":           "takes one goal id",
		"chart G1 #C1 <#C2|x>":  `"<#C2|x>" is neither`,
		"chart G1 #nope":        `"#nope" is neither`,
		"chart G1 channel:C1":   `"channel:C1" is neither`,
		"chart G404":            "G404",
		"chart G1 <#C1|growth>": "",
	} {
		o, err := a.Execute(ctx, Actor{UserID: "U1"}, "C1", text)
		ok(t, err)
		r, refused := o.(Refusal)
		switch {
		case want == "" && refused:
			t.Errorf("%s: refused %q", text, en.Message(r.Message))
		case want == "":
			if c, isChart := o.(Charted); !isChart || c.Channel != "C1" {
				t.Errorf("%s: %#v, want G1's chart for C1", text, o)
			}
		case !refused || !strings.Contains(en.Message(r.Message), want):
			t.Errorf("%s: %#v, want a refusal saying %q", text, o, want)
		}
	}
}

// TestCostChart: a cost goal's chart plots its cost per contact so far, day by day,
// against its cap; unknown (NaN) before the first contact.
func TestCostChart(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	g, err := a.CreateGoal(ctx, Actor{UserID: "U1"}, goalbot.Draft{Name: "Cost", Type: "cost_per_contact", Stage: "lead",
		Campaigns: []string{"cmp-1"}, Duration: "monthly", Target: "20"})
	ok(t, err)
	var rows []goalbot.Metric
	for d := 1; d <= 10; d++ {
		m := goalbot.Metric{Date: goalbot.Date{Year: 2026, Month: 3, Day: d}, Network: "google", AccountID: "act-1", CampaignID: "cmp-1",
			Currency: "USD", Totals: goalbot.Totals{Spend: goalbot.Units(30)}}
		if d >= 3 {
			m.Contacts[goalbot.StageIndex(goalbot.Lead)] = 2
		}
		rows = append(rows, m)
	}
	ok(t, a.IngestMetrics(ctx, rows))
	c, err := a.Chart(ctx, Actor{UserID: "U1"}, g.ID, "")
	ok(t, err)
	ch := c.Chart(messages.English())
	got := ch.Current.Actual
	if !ch.Cost || len(got) != 10 || !math.IsNaN(got[0]) || !math.IsNaN(got[1]) || got[2] != 45 || got[9] != 300.0/16 || ch.Current.Target != 20 {
		t.Errorf("cost chart: cost %v, actual %v, target %v", ch.Cost, got, ch.Current.Target)
	}
	if want := "March 2026 · cost per contact $18.75, cap $20.00"; ch.Subtitle != want {
		t.Errorf("subtitle %q, want %q", ch.Subtitle, want)
	}
	if _, err := c.Draw(messages.For("sv")); err != nil {
		t.Errorf("draw: %v", err)
	}
}

// budgetWorld is chartWorld with G2, a monthly budget of 2026 on cmp-1 and cmp-2 of
// 1,000 each (so 2,000 a month, against 20 of spend a day), its currency recorded as
// currency (their account spends in USD), measured as the engine keeps it.
func budgetWorld(t *testing.T, currency string) (*App, *goalbot.Goal) {
	t.Helper()
	a, _ := chartWorld(t)
	ctx := context.Background()
	g, err := a.CreateGoal(ctx, Actor{UserID: "U1"}, goalbot.Draft{Name: "Paid <social>", Type: "ad_spend",
		Campaigns: []string{"cmp-1", "cmp-2"}, Duration: "monthly", Target: "1000"})
	ok(t, err)
	if g.Currency != currency {
		g.Currency = currency
		ok(t, a.Store.UpdateGoal(ctx, g, goalbot.Change{}))
	}
	saveMeasurement(t, a, g)
	return a, g
}

// TestBudgetChart: a budget's chart draws its spend so far, cumulative day by day,
// against the budget and its band, projected to the period's end as its outlook
// projects it, the ended months as spend-versus-budget bars, and every amount as
// money in the goal's currency, written the reader's way.
func TestBudgetChart(t *testing.T) {
	a, g := budgetWorld(t, "USD")
	c, err := a.Chart(context.Background(), Actor{UserID: "U2"}, g.ID, "")
	ok(t, err)
	if !HasChart(GoalView{Goal: g, Status: goalbot.InProgress}) {
		t.Error("a running budget has no Chart button")
	}
	if cs, err := a.GoalCharts(context.Background(), []string{g.ID}); err != nil || len(cs) != 1 {
		t.Errorf("the charts under a budget's alert: %d, %v; want its chart", len(cs), err)
	}
	en := c.Chart(messages.English())
	cur := en.Current
	want := []float64{20, 40, 60, 80, 100, 120, 140, 160, 180, 200}
	if !slices.Equal(cur.Actual, want) || cur.Days != 31 || cur.Target != 2000 || cur.Projection == nil || en.Cost {
		t.Errorf("current = %+v (cost %v), want the cumulative spend %v against the budget 2,000, projected", cur, en.Cost, want)
	} else if cur.Projection.Value != 620 {
		t.Errorf("projection %+v, want $620 (31 days of $20)", *cur.Projection)
	}
	if b := en.Budget; b == nil || b.Under != 0.8 || b.Over != 1.1 || b.Label != "Band 80%–110%" {
		t.Errorf("band %+v, want 80%%–110%% of the budget", b)
	}
	var bars []float64
	for _, p := range en.Past {
		bars = append(bars, p.Actual, p.Target)
	}
	if !slices.Equal(bars, []float64{620, 2000, 560, 2000}) || en.Past[0].Label != "Jan" {
		t.Errorf("bars %v, want January's $620 and February's $560 of $2,000", bars)
	}
	if want := "March 2026 · spent $200.00 of $2,000.00 (10%) · projected $620.00, 31% of the budget"; en.Subtitle != want {
		t.Errorf("subtitle %q, want %q", en.Subtitle, want)
	}
	if got := en.Locale.Money(1500); got != "$1,500" {
		t.Errorf("axis amount %q, want $1,500", got)
	}
	sv := c.Chart(messages.For("sv"))
	if !strings.Contains(sv.Subtitle, "förbrukat 200,00 US$ av 2 000,00 US$") || sv.Locale.Words.Budget != "Budget" ||
		sv.Budget.Label != "Intervall 80 %–110 %" {
		t.Errorf("Swedish chart: subtitle %q, words %+v, band %q", sv.Subtitle, sv.Locale.Words, sv.Budget.Label)
	}
	first, err := c.Draw(messages.English())
	ok(t, err)
	again, err := c.Draw(messages.English())
	ok(t, err)
	if cfg, err := png.DecodeConfig(bytes.NewReader(first)); err != nil || cfg.Width != chart.Width || !bytes.Equal(first, again) {
		t.Errorf("PNG %+v (%v), same twice %v", cfg, err, bytes.Equal(first, again))
	}
}

// TestBudgetChartSpendUnknown: a budget whose campaigns no longer all spend in its
// currency charts no spend (no wrong money): its days and bars are unknown, it has
// no projection, and the subtitle says why.
func TestBudgetChartSpendUnknown(t *testing.T) {
	a, g := budgetWorld(t, "EUR")
	ctx := context.Background()
	c, err := a.Chart(ctx, Actor{UserID: "U1"}, g.ID, "")
	ok(t, err)
	en := c.Chart(messages.English())
	cur := en.Current
	if len(cur.Actual) != 10 || slices.ContainsFunc(cur.Actual, func(v float64) bool { return !math.IsNaN(v) }) || cur.Projection != nil {
		t.Errorf("current = %+v, want 10 unknown days and no projection", cur)
	}
	if len(en.Past) != 2 || !math.IsNaN(en.Past[0].Actual) || !math.IsNaN(en.Past[1].Actual) {
		t.Errorf("bars %+v, want unknown spend", en.Past)
	}
	if want := "March 2026 · budget €2,000.00 · the spend is not known: not all of it is in EUR"; en.Subtitle != want {
		t.Errorf("subtitle %q, want %q", en.Subtitle, want)
	}
	a, g = budgetWorld(t, "") // its campaigns' account has no currency
	c, err = a.Chart(ctx, Actor{UserID: "U1"}, g.ID, "")
	ok(t, err)
	if sub := c.Chart(messages.English()).Subtitle; sub != "March 2026 · budget 2,000.00 (currency not known) · the spend is not known" {
		t.Errorf("subtitle without a currency %q", sub)
	}
	if _, err := c.Draw(messages.For("sv")); err != nil {
		t.Errorf("draw: %v", err)
	}
}

// TestSubscribeCharts: `chart:yes` makes a subscription carry charts; anything but
// yes or no is refused, and `list` takes no chart key.
func TestSubscribeCharts(t *testing.T) {
	en := messages.English()
	a := newTestApp(t)
	s := run(t, a, "U1", "subscribe <#C1|growth> events:milestone,digest chart:yes").(Subscribed).Subscription
	if !s.Charts || len(s.Events) != 2 {
		t.Errorf("subscription %+v, want charts with milestones and digests", s)
	}
	if s := run(t, a, "U1", "subscribe <#C1|growth>").(Subscribed).Subscription; s.Charts {
		t.Errorf("a subscription without chart: carries charts")
	}
	for text, want := range map[string]string{
		"subscribe <#C1|growth> chart:maybe": `"chart:maybe" is not yes or no`,
		"list chart:yes":                     "chart",
	} {
		o, err := a.Execute(context.Background(), Actor{UserID: "U1"}, "C1", text)
		r, refused := o.(Refusal)
		said := en.Message(r.Message)
		for _, pr := range r.Problems {
			said += " " + en.Problem(pr)
		}
		if err != nil || !refused || !strings.Contains(said, want) {
			t.Errorf("%s: %#v, %v; want a refusal saying %q, it says %q", text, o, err, want, said)
		}
	}
}

// TestSwedishChartWords: a Swedish reader types the chart's verb and answers in
// Swedish (`diagram G1`, `chart:ja`); help says what chart does in their words.
func TestSwedishChartWords(t *testing.T) {
	a, g := chartWorld(t)
	sv := Actor{UserID: "U1", Lang: "sv"}
	o, err := a.Execute(context.Background(), sv, "C1", "diagram "+g.ID+" <#C1|marknad>")
	if c, isChart := o.(Charted); err != nil || !isChart || c.Channel != "C1" {
		t.Errorf("diagram %s: %#v, %v", g.ID, o, err)
	}
	o, err = a.Execute(context.Background(), sv, "C1", "prenumerera <#C1|marknad> events:delmål chart:ja")
	if s, ok := o.(Subscribed); err != nil || !ok || !s.Subscription.Charts {
		t.Errorf("prenumerera … chart:ja: %#v, %v", o, err)
	}
	p := messages.For("sv")
	if u := Usage(p, VerbChart); u != "/goal diagram G12 [#kanal]" || !strings.HasPrefix(HelpDoes(p, VerbChart), "lägger upp målets diagram") {
		t.Errorf("Swedish help of chart: %q, %q", u, HelpDoes(p, VerbChart))
	}
}
