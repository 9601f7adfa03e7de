package commands

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// Limits of the Home tab.
const (
	// HomeLoad is how many goals one source of the Home tab (the user's own, one
	// subscription's) is read with; beyond it the tab says that there are more.
	HomeLoad = 200
	// HomeGroupGoals is how many goals one status group shows at most (fewer when the
	// groups together would pass Slack's 100 blocks).
	HomeGroupGoals = 10
	// blocksPerGoal: a goal is a section and a row of buttons.
	blocksPerGoal = 2
)

// Home is what one user's App Home tab shows (SPEC §2): the goals they created and
// the goals that the subscriptions of channels they are a member of match.
type Home struct {
	User string
	// Goals are the goals shown, each once, ordered by id number.
	Goals []GoalView
	// Manage says which goals User may edit and delete (by id).
	Manage map[string]bool
	// Truncated: a source had more than HomeLoad goals, so Goals is not all of them.
	Truncated bool
	// Unseen are the channels with subscriptions whose membership could not be checked
	// (their goals are not shown).
	Unseen []string
	// At is when the tab was built, shown in the workspace's zone.
	At  time.Time
	Loc *time.Location
}

// MemberFunc reports whether the Home tab's user is a member of channel (the Slack
// side answers it, from a cache).
type MemberFunc func(ctx context.Context, channel string) (bool, error)

// Home loads user's Home tab: their own goals, and the goals matched by the
// subscriptions of the channels member says they are in. A channel whose membership
// cannot be checked is left out and listed in Unseen; a store error fails it.
func (a *App) Home(ctx context.Context, user string, member MemberFunc) (Home, error) {
	h := Home{User: user, Manage: map[string]bool{}, At: a.now(), Loc: a.Settings.Location()}
	seen := map[string]bool{}
	add := func(f goalbot.Filter, what string) error {
		views, next, err := a.ListGoals(ctx, f, "", HomeLoad)
		if err != nil {
			return fmt.Errorf("load the home of %s: %s: %w", user, what, err)
		}
		h.Truncated = h.Truncated || next != ""
		for _, v := range views {
			if !seen[v.Goal.ID] {
				seen[v.Goal.ID] = true
				h.Goals = append(h.Goals, v)
			}
		}
		return nil
	}
	if err := add(goalbot.Filter{Users: []string{user}}, "own goals"); err != nil {
		return Home{}, err
	}
	subs, err := a.Store.Subscriptions(ctx)
	if err != nil {
		return Home{}, fmt.Errorf("load the home of %s: subscriptions: %w", user, err)
	}
	in := map[string]bool{}
	for _, ch := range subscriptionChannels(subs) {
		if ctx.Err() != nil { // past the deadline, every check would fail: stop
			return Home{}, fmt.Errorf("load the home of %s: channels: %w", user, ctx.Err())
		}
		ok, err := member(ctx, ch)
		if err != nil {
			h.Unseen = append(h.Unseen, ch)
			continue
		}
		in[ch] = ok
	}
	for _, s := range subs {
		if in[s.Channel] {
			if err := add(s.Filter, "subscription "+s.ID); err != nil {
				return Home{}, err
			}
		}
	}
	slices.SortFunc(h.Goals, func(x, y GoalView) int { return cmp.Compare(idNumber(x.Goal.ID), idNumber(y.Goal.ID)) })
	manager, err := a.isManager(ctx, user)
	if err != nil {
		return Home{}, fmt.Errorf("load the home of %s: %w", user, err)
	}
	for _, v := range h.Goals {
		h.Manage[v.Goal.ID] = manager || v.Goal.Creator == user
	}
	return h, nil
}

// isManager reports whether user may edit and delete any goal (a goalbot admin, or a
// workspace admin or owner).
func (a *App) isManager(ctx context.Context, user string) (bool, error) {
	err := a.mayManage(ctx, Actor{UserID: user}, &goalbot.Goal{})
	if code := goalbot.ErrorCode(err); err != nil && code == goalbot.EFORBIDDEN {
		return false, nil
	}
	return err == nil, err
}

