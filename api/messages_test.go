package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestGoalMessages pins the API's answers to targets that do not fit the goal: a
// campaign's own target named targets.CAMPAIGN, as the JSON names it, each problem
// once; fractional counts of contacts refused at create and at edit.
func TestGoalMessages(t *testing.T) {
	type problem struct {
		Field string `json:"field"`
		Error string `json:"error"`
	}
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		h.create(createBody()) // G1: monthly conversions on cmp-1 over 2026
		contacts := createBody()
		contacts["goal_type"], contacts["lifecycle_stage"] = "contacts_in_stage", "lead"
		h.create(contacts) // G2
		for _, c := range []struct {
			method, path, body string
			want               []problem
		}{
			{http.MethodPatch, "/v1/goals/G1", `{"targets":{"cmp-1":[1,2]}}`,
				[]problem{{"targets.cmp-1", "G1 has 12 periods: give one target, or 12 separated by commas (you gave 2)"}}},
			{http.MethodPatch, "/v1/goals/G1", `{"targets":{"cmp-1":"lots"}}`,
				[]problem{{"targets.cmp-1", "give a number, or an array with one number per period, such as [100, 120]"}}},
			{http.MethodPatch, "/v1/goals/G1", `{"target":"lots"}`, []problem{{"target", "the target must be a number, such as 100"}}},
			{http.MethodPatch, "/v1/goals/G1", `{"target":1.1234567}`, []problem{{"target", `"1.1234567" has more than six decimals`}}},
			{http.MethodPatch, "/v1/goals/G2", `{"target":100.5}`,
				[]problem{{"target", "contacts are counted in whole numbers: give a whole target, such as 100 or 101, not 100.5"}}},
			{http.MethodPatch, "/v1/goals/G2", `{"targets":{"cmp-1":100.5}}`,
				[]problem{{"targets.cmp-1", "contacts are counted in whole numbers: give a whole target, such as 100 or 101, not 100.5"}}},
			{http.MethodPost, "/v1/goals", strings.Replace(mustJSON(t, contacts), `"target":100`, `"target":100.5`, 1),
				[]problem{{"target", "contacts are counted in whole numbers: give a whole target, such as 100 or 101, not 100.5"}}},
			{http.MethodPost, "/v1/goals", strings.Replace(mustJSON(t, createBody()), `"target":100`, `"targets":{"cmp-1":[5,6]}`, 1),
				[]problem{{"targets.cmp-1", "this goal has 12 periods: give one target, or 12 separated by commas (you gave 2)"}}},
		} {
			code, raw := h.do(c.method, c.path, apiToken, strings.NewReader(c.body))
			var got struct{ Errors []problem }
			if err := json.Unmarshal(raw, &got); err != nil || code != http.StatusBadRequest || !slices.Equal(got.Errors, c.want) {
				t.Errorf("%s %s %s = %d %s, want 400 with %q", c.method, c.path, c.body, code, raw, c.want)
			}
		}
		var g goalOut
		if h.api(http.MethodGet, "/v1/goals/G2", nil, &g); g.Version != 1 {
			t.Errorf("refused edits changed G2 (version %d)", g.Version)
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestIDLength: account and campaign ids enter goalbot with at most 150 characters
// (what a Slack picker's option value takes): ingest and the catalog API refuse a
// longer one, naming it, and store nothing.
func TestIDLength(t *testing.T) {
	at150, at151 := "c"+strings.Repeat("é", 149), "c"+strings.Repeat("é", 150)
	row := func(campaign, account string) string {
		return `[{"date":"2026-03-01","network":"google","account_id":"` + account + `","campaign_id":"` + campaign + `","currency":"USD","spend":1}]`
	}
	forEachBackend(t, func(t *testing.T, h *harness) {
		if code, raw := h.ingest(row(at150, at150)); code != http.StatusOK {
			t.Fatalf("150-character ids: %d %s", code, raw)
		}
		code, raw := h.ingest(row(at151, "act-1"))
		want := `{"row":1,"field":"campaign_id","error":"campaign_id has 151 characters: ids can have at most 150 (what Slack's pickers take)"}`
		if code != http.StatusBadRequest || !strings.Contains(string(raw), want) {
			t.Errorf("151-character campaign id: %d %s, want 400 with %s", code, raw, want)
		}
		body := map[string]any{
			"accounts":  []map[string]string{{"id": at151, "network": "google", "currency": "USD"}},
			"campaigns": []map[string]string{{"id": at151, "account_id": at150}},
		}
		code, raw = h.do(http.MethodPost, "/v1/catalog", apiToken, strings.NewReader(mustJSON(t, body)))
		for _, field := range []string{"accounts[0].id", "campaigns[0].id"} {
			if code != http.StatusBadRequest || !strings.Contains(string(raw), `"field":"`+field+`","error":"`) {
				t.Errorf("catalog with 151-character ids: %d %s, want 400 naming %s", code, raw, field)
			}
		}
		if cs, err := h.store.Campaigns(ctx, []string{at151}); err != nil || len(cs) != 0 {
			t.Errorf("a refused id was stored: %v (%v)", cs, err)
		}
	})
}
