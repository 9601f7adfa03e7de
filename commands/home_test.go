package commands_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// memberOf is a MemberFunc: the user is in channels; errs fail some.
func memberOf(channels []string, errs map[string]error) commands.MemberFunc {
	return func(_ context.Context, ch string) (bool, error) {
		if err := errs[ch]; err != nil {
			return false, err
		}
		return slices.Contains(channels, ch), nil
	}
}

func TestAppHome(t *testing.T) {
	a := newApp(t)
	mk := func(creator, campaign, name string) string {
		d := draft()
		d.Name, d.Campaigns = name, []string{campaign}
		g, err := a.CreateGoal(ctx, commands.Actor{UserID: creator}, d)
		ok(t, err)
		return g.ID
	}
	own := mk("U1", "cmp-1", "Mine")
	viaC1 := mk("U2", "cmp-2", "Theirs on cmp-2")
	mk("U2", "cmp-3", "Theirs on cmp-3")
	viaC3 := mk("U3", "cmp-3", "On cmp-3 by U3")
	for _, s := range []*goalbot.Subscription{
		{Channel: "C1", Filter: goalbot.Filter{Campaigns: []string{"cmp-2"}}, CreatedAt: now},
		{Channel: "C2", Filter: goalbot.Filter{Users: []string{"U2"}}, CreatedAt: now}, // U1 is not in C2
		{Channel: "C3", Filter: goalbot.Filter{Users: []string{"U3"}}, CreatedAt: now}, // membership unknown
	} {
		ok(t, a.Store.CreateSubscription(ctx, s))
	}
	h, err := a.Home(ctx, "U1", memberOf([]string{"C1"}, map[string]error{"C3": errors.New("slack down")}))
	ok(t, err)
	var ids []string
	for _, v := range h.Goals {
		ids = append(ids, v.Goal.ID)
	}
	if want := []string{own, viaC1}; !slices.Equal(ids, want) {
		t.Fatalf("home goals %v, want %v (not %s)", ids, want, viaC3)
	}
	if !h.Manage[own] || h.Manage[viaC1] {
		t.Errorf("manage = %v, want only %s", h.Manage, own)
	}
	if !slices.Equal(h.Unseen, []string{"C3"}) {
		t.Errorf("unseen = %v, want [C3]", h.Unseen)
	}
	// A goalbot admin may manage every goal shown.
	h, err = a.Home(ctx, "UADMIN", memberOf([]string{"C1"}, nil))
	ok(t, err)
	if len(h.Goals) != 1 || !h.Manage[viaC1] {
		t.Errorf("admin's home: %d goals, manage %v", len(h.Goals), h.Manage)
	}
}
