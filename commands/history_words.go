package commands

import (
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// HistoryWords says the parts of a History in a reader's language, as lines of text
// that each surface lays out its own way (bot in blocks within Slack's limits, the
// console whole). The surface says how it shows what people typed and who did what.
type HistoryWords struct {
	P *messages.Printer
	// Typed shows text people typed (a goal's name, a field's value): escaped in
	// Slack, as it is in the console.
	Typed func(string) string
	// ID shows a campaign id (escaped, short and as code in Slack).
	ID func(string) string
	// User names a Slack user (a mention in Slack, the id in the console).
	User func(string) string
}

// Title is the history's title: the goal's id and name.
func (w HistoryWords) Title(h History) string {
	return w.P.T("history.title", messages.Args{"Goal": h.Goal.ID, "Name": w.Typed(h.Goal.Name)})
}

// Fallback is the history in one line, for a notification's preview.
func (w HistoryWords) Fallback(h History) string {
	return w.P.T("history.fallback", messages.Args{"Goal": h.Goal.ID, "Name": w.Typed(h.Goal.Name),
		"Periods": w.P.N("history.periods.count", h.PeriodCount), "Changes": w.P.N("history.changes.count", h.ChangeTotal)})
}

// Summary is the goal's status, range and when it was measured.
func (w HistoryWords) Summary(h History) string {
	g := h.Goal
	args := messages.Args{"Status": w.P.Status(h.Status), "First": g.Start.String(), "Last": g.End.String(),
		"Duration": w.P.Duration(g.Duration)}
	if h.MeasuredAt.IsZero() {
		return w.P.T("history.summary_unmeasured", args)
	}
	args["When"], args["Zone"] = When(h.MeasuredAt, g.Location()), g.Location().String()
	return w.P.T("history.summary", args)
}

// Deleted says who deleted the goal and until when it can be restored; "" for a live
// goal.
func (w HistoryWords) Deleted(h History) string {
	if h.Deleted == nil {
		return ""
	}
	loc := h.Goal.Location()
	args := messages.Args{"By": w.by(h.Deleted.By), "When": When(h.Deleted.At, loc), "Goal": h.Goal.ID,
		"Days": restoreDays()}
	if h.RestoreUntil.IsZero() {
		return w.P.T("history.deleted_final", args)
	}
	args["Until"] = When(h.RestoreUntil, loc)
	return w.P.T("history.deleted", args)
}

// by names who made a change: a Slack user, the API token (no user), or goalbot.
func (w HistoryWords) by(user string) string {
	if user == "" {
		return w.P.T("history.by_api")
	}
	return w.User(user)
}

// PeriodsTitle says which periods the page holds.
func (w HistoryWords) PeriodsTitle(h History) string {
	if len(h.Periods) == 0 {
		return ""
	}
	return w.P.T("history.periods.title", messages.Args{"From": w.P.Int(int64(h.Periods[0].Index + 1)),
		"To": w.P.Int(int64(h.Periods[len(h.Periods)-1].Index + 1)), "Count": w.P.Int(int64(h.PeriodCount))})
}

// PeriodPages are the commands that show the periods before and after the page
// ("" when there are none).
func (w HistoryWords) PeriodPages(h History) (earlier, later string) {
	if len(h.Periods) == 0 {
		return "", ""
	}
	ps := h.Goal.Periods()
	first, last := h.Periods[0].Index, h.Periods[len(h.Periods)-1].Index
	if first > 0 && first-1 < len(ps) {
		earlier = w.P.T("history.periods.earlier", messages.Args{"Goal": h.Goal.ID, "Date": ps[first-1].Start.String()})
	}
	if last+1 < len(ps) {
		later = w.P.T("history.periods.later", messages.Args{"Goal": h.Goal.ID, "Date": ps[last+1].Start.String()})
	}
	return earlier, later
}

// Period is one period's line: its days, its figures and where it stands, with the
// mark of its outcome or state.
func (w HistoryWords) Period(g *goalbot.Goal, hp HistoryPeriod) string {
	name := PeriodDays(hp.Period)
	if !hp.Measured && hp.State != PeriodPending {
		return "⏳ " + w.P.T("history.period.unmeasured", messages.Args{"Period": name})
	}
	args := messages.Args{"Period": name, "Target": w.P.Figure(g, hp.Target), "Actual": w.actual(g, hp.Figures),
		"Progress": w.P.Percent(hp.Progress), "Spend": w.P.Spend(hp.Spend), "Outcome": w.P.Outcome(hp.PeriodOutcome())}
	switch hp.State {
	case PeriodSettled:
		return OutcomeMark(hp.PeriodOutcome()) + " " + w.P.T("history.period.settled", args)
	case PeriodProvisional:
		return OutcomeMark(hp.PeriodOutcome()) + " " + w.P.T("history.period.provisional", args)
	case PeriodRunning:
		return "🏃 " + w.P.T("history.period.running", args)
	}
	return "⏳ " + w.P.T("history.period.pending", args)
}

// actual is a period's or campaign's actual: for cost per contact, the cost, or "no
// contacts" when there is none.
func (w HistoryWords) actual(g *goalbot.Goal, f goalbot.Figures) string {
	if g.Type == goalbot.CostPerContact && f.Progress == nil {
		return w.P.T("history.period.no_contacts")
	}
	return w.P.Figure(g, f.Actual)
}

// CampaignsTitle names the period whose campaigns follow.
func (w HistoryWords) CampaignsTitle(hp HistoryPeriod) string {
	return w.P.T("history.campaigns.title", messages.Args{"Period": PeriodDays(hp.Period)})
}

// Campaigns are the lines of a detailed period's campaigns, or one line that says why
// there are none.
func (w HistoryWords) Campaigns(g *goalbot.Goal, hp HistoryPeriod) []string {
	if hp.Campaigns == nil {
		switch hp.State {
		case PeriodSettled:
			return []string{w.P.T("history.campaigns.not_kept")}
		case PeriodPending:
			return []string{w.P.T("history.campaigns.not_begun")}
		}
		return []string{w.P.T("history.campaigns.not_yet")}
	}
	out := make([]string, len(hp.Campaigns))
	for i, c := range hp.Campaigns {
		out[i] = "• " + w.P.T("history.campaign", messages.Args{"Campaign": w.ID(c.Campaign), "Actual": w.actual(g, c.Figures),
			"Target": w.P.Figure(g, c.Target), "Progress": w.P.Percent(c.Progress), "Spend": w.P.Spend(c.Spend)})
	}
	return out
}

// OtherCampaigns says how to see another period's campaigns.
func (w HistoryWords) OtherCampaigns(h History) string {
	return w.P.T("history.campaigns.other", messages.Args{"Goal": h.Goal.ID})
}

// ChangesTitle says which changes the page holds.
func (w HistoryWords) ChangesTitle(h History) string {
	return w.P.T("history.changes.title", messages.Args{"From": w.P.Int(int64(h.ChangeSkip + 1)),
		"To": w.P.Int(int64(h.ChangeSkip + len(h.ChangeLog))), "Count": w.P.Int(int64(h.ChangeTotal))})
}

// OlderChanges is the command that shows the next page of changes ("" on the last).
func (w HistoryWords) OlderChanges(h History) string {
	if h.ChangeSkip+len(h.ChangeLog) >= h.ChangeTotal || h.ChangeLimit <= 0 {
		return ""
	}
	return w.P.T("history.changes.older", messages.Args{"Goal": h.Goal.ID, "Page": h.ChangeSkip/h.ChangeLimit + 2})
}

// Dropped says how many earlier changes are no longer kept, on the page that ends
// with the creation ("" otherwise).
func (w HistoryWords) Dropped(h History) string {
	n := len(h.ChangeLog)
	if h.ChangesDropped == 0 || n == 0 || h.ChangeLog[n-1].Kind != goalbot.ChangeCreated {
		return ""
	}
	return w.P.N("history.changes.dropped", h.ChangesDropped, messages.Args{"Kept": w.P.Int(int64(h.ChangeTotal - 1))})
}

// Change is one change: its time, what it was and who made it, and for an edit a line
// per field it changed.
func (w HistoryWords) Change(g *goalbot.Goal, c goalbot.Change) (string, []string) {
	head := w.P.T("history.kind."+string(c.Kind), messages.Args{"When": When(c.At, g.Location()), "By": w.by(c.By)})
	fields := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		fields[i] = "   " + w.P.T("history.field.change", messages.Args{"Field": w.fieldName(f), "Old": w.value(f, f.Old), "New": w.value(f, f.New)})
	}
	return head, fields
}

