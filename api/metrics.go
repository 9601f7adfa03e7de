package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// handleMetrics is POST /v1/metrics: a JSON array or NDJSON of metrics rows, validated
// whole and applied atomically.
func (v *V1) handleMetrics(w http.ResponseWriter, r *http.Request) {
	if v.IngestToken == "" {
		writeError(w, r, v.Logger, off("metrics ingest", "GOALBOT_INGEST_TOKEN"))
		return
	}
	if err := bearer(r, v.IngestToken); err != nil {
		v.Logger.WarnContext(r.Context(), "ingest: wrong or missing token", "remote", r.RemoteAddr)
		writeError(w, r, v.Logger, err)
		return
	}
	if r.ContentLength > v.MaxIngestBytes {
		writeTooLarge(w, v.MaxIngestBytes)
		return
	}
	body := http.MaxBytesReader(w, r.Body, v.MaxIngestBytes)
	rows, err := commands.DecodeJSONRows(body, v.App.Today())
	var tooLarge *http.MaxBytesError
	var rowErrs *commands.RowErrors
	switch {
	case errors.As(err, &tooLarge):
		writeTooLarge(w, v.MaxIngestBytes)
		return
	case errors.As(err, &rowErrs):
		writeJSON(w, http.StatusBadRequest, rowErrorBody{Code: "invalid", Errors: rowErrs.List, More: rowErrs.More})
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

func writeTooLarge(w http.ResponseWriter, limit int64) {
	writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Code: "too_large", Errors: []goalbot.FieldError{{
		Message: fmt.Sprintf("the body is larger than GOALBOT_INGEST_MAX_BYTES (%d bytes): split the rows into several requests", limit),
	}}})
}
