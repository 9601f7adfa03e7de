package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/engine"
)

// goalOut is a goal as the API answers it, with the figures as pointers so that a
// test can tell null from zero.
type goalOut struct {
	goalbot.Goal
	Status     string   `json:"status"`
	Progress   *float64 `json:"progress"`
	Pace       *string  `json:"pace"`
	MeasuredAt *string  `json:"measured_at"`
	Periods    []struct {
		Start    string       `json:"start"`
		End      string       `json:"end"`
		Target   *float64     `json:"target"`
		Actual   *float64     `json:"actual"`
		Spend    *[]amountOut `json:"spend"`
		Contacts *int64       `json:"contacts"`
		Progress *float64     `json:"progress"`
		Outcome  string       `json:"outcome"`
		Settled  bool         `json:"settled"`
	} `json:"periods"`
}

// amountOut is one currency's amount in a period's spend.
type amountOut struct {
	Currency string  `json:"currency"`
	Amount   float64 `json:"amount"`
}

// pass runs one evaluation pass of the engine on the harness's store.
func (h *harness) pass() {
	h.t.Helper()
	e := &engine.Engine{Store: h.store, Clock: h.app.Clock, Settle: 0, Workspace: goalbot.DefaultSettings,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if _, err := e.Pass(ctx); err != nil {
		h.t.Fatal(err)
	}
}

// createBody is a valid POST /v1/goals body: a monthly conversions goal of cmp-1
// for 2026.
func createBody() map[string]any {
	return map[string]any{"name": "Spring conversions", "goal_type": "network_conversions", "ad_campaigns": []string{"cmp-1"},
		"duration": "monthly", "target": 100, "creator": "U012AB3CD"}
}

// create posts body to /v1/goals and returns the new goal.
func (h *harness) create(body map[string]any) goalOut {
	h.t.Helper()
	var g goalOut
	if code := h.api(http.MethodPost, "/v1/goals", body, &g); code != http.StatusCreated {
		h.t.Fatalf("POST /v1/goals = %d", code)
	}
	return g
}

func TestCreateGoal(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		body := createBody()
		body["targets"] = map[string]any{"cmp-2": []int{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6}}
		body["ad_campaigns"] = []string{"cmp-1", "cmp-2"}
		body["notifications"] = []string{"threshold", "milestone"}
		body["team"] = "growth"
		code, raw := h.do(http.MethodPost, "/v1/goals", apiToken, jsonBody(t, body))
		if code != http.StatusCreated {
			t.Fatalf("POST /v1/goals = %d %s, want 201", code, raw)
		}
		var g goalOut
		if err := json.Unmarshal(raw, &g); err != nil {
			t.Fatal(err)
		}
		if g.ID != "G1" || g.Name != "Spring conversions" || g.Type != goalbot.NetworkConversions || g.Creator != "U012AB3CD" ||
			strings.Join(g.Accounts, ",") != "act-1" || g.Start.String() != "2026-01-01" || g.End.String() != "2026-12-31" ||
			fmt.Sprint(g.Notifications) != "[threshold milestone]" || g.Team != "growth" || g.Status != "in_progress" {
			t.Errorf("created %s", raw)
		}
		if g.Targets.For("cmp-1", 0) != 100*goalbot.MicroUnit || g.Targets.For("cmp-2", 11) != 6*goalbot.MicroUnit {
			t.Errorf("targets %s", raw)
		}
		for _, want := range []string{`"created_at":"2026-11-28T12:00:00Z"`, `"target":100`, `"targets":{"cmp-2":[5,5,5,5,5,5,5,5,5,5,5,6]}`,
			`"progress":null`, `"measured_at":null`, `"pace":null`} {
			if !strings.Contains(string(raw), want) {
				t.Errorf("the answer lacks %s: %s", want, raw)
			}
		}
		// Without notifications: the type's default; an empty list: none.
		if g := h.create(createBody()); fmt.Sprint(g.Notifications) != "[started milestone]" {
			t.Errorf("default notifications %v", g.Notifications)
		}
		body = createBody()
		body["notifications"] = []string{}
		if g := h.create(body); len(g.Notifications) != 0 {
			t.Errorf("notifications [] gave %v, want none", g.Notifications)
		}
	})
}

