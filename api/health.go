package api

import "net/http"

// handleHealthz answers GET /healthz with 200 {"status":"ok"}: the process lives. It
// checks nothing else, so that an orchestrator does not restart a process that is
// only waiting for a dependency.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`{"status":"ok"}`))
}
