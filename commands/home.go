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
)

// HomeLoad is how many goals one source of the Home tab (the user's own, one
// subscription's) is read with; beyond it the tab says that there are more.
const HomeLoad = 200

// Home is what one user's App Home tab shows: the goals they created and
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
	// Outlooks are the outlooks of the running count goals the tab can show (by goal
	// id; see homeOutlooks).
	Outlooks map[string]goalbot.Outlook
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
	if h.Outlooks, err = a.homeOutlooks(ctx, h.Goals); err != nil {
		return Home{}, fmt.Errorf("load the home of %s: %w", user, err)
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