func TestCreateGoalInvalid(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(b map[string]any)
		fields map[string]string // field → what its message says
	}{
		{"several problems at once", func(b map[string]any) { b["name"], b["goal_type"], b["duration"] = " ", "leads", "daily" },
			map[string]string{"name": "1 to 100 characters", "goal_type": "network_conversions, cost_per_contact", "duration": "daily"}},
		{"custom stage", func(b map[string]any) { b["goal_type"], b["lifecycle_stage"] = "contacts_in_stage", "hot_lead" },
			map[string]string{"lifecycle_stage": "subscriber, lead, marketingqualifiedlead"}},
		{"unknown campaign", func(b map[string]any) { b["ad_campaigns"] = []string{"cmp-1", "cmp-404"} },
			map[string]string{"ad_campaigns": "unknown campaign cmp-404"}},
		{"mixed currencies", func(b map[string]any) {
			b["goal_type"], b["lifecycle_stage"], b["ad_campaigns"] = "cost_per_contact", "lead", []string{"cmp-1", "cmp-eu"}
		}, map[string]string{"ad_campaigns": "EUR (cmp-eu) and USD (cmp-1)"}},
		{"wrong boundary", func(b map[string]any) { b["start_date"] = "2026-01-15" }, map[string]string{"start_date": "2026-01-01"}},
		{"no creator", func(b map[string]any) { delete(b, "creator") }, map[string]string{"creator": "Slack user id"}},
		{"target not a number", func(b map[string]any) { b["target"] = "lots" }, map[string]string{"target": "must be a number, such as 100"}},
		{"negative target", func(b map[string]any) { b["target"] = -5 }, map[string]string{"target": "positive"}},
		{"unknown field", func(b map[string]any) { b["goal_typ"] = "x" }, map[string]string{"goal_typ": "unknown field"}},
		{"wrong type", func(b map[string]any) { b["ad_campaigns"] = "cmp-1" }, map[string]string{"ad_campaigns": "must be a list"}},
	}
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				b := createBody()
				c.edit(b)
				code, raw := h.do(http.MethodPost, "/v1/goals", apiToken, jsonBody(t, b))
				if code != http.StatusBadRequest {
					t.Fatalf("status %d %s, want 400", code, raw)
				}
				for field, says := range c.fields {
					mustError(t, raw, field, says)
				}
			})
		}
		var list struct{ Goals []goalOut }
		if h.api(http.MethodGet, "/v1/goals", nil, &list); len(list.Goals) != 0 {
			t.Errorf("refused creates stored %d goals", len(list.Goals))
		}
	})
}

// listPage is GET /v1/goals's answer.
type listPage struct {
	Goals      []goalOut `json:"goals"`
	NextCursor *string   `json:"next_cursor"`
}

// ids lists the page's goal ids.
func (p listPage) ids() string {
	var out []string
	for _, g := range p.Goals {
		out = append(out, g.ID)
	}
	return strings.Join(out, " ")
}

