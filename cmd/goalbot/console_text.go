package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// words are the console's words in its reader's language: the printer that says
// the outcomes of the use cases as plain text (from the console and help catalogs;
// names and other text people typed as typed), and the dialect the reader types in,
// which the hints and filters it shows are written in.
type words struct {
	p *messages.Printer
	d *commands.Dialect
}

// wordsIn are the console's words in the language that best matches lang (English
// for "" and any goalbot does not speak).
func wordsIn(lang string) words { return words{p: messages.For(lang), d: commands.DialectFor(lang)} }

// t is message id with args.
func (w words) t(id string, args ...messages.Args) string { return w.p.T(id, args...) }

// plain is message id with args, its marks taken off (help's messages mark code and
// bold for Slack).
func (w words) plain(id string, args ...messages.Args) string { return unmark(w.p.T(id, args...)) }

// outcome renders an outcome as the console prints it. This is where each outcome
// meets its words in the console.
func (w words) outcome(o commands.Outcome) string {
	switch o := o.(type) {
	case commands.Refusal:
		return w.refusal(o)
	case commands.Help:
		return w.help()
	case commands.Created:
		return w.created(o)
	case commands.Updated:
		return joinLines(w.t("console.updated", messages.Args{"ID": o.Goal.ID, "Name": o.Goal.Name}), w.figures(o.Figures))
	case commands.GoalPage:
		return w.page(o)
	case commands.Shown:
		return w.shown(o)
	case commands.DeleteAsked:
		return w.deleteAsked(o)
	case commands.Deleted:
		return w.t("console.deleted", messages.Args{"IDs": strings.Join(o.IDs, ", ")}) + " " + unmark(commands.RestoreHint(w.p, o.IDs))
	case commands.Subscribed:
		s := o.Subscription
		return w.t("console.subscribed", messages.Args{"Subscription": w.subscription(s), "Channel": s.Channel, "ID": s.ID})
	case commands.Unsubscribed:
		return w.unsubscribed(o)
	case commands.SubscriptionList:
		return w.subscriptions(o)
	case commands.Refreshed:
		return w.refreshed(o)
	case commands.SourceList:
		return w.sources(o)
	case commands.CampaignMatch:
		return w.campaignMatch(o)
	case commands.History:
		return historyText(w.p, o)
	case commands.Restored:
		return consoleHistoryWords(w.p).Restored(o)
	case commands.CreateStep:
		return w.createSyntax()
	case commands.EditForm:
		return w.editSyntax(o.Goal.ID)
	}
	return w.t("console.no_words", messages.Args{"Type": fmt.Sprintf("%T", o)})
}

// help is `help`: each command's usage with what it does, and the words and numbers
// the commands take.
func (w words) help() string {
	lines := []string{w.plain("help.title"), w.plain("help.intro")}
	for _, v := range commands.HelpVerbs {
		does := commands.HelpDoes(w.p, v)
		if v == commands.VerbCreate {
			does += " " + w.p.T("help.typed.create")
		}
		if v == commands.VerbChart {
			does += " " + w.p.T("charts.console.does")
		}
		lines = append(lines, commands.Usage(w.p, v)+"\n   "+unmark(does))
	}
	return strings.Join(append(lines, w.plain("help.types"), w.plain("help.durations"), w.plain("help.notifications"), w.plain("help.numbers"),
		unmark(commands.BudgetHelp(w.p, goalbot.DefaultBudgetBand))), "\n")
}

// createSyntax is `create` alone: every field with an example (the console shows no
// forms).
func (w words) createSyntax() string {
	lines := []string{w.plain("help.fields.intro"), commands.Usage(w.p, commands.VerbCreate), ""}
	for _, f := range commands.CreateFields(w.p) {
		lines = append(lines, "• "+unmark(f))
	}
	return strings.Join(lines, "\n")
}

// editSyntax is `edit ID` alone: how to edit goal id by typing.
func (w words) editSyntax(id string) string {
	return strings.Join([]string{w.plain("help.edit.intro", messages.Args{"ID": id}), commands.UsageFor(w.p, commands.VerbEdit, id), w.plain("help.edit.targets")}, "\n")
}

