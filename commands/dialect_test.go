package commands

import (
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
	"github.com/google/go-cmp/cmp"
)

var swedish = goalbot.NumberStyle{DecimalComma: true}

// TestSwedishParse: a Swedish reader's verbs and values are read as goalbot's own,
// beside the English ones; keys and ids stay as they are.
func TestSwedishParse(t *testing.T) {
	sv := DialectFor("sv-SE")
	cases := []struct {
		in   string
		want Command
	}{
		{`skapa name:"Vårens leads" goal_type:contacts_in_stage lifecycle_stage:lead campaigns:cmp-1 duration:månadsvis target:100`,
			Command{Verb: VerbCreate, Pairs: [][2]string{{"name", "Vårens leads"}, {"goal_type", "contacts_in_stage"}, {"lifecycle_stage", "lead"},
				{"campaigns", "cmp-1"}, {"duration", "monthly"}, {"target", "100"}}}},
		{`Skapa goal_type:kostnad_per_kontakt stage:"marknadsföringskvalificerat lead" duration:Kvartalsvis fiscal_year:ja notify:ingen target:12,50`,
			Command{Verb: VerbCreate, Pairs: [][2]string{{"goal_type", "cost_per_contact"}, {"stage", "marketingqualifiedlead"},
				{"duration", "quarterly"}, {"fiscal_year", "yes"}, {"notify", "none"}, {"target", "12,50"}}}},
		{"lista status:pågående,missat duration:årsvis,anpassad progress:50-75,5 goal_type:\"första formulärinskickningar\"",
			Command{Verb: VerbList, Pairs: [][2]string{{"status", "in_progress,missed"}, {"duration", "yearly,custom"}, {"progress", "50-75,5"},
				{"goal_type", "first_form_submissions"}}}},
		{`lista status:"ej påbörjat",väntande,ej_påbörjad,uppnått,överträffat`,
			Command{Verb: VerbList, Pairs: [][2]string{{"status", "pending,pending,pending,achieved,exceeded"}}}},
		{"visa G6", Command{Verb: VerbShow, Args: []string{"G6"}}},
		{"ÄNDRA G3 target:1 000,5 target.cmp-1:1 000;1 200 notify:start,delmål",
			Command{Verb: VerbEdit, Args: []string{"G3"}, Pairs: [][2]string{{"target", "1 000,5"}, {"target.cmp-1", "1 000;1 200"}, {"notify", "started,milestone"}}}},
		{"ändra G3 target:1\u00a0000\u00a0000", Command{Verb: VerbEdit, Args: []string{"G3"}, Pairs: [][2]string{{"target", "1 000 000"}}}},
		{"radera G1 G2 345", Command{Verb: VerbDelete, Args: []string{"G1", "G2", "345"}}},
		{"prenumerera <#C1|larm> events:start,tröskel,i_riskzonen,inga_mätvärden,veckosammanfattning,spårningsavvikelse",
			Command{Verb: VerbSubscribe, Args: []string{"<#C1|larm>"}, Pairs: [][2]string{{"events", "started,threshold,at_risk,stale,digest,drift"}}}},
		{"avprenumerera <#C1|larm> S3", Command{Verb: VerbUnsubscribe, Args: []string{"<#C1|larm>", "S3"}}},
		{"prenumerationer", Command{Verb: VerbSubscriptions}},
		{"uppdatera G1", Command{Verb: VerbRefresh, Args: []string{"G1"}}},
		{"hjalp", Command{Verb: VerbHelp}},
		{"hjälp", Command{Verb: VerbHelp}},
		{"källor", Command{Verb: VerbSources}},
		// English always works, mixed with Swedish too.
		{"list status:in_progress duration:månadsvis", Command{Verb: VerbList, Pairs: [][2]string{{"status", "in_progress"}, {"duration", "monthly"}}}},
		{"create duration:monthly target.a:100,120,150", Command{Verb: VerbCreate, Pairs: [][2]string{{"duration", "monthly"}, {"target.a", "100,120,150"}}}},
		// Unknown words stay as typed, so that a refusal quotes them.
		{"lista status:klar", Command{Verb: VerbList, Pairs: [][2]string{{"status", "klar"}}}},
	}
	for _, c := range cases {
		got, err := sv.Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		c.want.Numbers = swedish
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", c.in, diff)
		}
	}
}

// TestEnglishReadsNoSwedish: an English reader's commands are read as before:
// Swedish words are not theirs, and a comma is no decimal comma.
func TestEnglishReadsNoSwedish(t *testing.T) {
	if _, err := English().Parse("skapa"); err == nil || !strings.Contains(english.Error(err), "use help, create") {
		t.Errorf("English read skapa: %v", err)
	}
	c, err := English().Parse("list duration:månadsvis progress:50-75,5")
	if err != nil {
		t.Fatal(err)
	}
	if c.Pairs[0][1] != "månadsvis" {
		t.Errorf("English translated månadsvis: %v", c.Pairs)
	}
	if _, _, err := c.Filter(false); err == nil {
		t.Error("English read duration:månadsvis progress:50-75,5")
	}
	c, _ = English().Parse("edit G1 target:1 000")
	if len(c.Args) != 2 {
		t.Errorf("English joined 1 000: %+v", c)
	}
}