func TestListGoals(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		// G1–G11: odd ones growth's on cmp-1, even ones search's on cmp-2 or cmp-3;
		// G3 and G6 cost goals; G11 starts next year (pending).
		for i := 1; i <= 11; i++ {
			b := createBody()
			b["team"] = "search"
			b["ad_campaigns"] = []string{[]string{"cmp-2", "cmp-3"}[i/2%2]}
			if i%2 == 1 {
				b["team"], b["ad_campaigns"] = "growth", []string{"cmp-1"}
			}
			if i == 3 || i == 6 {
				b["goal_type"], b["lifecycle_stage"] = "cost_per_contact", "lead"
			}
			if i == 11 {
				b["start_date"], b["end_date"] = "2027-01-01", "2027-12-31"
			}
			h.create(b)
		}
		for _, c := range []struct{ query, want string }{
			{"", "G1 G2 G3 G4 G5 G6 G7 G8 G9 G10 G11"},
			{"?team=growth", "G1 G3 G5 G7 G9 G11"},
			{"?campaign=cmp-2,cmp-3&goal_type=cost_per_contact", "G6"},
			{"?team=growth&team=search&goal_type=cost_per_contact", "G3 G6"},
			{"?account=act-2", "G2 G6 G10"},
			{"?status=pending", "G11"},
			{"?status=in_progress&team=growth", "G1 G3 G5 G7 G9"},
			{"?user=U012AB3CD&duration=monthly&limit=500", "G1 G2 G3 G4 G5 G6 G7 G8 G9 G10 G11"},
			{"?progress=50-", ""}, // nothing is measured yet: unknown progress matches no progress filter
			{"?team=nobody", ""},
		} {
			var page listPage
			if code := h.api(http.MethodGet, "/v1/goals"+c.query, nil, &page); code != http.StatusOK {
				t.Errorf("GET /v1/goals%s = %d", c.query, code)
				continue
			}
			if page.ids() != c.want || page.NextCursor == nil || *page.NextCursor != "" {
				t.Errorf("GET /v1/goals%s = %q (next %v), want %q and next_cursor \"\"", c.query, page.ids(), page.NextCursor, c.want)
			}
		}
		// Paging to the end.
		var got []string
		cursor, pages := "", 0
		for {
			var page listPage
			if code := h.api(http.MethodGet, "/v1/goals?limit=4&team=growth,search&cursor="+cursor, nil, &page); code != http.StatusOK {
				t.Fatalf("page %d: %d", pages, code)
			}
			pages++
			got = append(got, page.ids())
			if *page.NextCursor == "" || pages > 5 {
				break
			}
			cursor = *page.NextCursor
		}
		if strings.Join(got, " | ") != "G1 G2 G3 G4 | G5 G6 G7 G8 | G9 G10 G11" {
			t.Errorf("pages %q, want three pages of 4, 4 and 3 in id number order", got)
		}
		// Bad parameters.
		for query, field := range map[string]string{"?limit=0": "limit", "?limit=501": "limit", "?limit=ten": "limit",
			"?colour=red": "colour", "?status=done": "status", "?progress=high": "progress"} {
			code, raw := h.do(http.MethodGet, "/v1/goals"+query, apiToken, nil)
			if code != http.StatusBadRequest {
				t.Errorf("GET /v1/goals%s = %d %s, want 400", query, code, raw)
				continue
			}
			mustError(t, raw, field, "")
		}
		_, raw := h.do(http.MethodGet, "/v1/goals?colour=red", apiToken, nil)
		mustError(t, raw, "colour", "campaign, account, team, user, duration, status, goal_type, progress")
		_, raw = h.do(http.MethodGet, "/v1/goals?limit=501", apiToken, nil)
		mustError(t, raw, "limit", "1 to 500")
	})
}

func TestGetGoal(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		h.create(createBody())
		var g goalOut
		if code := h.api(http.MethodGet, "/v1/goals/G1", nil, &g); code != http.StatusOK {
			t.Fatalf("GET /v1/goals/G1 = %d", code)
		}
		if g.ID != "G1" || g.Status != "in_progress" || g.Progress != nil || g.MeasuredAt != nil || g.Pace != nil || len(g.Periods) != 12 {
			t.Fatalf("before measuring: %+v, want in_progress with null figures and 12 periods", g)
		}
		for _, p := range g.Periods {
			if p.Target != nil || p.Actual != nil || p.Spend != nil || p.Contacts != nil || p.Progress != nil || p.Settled {
				t.Fatalf("period %s before measuring has figures: %+v", p.Start, p)
			}
		}
		// The engine measures: 30 conversions in November against 100.
		if code, raw := h.ingest(strings.Replace(metricRow("cmp-1", "2026-11-03", "12.5"), `"conversions":7`, `"conversions":30`, 1)); code != http.StatusOK {
			t.Fatalf("ingest %d %s", code, raw)
		}
		h.pass()
		h.api(http.MethodGet, "/v1/goals/G1", nil, &g)
		nov := g.Periods[10]
		if g.MeasuredAt == nil || *g.MeasuredAt != "2026-11-28T12:00:00Z" || g.Progress == nil || *g.Progress != 30 ||
			nov.Actual == nil || *nov.Actual != 30 || *nov.Target != 100 || nov.Spend == nil ||
			fmt.Sprint(*nov.Spend) != "[{USD 12.5}]" || g.Pace == nil {
			t.Fatalf("after measuring: progress %v measured_at %v pace %v November %+v", g.Progress, g.MeasuredAt, g.Pace, nov)
		}
		var page listPage
		if h.api(http.MethodGet, "/v1/goals?progress=25-35", nil, &page); page.ids() != "G1" {
			t.Errorf("progress filter after measuring: %q, want G1", page.ids())
		}
		code, raw := h.do(http.MethodGet, "/v1/goals/G99", apiToken, nil)
		if code != http.StatusNotFound {
			t.Fatalf("GET /v1/goals/G99 = %d %s, want 404", code, raw)
		}
		mustError(t, raw, "", "goal G99 not found")
	})
}

