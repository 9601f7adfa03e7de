package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// V1 serves /v1: metrics ingest, the catalog, the goals API and the pull sources.
type V1 struct {
	App *commands.App
	// IngestToken guards POST /v1/metrics; empty turns ingest off.
	IngestToken string
	// APIToken guards the rest of /v1; empty turns the API off.
	APIToken string
	// MaxIngestBytes is the largest ingest body (GOALBOT_INGEST_MAX_BYTES).
	MaxIngestBytes int64
	Logger         *slog.Logger
	// IngestedRows counts accepted rows (nil: not counted).
	IngestedRows func(n int)
	// Evaluate runs one evaluation pass now (the engine's), after moving the frozen
	// clock to at when at is given; its result is the answer's JSON.
	Evaluate func(ctx context.Context, at *time.Time) (any, error)
	// HandlerTimeout bounds each request's work (HandlerTimeout when 0; the pass and
	// the pull get LongHandlerTimeout).
	HandlerTimeout time.Duration
}

// Deadlines of a /v1 request's work, counted once its body is read: a request still
// at work then is stopped (its context ends) and answered 503, saying so.
const (
	HandlerTimeout = 30 * time.Second
	// LongHandlerTimeout bounds POST /v1/evaluate and POST /v1/sources/sync, which
	// run a whole evaluation pass or pull from the networks: within WriteTimeout,
	// after which no answer could be written.
	LongHandlerTimeout = WriteTimeout - 10*time.Second
)

// Register adds the /v1 routes to mux, and JSON answers for the paths and methods
// they do not take.
func (v *V1) Register(mux *http.ServeMux) {
	short, long := v.timeout(), LongHandlerTimeout
	mux.HandleFunc("POST /v1/metrics", v.handleMetrics)
	mux.HandleFunc("POST /v1/catalog", v.api(v.handleCatalog, short))
	mux.HandleFunc("GET /v1/goals", v.api(v.handleListGoals, short))
	mux.HandleFunc("POST /v1/goals", v.api(v.handleCreateGoal, short))
	mux.HandleFunc("GET /v1/goals/{id}", v.api(v.handleGetGoal, short))
	mux.HandleFunc("GET /v1/goals/{id}/chart.png", v.api(v.handleGoalChart, short))
	mux.HandleFunc("PATCH /v1/goals/{id}", v.api(v.handlePatchGoal, short))
	mux.HandleFunc("DELETE /v1/goals/{id}", v.api(v.handleDeleteGoal, short))
	mux.HandleFunc("GET /v1/goals/{id}/history", v.api(v.handleHistory, short))
	mux.HandleFunc("POST /v1/goals/{id}/restore", v.api(v.handleRestore, short))
	mux.HandleFunc("POST /v1/evaluate", v.api(v.handleEvaluate, long))
	mux.HandleFunc("GET /v1/sources", v.api(v.handleSources, short))
	mux.HandleFunc("POST /v1/sources/sync", v.api(v.handleSync, long))
	mux.HandleFunc("/v1/", unrouted(mux))
}

// timeout is the deadline of a request's work.
func (v *V1) timeout() time.Duration {
	if v.HandlerTimeout > 0 {
		return v.HandlerTimeout
	}
	return HandlerTimeout
}

// api guards a handler with the API token and bounds its work by timeout.
func (v *V1) api(h func(http.ResponseWriter, *http.Request) error, timeout time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		r = r.WithContext(ctx)
		err := func() error {
			if v.APIToken == "" {
				return errAPIOff
			}
			if err := bearer(r, v.APIToken); err != nil {
				v.Logger.WarnContext(r.Context(), "api: wrong or missing token", "path", r.URL.Path, "remote", r.RemoteAddr)
				return err
			}
			return h(w, r)
		}()
		if err != nil {
			v.writeError(w, r, err, timeout)
		}
	}
}

// writeError answers err, or 503 saying that the request took longer than timeout
// when its context ended meanwhile (whatever error that caused on the way).
func (v *V1) writeError(w http.ResponseWriter, r *http.Request, err error, timeout time.Duration) {
	if errors.Is(r.Context().Err(), context.DeadlineExceeded) {
		v.Logger.ErrorContext(r.Context(), "request stopped at its deadline", "method", r.Method, "path", r.URL.Path, "timeout", timeout.String(), "err", err)
		w.Header().Set("Retry-After", "5")
		writeJSON(w, http.StatusServiceUnavailable, errorBody{Code: "timeout", Errors: []problemJSON{{
			Error: printer(r).T("api.timeout", goalbot.Args{"Timeout": timeout.String()}),
		}}})
		return
	}
	writeError(w, r, v.Logger, err)
}

// handleEvaluate is POST /v1/evaluate: one pass now, optionally at {"at": RFC 3339}.
func (v *V1) handleEvaluate(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		At *time.Time `json:"at"`
	}
	if r.ContentLength != 0 {
		if err := decodeBody(r, &req); err != nil && !isEmptyBody(err) {
			return err
		}
	}
	res, err := v.Evaluate(r.Context(), req.At)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
