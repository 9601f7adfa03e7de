package commands

import (
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		want Command
	}{
		{"", Command{Verb: "help"}},
		{"  HELP ", Command{Verb: "help"}},
		{`create name:"Spring leads" goal_type:network_conversions campaigns:a,b target:100 target.a:5,6`, Command{Verb: "create",
			Pairs: [][2]string{{"name", "Spring leads"}, {"goal_type", "network_conversions"}, {"campaigns", "a,b"}, {"target", "100"}, {"target.a", "5,6"}}}},
		{"create name:“Spring  leads”", Command{Verb: "create", Pairs: [][2]string{{"name", "Spring  leads"}}}},
		{`edit G1 name:"A: B"`, Command{Verb: "edit", Args: []string{"G1"}, Pairs: [][2]string{{"name", "A: B"}}}},
		{"list status:missed progress:50- user:<@U123|ana smith>", Command{Verb: "list",
			Pairs: [][2]string{{"status", "missed"}, {"progress", "50-"}, {"user", "<@U123|ana smith>"}}}},
		{"subscribe <#C123|alerts> team:growth events:started,digest", Command{Verb: "subscribe", Args: []string{"<#C123|alerts>"},
			Pairs: [][2]string{{"team", "growth"}, {"events", "started,digest"}}}},
		{"delete g12 G13", Command{Verb: "delete", Args: []string{"g12", "G13"}}},
		{`show "G1"`, Command{Verb: "show", Args: []string{"G1"}}},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", c.in, diff)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for in, says := range map[string]string{
		`create name:"unclosed`: "quote is not closed",
		"frobnicate":            "not a /goal command: use help, create",
		`"create"`:              "not a /goal command",
	} {
		_, err := Parse(in)
		if err == nil || !strings.Contains(english.Error(err), says) {
			t.Errorf("Parse(%q) = %v, want an error saying %q", in, err, says)
		}
	}
}

func TestCommandDraft(t *testing.T) {
	c, _ := Parse(`create name:"Q" type:cost_per_contact stage:lead campaigns:a campaigns:b accounts:x duration:custom start:2026-01-01 end:2026-03-31 fiscal_year:no target:12.5 target.b:10 notify:none team:growth`)
	d, err := c.Draft("U1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "Q" || d.Type != "cost_per_contact" || d.Stage != "lead" || strings.Join(d.Campaigns, ",") != "a,b" ||
		d.Start != "2026-01-01" || d.Target != "12.5" || d.Targets["b"] != "10" || *d.Notifications != "none" || d.Creator != "U1" {
		t.Fatalf("draft %+v", d)
	}
	c, _ = Parse("create colour:red fiscal_year:maybe stray")
	_, err = c.Draft("U1")
	fields := map[string]bool{}
	for _, f := range goalbotFields(err) {
		fields[f] = true
	}
	if !fields["colour"] || !fields["fiscal_year"] || !fields[""] || !strings.Contains(english.Error(err), "use name, goal_type") {
		t.Fatalf("err = %v", err)
	}
}

func TestCommandUpdate(t *testing.T) {
	c, _ := Parse(`edit G3 name:"New" target:150 target.cmp-1:1,2 notify:started team:x`)
	u, err := c.Update()
	if err != nil {
		t.Fatal(err)
	}
	if *u.Name != "New" || u.Targets.Target.String() != "150" || u.Targets.PerCampaign["cmp-1"].String() != "1,2" || len(*u.Notifications) != 1 || *u.Team != "x" {
		t.Fatalf("update %+v", u)
	}
	c, _ = Parse("edit G3 goal_type:x target:abc")
	if _, err := c.Update(); err == nil || len(goalbotFields(err)) != 2 {
		t.Fatalf("err = %v", err)
	}
}

func TestCommandFilterAndIDs(t *testing.T) {
	c, _ := Parse("subscribe <#C1|a> status:missed events:started,digest")
	f, evs, err := c.Filter(true)
	if err != nil || len(f.Statuses) != 1 || len(evs) != 2 {
		t.Fatalf("filter %+v events %v err %v", f, evs, err)
	}
	c, _ = Parse("list events:started")
	if _, _, err := c.Filter(false); err == nil || !strings.Contains(english.Error(err), "unknown filter") {
		t.Fatalf("events in list: %v", err)
	}
	c, _ = Parse("delete g1 G22")
	if ids, err := c.GoalIDs(); err != nil || strings.Join(ids, " ") != "G1 G22" {
		t.Fatalf("ids %v %v", ids, err)
	}
	c, _ = Parse("show 12")
	if _, err := c.OneGoalID(); err == nil || !strings.Contains(english.Error(err), "look like G12") {
		t.Fatalf("err %v", err)
	}
	c, _ = Parse("show")
	if _, err := c.OneGoalID(); err == nil || !strings.Contains(english.Error(err), "/goal show G12") {
		t.Fatalf("err %v", err)
	}
}

// FuzzParse: no input panics, in English or in Swedish; every rejection is an
// invalid-input error with a message.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "create name:\"a b\" target.x:1,2", "list user:<@U1|a>", "\"", "<", "create “x", "edit G1 :", "a:b:c",
		"skapa duration:månadsvis target:1 000,5 target.x:1;2", "lista status:\"ej påbörjat\",pågående progress:50-75,5", "ändra G1 target:1 000 000"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, sv bool) {
		d := English()
		if sv {
			d = DialectFor("sv")
		}
		c, err := d.Parse(s)
		if err != nil {
			if !strings.Contains(err.Error(), "invalid") || strings.TrimSpace(err.Error()) == "" {
				t.Fatalf("error without a message: %v", err)
			}
			return
		}
		_, _ = c.Draft("U1")
		_, _ = c.Update()
		_, _, _ = c.Filter(true)
		_, _ = c.GoalIDs()
	})
}

func goalbotFields(err error) []string {
	var out []string
	for _, f := range goalbot.ErrorFields(err) {
		out = append(out, f.Field)
	}
	return out
}
