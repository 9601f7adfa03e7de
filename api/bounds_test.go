package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/api"
	"github.com/redis/go-redis/v9"
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
	s.Ready(api.Check{Name: "store", Check: func(context.Context) error { return down }, Down: goalbot.M("api.ready.store", nil)},
		api.Check{Name: "slack", Check: func(context.Context) error { return nil }, Down: goalbot.M("api.ready.slack", nil)},
		api.Check{Name: "other", Check: func(context.Context) error { return fmt.Errorf("ping: %w", context.DeadlineExceeded) }},
		api.Check{Name: "token", Check: func(context.Context) error {
			return fmt.Errorf("check: %w", &goalbot.Error{Code: goalbot.EUNAUTHORIZED, Message: goalbot.Text("SLACK_BOT_TOKEN was refused by Slack (invalid_auth): copy it again")})
		}})
	for range 3 {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		body := rec.Body.String()
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(body, `"store":"the store does not answer; the log says why"`) ||
			!strings.Contains(body, `"slack":"ok"`) || !strings.Contains(body, `"other":"not ready (no answer within 2s); the log says why"`) ||
			!strings.Contains(body, `"token":"SLACK_BOT_TOKEN was refused by Slack (invalid_auth): copy it again"`) {
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

// slowHook delays every Redis command by delay, or until its context ends.
type slowHook struct{ delay time.Duration }

func (slowHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h slowHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(h.delay):
		}
		return next(ctx, cmd)
	}
}
func (h slowHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(h.delay):
		}
		return next(ctx, cmds)
	}
}

// TestRequestStoppedAtItsDeadline lists goals on a store that takes 5 s a command,
// with a handler timeout of 200 ms: the request is answered 503 saying it took too
// long, at its deadline, where it ran for as long as the store took.
func TestRequestStoppedAtItsDeadline(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: miniredis.RunT(t).Addr(), DisableIdentity: true})
	t.Cleanup(func() { client.Close() })
	h := newHarness(t, client)
	client.AddHook(slowHook{delay: 5 * time.Second})
	v1 := &api.V1{App: h.app, IngestToken: ingestToken, APIToken: apiToken, MaxIngestBytes: 8 << 20, Logger: testLog(),
		HandlerTimeout: 200 * time.Millisecond}
	srv := api.NewServer("127.0.0.1:0", testLog())
	v1.Register(srv.Mux())
	for _, c := range []struct{ method, path, token, body string }{
		{http.MethodGet, "/v1/goals?status=missed", apiToken, ""},
		{http.MethodPost, "/v1/metrics", ingestToken, `[{"date":"2026-11-01","network":"google","account_id":"act-1","campaign_id":"cmp-1","currency":"USD","spend":1}]`},
	} {
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		req.Header.Set("Authorization", "Bearer "+c.token)
		rec := httptest.NewRecorder()
		start := time.Now()
		srv.ServeHTTP(rec, req)
		if took := time.Since(start); rec.Code != http.StatusServiceUnavailable || took > 2*time.Second {
			t.Errorf("%s %s on a slow store = %d after %v, want 503 at the 200ms deadline: %s", c.method, c.path, rec.Code, took, rec.Body)
			continue
		}
		mustError(t, rec.Body.Bytes(), "", "took longer than 200ms and was stopped")
	}
}

func testLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestListFilterCapped lists goals with a filter of the most values a filter takes,
// and one more: the second is a 400 under campaign that says the cap.
func TestListFilterCapped(t *testing.T) {
	h := newHarness(t, backends[0].start(t))
	var ids []string
	for i := range goalbot.MaxFilterValues + 1 {
		ids = append(ids, fmt.Sprintf("cmp-%d", i))
	}
	if code, body := h.do(http.MethodGet, "/v1/goals?campaign="+strings.Join(ids[:goalbot.MaxFilterValues], ","), apiToken, nil); code != http.StatusOK {
		t.Errorf("a filter of %d values = %d %s", goalbot.MaxFilterValues, code, body)
	}
	code, body := h.do(http.MethodGet, "/v1/goals?campaign="+strings.Join(ids, ","), apiToken, nil)
	if code != http.StatusBadRequest {
		t.Fatalf("a filter of %d values = %d %s, want 400", len(ids), code, body)
	}
	mustError(t, body, "campaign", "a filter takes at most 100")
}
