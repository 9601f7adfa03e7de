package commands

import (
	"strings"

	"github.com/goalbot/goalbot/messages"
)

// Help is `/goal` and `/goal help`: what goalbot does and how to say it.
type Help struct{ unchanged }

// HelpVerbs are the commands help explains, in its order.
var HelpVerbs = []string{VerbCreate, VerbList, VerbShow, VerbChart, VerbEdit, VerbDelete, VerbSubscribe, VerbUnsubscribe, VerbSubscriptions, VerbRefresh, VerbSources, VerbCampaign}

// ExampleGoal is the goal id of help's examples.
const ExampleGoal = "G12"

// Usage is a one-line reminder of verb's syntax in p's language, with its verb and
// example values as a reader of that language types them (/goal skapa …
// duration:månadsvis in Swedish).
func Usage(p *messages.Printer, verb string) string { return UsageFor(p, verb, ExampleGoal) }

// UsageFor is verb's usage for goal id (`/goal edit G7 …`).
func UsageFor(p *messages.Printer, verb, id string) string {
	msg := "help.usage." + verb
	if h, ok := areaHelp[verb]; ok {
		msg = h.usage
	}
	s := p.T(msg, messages.Args{"ID": id})
	if strings.HasPrefix(s, "[") {
		return "/goal " + verb
	}
	return s
}

// HelpDoes is what help says verb does, in p's language.
func HelpDoes(p *messages.Printer, verb string) string {
	if h, ok := areaHelp[verb]; ok {
		return p.T(h.does)
	}
	return p.T("help.does." + verb)
}

// areaHelp are the usage and help of the verbs whose messages live in their own
// area's catalog rather than help's: `chart` in charts.*.
var areaHelp = map[string]struct{ usage, does string }{
	VerbChart: {usage: "charts.usage", does: "charts.does"},
}

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
