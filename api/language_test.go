package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// doIn sends a request with the API token and an Accept-Language header (none when
// lang is empty) and returns the status, the Allow header and the body.
func (h *harness) doIn(lang, method, path, body string) (int, string, []byte) {
	h.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+apiToken)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		h.t.Errorf("%s %s answered Content-Type %q, want application/json", method, path, ct)
	}
	return rec.Code, rec.Header().Get("Allow"), rec.Body.Bytes()
}

// saidIn is an error answer's problems, field → error.
func saidIn(t *testing.T, body []byte) map[string]string {
	t.Helper()
	var e errorsBody
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %s: %v", body, err)
	}
	out := map[string]string{}
	for _, p := range e.Errors {
		out[p.Field] = p.Error
	}
	return out
}

// TestErrorsInTheReadersLanguage: the API says its errors in the language the
// request's Accept-Language asks for, Swedish or English; English, word for word as
// before, when it asks for none or for a language goalbot does not speak. The codes,
// fields and statuses are the same in every language.
func TestErrorsInTheReadersLanguage(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.addCatalog()
		bad := `{"name":" ","goal_type":"network_conversions","ad_campaigns":["cmp-1"],"duration":"monthly","start_date":"2026-01-01","end_date":"2026-12-31","target":-5,"creator":"U1"}`
		for _, c := range []struct {
			lang             string
			name, target     string
			notFound, method string
		}{
			{"sv-SE,sv;q=0.9,en;q=0.8", "ge målet ett namn på 1 till 100 tecken", "målvärdet måste vara ett positivt tal, till exempel 100, inte -5",
				"målet G404 hittades inte: det kan ha raderats", "/v1/goals tar GET eller POST, inte PUT"},
			{"sv", "ge målet ett namn på 1 till 100 tecken", "målvärdet måste vara ett positivt tal, till exempel 100, inte -5",
				"målet G404 hittades inte: det kan ha raderats", "/v1/goals tar GET eller POST, inte PUT"},
			{"", "give the goal a name of 1 to 100 characters", "the target must be a positive number, such as 100, not -5",
				"goal G404 not found: it may have been deleted", "/v1/goals takes GET or POST, not PUT"},
			{"de-DE,fr;q=0.5", "give the goal a name of 1 to 100 characters", "the target must be a positive number, such as 100, not -5",
				"goal G404 not found: it may have been deleted", "/v1/goals takes GET or POST, not PUT"},
		} {
			code, _, raw := h.doIn(c.lang, http.MethodPost, "/v1/goals", bad)
			said := saidIn(t, raw)
			if code != http.StatusBadRequest || said["name"] != c.name || said["target"] != c.target || !strings.Contains(string(raw), `"code":"invalid"`) {
				t.Errorf("Accept-Language %q: a bad goal = %d %s, want name %q and target %q", c.lang, code, raw, c.name, c.target)
			}
			code, _, raw = h.doIn(c.lang, http.MethodGet, "/v1/goals/G404", "")
			if said := saidIn(t, raw); code != http.StatusNotFound || said[""] != c.notFound {
				t.Errorf("Accept-Language %q: no such goal = %d %s, want %q", c.lang, code, raw, c.notFound)
			}
			code, allow, raw := h.doIn(c.lang, http.MethodPut, "/v1/goals", "{}")
			if said := saidIn(t, raw); code != http.StatusMethodNotAllowed || allow != "GET, POST" || said[""] != c.method {
				t.Errorf("Accept-Language %q: PUT /v1/goals = %d (Allow %q) %s, want %q", c.lang, code, allow, raw, c.method)
			}
		}
		if code, _, raw := h.doIn("sv", http.MethodGet, "/v1/nothing", ""); code != http.StatusNotFound ||
			saidIn(t, raw)[""] != "det finns ingen /v1/nothing i API:t: se docs/metrics-and-api.md" {
			t.Errorf("an unknown path in Swedish = %d %s", code, raw)
		}
	})
}

// TestRowErrorsInTheReadersLanguage: the problems of metrics rows, in Swedish for
// a Swedish reader and in English otherwise.
func TestRowErrorsInTheReadersLanguage(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		row := `{"date":"2026-11-01","network":"google","account_id":"act-1","campaign_id":"cmp-1","currency":"USD","spend":-1}`
		for lang, want := range map[string]string{"sv": "spend får inte vara negativt", "en": "spend must not be negative"} {
			req := httptest.NewRequest(http.MethodPost, "/v1/metrics", strings.NewReader(row))
			req.Header.Set("Authorization", "Bearer "+ingestToken)
			req.Header.Set("Accept-Language", lang)
			rec := httptest.NewRecorder()
			h.srv.ServeHTTP(rec, req)
			var body struct {
				Errors []struct {
					Row   int    `json:"row"`
					Field string `json:"field"`
					Error string `json:"error"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != http.StatusBadRequest || len(body.Errors) != 1 ||
				body.Errors[0].Row != 1 || body.Errors[0].Field != "spend" || body.Errors[0].Error != want {
				t.Errorf("%s: %d %s, want row 1 spend %q", lang, rec.Code, rec.Body, want)
			}
		}
	})
}
