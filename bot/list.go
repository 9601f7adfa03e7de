package bot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// Limits of a list's buttons: Block Kit takes 25 elements an actions block and a
// button's value of at most 2,000 characters.
const (
	maxFilterChips = 24 // and Clear filters makes 25
	maxButtonValue = 2000
)

// listMessage is a page of goals, in p's language: each with a Select box and
// Show, Edit and Delete buttons; a filtered list's terms as buttons that remove them;
// Filter, More goals (when there are more and the button can carry where they
// start), Delete selected and New goal below. A page of commands.ListPage goals
// keeps within Slack's 50 blocks a message.
func listMessage(p *messages.Printer, pg commands.GoalPage) Message {
	f := pg.Filter
	title := p.T("slack.list.title")
	if !f.IsZero() {
		title = p.T("slack.list.title_filtered", messages.Args{"Filter": Escape(f.String())})
	}
	if len(pg.Goals) == 0 {
		if !f.IsZero() || pg.Cursor != "" {
			msg := p.T("slack.list.none_match", messages.Args{"Filter": Escape(f.String())})
			blocks := append([]slack.Block{section(msg)}, filterBlocks(p, f)...)
			return Message{Text: msg, Blocks: append(blocks, slack.NewActionBlock("", filterButton(p, f)))}
		}
		return textMessage(p, p.T("slack.list.empty"))
	}
	blocks := append([]slack.Block{header(title)}, filterBlocks(p, f)...)
	lines := []string{title + ":"}
	for _, v := range pg.Goals {
		id := v.Goal.ID
		blocks = append(blocks, listRow(p, v), goalButtons(p, id, true))
		lines = append(lines, fmt.Sprintf("%s %s %s", id, Escape(v.Goal.Name), p.Percent(v.Headline())))
	}
	nav := []slack.BlockElement{filterButton(p, f)}
	hint := p.T("slack.list.hint")
	if more := moreValue(pg); pg.Next != "" && utf8.RuneCountInString(more) <= maxButtonValue {
		nav = append(nav, button(ActionListMore, p.T("slack.button.more_goals"), more))
	} else if pg.Next != "" {
		hint = p.T("slack.list.more_hidden", messages.Args{"Count": p.Int(int64(len(pg.Goals)))}) + " · " + hint
	}
	nav = append(nav, dangerButton(ActionDeleteSelected, p.T("slack.button.delete_selected"), ""), button(ActionNewGoal, p.T("slack.button.new_goal"), ""))
	blocks = append(blocks, slack.NewActionBlock("", nav...), contextBlock(hint))
	return Message{Text: truncate(strings.Join(lines, "\n"), MaxFallbackText), Blocks: blocks}
}

// goalButtons are a goal's buttons in p's language: Show, and Edit and Delete when
// manage.
func goalButtons(p *messages.Printer, id string, manage bool) *slack.ActionBlock {
	els := []slack.BlockElement{button(ActionShow, p.T("slack.button.show"), id)}
	if manage {
		els = append(els, button(ActionEdit, p.T("slack.button.edit"), id), dangerButton(ActionDelete, p.T("slack.button.delete"), id))
	}
	return slack.NewActionBlock("", els...)
}

// moreValue is the value of a page's More goals button: "cursor|filter", where the
// next page starts and the page's filter.
func moreValue(p commands.GoalPage) string { return p.Next + "|" + p.Filter.String() }

// parseMore reads a More goals button's value.
func parseMore(value string) (goalbot.Filter, string, error) {
	cursor, filter, _ := strings.Cut(value, "|")
	f, err := commands.FilterFromText(filter)
	return f, cursor, err
}

// listRow is a goal's line in a list with its Select box (ActionSelect, its
// option's value the goal id).
func listRow(p *messages.Printer, v commands.GoalView) *slack.SectionBlock {
	s := section(listLine(p, v))
	s.Accessory = slack.NewAccessory(slack.NewCheckboxGroupsBlockElement(ActionSelect, option(v.Goal.ID, p.T("slack.list.select"))))
	return s
}

// listLine is one goal in a list: id, name, status, headline progress and pace.
func listLine(p *messages.Printer, v commands.GoalView) string {
	g := v.Goal
	parts := []string{v.ProgressBar(p), p.Status(v.Status)}
	if v.Measurement != nil && v.Status == goalbot.InProgress {
		if pace := p.Pace(v.Measurement.Pace); pace != "" {
			parts = append(parts, pace)
		}
	}
	return fmt.Sprintf("*%s* · %s\n%s", g.ID, Escape(g.Name), strings.Join(parts, " · "))
}

// filterButton is the list's Filter button; its value is the list's filter in its
// text form (empty when it would not fit a button's value).
func filterButton(p *messages.Printer, f goalbot.Filter) *slack.ButtonBlockElement {
	v := f.String()
	if utf8.RuneCountInString(v) > maxButtonValue {
		v = ""
	}
	return button(ActionFilter, p.T("slack.button.filter"), v)
}

// filterTerm is one term of a list's filter as its button shows it ("team:growth",
// "progress:50-") and the filter without that term.
type filterTerm struct {
	label string
	rest  goalbot.Filter
}

// filterTerms are f's terms: one per value ("team:growth" and "team:brand" for
// team:growth,brand), or one per key when that would make more than maxFilterChips
// buttons. A progress range is one term. Each term's rest is f without it, so the
// work is linear in f's size.
func filterTerms(f goalbot.Filter) []filterTerm {
	pairs := f.Pairs()
	values := 0
	for _, kv := range pairs {
		values += strings.Count(kv[1], ",") + 1
	}
	var terms []filterTerm
	for _, kv := range pairs {
		if kv[0] == "progress" || values > maxFilterChips {
			terms = append(terms, filterTerm{label: kv[0] + ":" + kv[1], rest: f.Without(kv[0], "")})
			continue
		}
		for _, v := range strings.Split(kv[1], ",") {
			terms = append(terms, filterTerm{label: kv[0] + ":" + v, rest: f.Without(kv[0], v)})
		}
	}
	return terms
}

// filterBlocks are a filtered list's filter buttons, under a line that says what
// they do: one per term (ActionFilterRemove, value: the filter without it)
// and Clear filters when there are two or more. A term whose remaining filter is too
// long for a button's value gets no button (the Filter form still edits it). None
// for an unfiltered list.
func filterBlocks(p *messages.Printer, f goalbot.Filter) []slack.Block {
	if f.IsZero() {
		return nil
	}
	terms := filterTerms(f)
	var buttons []slack.BlockElement
	for i, t := range terms {
		if v := t.rest.String(); utf8.RuneCountInString(v) <= maxButtonValue {
			buttons = append(buttons, button(suffixed(ActionFilterRemove, strconv.Itoa(i+1)), "✕ "+t.label, v))
		}
	}
	if len(terms) >= 2 {
		buttons = append(buttons, button(suffixed(ActionFilterRemove, "all"), p.T("slack.button.clear_filters"), ""))
	}
	if len(buttons) == 0 {
		return nil
	}
	return []slack.Block{
		contextBlock(p.T("slack.list.filtered_by")),
		slack.NewActionBlock("", buttons...),
	}
}
