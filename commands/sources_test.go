package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// fakeSources is a hand-written Sources.
type fakeSources struct {
	statuses []goalbot.SourceStatus
	synced   []string
}

func (f *fakeSources) Statuses(context.Context) ([]goalbot.SourceStatus, error) {
	return f.statuses, nil
}

func (f *fakeSources) Sync(_ context.Context, name string, from, to goalbot.Date) ([]SyncResult, error) {
	f.synced = append(f.synced, name)
	return []SyncResult{{Name: name, Rows: 60}}, nil
}

func TestSourcesReply(t *testing.T) {
	a := newTestApp(t)
	_, text := run(t, a, "U1", "sources")
	if !strings.Contains(text, "No ad network is connected") || !strings.Contains(text, "docs/sources.md") {
		t.Fatalf("without sources: %s", text)
	}
	at := time.Date(2026, 3, 10, 11, 0, 0, 0, time.UTC)
	a.Sources = &fakeSources{statuses: []goalbot.SourceStatus{
		{Name: goalbot.SourceGoogleAds, Accounts: 2, Campaigns: 31, LastSuccess: at, Rows: 1860, NextRun: at.Add(time.Hour)},
		{Name: goalbot.SourceMeta, Accounts: 1, Error: "Meta refused the access token (<bad> & co): make a new system user token", Stopped: true},
		{Name: goalbot.SourceLinkedIn},
	}}
	r, _ := run(t, a, "U1", "sources")
	text = PlainText(r.Blocks)
	for _, want := range []string{
		"Google Ads (google_ads): 2 accounts, 31 campaigns · last pull 2026-03-10 11:00 UTC (1,860 rows) · next 2026-03-10 12:00 UTC",
		"Meta (meta): 1 account, 0 campaigns · never pulled yet",
		"Meta refused the access token (<bad> & co): make a new system user token — stopped until the credentials change",
		"LinkedIn (linkedin): 0 accounts, 0 campaigns · never pulled yet",
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

func TestSyncSourcesIsForAdmins(t *testing.T) {
	a := newTestApp(t)
	f := &fakeSources{}
	a.Sources = f
	if _, err := a.SyncSources(context.Background(), Actor{UserID: "U1"}, "", goalbot.Date{}, goalbot.Date{}); goalbot.ErrorCode(err) != goalbot.EFORBIDDEN {
		t.Fatalf("a user: %v", err)
	}
	res, err := a.SyncSources(context.Background(), APIActor, "meta", goalbot.Date{}, goalbot.Date{})
	if err != nil || len(res) != 1 || res[0].Rows != 60 || f.synced[0] != "meta" {
		t.Fatalf("the API token: %+v, %v", res, err)
	}
}

func TestIngestRowsValidates(t *testing.T) {
	a := newTestApp(t)
	rows := []goalbot.Metric{
		{Date: goalbot.Date{Year: 2026, Month: 3, Day: 9}, Network: "google", AccountID: "google-1", CampaignID: "google-11", Currency: "EUR"},
		{Date: goalbot.Date{Year: 2026, Month: 3, Day: 20}, Network: "google", AccountID: "google-1", CampaignID: "google-11", Currency: "EUR"},
	}
	err := a.IngestRows(context.Background(), rows, goalbot.AdFields)
	if re, ok := err.(*RowErrors); !ok || re.List[0].Row != 2 || re.List[0].Field != "date" {
		t.Fatalf("err %v: want row 2's date refused", err)
	}
	if cs, _ := a.Store.Campaigns(context.Background(), []string{"google-11"}); len(cs) != 0 {
		t.Fatalf("a refused batch wrote %v", cs)
	}
}
