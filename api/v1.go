package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

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
}

// Register adds the /v1 routes to mux.
func (v *V1) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/metrics", v.handleMetrics)
	mux.HandleFunc("POST /v1/catalog", v.api(v.handleCatalog))
	mux.HandleFunc("GET /v1/goals", v.api(v.handleListGoals))
	mux.HandleFunc("POST /v1/goals", v.api(v.handleCreateGoal))
	mux.HandleFunc("GET /v1/goals/{id}", v.api(v.handleGetGoal))
	mux.HandleFunc("PATCH /v1/goals/{id}", v.api(v.handlePatchGoal))
	mux.HandleFunc("DELETE /v1/goals/{id}", v.api(v.handleDeleteGoal))
	mux.HandleFunc("POST /v1/evaluate", v.api(v.handleEvaluate))
	mux.HandleFunc("GET /v1/sources", v.api(v.handleSources))
	mux.HandleFunc("POST /v1/sources/sync", v.api(v.handleSync))
}

// api guards a handler with the API token.
func (v *V1) api(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := func() error {
			if v.APIToken == "" {
				return off("goals API", "GOALBOT_API_TOKEN")
			}
			if err := bearer(r, v.APIToken); err != nil {
				v.Logger.WarnContext(r.Context(), "api: wrong or missing token", "path", r.URL.Path, "remote", r.RemoteAddr)
				return err
			}
			return h(w, r)
		}()
		if err != nil {
			writeError(w, r, v.Logger, err)
		}
	}
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
