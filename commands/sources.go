package commands

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot"
)

// Sources are the ad networks goalbot pulls from (source.Syncer implements it
// through cmd/goalbot).
type Sources interface {
	// Statuses returns each configured source's status.
	Statuses(ctx context.Context) ([]goalbot.SourceStatus, error)
	// Sync pulls now (one source, or all when name is empty; from and to both zero
	// for the trailing window) and returns what each source did.
	Sync(ctx context.Context, name string, from, to goalbot.Date) ([]SyncResult, error)
}

// SyncResult is what one pull of one source did.
type SyncResult struct {
	Name      string `json:"name"`
	Accounts  int    `json:"accounts"`
	Campaigns int    `json:"campaigns"`
	Rows      int64  `json:"rows"`
	// Error is the pull's failure, zero when it succeeded.
	Error goalbot.Message `json:"-"`
}

// SyncDates parses the optional first and last day of a pull (YYYY-MM-DD, empty for
// none); fromField and toField name them in the errors (from, --from).
func SyncDates(from, to, fromField, toField string) (goalbot.Date, goalbot.Date, error) {
	var p goalbot.Problems
	parse := func(field, s string) goalbot.Date {
		if s == "" {
			return goalbot.Date{}
		}
		d, err := goalbot.ParseDate(s)
		if err != nil {
			p.Add(field, "sources.request.date", goalbot.Args{"Field": field, "Value": goalbot.Quote(s)})
		}
		return d
	}
	f, t := parse(fromField, from), parse(toField, to)
	return f, t, p.Err()
}

// SourceStatuses returns the status of every configured source.
func (a *App) SourceStatuses(ctx context.Context) ([]goalbot.SourceStatus, error) {
	if a.Sources == nil {
		return []goalbot.SourceStatus{}, nil
	}
	sts, err := a.Sources.Statuses(ctx)
	if err != nil {
		return nil, fmt.Errorf("load source statuses: %w", err)
	}
	return sts, nil
}

// SyncSources pulls now, for actor (an admin: the API token or a GOALBOT_ADMINS user).
func (a *App) SyncSources(ctx context.Context, actor Actor, name string, from, to goalbot.Date) ([]SyncResult, error) {
	if !actor.Admin {
		return nil, goalbot.NewError(goalbot.EFORBIDDEN, "sources.request.admins", nil)
	}
	if a.Sources == nil {
		return nil, goalbot.Invalid("sources.request.none_connected", nil)
	}
	return a.Sources.Sync(ctx, name, from, to)
}

// SourceList is `/goal sources`: each configured source's status (none when no
// network is connected).
type SourceList struct {
	unchanged
	Statuses []goalbot.SourceStatus
}

// ListSources loads `/goal sources`.
func (a *App) ListSources(ctx context.Context) (SourceList, error) {
	sts, err := a.SourceStatuses(ctx)
	if err != nil {
		return SourceList{}, err
	}
	return SourceList{Statuses: sts}, nil
}

// sourceLabels are the networks' names for people, by source name.
var sourceLabels = map[string]string{goalbot.SourceGoogleAds: "Google Ads", goalbot.SourceMeta: "Meta", goalbot.SourceLinkedIn: "LinkedIn",
	goalbot.SourceHubSpot: "HubSpot"}

// SourceLabel is a source's network for people ("Google Ads"), or its name.
func SourceLabel(name string) string {
	if label := sourceLabels[name]; label != "" {
		return label
	}
	return name
}
