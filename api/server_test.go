package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/goalbot/goalbot/api"
)

func newServer(t *testing.T) *api.Server {
	t.Helper()
	return api.NewServer("127.0.0.1:0", slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func TestHealthz(t *testing.T) {
	tests := []struct {
		method, path string
		wantStatus   int
		wantBody     string
	}{
		{http.MethodGet, "/healthz", http.StatusOK, `{"status":"ok"}`},
		{http.MethodHead, "/healthz", http.StatusOK, ""},
		{http.MethodPost, "/healthz", http.StatusMethodNotAllowed, ""},
		{http.MethodGet, "/nope", http.StatusNotFound, ""},
	}
	s := newServer(t)
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if tt.wantBody == "" {
				return
			}
			if got := rec.Body.String(); got != tt.wantBody {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}
			if got := rec.Header().Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
		})
	}
}

func TestHealthzReportsStuckParts(t *testing.T) {
	s := newServer(t)
	var stuck error
	block := make(chan struct{})
	defer close(block)
	var blocking bool
	s.Live(api.Check{Name: "store", Check: func(context.Context) error { return stuck }},
		api.Check{Name: "other", Check: func(context.Context) error {
			if blocking {
				<-block // ignores its context, as a deadlocked part does
			}
			return nil
		}})
	get := func() (int, map[string]any) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("body %q: %v", rec.Body, err)
		}
		return rec.Code, body
	}
	if code, body := get(); code != http.StatusOK || body["status"] != "ok" {
		t.Fatalf("healthy: %d %v", code, body)
	}
	stuck = errors.New("the embedded store has waited 12s for the disk to keep a write")
	code, body := get()
	checks, _ := body["checks"].(map[string]any)
	if code != http.StatusServiceUnavailable || body["status"] != "stuck" || checks["store"] != stuck.Error() || checks["other"] != nil {
		t.Errorf("stuck store: %d %v", code, body)
	}
	stuck, blocking = nil, true
	start := time.Now()
	code, body = get()
	checks, _ = body["checks"].(map[string]any)
	if code != http.StatusServiceUnavailable || checks["other"] == nil || time.Since(start) > 3*time.Second {
		t.Errorf("a check that never returns: %d %v after %s", code, body, time.Since(start))
	}
}

func TestServerOpenClose(t *testing.T) {
	s := newServer(t)
	if s.URL() != "" || s.ListenAddr() != nil {
		t.Fatalf("before Open: URL = %q, ListenAddr = %v; want none", s.URL(), s.ListenAddr())
	}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(s.URL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != `{"status":"ok"}` {
		t.Fatalf("GET /healthz = %d %s", resp.StatusCode, body)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := http.Get(s.URL() + "/healthz"); err == nil {
		t.Fatal("GET after Close succeeded; want a connection error")
	}
}

func TestServerOpenBadAddr(t *testing.T) {
	s := api.NewServer("127.0.0.1:-1", nil)
	if err := s.Open(); err == nil {
		s.Close(context.Background())
		t.Fatal("Open on a bad address succeeded")
	}
	if err := s.Close(context.Background()); err != nil {
		t.Fatalf("Close of an unopened server: %v", err)
	}
}
