package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// doIfMatch sends a request with the API token and an If-Match header (none when
// empty), and returns the status, the ETag header and the body.
func (h *harness) doIfMatch(method, path, ifMatch, body string) (int, string, []byte) {
	h.t.Helper()
	req, err := http.NewRequest(method, path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+apiToken)
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("ETag"), rec.Body.Bytes()
}

func TestGoalETag(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		h.create(createBody())
		code, etag, raw := h.doIfMatch(http.MethodGet, "/v1/goals/G1", "", "")
		if code != http.StatusOK || etag != `"1"` {
			t.Fatalf("GET /v1/goals/G1 = %d with ETag %q, want 200 with \"1\": %s", code, etag, raw)
		}
		// An edit made on version 1 goes through and answers the new version.
		code, etag, raw = h.doIfMatch(http.MethodPatch, "/v1/goals/G1", `"1"`, `{"name":"First edit"}`)
		if code != http.StatusOK || etag != `"2"` || !strings.Contains(string(raw), `"version":2`) {
			t.Fatalf("PATCH If-Match \"1\" = %d ETag %q %s, want 200 with \"2\"", code, etag, raw)
		}
		// Another client still holds version 1: its edit and its delete change nothing.
		code, _, raw = h.doIfMatch(http.MethodPatch, "/v1/goals/G1", `"1"`, `{"name":"Stale edit"}`)
		if code != http.StatusPreconditionFailed {
			t.Errorf("PATCH with a stale If-Match = %d %s, want 412", code, raw)
		} else {
			mustError(t, raw, "", "version 2")
		}
		code, _, raw = h.doIfMatch(http.MethodDelete, "/v1/goals/G1", `"1"`, "")
		if code != http.StatusPreconditionFailed {
			t.Errorf("DELETE with a stale If-Match = %d %s, want 412", code, raw)
		}
		var g goalOut
		if h.api(http.MethodGet, "/v1/goals/G1", nil, &g); g.Name != "First edit" || g.Version != 2 {
			t.Fatalf("after the stale requests: %q version %d, want \"First edit\" version 2", g.Name, g.Version)
		}
		// Forms of If-Match: "*" is any version, a list holds the current one, a weak
		// tag never matches (RFC 9110), and an unquoted number is a mistake.
		for _, c := range []struct {
			ifMatch string
			want    int
		}{
			{`W/"2"`, http.StatusPreconditionFailed},
			{`"7", "2"`, http.StatusOK},
			{`*`, http.StatusOK},
			{`3`, http.StatusBadRequest},
		} {
			code, _, raw := h.doIfMatch(http.MethodPatch, "/v1/goals/G1", c.ifMatch, `{"team":"growth"}`)
			if code != c.want {
				t.Errorf("PATCH If-Match %s = %d %s, want %d", c.ifMatch, code, raw, c.want)
			}
		}
		_, etag, _ = h.doIfMatch(http.MethodGet, "/v1/goals/G1", "", "")
		if code, _, raw := h.doIfMatch(http.MethodDelete, "/v1/goals/G1", etag, ""); code != http.StatusNoContent {
			t.Errorf("DELETE If-Match %s (current) = %d %s, want 204", etag, code, raw)
		}
		if code, _, raw := h.doIfMatch(http.MethodDelete, "/v1/goals/G1", etag, ""); code != http.StatusNotFound {
			t.Errorf("DELETE of a deleted goal = %d %s, want 404", code, raw)
		}
	})
}

func TestPatchFieldsThatCannotChange(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		h.create(createBody())
		for body, field := range map[string]string{
			`{"duration":"weekly"}`:                         "duration",
			`{"name":"Kept out","start_date":"2026-02-01"}`: "start_date",
			`{"goal_type":"cost_per_contact"}`:              "goal_type",
			`{"id":"G7"}`:                                   "id",
		} {
			code, _, raw := h.doIfMatch(http.MethodPatch, "/v1/goals/G1", "", body)
			if code != http.StatusBadRequest {
				t.Errorf("PATCH %s = %d %s, want 400", body, code, raw)
				continue
			}
			e := mustError(t, raw, field, field+" cannot change")
			if !strings.Contains(e.Errors[0].Error, "name, target, targets, notifications and team") {
				t.Errorf("PATCH %s does not name the fields that can change: %s", body, raw)
			}
		}
		code, _, raw := h.doIfMatch(http.MethodPatch, "/v1/goals/G1", "", `{"version":1}`)
		if code != http.StatusBadRequest {
			t.Errorf("PATCH version = %d %s, want 400", code, raw)
		} else {
			mustError(t, raw, "version", "If-Match")
		}
		code, _, raw = h.doIfMatch(http.MethodPatch, "/v1/goals/G1", "", `{"nmae":"x"}`)
		if code != http.StatusBadRequest {
			t.Errorf("PATCH nmae = %d %s, want 400", code, raw)
		} else {
			mustError(t, raw, "nmae", "name, target, targets, notifications and team")
		}
		var g goalOut
		if h.api(http.MethodGet, "/v1/goals/G1", nil, &g); g.Name != "Spring conversions" || g.Version != 1 {
			t.Errorf("refused patches changed the goal: %q version %d", g.Name, g.Version)
		}
	})
}
