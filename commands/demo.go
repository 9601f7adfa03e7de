package commands

import (
	"context"
	"fmt"
	"math"

	"github.com/goalbot/goalbot"
)

// DemoUser is the Slack user id that creates the demo's goals.
const DemoUser = "U0DEMO"

// DemoSummary is what LoadDemo put in the store.
type DemoSummary struct {
	Accounts  []goalbot.Account
	Campaigns []goalbot.Campaign
	From, To  goalbot.Date // the days of metrics
	Rows      int          // metrics rows
	Goals     []*goalbot.Goal
}

// Networks returns the distinct networks of the demo's accounts, in order.
func (s DemoSummary) Networks() []string {
	var out []string
	for _, a := range s.Accounts {
		if len(out) == 0 || out[len(out)-1] != a.Network {
			out = append(out, a.Network)
		}
	}
	return out
}

// demoAccounts are the demo's ad accounts on two networks; the EU account keeps its
// money in euros, so that cost goals show the one-currency rule.
var demoAccounts = []goalbot.Account{
	{ID: "demo-google-us", Name: "Acme Search US", Network: "google", Currency: "USD"},
	{ID: "demo-google-eu", Name: "Acme Search EU", Network: "google", Currency: "EUR"},
	{ID: "demo-meta", Name: "Acme Social", Network: "meta", Currency: "USD"},
}

// demoCampaigns are the demo's campaigns with what an average weekday brings each:
// spend, conversions, contacts per lifecycle stage (in goalbot.Stages order) and
// first form submissions.
var demoCampaigns = []demoCampaign{
	{goalbot.Campaign{ID: "demo-brand-us", Name: "Brand search US", AccountID: "demo-google-us"}, 420, 38, [8]float64{6, 22, 9, 4, 2.2, 1.1, 0.05, 0.3}, 18},
	{goalbot.Campaign{ID: "demo-generic-us", Name: "Generic search US", AccountID: "demo-google-us"}, 780, 26, [8]float64{9, 18, 6, 2.5, 1.2, 0.5, 0, 0.4}, 14},
	{goalbot.Campaign{ID: "demo-pmax-us", Name: "Performance Max US", AccountID: "demo-google-us"}, 560, 31, [8]float64{12, 15, 5, 2, 1, 0.45, 0, 0.5}, 11},
	{goalbot.Campaign{ID: "demo-brand-eu", Name: "Brand search EU", AccountID: "demo-google-eu"}, 260, 21, [8]float64{4, 12, 5, 2.2, 1.1, 0.6, 0.03, 0.2}, 9},
	{goalbot.Campaign{ID: "demo-generic-eu", Name: "Generic search EU", AccountID: "demo-google-eu"}, 390, 12, [8]float64{5, 8, 2.6, 1.1, 0.5, 0.2, 0, 0.2}, 6},
	{goalbot.Campaign{ID: "demo-prospecting", Name: "Prospecting", AccountID: "demo-meta"}, 650, 44, [8]float64{30, 24, 5, 1.6, 0.7, 0.25, 0, 1}, 20},
	{goalbot.Campaign{ID: "demo-retargeting", Name: "Retargeting", AccountID: "demo-meta"}, 310, 29, [8]float64{8, 11, 4.5, 2, 1, 0.5, 0.02, 0.3}, 9},
	{goalbot.Campaign{ID: "demo-webinar", Name: "Webinar leads", AccountID: "demo-meta"}, 240, 17, [8]float64{6, 19, 7, 2.4, 0.9, 0.3, 0, 0.2}, 16},
}

// LoadDemo fills the store with the demo: 2 networks, 3 accounts, 8 campaigns,
// metrics from DemoFrom(today) to today (the workspace's date: the year so far, and
// at least DemoDays days, so that every goal has figures from its first day) with
// weekly seasonality, a trend and noise drawn from seed, and five goals of all four
// types and several durations, created by DemoUser through CreateGoal (so every rule
// applies).
// The same seed on the same day gives the same data. It does not check that the
// store is empty: its metrics replace the demo campaigns' days, and its goals are
// new ones.
func (a *App) LoadDemo(ctx context.Context, seed int64) (DemoSummary, error) {
	today := a.today()
	accounts := map[string]goalbot.Account{}
	for _, acc := range demoAccounts {
		accounts[acc.ID] = acc
	}
	rows := demoMetrics(seed, today, accounts, demoCampaigns)
	for i := range rows {
		if p := rows[i].Validate(today); len(p) > 0 {
			return DemoSummary{}, fmt.Errorf("demo row %d is invalid: %w", i+1, p.Err())
		}
	}
	if err := a.IngestMetrics(ctx, rows); err != nil {
		return DemoSummary{}, fmt.Errorf("load demo metrics: %w", err)
	}
	sum := DemoSummary{Accounts: demoAccounts, From: rows[0].Date, To: today, Rows: len(rows)}
	for _, c := range demoCampaigns {
		sum.Campaigns = append(sum.Campaigns, c.Campaign)
	}
	for _, d := range demoGoals(today) {
		g, err := a.CreateGoal(ctx, Actor{UserID: DemoUser}, d)
		if err != nil {
			return DemoSummary{}, fmt.Errorf("create demo goal %q: %w", d.Name, err)
		}
		sum.Goals = append(sum.Goals, g)
	}
	return sum, nil
}

