package api

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// liveTimeout bounds each liveness check: a check that takes longer counts as stuck.
const liveTimeout = time.Second

// Live adds liveness checks to GET /healthz (before Open): each says whether a part
// of this process is stuck (not whether a dependency answers, which is readiness).
func (s *Server) Live(checks ...Check) { s.live = append(s.live, checks...) }

// handleHealthz answers GET /healthz: 200 {"status":"ok"} while the process lives and
// none of its parts is stuck, 503 naming the stuck parts otherwise. It checks no
// dependency, so that an orchestrator does not restart a process that is only
// waiting for one, but does restart one that can no longer serve.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	stuck := map[string]string{}
	for _, c := range s.live {
		if err := runWithin(r.Context(), liveTimeout, c.Check); err != nil {
			stuck[c.Name] = err.Error()
		}
	}
	if len(stuck) > 0 {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "stuck", "checks": stuck})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`{"status":"ok"}`))
}

// errCheckTimeout is a check that did not return in its time.
var errCheckTimeout = errors.New("no answer in time")

// runWithin runs check with a deadline and returns its error, or errCheckTimeout
// when it has not returned by then (a check that ignores its context cannot hold
// the answer).
func runWithin(ctx context.Context, d time.Duration, check func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- check(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return errCheckTimeout
	}
}
