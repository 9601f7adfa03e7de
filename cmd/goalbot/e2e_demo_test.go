package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// TestE2EDemoGoalsHaveFigures loads the demo as `goalbot demo` does on several days of
// the year, starts goalbot on it, measures, and reads the goals over the API: every
// period that has begun has figures near its target (the demo's metrics cover the
// goals' ranges), and the settled ones are a mix of met and missed.
func TestE2EDemoGoalsHaveFigures(t *testing.T) {
	t.Parallel()
	outcomes := map[string]int{}
	for _, now := range []string{"2026-03-10T12:00:00Z", "2026-07-01T08:00:00Z", "2026-11-28T12:00:00Z", "2026-12-31T18:00:00Z", "2027-01-05T12:00:00Z"} {
		t.Run(now[:10], func(t *testing.T) {
			for o, n := range demoFigures(t, now) {
				outcomes[o] += n
			}
		})
	}
	if outcomes["missed"] == 0 || outcomes["achieved"]+outcomes["exceeded"] == 0 {
		t.Errorf("settled outcomes over the demos: %v, want some met and some missed", outcomes)
	}
}

// demoFigures loads the demo on the day of now, measures it, checks its goals'
// figures and returns how many settled periods had each outcome.
func demoFigures(t *testing.T, now string) map[string]int {
	t.Helper()
	e := newE2E(t, e2eStore(t))
	vars := map[string]string{"GOALBOT_DATA_DIR": e.dir, "GOALBOT_NOW": now}
	if e.redis != "" {
		vars["REDIS_URL"] = "redis://" + e.redis + "/0"
	}
	if _, stderr, err := runCommand(t, vars, "", "demo"); err != nil {
		t.Fatalf("demo: %v\n%s", err, stderr)
	}
	in := e.startWith(map[string]string{"GOALBOT_NOW": now})
	in.evaluate(now)
	var list struct {
		Goals []struct {
			ID       string   `json:"id"`
			Type     string   `json:"goal_type"`
			Status   string   `json:"status"`
			Progress *float64 `json:"progress"`
			Periods  []struct {
				Start, End string
				Actual     *float64 `json:"actual"`
				Progress   *float64 `json:"progress"`
				Outcome    string   `json:"outcome"`
				Settled    bool     `json:"settled"`
			} `json:"periods"`
		} `json:"goals"`
	}
	if err := json.Unmarshal(in.mustDo("GET", "/v1/goals", e2eAPIToken, "", http.StatusOK), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Goals) != 5 {
		t.Fatalf("the demo has %d goals, want 5", len(list.Goals))
	}
	at, _ := time.Parse(time.RFC3339, now)
	today := goalbot.DateOf(at).String()
	outcomes := map[string]int{}
	for _, g := range list.Goals {
		if g.Status != "pending" && g.Progress == nil {
			t.Errorf("%s (%s) has no headline progress", g.ID, g.Status)
		}
		for _, p := range g.Periods {
			if p.Start > today {
				continue // not begun: nothing to measure yet
			}
			what := fmt.Sprintf("%s %s – %s", g.ID, p.Start, p.End)
			if p.Actual == nil || p.Progress == nil {
				t.Errorf("%s has begun and has no figures", what)
				continue
			}
			// An ended period, and the current one once it is a week old, is near
			// its target (the targets are what the campaigns bring on average),
			// pro-rated for a count over the days so far.
			pace := *p.Progress
			if elapsed := days(p.Start, today) + 1; p.End >= today && g.Type != string(goalbot.CostPerContact) {
				pace = pace * float64(days(p.Start, p.End)+1) / float64(elapsed)
			}
			if (p.End < today || days(p.Start, today) >= 7) && (pace < 60 || pace > 160) {
				t.Errorf("%s is at %.1f%% (%.0f%% of its pro-rated target), far from what its campaigns bring", what, *p.Progress, pace)
			}
			if p.Settled {
				outcomes[p.Outcome]++
			}
		}
	}
	return outcomes
}

// days counts the days from a to b (YYYY-MM-DD).
func days(a, b string) int {
	da, _ := goalbot.ParseDate(a)
	db, _ := goalbot.ParseDate(b)
	return da.DaysUntil(db)
}