func TestPatchGoal(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		h.create(createBody())
		patch := func(body string) (int, goalOut, []byte) {
			t.Helper()
			code, raw := h.do(http.MethodPatch, "/v1/goals/G1", apiToken, strings.NewReader(body))
			var g goalOut
			if code == http.StatusOK {
				if err := json.Unmarshal(raw, &g); err != nil {
					t.Fatal(err)
				}
			}
			return code, g, raw
		}
		for _, c := range []struct {
			body  string
			check func(g goalOut) bool
		}{
			{`{"name":"  Renamed  "}`, func(g goalOut) bool { return g.Name == "Renamed" }},
			{`{"team":"growth"}`, func(g goalOut) bool { return g.Team == "growth" }},
			{`{"notifications":["threshold","at_risk"]}`, func(g goalOut) bool { return fmt.Sprint(g.Notifications) == "[threshold at_risk]" }},
			{`{"notifications":[]}`, func(g goalOut) bool { return len(g.Notifications) == 0 }},
			// Targets change for the periods that have not ended (December and the
			// current November), not for January–October.
			{`{"target":150}`, func(g goalOut) bool {
				return g.Targets.For("cmp-1", 0) == 100*goalbot.MicroUnit && g.Targets.For("cmp-1", 10) == 150*goalbot.MicroUnit &&
					g.Targets.For("cmp-1", 11) == 150*goalbot.MicroUnit
			}},
			{`{"targets":{"cmp-1":200}}`, func(g goalOut) bool {
				return g.Targets.For("cmp-1", 9) == 100*goalbot.MicroUnit && g.Targets.For("cmp-1", 11) == 200*goalbot.MicroUnit
			}},
		} {
			code, g, raw := patch(c.body)
			if code != http.StatusOK || !c.check(g) {
				t.Errorf("PATCH %s = %d %s", c.body, code, raw)
			}
		}
		for body, field := range map[string]string{
			`{"goal_type":"cost_per_contact"}`: "goal_type",
			`{"creator":"U999"}`:               "creator",
			`{"start_date":"2026-02-01"}`:      "start_date",
			`{"ad_campaigns":["cmp-2"]}`:       "ad_campaigns",
			`{"team":"Not A Team"}`:            "team",
			`{"name":""}`:                      "name",
			`{"notifications":["digest"]}`:     "notifications",
			`{"target":0}`:                     "target",
		} {
			code, _, raw := patch(body)
			if code != http.StatusBadRequest {
				t.Errorf("PATCH %s = %d %s, want 400", body, code, raw)
				continue
			}
			mustError(t, raw, field, "")
		}
		var g goalOut
		h.api(http.MethodGet, "/v1/goals/G1", nil, &g)
		if g.Name != "Renamed" || g.Team != "growth" || g.Type != goalbot.NetworkConversions || g.Version != 7 {
			t.Errorf("after the edits: name %q team %q type %s version %d; want the 6 accepted edits only", g.Name, g.Team, g.Type, g.Version)
		}
		code, raw := h.do(http.MethodPatch, "/v1/goals/G99", apiToken, strings.NewReader(`{"name":"x"}`))
		if code != http.StatusNotFound {
			t.Errorf("PATCH /v1/goals/G99 = %d %s, want 404", code, raw)
		}
	})
}

