package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// Limits of the Home tab.
const (
	// HomeGroupGoals is how many goals one status group shows at most (fewer when the
	// groups together would pass Slack's 100 blocks).
	HomeGroupGoals = 10
	// blocksPerGoal: a goal is a section and a row of buttons.
	blocksPerGoal = 2
)

// homeGroup is one status group of the Home tab.
type homeGroup struct {
	title string
	list  string // the /goal list filter that shows the whole group
	goals []commands.GoalView
}

// homeGroups sorts views into the Home tab's groups, in the order shown: running
// goals at risk first, then the rest of the running ones, those not started, and the
// ended ones by outcome. Empty groups are dropped.
func homeGroups(views []commands.GoalView) []homeGroup {
	gs := []homeGroup{
		{title: "⚠️ At risk", list: "status:in_progress"},
		{title: "🏃 In progress", list: "status:in_progress"},
		{title: "⏳ Not started", list: "status:pending"},
		{title: "🏆 Exceeded", list: "status:exceeded"},
		{title: "✅ Achieved", list: "status:achieved"},
		{title: "❌ Missed", list: "status:missed"},
	}
	for _, v := range views {
		i := 1
		switch v.Status {
		case goalbot.InProgress:
			if v.Measurement != nil && v.Measurement.Pace.Warns() {
				i = 0
			}
		case goalbot.Pending:
			i = 2
		case goalbot.StatusExceeded:
			i = 3
		case goalbot.StatusAchieved:
			i = 4
		case goalbot.StatusMissed:
			i = 5
		}
		gs[i].goals = append(gs[i].goals, v)
	}
	return slices.DeleteFunc(gs, func(g homeGroup) bool { return len(g.goals) == 0 })
}

// homeShares decides how many goals each group shows: at most HomeGroupGoals, and
// together within slots, handed out one goal per group in turn so that a big group
// does not crowd out the others.
func homeShares(sizes []int, slots int) []int {
	out := make([]int, len(sizes))
	for more := true; more && slots > 0; {
		more = false
		for i, n := range sizes {
			if slots > 0 && out[i] < min(n, HomeGroupGoals) {
				out[i]++
				slots--
				more = true
			}
		}
	}
	return out
}

// HomeView is the Home tab of h: a header, the New goal and Filter buttons, then the
// goals by status group, each with its progress bar, headline percent, pace, and its
// Show, Edit and Delete buttons (Edit and Delete only where h.User may use them). It
// keeps within Slack's 100 blocks a view: a group shows at most HomeGroupGoals goals
// and says how many more there are and how to list them.
func HomeView(h commands.Home) slack.HomeTabViewRequest {
	blocks := []slack.Block{
		header("Your goals"),
		slack.NewActionBlock("home_actions", button(ActionNewGoal, "New goal", ""), filterButton(goalbot.Filter{})),
	}
	groups := homeGroups(h.Goals)
	var notes []string
	if h.Truncated {
		notes = append(notes, fmt.Sprintf("You follow more than %d goals; the tab shows some of them. `/goal list` finds the others.", commands.HomeLoad))
	}
	if len(h.Unseen) > 0 {
		chans := make([]string, len(h.Unseen))
		for i, c := range h.Unseen {
			chans[i] = "<#" + c + ">"
		}
		notes = append(notes, "goalbot could not check whether you are in "+strings.Join(chans, ", ")+", so their subscriptions' goals are left out.")
	}
	intro := homeIntro(h)
	blocks = append(blocks, contextBlock(intro))
	for _, n := range notes {
		blocks = append(blocks, contextBlock(n))
	}
	if len(groups) == 0 {
		return homeTabView(append(blocks, section("You have no goals here yet. Press *New goal* or type `/goal create` in any channel; "+
			"goals that the subscriptions of your channels match show up here too. `/goal help` tells everything goalbot does.")))
	}
	sizes := make([]int, len(groups))
	for i, g := range groups {
		sizes[i] = len(g.goals)
	}
	// Each group takes a header and perhaps a "more" line; the rest is for goals.
	slots := (maxViewBlocks - len(blocks) - 2*len(groups)) / blocksPerGoal
	shares := homeShares(sizes, slots)
	for i, g := range groups {
		blocks = append(blocks, header(fmt.Sprintf("%s (%d)", g.title, len(g.goals))))
		for _, v := range g.goals[:shares[i]] {
			blocks = append(blocks, section(homeLine(v, h.User)), homeButtons(v.Goal.ID, h.Manage[v.Goal.ID]))
		}
		if more := len(g.goals) - shares[i]; more > 0 {
			blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more. See them with `/goal list %s`.", more, g.list)))
		}
	}
	return homeTabView(blocks)
}

func homeTabView(blocks []slack.Block) slack.HomeTabViewRequest {
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

// homeIntro says what the tab holds and when it was built.
func homeIntro(h commands.Home) string {
	mine := 0
	for _, v := range h.Goals {
		if v.Goal.Creator == h.User {
			mine++
		}
	}
	loc := h.Loc
	if loc == nil {
		loc = time.UTC
	}
	intro := fmt.Sprintf("%s you created, %d from your channels' subscriptions", commands.Plural(mine, "goal"), len(h.Goals)-mine)
	if h.At.IsZero() {
		return intro
	}
	return intro + " · updated " + commands.When(h.At, loc)
}

// homeLine is one goal on the Home tab: id and name, headline progress and pace,
// type, range, and who created it when it is not the viewer.
func homeLine(v commands.GoalView, viewer string) string {
	g := v.Goal
	progress := []string{v.ProgressBar()}
	if v.Measurement != nil && v.Status == goalbot.InProgress {
		if p := commands.PaceLabel(v.Measurement.Pace); p != "" {
			progress = append(progress, p)
		}
		if b := commands.BudgetLine(messages.English(), v); b != "" {
			progress = append(progress, b)
		}
	}
	about := []string{g.Type.Label(), string(g.Duration), g.Start.String() + " – " + g.End.String()}
	if g.Creator != "" && g.Creator != viewer {
		about = append(about, "by <@"+g.Creator+">")
	}
	return fmt.Sprintf("*%s · %s*\n%s\n%s", g.ID, Escape(g.Name), strings.Join(progress, " · "), strings.Join(about, " · "))
}

// homeButtons are a goal's buttons: Show, and Edit and Delete when manage.
func homeButtons(id string, manage bool) *slack.ActionBlock {
	els := []slack.BlockElement{button(ActionShow, "Show", id)}
	if manage {
		els = append(els, button(ActionEdit, "Edit", id), dangerButton(ActionDelete, "Delete", id))
	}
	return slack.NewActionBlock("", els...)
}
