package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// Text budgets of a history's parts within MaxBlockText: the periods of a page, the
// campaigns of one period and a page of changes each get their share, and what does
// not fit is folded into a line that says how much more there is (the console and the
// HTTP API show it whole).
const (
	historyPeriodsText   = 2800
	historyChangesText   = 2600
	historyFieldsShown   = 3  // field lines of one change; the rest are counted
	historyMaxCampaignID = 40 // characters of a campaign id
	historyMaxValue      = 80 // characters of a field's value
)

// historyWords are the words of a history as Slack shows them: typed text escaped
// and shortened, campaign ids as code, users as mentions.
func historyWords(p *messages.Printer) commands.HistoryWords {
	return commands.HistoryWords{
		P:     p,
		Typed: func(s string) string { return EscapeWithin(s, historyMaxValue) },
		ID:    func(s string) string { return "`" + EscapeWithin(s, historyMaxCampaignID) + "`" },
		User:  func(u string) string { return "<@" + Escape(u) + ">" },
	}
}

// historyMessage shows a goal's history: who deleted it (while it is deleted), a page
// of its periods with their figures, the campaigns of one period and a page of its
// changes, within Slack's limits.
func historyMessage(p *messages.Printer, h commands.History) Message {
	w := historyWords(p)
	g := h.Goal
	blocks := []slack.Block{header(w.Title(h)), contextBlock(w.Summary(h))}
	if d := w.Deleted(h); d != "" {
		blocks = append(blocks, section(d))
	}
	used := blockText(blocks)
	periods := make([]string, 0, len(h.Periods)+1)
	if t := w.PeriodsTitle(h); t != "" {
		periods = append(periods, "*"+t+"*")
	}
	var detail *commands.HistoryPeriod
	for i := range h.Periods {
		periods = append(periods, w.Period(g, h.Periods[i]))
		if h.Periods[i].Detailed && detail == nil {
			detail = &h.Periods[i]
		}
	}
	blocks, used = appendFolded(p, blocks, periods, min(historyPeriodsText, MaxBlockText-used), used)
	earlier, later := w.PeriodPages(h)
	if hint := joinNonEmpty(" · ", earlier, later); hint != "" {
		blocks = append(blocks, contextBlock(hint))
		used += utf8.RuneCountInString(hint)
	}
	changes := historyChangeLines(p, w, h)
	changesBudget := min(historyChangesText, changeText(changes))
	if detail != nil {
		lines := append([]string{"*" + w.CampaignsTitle(*detail) + "*"}, w.Campaigns(g, *detail)...)
		budget := MaxBlockText - used - changesBudget - historyTail
		blocks, used = appendFolded(p, blocks, lines, budget, used)
		hint := w.OtherCampaigns(h)
		blocks = append(blocks, contextBlock(hint))
		used += utf8.RuneCountInString(hint)
	}
	blocks, _ = appendFolded(p, blocks, changes, MaxBlockText-used-historyTail, used)
	if tail := joinNonEmpty(" · ", w.Dropped(h), w.OlderChanges(h)); tail != "" {
		blocks = append(blocks, contextBlock(tail))
	}
	return Message{Text: truncate(w.Fallback(h), MaxFallbackText), Blocks: blocks}
}

// historyTail is the text kept for the last context lines of a history (the older
// changes, the changes no longer kept).
const historyTail = 400

// historyChangeLines are the lines of a page of changes: its title, then each change
// with at most historyFieldsShown of its fields and a count of the others.
func historyChangeLines(p *messages.Printer, w commands.HistoryWords, h commands.History) []string {
	if len(h.ChangeLog) == 0 {
		return nil
	}
	lines := []string{"*" + w.ChangesTitle(h) + "*"}
	for _, c := range h.ChangeLog {
		head, fields := w.Change(h.Goal, c)
		lines = append(lines, "• "+head)
		if len(fields) > historyFieldsShown {
			more := "   " + p.N("history.fields.more", len(fields)-historyFieldsShown)
			fields = append(fields[:historyFieldsShown:historyFieldsShown], more)
		}
		lines = append(lines, fields...)
	}
	return lines
}

// changeText is the text lines take, a newline each.
func changeText(lines []string) int {
	n := 0
	for _, l := range lines {
		n += utf8.RuneCountInString(l) + 1
	}
	return n
}

// appendFolded adds lines to blocks as sections within budget characters; the lines
// that do not fit are counted in a last context line. It returns the blocks and the
// text used so far.
func appendFolded(p *messages.Printer, blocks []slack.Block, lines []string, budget, used int) ([]slack.Block, int) {
	if len(lines) == 0 {
		return blocks, used
	}
	more := p.N("history.more", len(lines))
	fit, n := LineSections(lines, max(budget-utf8.RuneCountInString(more), 0))
	blocks = append(blocks, fit...)
	used += blockText(fit)
	if n < len(lines) {
		more = p.N("history.more", len(lines)-n)
		blocks = append(blocks, contextBlock(more))
		used += utf8.RuneCountInString(more)
	}
	return blocks, used
}

// blockText is the text of the sections, headers and context blocks of blocks.
func blockText(blocks []slack.Block) int {
	n := 0
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			if b.Text != nil {
				n += utf8.RuneCountInString(b.Text.Text)
			}
		case *slack.HeaderBlock:
			n += utf8.RuneCountInString(b.Text.Text)
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					n += utf8.RuneCountInString(t.Text)
				}
			}
		}
	}
	return n
}

// joinNonEmpty joins the parts that are not empty.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// restoredMessage says that a deleted goal is back.
func restoredMessage(p *messages.Printer, r commands.Restored) Message {
	return textMessage(p, historyWords(p).Restored(r))
}
