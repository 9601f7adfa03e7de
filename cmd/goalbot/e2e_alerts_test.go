package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// postGoal creates a goal over HTTP: a March conversions goal on cmp-1 for U1 with
// target 100, changed by fields, and returns the answer's body.
func (in *instance) postGoal(fields map[string]any) []byte {
	in.t.Helper()
	body := map[string]any{
		"name": "Spring leads", "goal_type": "network_conversions", "ad_campaigns": []string{"cmp-1"}, "duration": "monthly",
		"start_date": "2026-03-01", "end_date": "2026-03-31", "target": 100, "creator": "U1",
	}
	for k, v := range fields {
		body[k] = v
	}
	raw, _ := json.Marshal(body)
	return in.mustDo("POST", "/v1/goals", e2eAPIToken, string(raw), http.StatusCreated)
}

// waitEventsInOrder waits until channel holds the alerts want, then checks that they
// came in exactly that order and that no other alert follows for a while.
func waitEventsInOrder(t testing.TB, fake *slacktest.Server, channel string, want ...string) {
	t.Helper()
	if got := waitAlerts(fake, channel, len(want)); !slices.Equal(got, want) {
		t.Errorf("alerts in %s = %q, want %q in this order", channel, got, want)
	}
}

// goalFigures is what the tests read of a goal's JSON.
type goalFigures struct {
	ID         string     `json:"id"`
	Target     float64    `json:"target"`
	Progress   *float64   `json:"progress"`
	MeasuredAt *time.Time `json:"measured_at"`
	Periods    []struct {
		Start    string   `json:"start"`
		Target   *float64 `json:"target"`
		Actual   *float64 `json:"actual"`
		Progress *float64 `json:"progress"`
	} `json:"periods"`
}

func decodeGoal(t *testing.T, raw []byte) goalFigures {
	t.Helper()
	var g goalFigures
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestE2EChangeAndOrder, on two replicas of one Redis: a goal created over HTTP is
// measured before the answer (its figures in the 201, and in GET /v1/goals); a PATCH
// answers with the new target at the top and in the current period; the alerts these
// measurements fire reach the creator and a channel in the order they happened
// (started, 50 %, 75 %, 100 %, then at risk), though the first post is rate limited.
func TestE2EChangeAndOrder(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eRedis(t))
	a, b := e.startTwo()
	a.subscribe("C2", "U2", goalbot.EventStarted, goalbot.EventThreshold, goalbot.EventAtRisk)
	a.ingest("2026-03-10", 120)
	e.fake.FailNext("chat.postMessage", 1, slacktest.RateLimited{RetryAfter: 1})

	created := decodeGoal(t, a.postGoal(map[string]any{"notifications": []string{"started", "threshold", "at_risk"}}))
	if created.Progress == nil || *created.Progress != 120 || created.MeasuredAt == nil || len(created.Periods) != 1 ||
		created.Periods[0].Actual == nil || *created.Periods[0].Actual != 120 {
		t.Errorf("POST /v1/goals answered %+v, want the goal measured: 120 of 100", created)
	}
	var list struct{ Goals []goalFigures }
	if err := json.Unmarshal(b.mustDo("GET", "/v1/goals", e2eAPIToken, "", http.StatusOK), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Goals) != 1 || list.Goals[0].Progress == nil || *list.Goals[0].Progress != 120 {
		t.Errorf("GET /v1/goals lists %+v, want its figures", list.Goals)
	}

	// The target is raised on the other replica: the answer is the goal as it is now.
	patched := decodeGoal(t, b.mustDo("PATCH", "/v1/goals/"+created.ID, e2eAPIToken, `{"target":5000}`, http.StatusOK))
	if p := patched.Periods[0]; patched.Target != 5000 || p.Target == nil || *p.Target != 5000 || p.Progress == nil || *p.Progress != 2.4 {
		t.Errorf("PATCH answered target %v, period %+v; want 5000 at the top and in the period, 2.4 %%", patched.Target, p)
	}
	want := []string{"started", "threshold:50", "threshold:75", "threshold:100", "at_risk"}
	waitEventsInOrder(t, e.fake, e.fake.DMChannel("U1"), want...)
	waitEventsInOrder(t, e.fake, "C2", want...)
	if limited := rateLimitedPosts(e.fake); limited != 1 {
		t.Errorf("%d rate-limited posts, want 1", limited)
	}
}

// TestE2EStaleGoalsOneMessage: with GOALBOT_STALE_AFTER=72h, twelve goals whose
// campaign gets no metrics go stale in one evaluation after 72 hours (not 48): a
// channel and their creator each get one message that names them (ten by name, the
// rest counted), with every goal id in its metadata.
func TestE2EStaleGoalsOneMessage(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.startWith(map[string]string{"GOALBOT_STALE_AFTER": "72h"})
	in.subscribe("C2", "U2", goalbot.EventStale)
	in.ingest("2026-03-10", 10) // the last row, accepted at 2026-03-10 12:00
	var ids []string
	for i := range 12 {
		g := decodeGoal(t, in.postGoal(map[string]any{"name": fmt.Sprintf("Goal <%d>", i+1), "notifications": []string{"stale"}}))
		ids = append(ids, g.ID)
	}
	if ev := in.evaluate("2026-03-12T13:00:00Z"); len(ev.Alerts) != 0 {
		t.Fatalf("49 hours without metrics fired %+v with a 72-hour setting", ev.Alerts)
	}
	ev := in.evaluate("2026-03-13T13:00:00Z")
	if len(ev.Alerts) != 24 {
		t.Errorf("evaluate lists %d alerts, want each goal's to C2 and to U1", len(ev.Alerts))
	}
	for _, a := range ev.Alerts {
		if a.Event != "stale" || a.Status != "sent" {
			t.Errorf("evaluate lists %+v, want sent stale alerts", a)
		}
	}
	dm := e.fake.DMChannel("U1")
	waitEventsInOrder(t, e.fake, "C2", "stale")
	waitEventsInOrder(t, e.fake, dm, "stale")
	for _, ch := range []string{"C2", dm} {
		m := e.fake.Messages(ch)[0]
		wantText := "12 goals have had no metrics since March 10, 2026 12:00 UTC (no metrics for 72 hours): G1 Goal &lt;1&gt;, G2 Goal &lt;2&gt;,"
		if !strings.HasPrefix(m.Text, wantText) || !strings.HasSuffix(m.Text, "G10 Goal &lt;10&gt;, …and 2 more") {
			t.Errorf("text in %s = %q", ch, m.Text)
		}
		var p struct {
			GoalIDs   []string `json:"goal_ids"`
			GoalCount int      `json:"goal_count"`
			Since     string   `json:"since"`
		}
		if err := json.Unmarshal(m.Metadata.EventPayload, &p); err != nil || !slices.Equal(p.GoalIDs, ids) || p.GoalCount != 12 ||
			p.Since != "2026-03-10T12:00:00Z" {
			t.Errorf("metadata in %s = %s (%v)", ch, m.Metadata.EventPayload, err)
		}
	}
	// Still no metrics the next day: nothing more.
	in.evaluate("2026-03-14T13:00:00Z")
	time.Sleep(1500 * time.Millisecond)
	if n := len(e.fake.Messages("C2")); n != 1 {
		t.Errorf("%d messages in C2, want 1", n)
	}
}
