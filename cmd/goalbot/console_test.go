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

func TestConsoleDeleteNeedsItsPrompt(t *testing.T) {
	out := runConsole(t, strings.Join([]string{
		"delete G2",
		"list",
		"confirm", // the list dropped the pending delete
		"show G2",
		"confirm G5", // nothing pending: deletes nothing
		"show G5",
		"delete G3",
		"confirm G5", // not what delete asked about
		"show G5",
		"confirm", // the refused confirm dropped the pending delete too
		"show G3",
		"delete G4",
		"confirm G4",
		"show G4",
	}, "\n"), "--demo")
	if n := strings.Count(out, "Nothing to confirm"); n != 4 {
		t.Errorf("console said Nothing to confirm %d times, want 4:\n%s", n, out)
	}
	for _, id := range []string{"G2", "G3", "G5"} {
		if strings.Contains(out, "Deleted "+id) || strings.Contains(out, "goal "+id+" not found") {
			t.Errorf("%s was deleted without its prompt:\n%s", id, out)
		}
	}
	if !strings.Contains(out, "Deleted G4") || !strings.Contains(out, "goal G4 not found") {
		t.Errorf("delete G4 then confirm G4 did not delete it:\n%s", out)
	}
}

func TestConsoleLongLine(t *testing.T) {
	long := "show " + strings.Repeat("G", maxConsoleLine+10)
	out := runConsole(t, "show G1\n"+long+"\nshow G2\n", "--demo")
	if !strings.Contains(out, "That line is too long") {
		t.Errorf("no message for a line over the limit:\n%.2000s", out)
	}
	if !strings.Contains(out, "G2 · Network conversions this year") {
		t.Errorf("the console stopped after the long line:\n%.2000s", out)
	}
}

func TestConsoleNamesAsTyped(t *testing.T) {
	name := `<!channel> & *co* <b>2*3</b> _x_`
	out := runConsole(t, `create name:"`+name+`" goal_type:network_conversions campaigns:demo-webinar duration:monthly target:50`+"\nshow G6\nlist\n", "--demo")
	// The console prints text, not mrkdwn: the name as typed, marks and all.
	if n := strings.Count(out, "G6 · "+name+"\n"); n != 3 {
		t.Errorf("the name %q shows as typed %d times, want 3 (create, show, list):\n%s", name, n, out)
	}
	if strings.Contains(out, "&lt;") || strings.Contains(out, "&amp;") || strings.Contains(out, "&LT;") {
		t.Errorf("entities in the console's output:\n%s", out)
	}
}

