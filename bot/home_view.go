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
	HomeGroupGoals = commands.HomeGroupGoals
	// blocksPerGoal: a goal is a section and a row of buttons.
	blocksPerGoal = 2
)

// homeGroup is one status group of the Home tab.
type homeGroup struct {
	title string // the message of its title
	list  string // the /goal list filter that shows the whole group
	goals []commands.GoalView
}

// homeGroups sorts views into the Home tab's groups, in the order shown: running
// goals at risk first, then the rest of the running ones, those not started, and the
// ended ones by outcome. Empty groups are dropped.
func homeGroups(views []commands.GoalView) []homeGroup {
	gs := []homeGroup{
		{title: "home.group.at_risk", list: "status:in_progress"},
		{title: "home.group.in_progress", list: "status:in_progress"},
		{title: "home.group.pending", list: "status:pending"},
		{title: "home.group.exceeded", list: "status:exceeded"},
		{title: "home.group.achieved", list: "status:achieved"},
		{title: "home.group.missed", list: "status:missed"},
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

// HomeView is the Home tab of h in p's language: a header, the New goal and Filter buttons, then the
// goals by status group, each with its progress bar, headline percent, pace, and its
// Show, Edit and Delete buttons (Edit and Delete only where h.User may use them). It
// keeps within Slack's 100 blocks a view: a group shows at most HomeGroupGoals goals
// and says how many more there are and how to list them.
func HomeView(p *messages.Printer, h commands.Home) slack.HomeTabViewRequest {
	blocks := []slack.Block{
		header(p.T("home.title")),
		slack.NewActionBlock("home_actions", button(ActionNewGoal, p.T("slack.button.new_goal"), ""), filterButton(p, goalbot.Filter{})),
	}
	groups := homeGroups(h.Goals)
	var notes []string
	if h.Truncated {
		notes = append(notes, p.T("home.truncated", messages.Args{"Count": p.Int(commands.HomeLoad)}))
	}
	if len(h.Unseen) > 0 {
		chans := make([]string, len(h.Unseen))
		for i, c := range h.Unseen {
			chans[i] = "<#" + c + ">"
		}
		notes = append(notes, p.T("home.unseen", messages.Args{"Channels": strings.Join(chans, ", ")}))
	}
	blocks = append(blocks, contextBlock(homeIntro(p, h)))
	for _, n := range notes {
		blocks = append(blocks, contextBlock(n))
	}
	if len(groups) == 0 {
		return homeTabView(append(blocks, section(p.T("home.empty"))))
	}
	sizes := make([]int, len(groups))
	for i, g := range groups {
		sizes[i] = len(g.goals)
	}
	// Each group takes a header and perhaps a "more" line; the rest is for goals.
	slots := (maxViewBlocks - len(blocks) - 2*len(groups)) / blocksPerGoal
	shares := homeShares(sizes, slots)
	for i, g := range groups {
		// The group's title is one of the home.group. messages.
		blocks = append(blocks, header(p.T(g.title)+" ("+p.Int(int64(len(g.goals)))+")"))
		for _, v := range g.goals[:shares[i]] {
			blocks = append(blocks, section(homeLine(p, v, h.User, h.Outlooks)), homeButtons(p, v, h.Manage[v.Goal.ID]))
		}
		if more := len(g.goals) - shares[i]; more > 0 {
			blocks = append(blocks, contextBlock(p.T("home.more", messages.Args{"Count": p.Int(int64(more)), "Filter": g.list})))
		}
	}
	return homeTabView(blocks)
}

func homeTabView(blocks []slack.Block) slack.HomeTabViewRequest {
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

// homeIntro says what the tab holds and when it was built.
func homeIntro(p *messages.Printer, h commands.Home) string {
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
	intro := p.T("home.intro", messages.Args{"Mine": p.N("goals", mine), "Others": p.Int(int64(len(h.Goals) - mine))})
	if h.At.IsZero() {
		return intro
	}
	return intro + " · " + p.T("home.updated", messages.Args{"When": commands.When(h.At, loc)})
}

// homeLine is one goal on the Home tab: id and name, headline progress and pace (or,
// with an outlook among outlooks, the pace with its ratio, where the period is
// heading and what reaching its target takes), type, range, and who created it when
// it is not the viewer.
func homeLine(p *messages.Printer, v commands.GoalView, viewer string, outlooks map[string]goalbot.Outlook) string {
	g := v.Goal
	progress := []string{v.ProgressBar(p)}
	if o, ok := outlooks[g.ID]; ok {
		progress = append(progress, commands.OutlookText(p, g, o))
	} else if v.Measurement != nil && v.Status == goalbot.InProgress {
		if pace := p.Pace(v.Measurement.Pace); pace != "" {
			progress = append(progress, pace)
		}
		if b := commands.BudgetLine(p, v); b != "" {
			progress = append(progress, b)
		}
	}
	about := []string{p.Type(g.Type), p.Duration(g.Duration), g.Start.String() + " – " + g.End.String()}
	if g.Creator != "" && g.Creator != viewer {
		about = append(about, p.T("home.by", messages.Args{"Creator": g.Creator}))
	}
	return fmt.Sprintf("*%s · %s*\n%s\n%s", g.ID, Escape(g.Name), strings.Join(progress, " · "), strings.Join(about, " · "))
}

// homeButtons are a goal's buttons on the Home tab: those of a list row, with Chart
// after Show when the goal has a chart (commands.HasChart).
func homeButtons(p *messages.Printer, v commands.GoalView, manage bool) *slack.ActionBlock {
	b := goalButtons(p, v.Goal.ID, manage)
	if commands.HasChart(v) {
		b.Elements.ElementSet = slices.Insert(b.Elements.ElementSet, 1, slack.BlockElement(chartButton(p, v.Goal.ID)))
	}
	return b
}
