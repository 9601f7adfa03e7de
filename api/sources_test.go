package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// fakeSources is a hand-written commands.Sources.
type fakeSources struct{ asked []string }

func (f *fakeSources) Statuses(context.Context) ([]goalbot.SourceStatus, error) {
	at := time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC)
	return []goalbot.SourceStatus{
		{Name: goalbot.SourceGoogleAds, Accounts: 2, Campaigns: 40, LastSuccess: at, Rows: 1200, NextRun: at.Add(time.Hour)},
		{Name: goalbot.SourceMeta, Error: goalbot.Text("Meta refused the access token")},
		{Name: goalbot.SourceHubSpot, Accounts: 1, Campaigns: 3, LastSuccess: at, Unattributed: &goalbot.Unattributed{Contacts: 312,
			From: goalbot.Date{Year: 2026, Month: 10, Day: 30}, To: goalbot.Date{Year: 2026, Month: 11, Day: 28},
			Top: []goalbot.DrillDown{{Value: "spring-brand", Contacts: 120}}}},
	}, nil
}

func (f *fakeSources) Sync(_ context.Context, name string, from, to goalbot.Date) ([]commands.SyncResult, error) {
	f.asked = append(f.asked, name+" "+from.String()+" "+to.String())
	return []commands.SyncResult{{Name: goalbot.SourceMeta, Accounts: 1, Campaigns: 3, Rows: 90}}, nil
}

func TestSources(t *testing.T) {
	h := newHarness(t, backends[0].start(t))
	f := &fakeSources{}
	h.app.Sources = f
	var list struct {
		Sources []map[string]any `json:"sources"`
	}
	if code := h.api("GET", "/v1/sources", nil, &list); code != http.StatusOK || len(list.Sources) != 3 {
		t.Fatalf("GET /v1/sources = %d %+v", code, list)
	}
	g := list.Sources[0]
	if g["name"] != "google_ads" || g["accounts"] != 2.0 || g["campaigns"] != 40.0 || g["last_success"] != "2026-11-28T11:00:00Z" ||
		g["rows"] != 1200.0 || g["next_run"] != "2026-11-28T12:00:00Z" || g["error"] != "" {
		t.Errorf("google_ads %+v", g)
	}
	if m := list.Sources[1]; m["last_success"] != "" || m["error"] != "Meta refused the access token" {
		t.Errorf("meta %+v", m)
	}
	if _, ok := list.Sources[0]["unattributed"]; ok {
		t.Errorf("an ad network shows unattributed contacts: %+v", list.Sources[0])
	}
	hs := list.Sources[2]
	top, _ := hs["unattributed_top"].([]any)
	if hs["unattributed"] != 312.0 || hs["unattributed_from"] != "2026-10-30" || hs["unattributed_to"] != "2026-11-28" || len(top) != 1 ||
		top[0].(map[string]any)["value"] != "spring-brand" || top[0].(map[string]any)["contacts"] != 120.0 {
		t.Errorf("hubspot %+v: want 312 unattributed over the last 30 days, spring-brand (120) on top", hs)
	}

	var synced struct {
		Sources []commands.SyncResult `json:"sources"`
	}
	body := map[string]string{"source": "meta", "from": "2026-11-01", "to": "2026-11-03"}
	if code := h.api("POST", "/v1/sources/sync", body, &synced); code != http.StatusOK || synced.Sources[0].Rows != 90 {
		t.Fatalf("POST /v1/sources/sync = %d %+v", code, synced)
	}
	if f.asked[0] != "meta 2026-11-01 2026-11-03" {
		t.Errorf("asked %v", f.asked)
	}
	if code := h.api("POST", "/v1/sources/sync", nil, &synced); code != http.StatusOK || f.asked[1] != "  " {
		t.Errorf("an empty body: %d, asked %q", code, f.asked)
	}
	code, resp := h.do("POST", "/v1/sources/sync", apiToken, strings.NewReader(`{"from":"yesterday"}`))
	if code != http.StatusBadRequest {
		t.Fatalf("a bad date: %d %s", code, resp)
	}
	mustError(t, resp, "from", "YYYY-MM-DD")
	if code, _ := h.do("POST", "/v1/sources/sync", "", nil); code != http.StatusUnauthorized {
		t.Errorf("without the token: %d", code)
	}
	h.app.Sources = nil
	code, resp = h.do("POST", "/v1/sources/sync", apiToken, nil)
	if code != http.StatusBadRequest || !strings.Contains(string(resp), "docs/sources.md") {
		t.Errorf("no source configured: %d %s", code, resp)
	}
}
