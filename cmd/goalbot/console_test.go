package main

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// runConsole runs `goalbot console args…` with input piped in and returns its output.
func runConsole(t *testing.T, input string, args ...string) string {
	t.Helper()
	m, stdout, stderr := newTestMain(map[string]string{"GOALBOT_DATA_DIR": t.TempDir(), "GOALBOT_NOW": "2026-03-10T12:00:00Z"})
	m.Stdin = strings.NewReader(input)
	if err := m.Run(context.Background(), append([]string{"console"}, args...)); err != nil {
		t.Fatalf("console: %v\n%s", err, stderr.String())
	}
	assertNoSecrets(t, stderr.String())
	return stdout.String()
}

func TestConsoleDemoPiped(t *testing.T) {
	out := runConsole(t, strings.Join([]string{
		"list",
		"/goal show G2",
		`create name:"Console <!here>" goal_type:network_conversions campaigns:demo-webinar duration:monthly target:50`,
		"list goal_type:network_conversions",
		"delete G6",
		"confirm",
		"show G6",
		"frobnicate",
	}, "\n"), "--demo")
	for _, want := range []string{
		"Demo loaded: 5 goals of U0DEMO",
		"G1 · Search leads per quarter",
		"Type: Network conversions",
		"Created G6 · Console <!here>",
		"(type confirm to delete, anything else to keep them)",
		"Deleted G6",
		"goal G6 not found",
		"frobnicate is not a /goal command",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}

func TestConsoleAsAnotherUser(t *testing.T) {
	out := runConsole(t, "edit G1 target:5\ndelete G1\n", "--demo", "--as", "U9")
	if strings.Count(out, "only the creator of G1") != 2 {
		t.Errorf("another user could change the demo's goals:\n%s", out)
	}
}

func TestConsoleBadFlag(t *testing.T) {
	m, _, _ := newTestMain(map[string]string{"GOALBOT_DATA_DIR": t.TempDir()})
	err := m.Run(context.Background(), []string{"console", "--as", "ana"})
	if !errors.Is(err, ErrUsage) {
		t.Fatalf("console --as ana = %v, want a usage error", err)
	}
}

// TestConsoleChangeShowsAtOnce: in the console too, a goal created or edited is
// measured before the reply, and show gives the new target at once.
func TestConsoleChangeShowsAtOnce(t *testing.T) {
	out := runConsole(t, strings.Join([]string{
		`create name:"Webinar" goal_type:network_conversions campaigns:demo-webinar duration:monthly target:50`,
		"show G6",
		"edit G6 target:100",
		"show G6",
	}, "\n"), "--demo")
	for _, want := range []string{"Now 195 of 50 this period", "Actual / target: 195 / 50", "Now 195 of 100 this period", "Actual / target: 195 / 100"} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Measuring") || strings.Contains(out, "Not measured") {
		t.Errorf("the console shows a goal unmeasured:\n%s", out)
	}
}

// TestConsoleShowSpendPerCurrency: the demo's search goal spends in dollars and
// euros; the console shows each amount with its currency, never their sum, and no
// cost per contact across them.
func TestConsoleShowSpendPerCurrency(t *testing.T) {
	out := runConsole(t, "show G1\n", "--demo")
	for _, want := range []string{"Spend: €", " · $", "Cost per contact: not shown: the spend is in 2 currencies"} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}
