package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// fakeSources has the statuses of its sources.
type fakeSources []goalbot.SourceStatus

func (f fakeSources) Statuses(context.Context) ([]goalbot.SourceStatus, error) { return f, nil }

func (f fakeSources) Sync(context.Context, string, goalbot.Date, goalbot.Date) ([]commands.SyncResult, error) {
	return nil, nil
}

func TestSourcesReply(t *testing.T) {
	a := newTestApp(t)
	_, text := run(t, a, "U1", "sources")
	if !strings.Contains(text, "No ad network is connected") || !strings.Contains(text, "docs/sources.md") {
		t.Fatalf("without sources: %s", text)
	}
	at := time.Date(2026, 3, 10, 11, 0, 0, 0, time.UTC)
	a.Sources = fakeSources{
		{Name: goalbot.SourceGoogleAds, Accounts: 2, Campaigns: 31, LastSuccess: at, Rows: 1860, NextRun: at.Add(time.Hour)},
		{Name: goalbot.SourceMeta, Accounts: 1, Error: goalbot.Text("Meta refused the access token (<bad> & co): make a new system user token"), Stopped: true},
		{Name: goalbot.SourceLinkedIn},
	}
	r, text := run(t, a, "U1", "sources")
	for _, want := range []string{
		"✅ *Google Ads* (`google_ads`): 2 accounts, 31 campaigns · last pull 2026-03-10 11:00 UTC (1,860 rows) · next 2026-03-10 12:00 UTC",
		"⛔ *Meta* (`meta`): 1 account, 0 campaigns · never pulled yet",
		"Meta refused the access token (&lt;bad&gt; &amp; co): make a new system user token — stopped until the credentials change",
		"⏳ *LinkedIn* (`linkedin`): 0 accounts, 0 campaigns · never pulled yet",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("reply lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(r.Text, "&lt;bad&gt; &amp; co") {
		t.Errorf("the error is not escaped for Slack: %s", r.Text)
	}
	if _, text := run(t, a, "U1", "sources now"); !strings.Contains(text, "takes nothing after it") {
		t.Errorf("sources with an argument: %s", text)
	}
}

func TestSourcesShowUnattributed(t *testing.T) {
	a := newTestApp(t)
	at := time.Date(2026, 3, 10, 11, 0, 0, 0, time.UTC)
	a.Sources = fakeSources{{Name: goalbot.SourceHubSpot, Accounts: 1, Campaigns: 4, LastSuccess: at, Rows: 120,
		Unattributed: &goalbot.Unattributed{Contacts: 312, From: goalbot.Date{Year: 2026, Month: 2, Day: 9}, To: goalbot.Date{Year: 2026, Month: 3, Day: 10},
			Top: []goalbot.DrillDown{{Value: "spring-brand", Contacts: 120}, {Value: "<x>", Contacts: 3}}}}}
	r, _ := run(t, a, "U1", "sources")
	for _, want := range []string{"*HubSpot* (`hubspot`): 1 portal, contacts for 4 campaigns",
		"312 paid contacts from 2026-02-09 to 2026-03-10 matched no campaign; top drill-downs: `spring-brand` (120), `&lt;x&gt;` (3)",
		"/goal campaign CAMPAIGN utm:VALUE"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("reply lacks %q:\n%s", want, r.Text)
		}
	}
}

func TestCampaignMatchMessage(t *testing.T) {
	a := newTestApp(t)
	r, _ := run(t, a, "U1", "campaign cmp-1")
	if !strings.Contains(r.Text, "*cmp-1* (Spring): paid HubSpot contacts whose drill-down or utm_campaign is `spring` or `cmp-1` count for it") ||
		!strings.Contains(r.Text, "the default") {
		t.Fatalf("shown: %s", r.Text)
	}
	r, _ = run(t, a, "U1", "campaign cmp-1 utm:spring_brand,<b>&co")
	if !strings.Contains(r.Text, "`spring_brand` or `&lt;b&gt;&amp;co`") || !strings.Contains(r.Text, "the values set for it") {
		t.Fatalf("set: %s", r.Text)
	}
}
