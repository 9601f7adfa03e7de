// Package source pulls spend and conversions from the ad networks on goalbot's own
// schedule, so that goals are measured without an ETL.
//
// A Client (one package per network: source/google, source/meta, source/linkedin)
// lists the ad accounts its credentials reach, with their currency and time zone,
// lists their campaigns, and yields the daily rows the network reports for a range of
// the account's days, in the network's own wire format. A Syncer pulls each
// configured Source: it asks each account for a trailing window of days (a long
// backfill the first time), zero-fills every campaign-day the network left out (the
// networks omit days with no activity, and a day restated to nothing must be reset),
// and writes the rows through the same validated, idempotent ingest path as
// POST /v1/metrics, a few whole days at a time: a re-pull replaces the same
// (campaign, date) rows, a failure never leaves a day half-written, and the goals of
// the touched campaigns are measured within seconds.
//
// Pulls run one at a time across replicas (the store's "sync" lease); scheduled pulls
// run on the replica that holds the engine's leader lease (Schedule). Within a pull
// the ad networks run in parallel, fetching and writing at once: their rows name
// different campaigns, whose writes never hold each other up in the store. The
// Syncer keeps each source's status in the store (accounts, campaigns, last success, rows written,
// next run, last error in plain words), counts pulls, rows, errors and durations for
// Prometheus, and queues one source_failed alert to goalbot's admins when a source
// begins to fail.
//
// A source may instead pull by itself (Puller: the CRM, source/hubspot, which counts
// its contacts for the catalog's campaigns); it runs after the ad networks and writes
// only the CRM fields of the rows, as they write only spend and conversions. A
// Checker runs after every pull (the tracking drift).
//
// The helpers for the clients live here too: Error and its kinds (an expired or
// revoked token stops a source with a clear message and is never retried), Retry
// (backoff that honours what the network says), and exact decimal amounts.
//
// The package reads no environment and knows no Slack; cmd/goalbot builds the
// clients from the configuration and hands the Syncer its store and ingest path.
package source