// created says a goal was created: what it is, its first period's target and its
// figures now.
func (w words) created(c commands.Created) string {
	g := c.Goal
	what := w.t("console.created.what", messages.Args{"Type": w.p.Type(g.Type), "Campaigns": w.p.N("console.campaigns", len(g.Campaigns)),
		"Duration": w.p.Duration(g.Duration), "Start": g.Start.String(), "End": g.End.String(), "Periods": w.p.N("console.periods", len(g.Periods())),
		"First": c.FirstTargetWords(w.p)})
	return joinLines(w.t("console.created", messages.Args{"ID": g.ID, "Name": g.Name}), what, w.figures(c.Figures))
}

// joinLines joins the lines that are not empty.
func joinLines(lines ...string) string {
	return strings.Join(slices.DeleteFunc(lines, func(l string) bool { return l == "" }), "\n")
}

// figures says a created or edited goal's figures now ("" without figures).
func (w words) figures(v *commands.GoalView) string {
	if v == nil {
		return ""
	}
	return commands.FiguresNow(w.p, *v).Words(w.p)
}

// page is a page of goals, two lines each, and how to see the next page.
func (w words) page(p commands.GoalPage) string {
	f := p.Filter
	if len(p.Goals) == 0 {
		if f.IsZero() && p.Cursor == "" {
			return w.t("console.list.empty")
		}
		return w.t("console.list.none_match", messages.Args{"Filter": w.d.FilterText(f)})
	}
	lines := []string{w.t("console.list.title")}
	if !f.IsZero() {
		lines[0] = w.t("console.list.title_filtered", messages.Args{"Filter": w.d.FilterText(f)})
	}
	for _, v := range p.Goals {
		lines = append(lines, v.Goal.ID+" · "+v.Goal.Name, w.goalState(v))
	}
	lines = append(lines, w.t("console.list.hint"))
	if p.Next != "" {
		lines = append(lines, w.t("console.list.more"))
	}
	return strings.Join(lines, "\n")
}

