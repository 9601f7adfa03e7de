package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// The console's words: each outcome of the use cases as plain text, names and other
// text people typed as typed.

// consoleText renders an outcome as the console prints it.
func consoleText(o commands.Outcome) string {
	switch o := o.(type) {
	case commands.Refusal:
		return refusalText(o)
	case commands.Reply:
		return commands.PlainText(o.Blocks)
	}
	return fmt.Sprintf("(%T has no words in the console)", o)
}

// refusalText says what was refused and what would be right, problem by problem, with
// the command's usage for bad input.
func refusalText(r commands.Refusal) string {
	var text string
	switch len(r.Problems) {
	case 0:
		text = "⚠️ " + plainMessage(r.Message)
	case 1:
		text = "⚠️ " + consoleProblem(r.Problems[0])
	default:
		var lines []string
		for _, p := range r.Problems {
			if line := "• " + consoleProblem(p); !slices.Contains(lines, line) {
				lines = append(lines, line)
			}
		}
		text = fmt.Sprintf("⚠️ Nothing was changed. Please fix %s:\n%s", consolePlural(len(lines), "problem"), strings.Join(lines, "\n"))
	}
	if r.Usage != "" {
		text += "\n  Usage: " + r.Usage
	}
	return text
}

// consoleProblem is a problem with the field named as typed: "target.cmp-1: …".
func consoleProblem(p goalbot.FieldError) string {
	if p.Field == "" {
		return plainMessage(p.Message)
	}
	return commands.TypedField(p.Field) + ": " + plainMessage(p.Message)
}

// codeSpans and mentions are the markup of the use cases' messages: `code`, and
// Slack's mentions of channels and users (<#C1>, <#C1|name>, <@U1>).
var (
	codeSpans = regexp.MustCompile("`([^`\n]+)`")
	mentions  = regexp.MustCompile(`<([@#])([A-Z0-9]+)(\|[^>]*)?>`)
)

// plainMessage is a message of the use cases as plain text: code spans without their
// marks, mentions as #C1 and @U1.
func plainMessage(s string) string {
	return mentions.ReplaceAllString(codeSpans.ReplaceAllString(s, "$1"), "$1$2")
}

// consolePlural is n and word, with an s when n is not 1.
func consolePlural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
