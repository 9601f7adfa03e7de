package commands_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

func TestCreateGoalSetsCreatorAndAccounts(t *testing.T) {
	a := newApp(t)
	g, err := a.CreateGoal(ctx, commands.Actor{UserID: "U1"}, draft())
	ok(t, err)
	if g.ID != "G1" || g.Creator != "U1" || !g.CreatedAt.Equal(now) || strings.Join(g.Accounts, ",") != "act-1" {
		t.Fatalf("created %+v, want G1 by U1 at %s with the account derived from the campaign", g, now)
	}
	// A Slack user cannot create a goal in someone else's name; the API token can.
	d := draft()
	d.Creator = "U2"
	g, err = a.CreateGoal(ctx, commands.Actor{UserID: "U1"}, d)
	ok(t, err)
	if g.Creator != "U1" {
		t.Errorf("a Slack user created a goal for %s", g.Creator)
	}
	g, err = a.CreateGoal(ctx, commands.APIActor, d)
	ok(t, err)
	if g.Creator != "U2" {
		t.Errorf("the API created a goal for %q, want U2", g.Creator)
	}
	// The API must name a creator.
	_, err = a.CreateGoal(ctx, commands.APIActor, draft())
	mustCode(t, err, goalbot.EINVALID)
	if msg := fieldError(t, err, "creator"); !strings.Contains(msg, "Slack user id") {
		t.Errorf("creator problem %q does not say what a creator is", msg)
	}
}

func TestCreateGoalCatalogRules(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(d *goalbot.Draft)
		field string
		says  string
	}{
		{"unknown campaign", func(d *goalbot.Draft) { d.Campaigns = []string{"cmp-1", "cmp-nope"} }, "ad_campaigns", "unknown campaign cmp-nope"},
		{"campaign outside the accounts", func(d *goalbot.Draft) { d.Accounts = []string{"act-2"} }, "ad_campaigns", "campaign cmp-1 (in act-1) is not in the goal's ad accounts (act-2)"},
		{"mixed currencies", func(d *goalbot.Draft) {
			d.Type, d.Stage, d.Campaigns, d.Notifications = "cost_per_contact", "lead", []string{"cmp-1", "cmp-eu"}, nil
		}, "ad_campaigns", "EUR (cmp-eu) and USD (cmp-1)"},
		{"every problem at once", func(d *goalbot.Draft) { d.Name, d.Campaigns = "", []string{"cmp-nope"} }, "name", "a name of 1 to 100 characters"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newApp(t)
			d := draft()
			c.edit(&d)
			_, err := a.CreateGoal(ctx, commands.Actor{UserID: "U1"}, d)
			mustCode(t, err, goalbot.EINVALID)
			if msg := fieldError(t, err, c.field); !strings.Contains(msg, c.says) {
				t.Errorf("%s: %q, want it to say %q", c.field, msg, c.says)
			}
			if gs, _, err := a.ListGoals(ctx, goalbot.Filter{}, "", 10); err != nil || len(gs) != 0 {
				t.Errorf("after a refused create the store holds %d goals (%v)", len(gs), err)
			}
		})
	}
	// One currency for a cost goal is fine, and recorded.
	a := newApp(t)
	d := draft()
	d.Type, d.Stage, d.Campaigns = "cost_per_contact", "lead", []string{"cmp-1", "cmp-3"}
	g, err := a.CreateGoal(ctx, commands.Actor{UserID: "U1"}, d)
	ok(t, err)
	if g.Currency != "USD" || strings.Join(g.Accounts, ",") != "act-1,act-2" {
		t.Errorf("cost goal currency %q accounts %v", g.Currency, g.Accounts)
	}
}

func TestPermissions(t *testing.T) {
	name := "Renamed"
	cases := []struct {
		name      string
		actor     commands.Actor
		workspace *fakeAdmins
		allowed   bool
	}{
		{"creator", commands.Actor{UserID: "UCREATOR"}, nil, true},
		{"GOALBOT_ADMINS", commands.Actor{UserID: "UADMIN"}, nil, true},
		{"workspace admin", commands.Actor{UserID: "UOWNER"}, &fakeAdmins{admins: map[string]bool{"UOWNER": true}}, true},
		{"API token", commands.APIActor, nil, true},
		{"someone else", commands.Actor{UserID: "UOTHER"}, &fakeAdmins{admins: map[string]bool{"UOWNER": true}}, false},
		{"someone else, Slack not connected", commands.Actor{UserID: "UOTHER"}, nil, false},
		{"no user", commands.Actor{}, &fakeAdmins{admins: map[string]bool{"": true}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newApp(t)
			if c.workspace != nil {
				a.Workspace = c.workspace
			}
			g, err := a.CreateGoal(ctx, commands.Actor{UserID: "UCREATOR"}, draft())
			ok(t, err)
			_, err = a.UpdateGoal(ctx, c.actor, g.ID, goalbot.GoalUpdate{Name: &name})
			_, checkErr := a.CheckDelete(ctx, c.actor, []string{g.ID})
			delErr := a.DeleteGoals(ctx, c.actor, []string{g.ID})
			if c.allowed {
				ok(t, err)
				ok(t, checkErr)
				ok(t, delErr)
				if _, err := a.GetGoal(ctx, g.ID); goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
					t.Errorf("after delete: %v, want not found", err)
				}
				return
			}
			for _, err := range []error{err, checkErr, delErr} {
				mustCode(t, err, goalbot.EFORBIDDEN)
				if !strings.Contains(english.Error(err), "only the creator of "+g.ID) {
					t.Errorf("refusal %q does not say who may", english.Error(err))
				}
			}
			v, err := a.GetGoal(ctx, g.ID)
			ok(t, err)
			if v.Goal.Name != "Spring conversions" {
				t.Errorf("a refused edit renamed the goal to %q", v.Goal.Name)
			}
		})
	}
}

