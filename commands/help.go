package commands

import (
	"strings"

	"github.com/goalbot/goalbot/messages"
)

// Help is `/goal` and `/goal help`: what goalbot does and how to say it.
type Help struct{ unchanged }

// HelpVerbs are the commands help explains, in its order.
var HelpVerbs = []string{VerbCreate, VerbList, VerbShow, VerbEdit, VerbDelete, VerbSubscribe, VerbUnsubscribe, VerbSubscriptions, VerbRefresh, VerbSources, VerbCampaign}

// ExampleGoal is the goal id of help's examples.
const ExampleGoal = "G12"

// Usage is a one-line reminder of verb's syntax in p's language, with its verb and
// example values as a reader of that language types them (/goal skapa …
// duration:månadsvis in Swedish).
func Usage(p *messages.Printer, verb string) string { return UsageFor(p, verb, ExampleGoal) }

// UsageFor is verb's usage for goal id (`/goal edit G7 …`).
func UsageFor(p *messages.Printer, verb, id string) string {
	s := p.T("help.usage."+verb, messages.Args{"ID": id})
	if strings.HasPrefix(s, "[") {
		return "/goal " + verb
	}
	return s
}

// HelpDoes is what help says verb does, in p's language.
func HelpDoes(p *messages.Printer, verb string) string { return p.T("help.does." + verb) }

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
