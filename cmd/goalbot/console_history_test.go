package main

import (
	"strings"
	"testing"
)

// TestConsoleHistoryAndRestore: the console's history shows a demo goal's periods,
// campaigns and changes as plain text; a deleted goal's history says who deleted it,
// and restore puts it back; a goal that is not deleted or never was is refused.
func TestConsoleHistoryAndRestore(t *testing.T) {
	out := runConsole(t, strings.Join([]string{
		`edit G1 name:"Leads <b>"`,
		"delete G1",
		"confirm",
		"history G1",
		"restore G1",
		"show G1",
		"history G1",
	}, "\n"), "--demo")
	expectIn(t, "console", out,
		"Restore with /goal restore G1 within 30 days",
		"History of G1 · Leads <b>",
		"🗑️ Deleted by U0DEMO on 2026-03-10",
		"/goal restore G1 puts it back",
		"name: Search leads per quarter → Leads <b>",
		"created by U0DEMO",
		"♻️ Restored G1 · Leads <b>",
		"restored by U0DEMO",
		"Campaigns in ")
	if strings.Contains(out, "`") || strings.Contains(out, "&lt;") {
		t.Errorf("the console shows Slack's marks:\n%s", out)
	}
	refused := runConsole(t, "restore G2\nrestore G99\nhistory G99\n", "--demo")
	expectIn(t, "console refusals", refused, "G2 is not deleted, so there is nothing to restore", "there is no goal G99")
}

// TestConsoleHistorySwedish: in Swedish the console reads historik and återställ,
// and says the history, the restore and their refusals in Swedish.
func TestConsoleHistorySwedish(t *testing.T) {
	out := runConsole(t, strings.Join([]string{
		"radera G1",
		"confirm",
		"historik G1",
		"historik G1 period:mars",
		"återställ G99",
		"återställ G1",
		"återställ G1",
	}, "\n"), "--demo", "--lang", "sv")
	expectIn(t, "console in Swedish", out,
		"Återställ med /goal återställ G1 inom 30 dagar",
		"Historik för G1 · ",
		"🗑️ Raderat av U0DEMO 2026-03-10",
		"Perioder 1–",
		"annonskostnad",
		"skapat av U0DEMO",
		"”mars” är inget datum",
		"det finns inget mål G99",
		"♻️ G1 · ",
		"G1 är inte raderat, så det finns inget att återställa")
}