func TestPermissionsWorkspaceError(t *testing.T) {
	a := newApp(t)
	boom := errors.New("users.info: ratelimited")
	a.Workspace = &fakeAdmins{err: boom}
	g, err := a.CreateGoal(ctx, commands.Actor{UserID: "UCREATOR"}, draft())
	ok(t, err)
	if err := a.DeleteGoals(ctx, commands.Actor{UserID: "UOTHER"}, []string{g.ID}); !errors.Is(err, boom) {
		t.Fatalf("delete when Slack fails = %v, want the Slack error (not a refusal, not a delete)", err)
	}
	// The creator and goalbot admins do not need Slack.
	ok(t, a.DeleteGoals(ctx, commands.Actor{UserID: "UCREATOR"}, []string{g.ID}))
}

func TestDeleteConfirmationChecksAgain(t *testing.T) {
	a := newApp(t)
	ws := &fakeAdmins{admins: map[string]bool{"UOWNER": true}}
	a.Workspace = ws
	g1, err := a.CreateGoal(ctx, commands.Actor{UserID: "UCREATOR"}, draft())
	ok(t, err)
	g2, err := a.CreateGoal(ctx, commands.Actor{UserID: "UOWNER"}, draft())
	ok(t, err)
	ids := []string{g1.ID, g2.ID}

	// The confirmation step deletes nothing.
	gs, err := a.CheckDelete(ctx, commands.Actor{UserID: "UOWNER"}, ids)
	ok(t, err)
	if len(gs) != 2 {
		t.Fatalf("CheckDelete returned %d goals", len(gs))
	}
	for _, id := range ids {
		if _, err := a.GetGoal(ctx, id); err != nil {
			t.Fatalf("CheckDelete deleted %s: %v", id, err)
		}
	}
	// Between the confirmation and the click the user stopped being an admin: the
	// click is refused and neither goal goes, not even the user's own.
	delete(ws.admins, "UOWNER")
	err = a.DeleteGoals(ctx, commands.Actor{UserID: "UOWNER"}, ids)
	mustCode(t, err, goalbot.EFORBIDDEN)
	for _, id := range ids {
		if _, err := a.GetGoal(ctx, id); err != nil {
			t.Errorf("a refused delete removed %s: %v", id, err)
		}
	}
	// A goal deleted meanwhile is reported as not found, and nothing else goes.
	ok(t, a.DeleteGoals(ctx, commands.Actor{UserID: "UCREATOR"}, []string{g1.ID}))
	err = a.DeleteGoals(ctx, commands.Actor{UserID: "UOWNER"}, []string{g2.ID, g1.ID})
	mustCode(t, err, goalbot.ENOTFOUND)
	if _, err := a.GetGoal(ctx, g2.ID); err != nil {
		t.Errorf("%s was deleted although %s was gone: %v", g2.ID, g1.ID, err)
	}
	_, err = a.CheckDelete(ctx, commands.Actor{UserID: "UOWNER"}, nil)
	mustCode(t, err, goalbot.EINVALID)
}

func TestUpdateGoalValidates(t *testing.T) {
	a := newApp(t)
	g, err := a.CreateGoal(ctx, commands.Actor{UserID: "U1"}, draft())
	ok(t, err)
	team := "growth"
	_, err = a.UpdateGoal(ctx, commands.Actor{UserID: "U1"}, g.ID, goalbot.GoalUpdate{Team: &team})
	ok(t, err)
	bad := "Not A Team"
	_, err = a.UpdateGoal(ctx, commands.Actor{UserID: "U1"}, g.ID, goalbot.GoalUpdate{Team: &bad})
	mustCode(t, err, goalbot.EINVALID)
	v, err := a.GetGoal(ctx, g.ID)
	ok(t, err)
	if v.Goal.Team != "growth" || v.Goal.Version != 2 {
		t.Errorf("after one edit and one refused: team %q version %d", v.Goal.Team, v.Goal.Version)
	}
	_, err = a.UpdateGoal(ctx, commands.Actor{UserID: "U1"}, "G99", goalbot.GoalUpdate{Team: &team})
	mustCode(t, err, goalbot.ENOTFOUND)
}
