package api

import (
	"net/http"
	"strings"

	"github.com/goalbot/goalbot"
)

// routeMethods are the methods the /v1 routes take, in the order an Allow header
// names them.
var routeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete}

// unrouted answers a /v1 request that no route takes, as JSON in the reader's
// language: 405 with the methods its path takes (and an Allow header), or 404.
func unrouted(mux *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var allowed []string
		for _, m := range routeMethods {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); m != r.Method && strings.HasPrefix(pattern, m+" ") {
				allowed = append(allowed, m)
			}
		}
		p := printer(r)
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeJSON(w, http.StatusMethodNotAllowed, errorBody{Code: "method_not_allowed", Errors: []problemJSON{{
				Error: p.T("api.route.method", goalbot.Args{"Path": r.URL.Path, "Allowed": p.List(goalbot.OrList(allowed)), "Method": r.Method}),
			}}})
			return
		}
		writeJSON(w, http.StatusNotFound, errorBody{Code: goalbot.ENOTFOUND, Errors: []problemJSON{{
			Error: p.T("api.route.not_found", goalbot.Args{"Path": r.URL.Path}),
		}}})
	}
}
