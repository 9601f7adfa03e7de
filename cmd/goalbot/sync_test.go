package main

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/adfake"
	"github.com/goalbot/goalbot/internal/redistest"
)

// syncVars are a configuration for the one-shot commands on redis, with the fake
// networks.
func syncVars(_ testing.TB, nets *adfake.Fake, redisAddr string) map[string]string {
	vars := map[string]string{"REDIS_URL": "redis://" + redisAddr + "/0", "GOALBOT_NOW": "2026-03-10T12:00:00Z"}
	maps.Copy(vars, nets.Env())
	return vars
}

func TestSyncCommandAndConsole(t *testing.T) {
	t.Parallel()
	nets := fakeNetworks(t)
	for _, id := range networkIDs {
		nets.Set(id, goalbot.Date{Year: 2026, Month: 3, Day: 2}, adfake.Value{SpendMicros: 1_500_000, Conversions: 2})
	}
	vars := syncVars(t, nets, redistest.Server(t))

	m, stdout, stderr := newTestMain(vars)
	if err := m.Run(context.Background(), []string{"sync", "--source", "meta", "--from", "2026-03-01", "--to", "2026-03-05"}); err != nil {
		t.Fatalf("sync: %v\n%s", err, stderr)
	}
	if out := stdout.String(); !strings.Contains(out, "meta: 1 accounts, 2 campaigns, 10 rows") || strings.Contains(out, "google_ads") {
		t.Errorf("sync --source meta printed:\n%s", out)
	}
	assertNoSecrets(t, stderr.String())

	m, stdout, _ = newTestMain(vars)
	if err := m.Run(context.Background(), []string{"sync"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"google_ads: 1 accounts, 2 campaigns, 800 rows", "meta: 1 accounts, 2 campaigns, 800 rows", "linkedin: 1 accounts, 2 campaigns, 800 rows"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("sync printed no %q:\n%s", want, stdout)
		}
	}

	// The console shows the statuses the pulls left in the store.
	m, stdout, _ = newTestMain(vars)
	m.Stdin = strings.NewReader("sources\nshow G1\n")
	if err := m.Run(context.Background(), []string{"console"}); err != nil {
		t.Fatal(err)
	}
	if out := stdout.String(); !strings.Contains(out, "Google Ads (google_ads): 1 account, 2 campaigns · last pull") || !strings.Contains(out, "(800 rows)") {
		t.Errorf("console sources:\n%s", out)
	}

	// A failing source fails the command, and says why.
	nets.Fail("linkedin", http.StatusUnauthorized, `{"message":"Invalid access token","serviceErrorCode":65600,"code":"INVALID_ACCESS_TOKEN","status":401}`)
	m, stdout, _ = newTestMain(vars)
	err := m.Run(context.Background(), []string{"sync", "--source", "linkedin"})
	if err == nil || !strings.Contains(err.Error(), "linkedin failed") || !strings.Contains(stdout.String(), "run `goalbot connect linkedin`") {
		t.Errorf("a failing source: %v\n%s", err, stdout)
	}

	for _, args := range [][]string{{"sync", "--from", "2026-03-01"}, {"sync", "--source", "bing"}, {"sync", "--from", "March"}} {
		m, _, _ = newTestMain(vars)
		err := m.Run(context.Background(), args)
		if err == nil || !strings.Contains(err.Error(), "sync: ") || strings.Contains(err.Error(), "internal") {
			t.Errorf("%v = %v, want a clear refusal", args, err)
		}
	}
}