// demoGoals are the demo's five goals: every goal type, five durations, targets near
// what the campaigns bring on average, so that some periods are achieved and others
// missed. All but the custom one span the current year, as the metrics do.
func demoGoals(today goalbot.Date) []goalbot.Draft {
	stage := func(s goalbot.Stage) func(c demoCampaign) float64 {
		i := goalbot.StageIndex(s)
		return func(c demoCampaign) float64 { return c.funnel[i] }
	}
	convs := func(c demoCampaign) float64 { return c.conversions }
	forms := func(c demoCampaign) float64 { return c.forms }
	search := []string{"demo-brand-us", "demo-generic-us", "demo-pmax-us", "demo-brand-eu", "demo-generic-eu"}
	social := []string{"demo-prospecting", "demo-retargeting", "demo-webinar"}
	all := append(append([]string{}, search...), social...)
	return []goalbot.Draft{
		{Name: "Search leads per quarter", Type: string(goalbot.ContactsInStage), Stage: string(goalbot.Lead),
			Campaigns: search, Duration: string(goalbot.Quarterly), Targets: demoTargets(search, stage(goalbot.Lead), 91, 1), Team: "search"},
		{Name: "Network conversions this year", Type: string(goalbot.NetworkConversions),
			Campaigns: all, Duration: string(goalbot.Yearly), Targets: demoTargets(all, convs, 365, 1), Team: "growth"},
		{Name: "Cost per MQL on social", Type: string(goalbot.CostPerContact), Stage: string(goalbot.MarketingQualifiedLead),
			Campaigns: social, Duration: string(goalbot.Monthly), Targets: demoCostTargets(social, goalbot.MarketingQualifiedLead, 1), Team: "social"},
		{Name: "Webinar form fills per week", Type: string(goalbot.FirstFormSubmissions),
			Campaigns: []string{"demo-webinar", "demo-prospecting"}, Duration: string(goalbot.Weekly),
			Targets: demoTargets([]string{"demo-webinar", "demo-prospecting"}, forms, 7, 1), Team: "social"},
		{Name: "Brand search customers, 90-day push", Type: string(goalbot.ContactsInStage), Stage: string(goalbot.Customer),
			Campaigns: []string{"demo-brand-us", "demo-brand-eu"}, Duration: string(goalbot.Custom),
			Start: today.AddDays(-59).String(), End: today.AddDays(30).String(),
			Targets: demoTargets([]string{"demo-brand-us", "demo-brand-eu"}, stage(goalbot.Customer), 90, 0.95), Team: "growth"},
	}
}

// demoCampaignByID returns the demo campaign with this id.
func demoCampaignByID(id string) demoCampaign {
	for _, c := range demoCampaigns {
		if c.ID == id {
			return c
		}
	}
	panic("no demo campaign " + id) // the demo's own tables name only their campaigns
}

// demoTargets gives each campaign the target of what it brings on average (of) over
// days, times factor, as a whole number of at least 1.
func demoTargets(ids []string, of func(demoCampaign) float64, days int, factor float64) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		n := math.Round(of(demoCampaignByID(id)) * meanWeekdayFactor * float64(days) * factor)
		out[id] = fmt.Sprint(max(1, int64(n)))
	}
	return out
}

// demoCostTargets gives each campaign a maximum cost per contact in stage: its average
// cost times factor, in whole units of its currency.
func demoCostTargets(ids []string, stage goalbot.Stage, factor float64) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		c := demoCampaignByID(id)
		out[id] = fmt.Sprint(max(1, int64(math.Round(c.spend/c.funnel[goalbot.StageIndex(stage)]*factor))))
	}
	return out
}
