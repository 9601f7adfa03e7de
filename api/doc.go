// Package api is goalbot's HTTP side: Server, with its timeouts, graceful shutdown
// and GET /healthz, and the /v1 handlers (V1) for metrics ingest, the catalog and the
// goals API.
//
// The package speaks HTTP only: it does not read the environment (cmd/goalbot hands it
// its address and tokens) and it does not talk to Slack (that is package bot's job).
package api
