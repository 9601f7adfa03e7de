// Package api is goalbot's HTTP side. For now it serves GET /healthz, which says
// that the process lives.
//
// The package speaks HTTP only: it does not read the environment (cmd/goalbot hands it
// its address) and it does not talk to Slack (that is package bot's job).
package api
