package bot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// TestHelpInTheReadersLanguage: help is said in the reader's language, its examples
// written as that reader types (Swedish verbs, values and numbers), within Slack's
// limits.
func TestHelpInTheReadersLanguage(t *testing.T) {
	sv := checkMessage(t, "help sv", helpMessage(messages.For("sv-SE")))
	for _, want := range []string{
		"`/goal skapa name:\"Vårens leads\" goal_type:contacts_in_stage lifecycle_stage:lead campaigns:cmp-1 duration:månadsvis target:100`",
		"`/goal lista [", "status:pågående", "progress:50-75,5", "`/goal ändra G12 ", "target.cmp-1:50;60,5", "`/goal prenumerera #kanal",
		"skapar ett mål direkt", "`/goal skapa` utan något mer öppnar ett formulär", "*Varaktighet*", "`100,5`",
	} {
		if !strings.Contains(sv, jsonText(t, want)) {
			t.Errorf("Swedish help lacks %q:\n%s", want, sv)
		}
	}
	if m := helpMessage(messages.For("sv")); !strings.HasPrefix(m.Text, "goalbot hjälp: /goal skapa, lista, visa, diagram, ändra") {
		t.Errorf("Swedish help's text %q", m.Text)
	}
	en := checkMessage(t, "help en", helpMessage(messages.English()))
	if !strings.Contains(en, jsonText(t, "`"+commands.Usage(messages.English(), commands.VerbCreate)+"`")) || strings.Contains(en, "skapa") {
		t.Errorf("English help:\n%s", en)
	}
}

// jsonText is s as it reads inside a JSON string (the payloads checkMessage gives).
func jsonText(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Trim(string(b), `"`)
}
