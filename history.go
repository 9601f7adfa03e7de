package goalbot

import "time"

// RestoreWindow is how long a deleted goal is kept so that it can be restored; after
// it the goal is gone for good.
const RestoreWindow = 30 * 24 * time.Hour

// GoalHistory is what goalbot keeps of a goal's past, as the store reads it: the goal,
// live or deleted (kept for RestoreWindow), its latest measurement, a page of the
// changes made to it and the per-campaign figures of its settled periods asked for.
type GoalHistory struct {
	Goal *Goal
	// Measurement is the latest measurement (nil when never measured).
	Measurement *Measurement
	// Deleted: the goal is deleted and kept for restoring; its newest change is the
	// delete.
	Deleted bool
	// Changes are the changes asked for, newest first (the store records every change
	// after the goal's creation; the creation is the goal's own Creator and CreatedAt).
	Changes []Change
	// ChangeCount is how many changes were recorded since the goal was created, and
	// ChangesKept how many of the latest of them are kept (the store keeps a bounded
	// number; the earlier ones are no longer shown).
	ChangeCount, ChangesKept int
	// Campaigns are the per-campaign figures of the settled periods asked for, by the
	// period's first day, for those whose figures were kept (periods settled before
	// goalbot kept them have none).
	Campaigns map[Date][]CampaignFigures
}

// RestoreBy returns until when a goal deleted at deletedAt can be restored.
func RestoreBy(deletedAt time.Time) time.Time { return deletedAt.Add(RestoreWindow) }
