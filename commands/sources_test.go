package commands

import (
	"context"
	"testing"

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
