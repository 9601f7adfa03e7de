package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// historyOut is GET /v1/goals/{id}/history as a test reads it.
type historyOut struct {
	Goal    struct{ Name string } `json:"goal"`
	Deleted *struct {
		By           *string `json:"by"`
		RestoreUntil *string `json:"restore_until"`
	} `json:"deleted"`
	Periods []struct {
		Start     string       `json:"start"`
		State     string       `json:"state"`
		Spend     *[]amountOut `json:"spend"`
		Campaigns *[]struct {
			Campaign string      `json:"campaign"`
			Spend    []amountOut `json:"spend"`
		} `json:"campaigns"`
	} `json:"periods"`
	Changes []struct {
		Kind   string  `json:"kind"`
		By     *string `json:"by"`
		Fields []struct {
			Field, Old, New string
		} `json:"fields"`
	} `json:"changes"`
	Total int    `json:"changes_total"`
	Next  string `json:"next_changes_cursor"`
}

// kinds are the kinds of the changes, newest first.
func (h historyOut) kinds() string {
	var out []string
	for _, c := range h.Changes {
		out = append(out, c.Kind)
	}
	return strings.Join(out, " ")
}

// TestGoalHistory: GET /v1/goals/{id}/history gives every period with its state and
// spend per currency, the running period's campaigns and the settled periods' (kept
// when they settled), and the changes made to the
// goal newest first (the API token's with a null by), paged by a cursor; a deleted
// goal's history says until when it can be restored, and POST .../restore puts it
// back. Unknown parameters, a bad limit and an unknown goal are refused.
func TestGoalHistory(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		h.create(createBody())
		if code := h.api(http.MethodPatch, "/v1/goals/G1", map[string]any{"name": "Autumn"}, nil); code != http.StatusOK {
			t.Fatalf("PATCH = %d", code)
		}
		if code, raw := h.ingest(metricRow("cmp-1", "2026-11-03", "120.5")); code != http.StatusOK {
			t.Fatalf("ingest %d %s", code, raw)
		}
		h.pass()
		var out historyOut
		if code := h.api(http.MethodGet, "/v1/goals/G1/history", nil, &out); code != http.StatusOK {
			t.Fatalf("GET history = %d", code)
		}
		nov := out.Periods[10]
		if len(out.Periods) != 12 || out.Periods[0].State != "settled" ||
			out.Periods[0].Campaigns == nil || len(*out.Periods[0].Campaigns) != 1 || out.Periods[11].State != "pending" ||
			nov.State != "running" || nov.Spend == nil || fmt.Sprint(*nov.Spend) != "[{USD 120.5}]" ||
			nov.Campaigns == nil || len(*nov.Campaigns) != 1 || (*nov.Campaigns)[0].Campaign != "cmp-1" {
			t.Errorf("periods: %+v", out.Periods)
		}
		if out.kinds() != "edited created" || out.Changes[0].By != nil || *out.Changes[1].By != "U012AB3CD" ||
			fmt.Sprint(out.Changes[0].Fields) != "[{name Spring conversions Autumn}]" || out.Total != 2 || out.Deleted != nil {
			t.Errorf("changes: %+v", out)
		}

		var page historyOut
		h.api(http.MethodGet, "/v1/goals/G1/history?changes_limit=1", nil, &page)
		if page.kinds() != "edited" || page.Next != "1" {
			t.Errorf("first page: %q next %q", page.kinds(), page.Next)
		}
		h.api(http.MethodGet, "/v1/goals/G1/history?changes_limit=1&changes_cursor="+page.Next, nil, &page)
		if page.kinds() != "created" || page.Next != "" {
			t.Errorf("second page: %q next %q", page.kinds(), page.Next)
		}

		if code, _ := h.do(http.MethodDelete, "/v1/goals/G1", apiToken, nil); code != http.StatusNoContent {
			t.Fatalf("DELETE = %d", code)
		}
		out = historyOut{}
		h.api(http.MethodGet, "/v1/goals/G1/history", nil, &out)
		if out.Deleted == nil || out.Deleted.By != nil || out.Deleted.RestoreUntil == nil || *out.Deleted.RestoreUntil != "2026-12-28T12:00:00Z" ||
			out.kinds() != "deleted edited created" {
			t.Errorf("deleted: %+v", out)
		}
		if code := h.api(http.MethodPost, "/v1/goals/G1/restore", nil, nil); code != http.StatusOK {
			t.Fatalf("POST restore = %d", code)
		}
		if code := h.api(http.MethodGet, "/v1/goals/G1", nil, nil); code != http.StatusOK {
			t.Errorf("GET after the restore = %d", code)
		}
		code, raw := h.do(http.MethodPost, "/v1/goals/G1/restore", apiToken, nil)
		if code != http.StatusBadRequest || !strings.Contains(string(raw), "G1 is not deleted") {
			t.Errorf("a second restore = %d %s", code, raw)
		}

		for path, want := range map[string]string{
			"/v1/goals/G1/history?colour=red":        "colour is not a parameter",
			"/v1/goals/G1/history?changes_limit=0":   "changes_limit must be a whole number from 1 to 500",
			"/v1/goals/G1/history?changes_cursor=-1": "changes_cursor must be",
		} {
			code, raw := h.do(http.MethodGet, path, apiToken, nil)
			if code != http.StatusBadRequest || !strings.Contains(string(raw), want) {
				t.Errorf("GET %s = %d %s, want 400 saying %q", path, code, raw, want)
			}
		}
		if code, raw := h.do(http.MethodGet, "/v1/goals/G9/history", apiToken, nil); code != http.StatusNotFound || !strings.Contains(string(raw), "there is no goal G9") {
			t.Errorf("unknown goal = %d %s", code, raw)
		}
		if code, _ := h.do(http.MethodGet, "/v1/goals/G1/history", "", nil); code != http.StatusUnauthorized {
			t.Errorf("without the token = %d", code)
		}
	})
}
