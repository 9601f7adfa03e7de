package goalbot

import "time"

// Sources are the ad networks goalbot pulls from, by the names their status, the
// API and `goalbot sync --source` use.
const (
	SourceGoogleAds = "google_ads"
	SourceMeta      = "meta"
	SourceLinkedIn  = "linkedin"
)

// SourceStatus is what goalbot knows of one pull source: what it found at its last
// pull, when it last succeeded, when it runs next and why it fails, if it does.
type SourceStatus struct {
	Name        string    `json:"name"`
	Accounts    int       `json:"accounts"`
	Campaigns   int       `json:"campaigns"`
	LastSuccess time.Time `json:"last_success"`
	LastRun     time.Time `json:"last_run"`
	// Rows is how many campaign-day rows the last successful pull wrote.
	Rows    int64     `json:"rows"`
	NextRun time.Time `json:"next_run"`
	// Error is the last pull's failure in plain words, empty when it succeeded.
	Error string `json:"error,omitempty"`
	// FailingSince is when the current spell of failures began (zero while the
	// source works): the source_failed alert fires once per spell.
	FailingSince time.Time `json:"failing_since"`
	// Stopped is set when the network refused the credentials: scheduled pulls skip
	// the source until its credentials change (Credentials is their fingerprint) or a
	// pull is asked for by hand.
	Stopped     bool   `json:"stopped,omitempty"`
	Credentials string `json:"credentials,omitempty"`
	// Backfilled lists the accounts whose first, long pull succeeded; later pulls
	// re-read only the trailing window.
	Backfilled []string `json:"backfilled,omitempty"`
}

// SourceAlertKey is the occurrence key of the source_failed alert of source name for
// the spell of failures that began at since: it fires once per spell.
func SourceAlertKey(name string, since time.Time) string {
	return "source:" + name + ":" + string(EventSourceFailed) + ":" + since.UTC().Format(time.RFC3339Nano)
}

// SourceAlert is the source_failed alert for one admin: source name fails with
// detail since since.
func SourceAlert(name, detail, admin string, since, now time.Time) Alert {
	return Alert{Key: SourceAlertKey(name, since) + ":" + admin, Event: EventSourceFailed, Source: name, Detail: detail,
		PeriodStart: DateOf(since.UTC()), PeriodEnd: DateOf(now.UTC()), Recipient: admin, QueuedAt: now}
}