// goalState is a goal's headline progress, status and pace.
func (w words) goalState(v commands.GoalView) string {
	bar := w.p.ProgressBar(v.Headline())
	if v.Measuring && v.Status != goalbot.Pending {
		bar = v.ProgressBar(w.p)
	}
	parts := []string{bar, w.p.Status(v.Status)}
	if v.Measurement != nil && v.Status == goalbot.InProgress {
		if p := w.p.Pace(v.Measurement.Pace); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

// shown shows one goal: its facts, its campaigns this period, its milestones, when
// it was measured and who created it.
func (w words) shown(s commands.Shown) string {
	g, m := s.View.Goal, s.View.Measurement
	lines := []string{g.ID + " · " + g.Name}
	for _, f := range s.Facts(w.p) {
		lines = append(lines, "  "+w.factLabel(f.Kind)+": "+f.Value)
	}
	if m == nil {
		lines = append(lines, w.t("console.show.measuring", messages.Args{"ID": g.ID}))
	} else {
		lines = append(lines, w.campaignRows(s)...)
		if s.Outlook != nil {
			lines = append(lines, "  "+commands.OutlookText(w.p, g, *s.Outlook))
		}
		lines = append(lines, w.milestones(s)...)
		loc := g.Location()
		lines = append(lines, w.t("console.show.measured", messages.Args{"When": commands.When(m.At, loc), "Zone": loc.String()}))
	}
	by := messages.Args{"Creator": g.Creator, "Team": g.Team, "Events": w.p.Events(g.Notifications)}
	if g.Team != "" {
		return strings.Join(append(lines, w.t("console.show.created_by_team", by)), "\n")
	}
	return strings.Join(append(lines, w.t("console.show.created_by", by)), "\n")
}

// campaignRows are a shown goal's campaigns this period, with a heading.
func (w words) campaignRows(s commands.Shown) []string {
	rows, more := s.CampaignRows(w.p)
	if len(rows) == 0 {
		return nil
	}
	lines := []string{w.t("console.show.campaigns")}
	for _, r := range rows {
		lines = append(lines, w.t("console.show.campaign", messages.Args{"Campaign": r.Campaign, "Actual": r.Actual, "Target": r.Target, "Progress": w.p.Percent(r.Progress)}))
	}
	if more > 0 {
		lines = append(lines, w.p.N("console.show.more_campaigns", more))
	}
	return lines
}

// milestones are a shown goal's ended periods with their outcomes, with a heading.
func (w words) milestones(s commands.Shown) []string {
	ms, earlier := s.Milestones(w.p)
	if len(ms) == 0 {
		return nil
	}
	lines := []string{w.t("console.show.milestones")}
	if earlier > 0 {
		lines = append(lines, w.p.N("console.show.earlier", earlier))
	}
	for _, m := range ms {
		line := w.t("console.show.milestone", messages.Args{"Mark": commands.OutcomeMark(m.Outcome), "Period": m.Period,
			"Outcome": w.milestoneOutcome(m), "Progress": w.p.Percent(m.Progress)})
		if m.Provisional {
			line = w.t("console.show.provisional", messages.Args{"Milestone": line})
		}
		lines = append(lines, line)
	}
	return lines
}

// deleteAsked names every goal a delete would delete, and what to type.
func (w words) deleteAsked(d commands.DeleteAsked) string {
	lines := []string{w.p.N("console.delete.ask", len(d.Goals))}
	for _, g := range d.Goals {
		lines = append(lines, w.t("console.delete.goal", messages.Args{"ID": g.ID, "Name": g.Name}))
	}
	return strings.Join(append(lines, w.t("console.delete.how")), "\n")
}

// unsubscribed names the subscriptions removed from a channel.
func (w words) unsubscribed(u commands.Unsubscribed) string {
	if len(u.Removed) == 0 {
		return w.t("console.unsubscribed.none", messages.Args{"Channel": u.Channel})
	}
	return w.t("console.unsubscribed", messages.Args{"IDs": strings.Join(u.Removed, ", "), "Channel": u.Channel})
}

// subscriptions lists subscriptions, one line each.
func (w words) subscriptions(l commands.SubscriptionList) string {
	if len(l.Subscriptions) == 0 {
		return w.t("console.subscriptions.empty", messages.Args{"Usage": commands.Usage(w.p, commands.VerbSubscribe)})
	}
	lines := []string{w.p.N("console.subscriptions.title", len(l.Subscriptions))}
	for _, s := range l.Subscriptions {
		lines = append(lines, "• "+w.subscription(s))
	}
	return strings.Join(lines, "\n")
}

// subscription describes one subscription.
func (w words) subscription(s *goalbot.Subscription) string {
	f := w.d.FilterText(s.Filter)
	if f == "" {
		f = w.t("console.subscription.all_goals")
	}
	line := w.t("console.subscription", messages.Args{"ID": s.ID, "Channel": s.Channel, "Filter": f, "Events": w.p.Events(s.Events)})
	if s.Charts {
		line += " · " + w.t("charts.subscription")
	}
	if s.Failure != "" {
		line = w.t("console.subscription.failure", messages.Args{"Subscription": line, "Failure": s.Failure})
	}
	return line
}

// refreshed says which goals were measured now.
func (w words) refreshed(r commands.Refreshed) string {
	args := messages.Args{"IDs": strings.Join(r.IDs, ", "), "Goals": w.p.N("goals", r.Measured)}
	if len(r.IDs) == 0 {
		return w.t("console.refreshed.all", args)
	}
	return w.t("console.refreshed", args)
}

// sources is `sources`: each source's accounts, last pull, rows, next pull and last
// error.
func (w words) sources(l commands.SourceList) string {
	lines := []string{w.t("console.sources.title")}
	if len(l.Statuses) == 0 {
		return strings.Join(append(lines, w.t("console.sources.none")), "\n")
	}
	for _, st := range l.Statuses {
		lines = append(lines, w.source(st))
	}
	return strings.Join(lines, "\n")
}

// source is one source's line, with what it could not attribute and its error
// below.
func (w words) source(st goalbot.SourceStatus) string {
	found := w.p.N("console.source.accounts", st.Accounts) + ", " + w.p.N("console.campaigns", st.Campaigns)
	if st.Name == goalbot.SourceHubSpot {
		found = w.t("console.source.found_hubspot", messages.Args{"Portals": w.p.N("console.source.portals", st.Accounts), "Campaigns": w.p.N("console.campaigns", st.Campaigns)})
	}
	last := w.t("console.source.never")
	if !st.LastSuccess.IsZero() {
		last = w.t("console.source.last", messages.Args{"When": commands.WhenUTC(st.LastSuccess), "Rows": w.p.N("console.source.rows", int(st.Rows))})
	}
	line := w.t("console.source", messages.Args{"Mark": commands.SourceMark(st), "Label": commands.SourceLabel(st.Name), "Name": st.Name, "Found": found, "Last": last})
	if !st.NextRun.IsZero() && !st.Stopped {
		line = w.t("console.source.next", messages.Args{"Line": line, "When": commands.WhenUTC(st.NextRun)})
	}
	if u := st.Unattributed; u != nil && u.Contacts > 0 {
		line += "\n   " + w.unattributed(u)
	}
	if !st.Error.IsZero() {
		e := plainMessage(w.p.Message(st.Error))
		if st.Stopped {
			e = w.t("console.source.stopped", messages.Args{"Error": e})
		}
		line += "\n   " + e
	}
	return line
}

// unattributed says how many paid contacts matched no campaign, and the drill-downs
// they carried.
func (w words) unattributed(u *goalbot.Unattributed) string {
	line := w.t("console.source.unattributed", messages.Args{"Contacts": w.p.N("console.source.paid_contacts", int(u.Contacts)), "From": u.From.String(), "To": u.To.String()})
	if len(u.Top) > 0 {
		top := make([]string, len(u.Top))
		for i, d := range u.Top {
			top[i] = fmt.Sprintf("%s (%s)", d.Value, w.p.Int(d.Contacts))
		}
		line = w.t("console.source.top", messages.Args{"Unattributed": line, "Top": strings.Join(top, ", ")})
	}
	return w.t("console.source.map", messages.Args{"Unattributed": line})
}

// campaignMatch is `campaign`: which HubSpot drill-downs count for a campaign.
func (w words) campaignMatch(m commands.CampaignMatch) string {
	how := w.t("console.campaign.default")
	if m.Overridden {
		how = w.t("console.campaign.set")
	}
	camp := m.Campaign.ID
	if m.Campaign.Name != "" {
		camp = w.t("console.campaign.named", messages.Args{"ID": m.Campaign.ID, "Name": m.Campaign.Name})
	}
	return w.t("console.campaign", messages.Args{"Campaign": camp, "Values": strings.Join(m.Values, w.p.T("console.or")), "How": how})
}

// refusal says what was refused and what would be right, problem by problem, with
// the command's usage for bad input.
func (w words) refusal(r commands.Refusal) string {
	var text string
	switch len(r.Problems) {
	case 0:
		text = w.t("console.refusal", messages.Args{"Message": plainMessage(w.p.Message(r.Message))})
	case 1:
		text = w.t("console.refusal", messages.Args{"Message": w.problem(r.Problems[0])})
	default:
		var lines []string
		seen := make(map[string]bool, len(r.Problems))
		for _, p := range r.Problems {
			if line := "• " + w.problem(p); !seen[line] {
				seen[line] = true
				lines = append(lines, line)
			}
		}
		text = w.p.N("console.refusal.fix", len(lines)) + "\n" + strings.Join(lines, "\n")
	}
	if r.UsageOf != "" {
		text += "\n  " + w.plain("help.usage_line", messages.Args{"Usage": commands.Usage(w.p, r.UsageOf)})
	}
	return text
}

// problem is a problem with the field named as typed: "target.cmp-1: …".
func (w words) problem(p goalbot.FieldError) string {
	if p.Field == "" {
		return plainMessage(w.p.Problem(p))
	}
	return w.t("console.problem", messages.Args{"Field": commands.TypedField(p.Field), "Message": plainMessage(w.p.Problem(p))})
}

// codeSpans and mentions are the markup of the use cases' messages: `code`, and
// Slack's mentions of channels and users (<#C1>, <#C1|name>, <@U1>); help's
// messages also mark *bold*.
var (
	codeSpans = regexp.MustCompile("`([^`\n]+)`")
	bold      = regexp.MustCompile(`\*([^*\n]+)\*`)
	mentions  = regexp.MustCompile(`<([@#])([A-Z0-9]+)(\|[^>]*)?>`)
)

// plainMessage is a message of the use cases or the catalogs as plain text: code
// spans without their marks, mentions as #C1 and @U1.
func plainMessage(s string) string {
	return mentions.ReplaceAllString(codeSpans.ReplaceAllString(s, "$1"), "$1$2")
}

// unmark is a message of the catalogs as plain text: without code and bold marks.
func unmark(s string) string { return bold.ReplaceAllString(plainMessage(s), "$1") }
