package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goalbot/goalbot/api"
)

func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	h := newHarness(t, backends[0].start(t))
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		req := httptest.NewRequest(http.MethodGet, "/v1/goals", nil)
		req.Header.Set("Authorization", scheme+" "+apiToken)
		rec := httptest.NewRecorder()
		h.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("Authorization: %s <token> = %d %s, want 200", scheme, rec.Code, rec.Body)
		}
	}
	for _, header := range []string{"Basic " + apiToken, apiToken, "Bearer", "Bearer " + apiToken + "x"} {
		req := httptest.NewRequest(http.MethodGet, "/v1/goals", nil)
		req.Header.Set("Authorization", header)
		rec := httptest.NewRecorder()
		h.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("Authorization: %.12s… = %d, want 401", header, rec.Code)
		}
	}
}

// TestGoalsBodyOverItsLimit sends POST and PATCH /v1/goals and POST /v1/catalog
// bodies one byte over MaxBodyBytes, with and without a Content-Length: 413 saying
// the limit, where it was a 400 about JSON cut short.
func TestGoalsBodyOverItsLimit(t *testing.T) {
	h := newHarness(t, backends[0].start(t))
	h.addCatalog()
	g := h.create(createBody())
	over := `{"name":"` + strings.Repeat("n", api.MaxBodyBytes) + `"}`
	for _, c := range []struct{ method, path string }{
		{http.MethodPost, "/v1/goals"}, {http.MethodPatch, "/v1/goals/" + g.ID}, {http.MethodPost, "/v1/catalog"},
	} {
		for _, known := range []bool{true, false} {
			var body = strings.NewReader(over)
			req := httptest.NewRequest(c.method, c.path, body)
			if !known {
				req = httptest.NewRequest(c.method, c.path, struct{ *strings.Reader }{body})
				req.ContentLength = -1
			}
			req.Header.Set("Authorization", "Bearer "+apiToken)
			rec := httptest.NewRecorder()
			h.srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusRequestEntityTooLarge {
				t.Errorf("%s %s of %d bytes (length known: %v) = %d, want 413", c.method, c.path, len(over), known, rec.Code)
				continue
			}
			mustError(t, rec.Body.Bytes(), "", "larger than 1048576 bytes (1 MiB)")
		}
	}
}

func TestReadyzNamesTheFailingPartWithoutItsAddress(t *testing.T) {
	var log bytes.Buffer
	s := api.NewServer("127.0.0.1:0", slog.New(slog.NewTextHandler(&log, nil)))
	down := errors.New("ping redis: dial tcp 127.0.0.1:6379: connect: connection refused")
	s.Ready(api.Check{Name: "store", Check: func(context.Context) error { return down }, Down: "the store does not answer"},
		api.Check{Name: "slack", Check: func(context.Context) error { return nil }, Down: "not connected to Slack"},
		api.Check{Name: "other", Check: func(context.Context) error { return fmt.Errorf("ping: %w", context.DeadlineExceeded) }})
	for range 3 {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		body := rec.Body.String()
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(body, `"store":"the store does not answer; the log says why"`) ||
			!strings.Contains(body, `"slack":"ok"`) || !strings.Contains(body, `"other":"not ready (no answer within 2s); the log says why"`) {
			t.Errorf("GET /readyz = %d %s", rec.Code, body)
		}
		if strings.Contains(body, "127.0.0.1") || strings.Contains(body, "dial") {
			t.Errorf("GET /readyz shows an internal address: %s", body)
		}
	}
	if n := strings.Count(log.String(), "6379"); n != 1 {
		t.Errorf("the log has the store's error %d times over three probes, want once:\n%s", n, log.String())
	}
}

func TestGoalIDWithAnInvisibleCharacter(t *testing.T) {
	h := newHarness(t, backends[0].start(t))
	h.addCatalog()
	g := h.create(createBody())
	for _, method := range []string{http.MethodGet, http.MethodPatch, http.MethodDelete} {
		code, body := h.do(method, "/v1/goals/"+g.ID+"%E2%80%8B", apiToken, strings.NewReader(`{"name":"x"}`))
		if code != http.StatusBadRequest {
			t.Errorf("%s /v1/goals/%s+U+200B = %d %s, want 400", method, g.ID, code, body)
			continue
		}
		mustError(t, body, "", "U+200B")
	}
	var c struct{}
	if code := h.api(http.MethodPost, "/v1/catalog", map[string]any{"accounts": []map[string]string{{"id": "act\u202e9", "name": "x", "network": "google", "currency": "USD"}}}, &c); code != http.StatusBadRequest {
		t.Errorf("POST /v1/catalog with an account id holding U+202E = %d, want 400", code)
	}
	if code, body := h.do(http.MethodGet, "/v1/goals?campaign=cmp%EF%BB%BF1", apiToken, nil); code != http.StatusBadRequest || !strings.Contains(string(body), "U+FEFF") {
		t.Errorf("GET /v1/goals?campaign=cmp+U+FEFF+1 = %d %s, want 400 naming U+FEFF", code, body)
	}
}