func TestDeleteGoal(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		h.create(createBody())
		h.create(createBody())
		code, raw := h.do(http.MethodDelete, "/v1/goals/G1", apiToken, nil)
		if code != http.StatusNoContent || len(raw) != 0 {
			t.Fatalf("DELETE /v1/goals/G1 = %d %q, want 204 with no body", code, raw)
		}
		for _, method := range []string{http.MethodGet, http.MethodDelete, http.MethodPatch} {
			if code, raw := h.do(method, "/v1/goals/G1", apiToken, strings.NewReader(`{"name":"x"}`)); code != http.StatusNotFound {
				t.Errorf("%s /v1/goals/G1 after delete = %d %s, want 404", method, code, raw)
			}
		}
		var page listPage
		if h.api(http.MethodGet, "/v1/goals", nil, &page); page.ids() != "G2" {
			t.Errorf("after deleting G1 the list is %q, want G2", page.ids())
		}
		// Ids are never reused.
		if g := h.create(createBody()); g.ID != "G3" {
			t.Errorf("the next goal is %s, want G3", g.ID)
		}
	})
}

// TestGoalSpendPerCurrency: a goal over a dollar and a euro campaign has its spend
// per currency in GET /v1/goals/{id} and GET /v1/goals, never their sum.
func TestGoalSpendPerCurrency(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		body := createBody()
		body["ad_campaigns"] = []string{"cmp-1", "cmp-eu"}
		h.create(body)
		eu := strings.NewReplacer(`"act-1"`, `"act-eu"`, `"USD"`, `"EUR"`).Replace(metricRow("cmp-eu", "2026-11-04", "26.07"))
		if code, raw := h.ingest(metricRow("cmp-1", "2026-11-03", "120.5") + "\n" + eu); code != http.StatusOK {
			t.Fatalf("ingest %d %s", code, raw)
		}
		h.pass()
		var g goalOut
		h.api(http.MethodGet, "/v1/goals/G1", nil, &g)
		var list struct {
			Goals []goalOut `json:"goals"`
		}
		h.api(http.MethodGet, "/v1/goals?campaign=cmp-eu", nil, &list)
		if len(list.Goals) != 1 {
			t.Fatalf("list: %+v", list)
		}
		for name, got := range map[string]goalOut{"get": g, "list": list.Goals[0]} {
			nov, oct := got.Periods[10], got.Periods[9]
			if nov.Spend == nil || fmt.Sprint(*nov.Spend) != "[{EUR 26.07} {USD 120.5}]" {
				t.Errorf("%s: November spend %v, want EUR 26.07 and USD 120.5 apart", name, nov.Spend)
			}
			if oct.Spend == nil || len(*oct.Spend) != 0 {
				t.Errorf("%s: October spend %v, want []", name, oct.Spend)
			}
		}
	})
}

// TestListProgressAsShown: GET /v1/goals finds a goal by the progress people see
// (67.4 % is shown as 67 %), as /goal list and subscriptions do.
func TestListProgressAsShown(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		h.create(createBody())
		if code, raw := h.ingest(strings.Replace(metricRow("cmp-1", "2026-11-03", "1"), `"conversions":7`, `"conversions":67.4`, 1)); code != http.StatusOK {
			t.Fatalf("ingest %d %s", code, raw)
		}
		h.pass()
		for query, want := range map[string]string{"67-67": "G1", "-67": "G1", "66.5-67": "G1", "-66": "", "68-": "", "67.5-": ""} {
			var page listPage
			if code := h.api(http.MethodGet, "/v1/goals?progress="+query, nil, &page); code != http.StatusOK || page.ids() != want {
				t.Errorf("progress=%s: %d %q, want %q", query, code, page.ids(), want)
			}
		}
	})
}