// fieldName is a changed field's name in words (a field without words as goalbot
// names it).
func (w HistoryWords) fieldName(f goalbot.FieldChange) string {
	if c, ok := f.Campaign(); ok {
		return w.P.T("history.field.campaign_target", messages.Args{"Campaign": w.ID(c)})
	}
	id := "history.field." + f.Field
	if s := w.P.T(id); s != "["+id+"]" {
		return s
	}
	return w.Typed(f.Field)
}

// value is a changed field's value as people read it: events in words, "(none)" for
// no value, anything else as typed.
func (w HistoryWords) value(f goalbot.FieldChange, v string) string {
	switch {
	case v == "":
		return w.P.T("history.value.none")
	case f.Field == "notifications":
		parts := strings.Split(v, ",")
		evs := make([]goalbot.Event, len(parts))
		for i, p := range parts {
			evs[i] = goalbot.Event(p)
		}
		return w.P.Events(evs)
	case f.Field == "target" || strings.HasPrefix(f.Field, goalbot.CampaignTargetPrefix):
		if s, ok := w.targets(v); ok {
			return s
		}
	}
	return w.Typed(v)
}

// targets are targets as FieldChange writes them (numbers separated by commas, one
// per period) as the reader types them, exactly ("100;120,5" in Swedish), so that
// they can be typed back in an edit; false when v is not such a list.
func (w HistoryWords) targets(v string) (string, bool) {
	ns := DialectFor(w.P.Lang()).Numbers
	parts := strings.Split(v, ",")
	for i, s := range parts {
		m, err := goalbot.ParseMicro(s)
		if err != nil {
			return "", false
		}
		parts[i] = ns.FormatMicro(m)
	}
	return strings.Join(parts, ns.ListSeparator()), true
}

// Restored says that a goal is back.
func (w HistoryWords) Restored(r Restored) string {
	return w.P.T("history.restored", messages.Args{"Goal": r.Goal.ID, "Name": w.Typed(r.Goal.Name)})
}

// PeriodDays names a period by its first and last day (2026-03-01 – 2026-03-31).
func PeriodDays(p goalbot.Period) string { return p.Start.String() + " – " + p.End.String() }

// RestoreHint says how to restore the goals just deleted, and for how long.
func RestoreHint(p *messages.Printer, ids []string) string {
	goal := "ID"
	if len(ids) == 1 {
		goal = ids[0]
	}
	return p.T("history.delete.done", messages.Args{"Goal": goal, "Days": restoreDays()})
}

// DeleteNote is what a delete's confirmation says of what follows: the goals' queued
// alerts go, and the goals can be restored for a while.
func DeleteNote(p *messages.Printer) string {
	return p.T("history.delete.confirm", messages.Args{"Days": restoreDays()})
}

// restoreDays is goalbot.RestoreWindow in days.
func restoreDays() int { return int(goalbot.RestoreWindow.Hours() / 24) }