// TestSwedishNumbers: what a Swedish reader types becomes the right figures in a
// draft, an update and a filter.
func TestSwedishNumbers(t *testing.T) {
	sv := DialectFor("sv")
	c, _ := sv.Parse(`skapa name:"Vårens leads" goal_type:network_conversions campaigns:a,b duration:kvartalsvis start:2026-01-01 end:2026-06-30 target:100,5 target.b:1 000;1 200,5`)
	d, err := c.Draft("U1")
	if err != nil {
		t.Fatal(err)
	}
	g, err := goalbot.NewGoal(d, goalbot.Settings{}, goalbot.Date{Year: 2026, Month: 1, Day: 1})
	if err != nil {
		t.Fatal(err)
	}
	if *g.Targets.Target != 100_500_000 || g.Targets.PerCampaign["b"].String() != "1000,1200.5" || g.Duration != goalbot.Quarterly {
		t.Fatalf("goal %+v", g.Targets)
	}
	c, _ = sv.Parse("ändra G1 target:12,50 target.a:10;20,5")
	u, err := c.Update()
	if err != nil || *u.Targets.Target != 12_500_000 || u.Targets.PerCampaign["a"].String() != "10,20.5" {
		t.Fatalf("update %+v, %v", u.Targets, err)
	}
	c, _ = sv.Parse("lista progress:50-75,5 status:pågående")
	f, _, err := c.Filter(false)
	if err != nil || *f.ProgressMin != 50 || *f.ProgressMax != 75.5 || f.Statuses[0] != goalbot.InProgress {
		t.Fatalf("filter %+v, %v", f, err)
	}
	c, _ = sv.Parse("ändra G1 target:1,000")
	if _, err := c.Update(); err == nil || !strings.Contains(english.Error(err), "two ways") {
		t.Fatalf("1,000 read: %v", err)
	}
}

// TestDialectWords: in every language, every verb and value has its words, and no
// word names two values of a kind.
func TestDialectWords(t *testing.T) {
	for _, code := range messages.Codes() {
		d := DialectFor(code)
		if len(d.clashes) > 0 {
			t.Errorf("%s: %s", code, strings.Join(d.clashes, "; "))
		}
		for kind, values := range wordKinds {
			for _, v := range values {
				if len(catalogWords(messages.For(code), "input."+string(kind)+".", v)) == 0 {
					t.Errorf("%s: no words for %s %s (input.%s.%s)", code, kind, v, kind, v)
				}
			}
		}
	}
	sv := DialectFor("sv")
	if sv.VerbWord(VerbCreate) != "skapa" || sv.Word("duration", "monthly") != "månadsvis" || sv.Word("status", "pending") != "väntande" ||
		English().Word("status", "in_progress") != "in_progress" {
		t.Error("the words shown are not the first of each language")
	}
}

// TestFilterText: a filter as a Swedish reader types it, read back the same.
func TestFilterText(t *testing.T) {
	lo, hi := 50.0, 75.5
	f := goalbot.Filter{Teams: []string{"growth"}, Durations: []goalbot.Duration{goalbot.Monthly}, Statuses: []goalbot.Status{goalbot.InProgress, goalbot.Pending},
		Types: []goalbot.Type{goalbot.CostPerContact}, ProgressMin: &lo, ProgressMax: &hi}
	sv := DialectFor("sv")
	text := sv.FilterText(f)
	if text != "team:growth duration:månadsvis status:pågående,väntande goal_type:kostnad_per_kontakt progress:50-75,5" {
		t.Errorf("Swedish filter text %q", text)
	}
	c, err := sv.Parse("lista " + text)
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := c.Filter(false)
	if err != nil || back.String() != f.String() {
		t.Errorf("%q read back as %q, %v", text, back.String(), err)
	}
	if English().FilterText(f) != f.String() {
		t.Errorf("English filter text %q, want %q", English().FilterText(f), f.String())
	}
}

// TestHelpSpeaksTheReadersWords: in every language, each usage line of help starts
// with the verb as its reader types it, and the example of create is a command that
// its reader's dialect reads into a goal.
func TestHelpSpeaksTheReadersWords(t *testing.T) {
	for _, code := range messages.Codes() {
		p, d := messages.For(code), DialectFor(code)
		for _, v := range HelpVerbs {
			if u := Usage(p, v); !strings.HasPrefix(u, "/goal "+d.VerbWord(v)) {
				t.Errorf("%s: usage of %s is %q, not /goal %s…", code, v, u, d.VerbWord(v))
			}
			if HelpDoes(p, v) == "[help.does."+v+"]" {
				t.Errorf("%s: help does not say what %s does", code, v)
			}
		}
		c, err := d.Parse(strings.TrimPrefix(Usage(p, VerbCreate), "/goal "))
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		dr, err := c.Draft("U1")
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		if _, err := goalbot.NewGoal(dr, goalbot.DefaultSettings, goalbot.Date{Year: 2026, Month: 3, Day: 10}); err != nil {
			t.Errorf("%s: the example of create is refused: %v", code, err)
		}
	}
}
