package commands

import (
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// Help is `/goal` and `/goal help`: what goalbot does and how to say it.
type Help struct{ unchanged }

// HelpVerbs are the commands help explains, in its order.
var HelpVerbs = []string{VerbCreate, VerbList, VerbShow, VerbChart, VerbEdit, VerbDelete, VerbSubscribe, VerbUnsubscribe, VerbSubscriptions, VerbRefresh,
	VerbSources, VerbCampaign, VerbHistory, VerbRestore}

// createFields are the messages that explain each field of `create`, in its order.
var createFields = []string{"help.fields.name", "help.fields.goal_type", "help.fields.lifecycle_stage", "help.fields.campaigns",
	"help.fields.duration", "help.fields.target", "help.fields.notify", "help.fields.team"}

// CreateFields say how to type each field of `/goal create` in p's language (code
// marked for Slack), budgets' last: what a surface that opens no form shows.
func CreateFields(p *messages.Printer) []string {
	out := make([]string, 0, len(createFields)+1)
	for _, id := range createFields {
		out = append(out, p.T(id))
	}
	return append(out, BudgetHelp(p, goalbot.DefaultBudgetBand))
}

// ExampleGoal is the goal id of help's examples.
const ExampleGoal = "G12"

// Usage is a one-line reminder of verb's syntax in p's language, with its verb and
// example values as a reader of that language types them (/goal skapa …
// duration:månadsvis in Swedish).
func Usage(p *messages.Printer, verb string) string { return UsageFor(p, verb, ExampleGoal) }

// UsageFor is verb's usage for goal id (`/goal edit G7 …`).
func UsageFor(p *messages.Printer, verb, id string) string {
	s := p.T(usageID(verb), messages.Args{"ID": id})
	if strings.HasPrefix(s, "[") {
		return "/goal " + verb
	}
	return s
}

// HelpDoes is what help says verb does, in p's language.
func HelpDoes(p *messages.Printer, verb string) string { return p.T(doesID(verb)) }

// usageID is the message of verb's usage: in the catalog of the area that owns the
// verb (a goal's history owns history and restore, charts chart), else help's.
func usageID(verb string) string {
	switch {
	case historyVerb(verb):
		return "history.help.usage." + verb
	case verb == VerbChart:
		return "charts.usage"
	}
	return "help.usage." + verb
}

// doesID is the message of what verb does, as usageID picks its catalog.
func doesID(verb string) string {
	switch {
	case historyVerb(verb):
		return "history.help.does." + verb
	case verb == VerbChart:
		return "charts.does"
	}
	return "help.does." + verb
}

// historyVerb reports whether verb is one of a goal's history (history, restore).
func historyVerb(verb string) bool { return verb == VerbHistory || verb == VerbRestore }

// HelpSummary is help in one line, its verbs as a reader of p's language types them
// ("goalbot help: /goal create, list, …"), for a notification.
func HelpSummary(p *messages.Printer) string {
	d := DialectFor(p.Lang())
	words := make([]string, len(HelpVerbs))
	for i, v := range HelpVerbs {
		words[i] = d.VerbWord(v)
	}
	return p.T("help.summary", messages.Args{"Verbs": strings.Join(words, ", ")})
}
