package commands

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
)

func TestCampaignAttributionCommand(t *testing.T) {
	a := newTestApp(t)
	m := run(t, a, "U1", "campaign cmp-1").(CampaignMatch)
	if !slices.Equal(m.Values, []string{"spring", "cmp-1"}) || m.Overridden || m.Campaign.ID != "cmp-1" {
		t.Fatalf("shown: %+v", m)
	}
	m = run(t, a, "U1", "campaign cmp-1 utm:spring_brand,Spring-Brand").(CampaignMatch)
	if !slices.Equal(m.Values, []string{"spring_brand", "spring-brand"}) || !m.Overridden {
		t.Fatalf("set: %+v", m)
	}
	over, err := a.Store.Attribution(context.Background())
	must(t, err)
	if got := over["cmp-1"]; len(got) != 2 || got[0] != "spring_brand" {
		t.Fatalf("stored %v", over)
	}
	for _, c := range []struct{ text, want string }{
		{"campaign cmp-9 utm:x", "cmp-9 is not a campaign goalbot knows"},
		{"campaign cmp-1 utm:", "name the utm_campaign values"},
		{"campaign cmp-1 source:x", "`source:` is not a key of /goal campaign"},
		{"campaign", "name one campaign"},
	} {
		if o, _ := a.Execute(context.Background(), Actor{UserID: "U1"}, "C1", c.text); !strings.Contains(refusalWords(o.(Refusal)), c.want) {
			t.Errorf("%s: %+v, want %q", c.text, o, c.want)
		}
	}
	if over, _ := a.Store.Attribution(context.Background()); len(over["cmp-1"]) != 2 || len(over) != 1 {
		t.Errorf("refused commands changed the overrides: %v", over)
	}
	run(t, a, "U1", "campaign cmp-1 utm:none")
	if over, _ := a.Store.Attribution(context.Background()); len(over) != 0 {
		t.Errorf("utm:none left %v", over)
	}
}

func TestCatalogAttribution(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	err := a.AddCatalog(ctx, Catalog{Campaigns: []goalbot.Campaign{{ID: "cmp-3", Name: "Autumn", AccountID: "act-1"}},
		Attribution: map[string][]string{"cmp-3": {"autumn_2026"}, "cmp-9": {"x"}}})
	if goalbot.ErrorCode(err) != goalbot.EINVALID || !strings.Contains(english.Error(err), "unknown campaign cmp-9") {
		t.Fatalf("an unknown campaign: %v", err)
	}
	if cs, _ := a.Store.Campaigns(ctx, []string{"cmp-3"}); len(cs) != 0 {
		t.Fatalf("a refused request added %v", cs)
	}
	must(t, a.AddCatalog(ctx, Catalog{Campaigns: []goalbot.Campaign{{ID: "cmp-3", Name: "Autumn", AccountID: "act-1"}},
		Attribution: map[string][]string{"cmp-3": {"autumn_2026"}, "cmp-1": {"spring_brand"}}}))
	over, err := a.Store.Attribution(ctx)
	must(t, err)
	if len(over) != 2 || over["cmp-3"][0] != "autumn_2026" {
		t.Fatalf("stored %v", over)
	}
}

func TestAttributionCSV(t *testing.T) {
	got, err := ReadAttributionCSV(strings.NewReader("campaign_id,utm\ncmp-1,spring_brand\ncmp-1,spring-brand\ncmp-2,none\n"))
	must(t, err)
	if len(got["cmp-1"]) != 2 || got["cmp-2"] == nil || len(got["cmp-2"]) != 0 {
		t.Fatalf("read %v", got)
	}
	_, err = ReadAttributionCSV(strings.NewReader("campaign_id,utm\ncmp-1,a\n,b\ncmp-2,\"x\x01\"\n"))
	msg := english.Error(err)
	if !strings.Contains(msg, "row 2 (line 3): campaign_id is empty") || !strings.Contains(msg, "row 3 (line 4)") {
		t.Fatalf("errors %q: want each bad row with its line", msg)
	}
	if _, err := ReadAttributionCSV(strings.NewReader("campaign,value\n")); !strings.Contains(english.Error(err), "campaign_id,utm") {
		t.Fatalf("a wrong header: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
