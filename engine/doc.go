// Package engine is goalbot's scheduled work: it measures every goal that is not
// settled (every GOALBOT_EVAL_INTERVAL, seconds after an ingest, or on demand),
// decides which alerts are due with the domain's pure functions, queues each exactly
// once through the store's ledger, and delivers queued alerts at least once through a
// Notifier, with retries, backoff and per-channel pacing shared by every replica. Each
// recipient's alerts are delivered one after another in the order they were queued
// (the store's lanes), and the stale alerts of one evaluation go to each recipient as
// one (flushStale).
//
// It declares the small interfaces it needs (Store, Notifier) and is handed the real
// ones by cmd/goalbot. It does not know Slack: a Notifier does.
package engine
