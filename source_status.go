package goalbot

import "time"

// Sources are the ad networks goalbot pulls from, by the names their status, the
// API and `goalbot sync --source` use.
const (
	SourceGoogleAds = "google_ads"
	SourceMeta      = "meta"
	SourceLinkedIn  = "linkedin"
	SourceHubSpot   = "hubspot"
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
	// Error is the last pull's failure in plain words, zero when it succeeded.
	Error Message `json:"error,omitzero"`
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
	// Unattributed is what a CRM source found of the paid contacts that matched no
	// campaign over the last days (nil for the ad networks).
	Unattributed *Unattributed `json:"unattributed,omitempty"`
}

// Unattributed counts the paid contacts of a CRM pull that matched no campaign, so
// that a team sees why a number is low.
type Unattributed struct {
	// Contacts is how many paid contacts with a stage date or a first form submission
	// from From to To (the CRM's days) matched no campaign.
	Contacts int64 `json:"contacts"`
	From     Date  `json:"from"`
	To       Date  `json:"to"`
	// Top are the drill-downs they carried, most contacts first.
	Top []DrillDown `json:"top,omitempty"`
}

// DrillDown is one drill-down value (an utm_campaign, a synced ad campaign's name)
// and how many contacts carried it.
type DrillDown struct {
	Value    string `json:"value"`
	Contacts int64  `json:"contacts"`
}

// SourceAlertKey is the occurrence key of the source_failed alert of source name for
// the spell of failures that began at since: it fires once per spell.
func SourceAlertKey(name string, since time.Time) string {
	return "source:" + name + ":" + string(EventSourceFailed) + ":" + since.UTC().Format(time.RFC3339Nano)
}

// SourceAlert is the source_failed alert for one admin: source name fails with
// detail since since.
func SourceAlert(name string, detail Message, admin string, since, now time.Time) Alert {
	return Alert{Key: SourceAlertKey(name, since) + ":" + admin, Event: EventSourceFailed, Source: name, Detail: detail,
		PeriodStart: DateOf(since.UTC()), PeriodEnd: DateOf(now.UTC()), Recipient: admin, QueuedAt: now}
}