func TestConsoleChannelsAndUsersAsShown(t *testing.T) {
	out := runConsole(t, strings.Join([]string{
		"subscribe #C0123ABC",
		"subscriptions <#C0123ABC>",
		"unsubscribe #C0123ABC S1",
		"subscribe <#C0123ABC|alerts> team:growth",
		"list user:@U0DEMO team:social",
		"list user:<@U0DEMO>",
	}, "\n"), "--demo")
	for _, want := range []string{
		"Subscribed — S1 #C0123ABC",
		"• S1 #C0123ABC",
		"Subscribed — S2 #C0123ABC",
		"G3 · Cost per MQL on social",
		"G1 · Search leads per quarter",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "⚠️") {
		t.Errorf("a channel or user in the form the console shows was refused:\n%s", out)
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
	for _, want := range []string{"Now 175.3 of 50 this period", "Actual / target: 175.3 / 50", "Now 175.3 of 100 this period", "Actual / target: 175.3 / 100"} {
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

// TestConsoleSwedish: `goalbot console --demo --lang sv` reads Swedish verbs, values
// and numbers beside the English ones, and says everything in Swedish.
func TestConsoleSwedish(t *testing.T) {
	out := runConsole(t, strings.Join([]string{
		"hjälp",
		`skapa name:"Vårens leads" goal_type:contacts_in_stage lifecycle_stage:lead campaigns:demo-webinar duration:månadsvis target:100`,
		"lista",
		"lista status:pågående duration:månadsvis,kvartalsvis",
		"visa G6",
		"ändra G6 target:1 000 notify:start,delmål",
		"list goal_type:kontakter_i_livscykelstadium",
		"radera G6",
		"bekräfta",
		"visa G6",
		"avsluta",
		"källor",
	}, "\n"), "--demo", "--lang", "sv")
	for _, want := range []string{
		"Demon är laddad: 5 mål av U0DEMO",
		"Konsolen: skriv /goal-kommandon",
		`/goal skapa name:"Vårens leads" goal_type:contacts_in_stage lifecycle_stage:lead campaigns:cmp-1 duration:månadsvis target:100`,
		"✅ Skapade G6 · Vårens leads",
		"Kontakter i livscykelstadium på 1 kampanj · månadsvis från 2026-01-01 till 2026-12-31 (12 perioder)",
		"Mål\nG1 · Search leads per quarter",
		"Mål som matchar duration:månadsvis,kvartalsvis status:pågående\n",
		"  Typ: ",
		"✏️ Ändrade G6 · Vårens leads",
		"Mål som matchar goal_type:kontakter_i_livscykelstadium\n",
		"Radera det här målet?\n• G6 · Vårens leads\n(skriv bekräfta",
		"🗑️ Raderade G6.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"⚠️ Inget ändrades", "is not a /goal command", "Källor"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("console output has %q:\n%s", unwanted, out)
		}
	}
}

// TestConsoleLang: --lang takes codes, tags and POSIX locales; a language goalbot
// does not speak is a usage error.
func TestConsoleLang(t *testing.T) {
	for in, want := range map[string]string{"": "en", "sv": "sv", "sv-SE": "sv", "sv_SE.UTF-8": "sv", "C.UTF-8": "en", "POSIX": "en", "en_GB": "en"} {
		if got, ok := consoleLang(in); !ok || got != want {
			t.Errorf("consoleLang(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := consoleLang("fr"); ok {
		t.Error("consoleLang(fr) is fine")
	}
	m, _, stderr := newTestMain(map[string]string{"GOALBOT_DATA_DIR": t.TempDir()})
	if err := m.Run(context.Background(), []string{"console", "--lang", "fr"}); !errors.Is(err, ErrUsage) || !strings.Contains(stderr.String(), "use en or sv") {
		t.Fatalf("console --lang fr = %v, %s", err, stderr.String())
	}
}

// TestConsoleSwedishRefusals: what a Swedish reader types wrong in the console is
// refused in Swedish, saying what is wrong and what would be right, problem by
// problem under the fields as typed; an English reader reads the same refusal in
// English, as before.
func TestConsoleSwedishRefusals(t *testing.T) {
	lines := strings.Join([]string{
		`skapa name:" " goal_type:klick campaigns:demo-webinar duration:månadsvis target:1,000`,
		"visa G99",
	}, "\n")
	out := runConsole(t, lines, "--demo", "--lang", "sv")
	for _, want := range []string{
		"Inget ändrades. Rätta 3 problem:",
		"• name: ge målet ett namn på 1 till 100 tecken",
		`• goal_type: "klick" är ingen måltyp: använd network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions eller ad_spend`,
		`• target: "1,000" kan läsas på två sätt: skriv 1 000 för tusental eller 1 för decimaler`,
		"målet G99 hittades inte: det kan ha raderats",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Swedish console output lacks %q:\n%s", want, out)
		}
	}
	out = runConsole(t, `create name:" " goal_type:clicks campaigns:demo-webinar duration:monthly target:-5`+"\nshow G99", "--demo")
	for _, want := range []string{
		"Nothing was changed. Please fix 3 problems:",
		"• name: give the goal a name of 1 to 100 characters",
		`• goal_type: "clicks" is not a goal type: use network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions or ad_spend`,
		"• target: the target must be a positive number, such as 100, not -5",
		"goal G99 not found: it may have been deleted",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("English console output lacks %q:\n%s", want, out)
		}
	}
}
