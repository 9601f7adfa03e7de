package goalbot_test

import (
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// sv says the domain's problems as a Swedish reader reads them.
var sv = messages.For("sv")

// TestNewGoalMessagesInSwedish pins NewGoal's problems in Swedish, whole: the same
// problems as in English (TestNewGoalMessages), under the same fields, with the
// typed values and keys as they are typed, lists joined with "eller" and numbers
// with a decimal comma.
func TestNewGoalMessagesInSwedish(t *testing.T) {
	cases := []struct {
		name string
		edit func(*goalbot.Draft)
		want string
	}{
		{"empty name", func(d *goalbot.Draft) { d.Name = "   " }, "ge målet ett namn på 1 till 100 tecken"},
		{"bad type", func(d *goalbot.Draft) { d.Type = "clicks" },
			`"clicks" är ingen måltyp: använd network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions eller ad_spend`},
		{"custom stage", func(d *goalbot.Draft) { d.Stage = "hot_lead" },
			`anpassade livscykelstadier kan inte användas: "hot_lead" är inget standardstadium; använd subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist eller other`},
		{"bad duration", func(d *goalbot.Draft) { d.Duration = "daily" }, `"daily" är ingen varaktighet: använd weekly, monthly, quarterly, yearly eller custom`},
		{"negative target", func(d *goalbot.Draft) { d.Target = "-5" }, "målvärdet måste vara ett positivt tal, till exempel 100, inte -5"},
		{"fractional contacts", func(d *goalbot.Draft) { d.Target = "100.5" },
			"kontakter räknas i hela tal: ange ett helt målvärde, till exempel 100 eller 101, inte 100,5"},
		{"end before start", func(d *goalbot.Draft) { d.Duration, d.Start, d.End = "custom", "2026-03-05", "2026-02-01" },
			"2026-02-01 ligger före startdatumet, 2026-03-05"},
		{"two problems", func(d *goalbot.Draft) { d.Name, d.Type = "", "clicks" },
			"2 problem:\n• name: ge målet ett namn på 1 till 100 tecken\n" +
				`• goal_type: "clicks" är ingen måltyp: använd network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions eller ad_spend`},
	}
	for _, c := range cases {
		d := draft()
		c.edit(&d)
		_, err := goalbot.NewGoal(d, goalbot.DefaultSettings, today)
		if goalbot.ErrorCode(err) != goalbot.EINVALID || sv.Error(err) != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, sv.Error(err), c.want)
		}
	}
}

// TestErrorsInSwedish: a filter's refusal, an error of ours (its detail never
// shown) and a text kept as written, in Swedish.
func TestErrorsInSwedish(t *testing.T) {
	_, err := goalbot.ParseFilter([][2]string{{"status", "done"}})
	if got, want := sv.Error(err), "status:done är inte giltigt: använd pending, in_progress, achieved, exceeded, missed"; got != want {
		t.Errorf("filter: got %q, want %q", got, want)
	}
	if got, want := sv.Error(errTest{}), "Något gick fel hos oss. Felet har loggats; försök igen."; got != want {
		t.Errorf("ours: got %q, want %q", got, want)
	}
	if got := sv.Message(goalbot.Text("Meta: (#190) token expired")); got != "Meta: (#190) token expired" {
		t.Errorf("a network's words: got %q", got)
	}
}