// subscriptionChannels are the channels of subs, each once, sorted.
func subscriptionChannels(subs []*goalbot.Subscription) []string {
	var out []string
	for _, s := range subs {
		out = append(out, s.Channel)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// idNumber is the number of a goal id (G12 → 12; 0 when it has none).
func idNumber(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "G"))
	return n
}

// homeGroup is one status group of the Home tab.
type homeGroup struct {
	title string
	list  string // the /goal list filter that shows the whole group
	goals []GoalView
}

// homeGroups sorts views into the Home tab's groups, in the order shown: running
// goals at risk first, then the rest of the running ones, those not started, and the
// ended ones by outcome. Empty groups are dropped.
func homeGroups(views []GoalView) []homeGroup {
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
			if v.Measurement != nil && v.Measurement.Pace == goalbot.AtRisk {
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
func HomeView(h Home) slack.HomeTabViewRequest {
	blocks := []slack.Block{
		header("Your goals"),
		slack.NewActionBlock("home_actions", button(ActionNewGoal, "New goal", ""), filterButton(goalbot.Filter{})),
	}
	groups := homeGroups(h.Goals)
	var notes []string
	if h.Truncated {
		notes = append(notes, fmt.Sprintf("You follow more than %d goals; the tab shows some of them. `/goal list` finds the others.", HomeLoad))
	}
	if len(h.Unseen) > 0 {
		chans := make([]string, len(h.Unseen))
		for i, c := range h.Unseen {
			chans[i] = "<#" + c + ">"
		}
		notes = append(notes, "goalbot could not check whether you are in "+strings.Join(chans, ", ")+", so their subscriptions' goals are left out.")
	}
	intro := homeIntro(h)
	blocks = append(blocks, contextText(intro))
	for _, n := range notes {
		blocks = append(blocks, contextText(n))
	}
	if len(groups) == 0 {
		return homeTab(append(blocks, section("You have no goals here yet. Press *New goal* or type `/goal create` in any channel; "+
			"goals that the subscriptions of your channels match show up here too. `/goal help` tells everything goalbot does.")))
	}
	sizes := make([]int, len(groups))
	for i, g := range groups {
		sizes[i] = len(g.goals)
	}
	// Each group takes a header and perhaps a "more" line; the rest is for goals.
	slots := (MaxViewBlocks - len(blocks) - 2*len(groups)) / blocksPerGoal
	shares := homeShares(sizes, slots)
	for i, g := range groups {
		blocks = append(blocks, header(fmt.Sprintf("%s (%d)", g.title, len(g.goals))))
		for _, v := range g.goals[:shares[i]] {
			blocks = append(blocks, section(homeLine(v, h.User)), homeButtons(v.Goal.ID, h.Manage[v.Goal.ID]))
		}
		if more := len(g.goals) - shares[i]; more > 0 {
			blocks = append(blocks, contextText(fmt.Sprintf("…and %d more. See them with `/goal list %s`.", more, g.list)))
		}
	}
	return homeTab(blocks)
}

func homeTab(blocks []slack.Block) slack.HomeTabViewRequest {
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

// homeIntro says what the tab holds and when it was built.
func homeIntro(h Home) string {
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
	intro := fmt.Sprintf("%s you created, %d from your channels' subscriptions", plural(mine, "goal"), len(h.Goals)-mine)
	if h.At.IsZero() {
		return intro
	}
	return intro + " · updated " + When(h.At, loc)
}

// homeLine is one goal on the Home tab: id and name, headline progress and pace,
// type, range, and who created it when it is not the viewer.
func homeLine(v GoalView, viewer string) string {
	g := v.Goal
	progress := []string{v.ProgressBar()}
	if v.Measurement != nil && v.Status == goalbot.InProgress {
		if p := PaceLabel(v.Measurement.Pace); p != "" {
			progress = append(progress, p)
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
		els = append(els, button(ActionEdit, "Edit", id), deleteButton(id))
	}
	return slack.NewActionBlock("", els...)
}
