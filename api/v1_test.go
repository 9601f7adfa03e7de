package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/api"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/goalbot/goalbot/store"
	"github.com/redis/go-redis/v9"
)

// The tokens of the tests' V1; neither may ever reach the log.
const (
	ingestToken = "INGEST-SECRET-0123456789"
	apiToken    = "API-SECRET-9876543210"
)

// now is the tests' frozen clock: 2026-11-28, noon UTC.
var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

var ctx = context.Background()

// backends are the Redis servers the handler tests run on: miniredis and a real
// redis-server.
var backends = []struct {
	name  string
	start func(t *testing.T) redis.UniversalClient
}{
	{"miniredis", func(t *testing.T) redis.UniversalClient {
		return redis.NewClient(&redis.Options{Addr: miniredis.RunT(t).Addr(), DisableIdentity: true})
	}},
	{"redis", func(t *testing.T) redis.UniversalClient {
		return redis.NewClient(&redis.Options{Addr: redistest.Server(t), DisableIdentity: true})
	}},
}

var prefixes atomic.Int64

// harness is the HTTP server with /v1 on a real store, its log and what it told the
// engine.
type harness struct {
	t     *testing.T
	srv   *api.Server
	v1    *api.V1
	store *store.Redis
	app   *commands.App
	log   *syncBuffer

	mu       sync.Mutex
	ingested [][]string // campaigns of each accepted ingest
	rows     int        // rows counted by IngestedRows
}

// forEachBackend runs test on each backend, each subtest with a store of its own.
func forEachBackend(t *testing.T, test func(t *testing.T, h *harness)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			client := b.start(t)
			t.Cleanup(func() { client.Close() })
			test(t, newHarness(t, client))
		})
	}
}

func newHarness(t *testing.T, client redis.UniversalClient) *harness {
	t.Helper()
	st := store.NewRedis(client, fmt.Sprintf("api%d", prefixes.Add(1)))
	if err := st.CheckSchema(ctx); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, store: st, log: &syncBuffer{}}
	logger := slog.New(slog.NewJSONHandler(h.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h.app = &commands.App{Store: st, Clock: goalbot.NewFrozenClock(now), Settings: goalbot.DefaultSettings, Logger: logger,
		Ingested: func(campaigns []string) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.ingested = append(h.ingested, campaigns)
		}}
	h.v1 = &api.V1{App: h.app, IngestToken: ingestToken, APIToken: apiToken, MaxIngestBytes: 8 << 20, Logger: logger,
		IngestedRows: func(n int) { h.mu.Lock(); h.rows += n; h.mu.Unlock() }}
	h.srv = api.NewServer("127.0.0.1:0", logger)
	h.v1.Register(h.srv.Mux())
	t.Cleanup(func() { assertNoTokens(t, h.log.String()) })
	return h
}

// do sends a request with token as its bearer token ("" for none) and returns the
// answer's status and body.
func (h *harness) do(method, path, token string, body io.Reader) (int, []byte) {
	h.t.Helper()
	req := httptest.NewRequest(method, path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); rec.Body.Len() > 0 && ct != "application/json" {
		h.t.Errorf("%s %s answered Content-Type %q, want application/json", method, path, ct)
	}
	return rec.Code, rec.Body.Bytes()
}

// api sends a request to the goals API with the API token and a JSON body (nil for
// none), decodes the answer into out (unless nil) and returns its status.
func (h *harness) api(method, path string, body any, out any) int {
	h.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			h.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	code, resp := h.do(method, path, apiToken, r)
	if out != nil && len(resp) > 0 {
		if err := json.Unmarshal(resp, out); err != nil {
			h.t.Fatalf("%s %s: decode %s: %v", method, path, resp, err)
		}
	}
	return code
}

// errorsBody is an error answer.
type errorsBody struct {
	Code   string `json:"code"`
	Errors []struct {
		Row   int    `json:"row"`
		Line  int    `json:"line"`
		Field string `json:"field"`
		Error string `json:"error"`
	} `json:"errors"`
	More int `json:"more"`
}

// mustError fails t unless the body is an error answer with a problem with field
// whose message contains says.
func mustError(t *testing.T, body []byte, field, says string) errorsBody {
	t.Helper()
	var e errorsBody
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %s: %v", body, err)
	}
	for _, p := range e.Errors {
		if p.Field == field && strings.Contains(p.Error, says) {
			return e
		}
	}
	t.Fatalf("no problem with field %q saying %q in %s", field, says, body)
	return e
}

// syncBuffer is a log the server and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// assertNoTokens fails t when the log shows either token, or a part of one.
func assertNoTokens(t *testing.T, log string) {
	t.Helper()
	for _, tok := range []string{ingestToken, apiToken, "SECRET", "wrong-token"} {
		if strings.Contains(log, tok) {
			t.Errorf("the log shows %q:\n%s", tok, log)
		}
	}
}

// jsonBody marshals v as a request body.
func jsonBody(t *testing.T, v any) io.Reader {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}
