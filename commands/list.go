package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// ListPage is how many goals one list message shows: two blocks each, within Slack's
// 50 blocks a message with the header, the filter buttons and the buttons below
// (at most 35 blocks; see TestListReplyWithinSlackLimits).
const ListPage = 15

// ListReply lists a page of the goals that match f from cursor: each with a Select
// box and Show, Edit and Delete buttons; a filtered list's terms as buttons that
// remove them; Filter, More goals (when there are more) and Delete selected below.
func (a *App) ListReply(ctx context.Context, f goalbot.Filter, cursor string) (Reply, error) {
	views, next, err := a.ListGoals(ctx, f, cursor, ListPage)
	if err != nil {
		return Reply{}, err
	}
	title := "Goals"
	if !f.IsZero() {
		title = "Goals matching " + Escape(f.String())
	}
	if len(views) == 0 {
		msg := "No goals yet. Create one with `/goal create`."
		if !f.IsZero() || cursor != "" {
			msg = "No goals match `" + Escape(f.String()) + "`."
			blocks := append([]slack.Block{section(msg)}, filterBlocks(f)...)
			return Reply{Text: msg, Blocks: append(blocks, slack.NewActionBlock("", filterButton(f)))}, nil
		}
		return textReply(msg), nil
	}
	blocks := append([]slack.Block{header(title)}, filterBlocks(f)...)
	lines := []string{title + ":"}
	for _, v := range views {
		blocks = append(blocks, listRow(v),
			slack.NewActionBlock("", button(ActionShow, "Show", v.Goal.ID), button(ActionEdit, "Edit", v.Goal.ID), deleteButton(v.Goal.ID)))
		lines = append(lines, fmt.Sprintf("%s %s %s", v.Goal.ID, Escape(v.Goal.Name), Percent(v.Headline())))
	}
	nav := []slack.BlockElement{filterButton(f)}
	hint := "Filter with `/goal list status:in_progress team:growth progress:-50` · `/goal show ID` for details · tick goals and press *Delete selected* to delete several"
	if more := next + "|" + f.String(); next != "" && utf8.RuneCountInString(more) <= maxButtonValue {
		nav = append(nav, button(ActionListMore, "More goals", more))
	} else if next != "" {
		hint = "More goals match than these " + strconv.Itoa(len(views)) + ": narrow the filter to see them · " + hint
	}
	nav = append(nav, deleteSelectedButton(), button(ActionNewGoal, "New goal", ""))
	blocks = append(blocks, slack.NewActionBlock("", nav...))
	blocks = append(blocks, contextText(hint))
	return Reply{Text: strings.Join(lines, "\n"), Blocks: blocks}, nil
}

// listRow is a goal's line in a list with its Select box.
func listRow(v GoalView) *slack.SectionBlock {
	s := section(listLine(v))
	s.Accessory = slack.NewAccessory(selectBox(v.Goal.ID))
	return s
}

// listLine is one goal in a list: id, name, status, headline progress and pace.
func listLine(v GoalView) string {
	g := v.Goal
	parts := []string{v.ProgressBar(), StatusLabel(v.Status)}
	if v.Measurement != nil && v.Status == goalbot.InProgress {
		if p := PaceLabel(v.Measurement.Pace); p != "" {
			parts = append(parts, p)
		}
	}
	return fmt.Sprintf("*%s* · %s\n%s", g.ID, Escape(g.Name), strings.Join(parts, " · "))
}

func deleteButton(id string) *slack.ButtonBlockElement {
	b := button(ActionDelete, "Delete", id)
	b.Style = slack.StyleDanger
	return b
}

// MoreReply answers the More button: value is "cursor|filter".
func (a *App) MoreReply(ctx context.Context, value string) (Reply, error) {
	cursor, filter, _ := strings.Cut(value, "|")
	c, err := Parse("list " + filter)
	if err != nil {
		return Reply{}, err
	}
	f, _, err := c.Filter(false)
	if err != nil {
		return Reply{}, err
	}
	return a.ListReply(ctx, f, cursor)
}
