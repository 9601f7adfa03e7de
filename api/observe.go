package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Check is one readiness or liveness check: nil when the part answers.
type Check struct {
	Name  string
	Check func(ctx context.Context) error
	// Down is what GET /readyz says while the check fails, in plain words that give
	// no internal address ("the store does not answer"); "not ready" when zero. The
	// error itself goes to the log.
	Down goalbot.Message
}

// readyTimeout bounds each readiness check.
const readyTimeout = 2 * time.Second

// handleReadyz answers GET /readyz: 200 when every check passes, 503 with each
// check's state otherwise (docs/contract.md: the Slack socket is connected and the
// store answers). A
// failing check is named with a plain reason; its error, which may hold internal
// addresses, is logged when it first appears or changes.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	states := map[string]string{}
	code := http.StatusOK
	for _, c := range s.checks {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		err := c.Check(ctx)
		cancel()
		s.noteReady(c.Name, err)
		states[c.Name] = "ok"
		if err != nil {
			states[c.Name] = printer(r).Message(c.downReason(err))
			code = http.StatusServiceUnavailable
		}
	}
	status := "ok"
	if code != http.StatusOK {
		status = "unavailable"
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, code, map[string]any{"status": status, "checks": states})
}

// downReason is what GET /readyz says of a check that failed with err: the message
// of a goalbot error (written for people, such as a Slack token refused), else the
// check's plain reason.
func (c Check) downReason(err error) goalbot.Message {
	var ge *goalbot.Error
	if errors.As(err, &ge) && goalbot.ErrorCode(err) != goalbot.EINTERNAL && goalbot.ErrorCode(err) != goalbot.EUNAVAILABLE {
		return goalbot.MessageOf(ge)
	}
	reason := c.Down
	if reason.IsZero() {
		reason = goalbot.M("api.ready.down", nil)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		reason = goalbot.M("api.ready.slow", goalbot.Args{"Reason": reason, "Timeout": readyTimeout.String()})
	}
	return goalbot.M("api.ready.see_log", goalbot.Args{"Reason": reason})
}

// noteReady logs a readiness check's error when it differs from the one before, and
// its recovery, so that a probe every few seconds does not flood the log.
func (s *Server) noteReady(name string, err error) {
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	s.readyMu.Lock()
	before, seen := s.readyErrs[name]
	if s.readyErrs == nil {
		s.readyErrs = map[string]string{}
	}
	s.readyErrs[name] = msg
	s.readyMu.Unlock()
	switch {
	case msg != "" && msg != before:
		s.log.Warn("not ready", "check", name, "err", err)
	case msg == "" && seen && before != "":
		s.log.Info("ready again", "check", name)
	}
}

// httpMetrics count requests by route and code, and time them.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// Observe registers the Go runtime, process and HTTP metrics with reg and serves
// them, and every metric registered with reg by others, at GET /metrics.
func (s *Server) Observe(reg *prometheus.Registry) {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goalbot_http_requests_total", Help: "HTTP requests by route and status code."}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "goalbot_http_request_duration_seconds", Help: "HTTP request durations by route.", Buckets: prometheus.DefBuckets}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.metrics = m
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe serves r through the mux, counting it by its route pattern.
func (s *Server) observe(w http.ResponseWriter, r *http.Request) {
	if s.metrics == nil {
		s.mux.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
	s.mux.ServeHTTP(sw, r)
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	s.metrics.requests.WithLabelValues(route, strconv.Itoa(sw.code)).Inc()
	s.metrics.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
}
