package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// handleMetrics is POST /v1/metrics: a JSON array or NDJSON of metrics rows, validated
// whole and applied atomically.
func (v *V1) handleMetrics(w http.ResponseWriter, r *http.Request) {
	if v.IngestToken == "" {
		writeError(w, r, v.Logger, errIngestOff)
		return
	}
	if err := bearer(r, v.IngestToken); err != nil {
		v.Logger.WarnContext(r.Context(), "ingest: wrong or missing token", "remote", r.RemoteAddr)
		writeError(w, r, v.Logger, err)
		return
	}
	if r.ContentLength > v.MaxIngestBytes {
		writeTooLarge(w, r, v.MaxIngestBytes)
		return
	}
	body := http.MaxBytesReader(w, r.Body, v.MaxIngestBytes)
	rows, err := commands.DecodeJSONRows(body, v.App.Today())
	var tooLarge *http.MaxBytesError
	var rowErrs *commands.RowErrors
	switch {
	case errors.As(err, &tooLarge):
		writeTooLarge(w, r, v.MaxIngestBytes)
		return
	case errors.As(err, &rowErrs):
		writeRowErrors(w, r, rowErrs)
		return
	case err != nil:
		writeError(w, r, v.Logger, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), v.timeout()) // the body is read: its work has its deadline
	defer cancel()
	r = r.WithContext(ctx)
	if err := v.App.IngestMetrics(ctx, rows); err != nil {
		v.writeError(w, r, err, v.timeout())
		return
	}
	if v.IngestedRows != nil {
		v.IngestedRows(len(rows))
	}
	writeJSON(w, http.StatusOK, map[string]int{"accepted": len(rows)})
}

// writeTooLarge answers 413 to an ingest body over limit.
func writeTooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Code: "too_large", Errors: []problemJSON{{
		Error: printer(r).T("api.ingest.too_large", goalbot.Args{"Limit": limit}),
	}}})
}
