package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// demoNow is GOALBOT_NOW in commandVars.
var demoNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// demoStore describes what a demo left in the store vars configure: every goal, and
// the demo campaigns' metrics over the last 120 days.
func demoStore(t *testing.T, vars map[string]string) (goals []*goalbot.Goal, totals []goalbot.Totals) {
	t.Helper()
	s := openStore(t, vars)
	defer s.Close() // before the next command opens the directory
	ctx := context.Background()
	goals, _, err := s.ListGoals(ctx, goalbot.Filter{}, demoNow, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	campaigns, err := s.SearchCampaigns(ctx, "", nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	today := goalbot.DateOf(demoNow)
	var qs []goalbot.CampaignRange
	for _, c := range campaigns {
		for d := today.AddDays(-119); !d.After(today); d = d.AddDays(1) {
			qs = append(qs, goalbot.CampaignRange{Campaign: c.ID, From: d, To: d})
		}
	}
	if totals, err = s.SumRanges(ctx, qs); err != nil {
		t.Fatal(err)
	}
	return goals, totals
}

func TestDemoCommand(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	outA, stderr, err := runCommand(t, commandVars(dirA), "", "demo", "--seed", "9")
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, stderr)
	}
	for _, want := range []string{"seed 9", "2 networks (google, meta), 3 accounts, 8 campaigns", "2656 metrics rows, one a day for each campaign from 2026-01-01 to 2026-11-28", "5 goals, created by U0DEMO", "G5"} {
		if !strings.Contains(outA, want) {
			t.Errorf("demo output lacks %q:\n%s", want, outA)
		}
	}
	outB, _, err := runCommand(t, commandVars(dirB), "", "demo", "--seed", "9")
	if err != nil {
		t.Fatal(err)
	}
	if strings.ReplaceAll(outA, dirA, "DIR") != strings.ReplaceAll(outB, dirB, "DIR") {
		t.Errorf("the same seed printed different demos:\n%s\n%s", outA, outB)
	}
	goalsA, totalsA := demoStore(t, commandVars(dirA))
	goalsB, totalsB := demoStore(t, commandVars(dirB))
	if len(totalsA) != 960 || len(goalsA) != 5 {
		t.Fatalf("the demo stored %d campaign days and %d goals, want 960 and 5", len(totalsA), len(goalsA))
	}
	for i := range totalsA {
		if totalsA[i] != totalsB[i] {
			t.Fatalf("the same seed stored different metrics: %+v and %+v", totalsA[i], totalsB[i])
		}
	}
	for i := range goalsA {
		a, _ := json.Marshal(goalsA[i])
		b, _ := json.Marshal(goalsB[i])
		if string(a) != string(b) {
			t.Errorf("the same seed created different goals:\n%s\n%s", a, b)
		}
	}

	// A second demo into the same store is refused without --force, and changes
	// nothing; with --force it adds five more goals.
	_, _, err = runCommand(t, commandVars(dirA), "", "demo", "--seed", "10")
	if err == nil || !strings.Contains(err.Error(), "already holds goals (such as G1) and a catalog") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("demo into a full store = %v, want a refusal that names --force", err)
	}
	if goals, totals := demoStore(t, commandVars(dirA)); len(goals) != 5 || totals[0] != totalsA[0] {
		t.Fatalf("a refused demo changed the store")
	}
	if _, _, err := runCommand(t, commandVars(dirA), "", "demo", "--force"); err != nil {
		t.Fatalf("demo --force: %v", err)
	}
	if goals, _ := demoStore(t, commandVars(dirA)); len(goals) != 10 || goals[9].ID != "G10" {
		t.Errorf("after demo --force the store holds %d goals, want 10", len(goals))
	}
}

func TestDemoRefusesACatalogOnly(t *testing.T) {
	vars := commandVars(t.TempDir())
	if _, _, err := runCommand(t, vars, validCSV, "import", "-"); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCommand(t, vars, "", "demo")
	if err == nil || !strings.Contains(err.Error(), "already holds a catalog of accounts and campaigns") {
		t.Fatalf("demo into a store with a catalog = %v, want a refusal", err)
	}
}
