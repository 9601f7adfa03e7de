package commands_test

import (
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

func TestAddCatalog(t *testing.T) {
	a := newApp(t)
	// A campaign may name an account of the same request or one already known.
	ok(t, a.AddCatalog(ctx, commands.Catalog{
		Accounts:  []goalbot.Account{{ID: "act-new", Name: "New", Network: "linkedin", Currency: "USD"}},
		Campaigns: []goalbot.Campaign{{ID: "cmp-new", Name: "Planned", AccountID: "act-new"}, {ID: "cmp-4", Name: "Later", AccountID: "act-1"}},
	}))
	g, err := a.CreateGoal(ctx, commands.Actor{UserID: "U1"}, goalbot.Draft{Name: "Planned", Type: "network_conversions",
		Campaigns: []string{"cmp-new", "cmp-4"}, Duration: "monthly", Target: "10"})
	ok(t, err)
	if strings.Join(g.Accounts, ",") != "act-1,act-new" {
		t.Errorf("goal accounts %v", g.Accounts)
	}
}

func TestAddCatalogRefuses(t *testing.T) {
	cases := []struct {
		name  string
		cat   commands.Catalog
		field string
		says  string
	}{
		{"empty", commands.Catalog{}, "accounts", "nothing to add"},
		{"unknown account", commands.Catalog{Campaigns: []goalbot.Campaign{{ID: "cmp-x", AccountID: "act-x"}}},
			"campaigns[0].account_id", "unknown account act-x"},
		{"account without id", commands.Catalog{Accounts: []goalbot.Account{{Name: "No id", Currency: "USD"}}}, "accounts[0].id", "required"},
		{"bad currency", commands.Catalog{Accounts: []goalbot.Account{{ID: "act-x", Currency: "usd"}}}, "accounts[0].currency", "ISO 4217"},
		{"campaign id with a space", commands.Catalog{Campaigns: []goalbot.Campaign{{ID: "cmp x", AccountID: "act-1"}}},
			"campaigns[0].id", "single words"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newApp(t)
			err := a.AddCatalog(ctx, c.cat)
			mustCode(t, err, goalbot.EINVALID)
			if msg := fieldError(t, err, c.field); !strings.Contains(msg, c.says) {
				t.Errorf("%s: %q, want it to say %q", c.field, msg, c.says)
			}
		})
	}
	// A campaign never moves between accounts, and a refused batch adds nothing.
	a := newApp(t)
	err := a.AddCatalog(ctx, commands.Catalog{
		Accounts:  []goalbot.Account{{ID: "act-9", Name: "Nine", Currency: "USD"}},
		Campaigns: []goalbot.Campaign{{ID: "cmp-1", AccountID: "act-2"}},
	})
	mustCode(t, err, goalbot.EINVALID)
	if !strings.Contains(english.Error(err), "cannot move to account act-2") {
		t.Errorf("move refused with %q", english.Error(err))
	}
	s := a.Store
	if accs, _ := s.Accounts(ctx, []string{"act-9"}); len(accs) != 0 {
		t.Error("a refused catalog batch added its account")
	}
	if camps, _ := s.Campaigns(ctx, []string{"cmp-1"}); camps["cmp-1"].AccountID != "act-1" {
		t.Errorf("cmp-1 moved to %q", camps["cmp-1"].AccountID)
	}
}
