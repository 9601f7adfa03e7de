package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

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
	Error     string `json:"error,omitempty"`
}

// noSources is what goalbot says when no network is configured.
const noSources = "no ad network is connected: set a network's credentials (see docs/sources.md) and restart goalbot"

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
			p.Add(field, "%s %q is not a date: use YYYY-MM-DD", field, s)
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
		return nil, goalbot.Errorf(goalbot.EFORBIDDEN, "only goalbot's admins can pull now")
	}
	if a.Sources == nil {
		return nil, goalbot.Errorf(goalbot.EINVALID, "%s", noSources)
	}
	return a.Sources.Sync(ctx, name, from, to)
}

// SourcesReply is `/goal sources`: each source's accounts, last successful pull, rows
// written, next pull and last error.
func (a *App) SourcesReply(ctx context.Context) (Reply, error) {
	sts, err := a.SourceStatuses(ctx)
	if err != nil {
		return Reply{}, err
	}
	if len(sts) == 0 {
		return textReply("*Sources*\n" + strings.ToUpper(noSources[:1]) + noSources[1:] + "."), nil
	}
	lines := []string{"*Sources*"}
	for _, st := range sts {
		lines = append(lines, sourceLine(st))
	}
	return textReply(strings.Join(lines, "\n")), nil
}

// SourceLabels are the networks' names for people, by source name.
var SourceLabels = map[string]string{goalbot.SourceGoogleAds: "Google Ads", goalbot.SourceMeta: "Meta", goalbot.SourceLinkedIn: "LinkedIn",
	goalbot.SourceHubSpot: "HubSpot"}

// sourceLine describes one source.
func sourceLine(st goalbot.SourceStatus) string {
	label := SourceLabels[st.Name]
	if label == "" {
		label = st.Name
	}
	mark := "✅"
	switch {
	case st.Stopped:
		mark = "⛔"
	case st.Error != "":
		mark = "⚠️"
	case st.LastSuccess.IsZero():
		mark = "⏳"
	}
	last := "never pulled yet"
	if !st.LastSuccess.IsZero() {
		last = fmt.Sprintf("last pull %s (%s rows)", when(st.LastSuccess), plainCount(st.Rows))
	}
	found := plural(st.Accounts, "account") + ", " + plural(st.Campaigns, "campaign")
	if st.Name == goalbot.SourceHubSpot {
		found = plural(st.Accounts, "portal") + ", contacts for " + plural(st.Campaigns, "campaign")
	}
	line := fmt.Sprintf("%s *%s* (`%s`): %s · %s", mark, label, st.Name, found, last)
	if !st.NextRun.IsZero() && !st.Stopped {
		line += " · next " + when(st.NextRun)
	}
	if u := st.Unattributed; u != nil && u.Contacts > 0 {
		line += "\n   " + unattributedLine(u)
	}
	if st.Error != "" {
		line += "\n   " + Escape(st.Error)
		if st.Stopped {
			line += " — stopped until the credentials change"
		}
	}
	return line
}

// when shows a time for people, in UTC.
func when(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// plainCount writes n with thousands separators.
func plainCount(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// unattributedLine says how many paid contacts matched no campaign, and the
// drill-downs they carried (set them on a campaign with /goal campaign).
func unattributedLine(u *goalbot.Unattributed) string {
	top := make([]string, len(u.Top))
	for i, d := range u.Top {
		top[i] = fmt.Sprintf("`%s` (%s)", Escape(d.Value), plainCount(d.Contacts))
	}
	line := fmt.Sprintf("%s from %s to %s matched no campaign", plural(int(u.Contacts), "paid contact"), u.From, u.To)
	if len(top) > 0 {
		line += "; top drill-downs: " + strings.Join(top, ", ")
	}
	return line + " — map one to its campaign with `/goal campaign CAMPAIGN utm:VALUE`"
}
