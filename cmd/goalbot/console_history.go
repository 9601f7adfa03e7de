package main

import (
	"strings"

	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// consoleHistoryWords are the words of a history as the console prints them: text
// as it was typed, users by their ids, without Slack's marks.
func consoleHistoryWords(p *messages.Printer) commands.HistoryWords {
	same := func(s string) string { return s }
	return commands.HistoryWords{P: p, Typed: same, ID: same, User: same}
}

// historyText is `history`: a page of the goal's periods, the campaigns of the
// periods asked for and a page of its changes, every line of them (the console has
// no message limits).
func historyText(p *messages.Printer, h commands.History) string {
	w := consoleHistoryWords(p)
	g := h.Goal
	lines := []string{w.Title(h), w.Summary(h)}
	if d := w.Deleted(h); d != "" {
		lines = append(lines, plainMessage(d))
	}
	if t := w.PeriodsTitle(h); t != "" {
		lines = append(lines, "", t)
	}
	for _, hp := range h.Periods {
		lines = append(lines, w.Period(g, hp))
	}
	earlier, later := w.PeriodPages(h)
	lines = appendPlain(lines, earlier, later)
	detailed := 0
	for _, hp := range h.Periods {
		if hp.Detailed {
			detailed++
			lines = append(lines, "", w.CampaignsTitle(hp))
			lines = append(lines, w.Campaigns(g, hp)...)
		}
	}
	if detailed == 1 {
		lines = appendPlain(lines, w.OtherCampaigns(h))
	}
	if len(h.ChangeLog) > 0 {
		lines = append(lines, "", w.ChangesTitle(h))
	}
	for _, c := range h.ChangeLog {
		head, fields := w.Change(g, c)
		lines = append(lines, "• "+head)
		lines = append(lines, fields...)
	}
	lines = appendPlain(lines, w.Dropped(h), w.OlderChanges(h))
	return strings.Join(lines, "\n")
}

// appendPlain adds the texts that are not empty, without Slack's marks.
func appendPlain(lines []string, texts ...string) []string {
	for _, s := range texts {
		if s != "" {
			lines = append(lines, plainMessage(s))
		}
	}
	return lines
}
