package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// mustFilter parses a filter in its text form.
func mustFilter(t *testing.T, s string) goalbot.Filter {
	t.Helper()
	f, err := commands.FilterFromText(s)
	if err != nil {
		t.Fatalf("filter %q: %v", s, err)
	}
	return f
}

func TestFilterTerms(t *testing.T) {
	cases := []struct {
		filter string
		labels []string
		rests  []string
	}{
		{"team:growth", []string{"team:growth"}, []string{""}},
		{"team:growth,brand status:in_progress progress:50-",
			[]string{"team:growth", "team:brand", "status:in_progress", "progress:50-"},
			[]string{"team:brand status:in_progress progress:50-", "team:growth status:in_progress progress:50-",
				"team:growth,brand progress:50-", "team:growth,brand status:in_progress"}},
		{"user:U1 progress:-25.5", []string{"user:U1", "progress:-25.5"}, []string{"progress:-25.5", "user:U1"}},
	}
	for _, c := range cases {
		terms := filterTerms(mustFilter(t, c.filter))
		var labels, rests []string
		for _, term := range terms {
			labels = append(labels, term.label)
			rests = append(rests, term.rest.String())
		}
		if !slices.Equal(labels, c.labels) || !slices.Equal(rests, c.rests) {
			t.Errorf("%s: labels %q rests %q, want %q %q", c.filter, labels, rests, c.labels, c.rests)
		}
	}

	// More values than buttons: one term per key.
	var many []string
	for i := range 30 {
		many = append(many, fmt.Sprintf("cmp-%d", i))
	}
	terms := filterTerms(mustFilter(t, "campaign:"+strings.Join(many, ",")+" status:missed"))
	if len(terms) != 2 || terms[0].label != "campaign:"+strings.Join(many, ",") || terms[0].rest.String() != "status:missed" ||
		terms[1].rest.String() != "campaign:"+strings.Join(many, ",") {
		t.Errorf("per-key terms = %+v", terms)
	}
}

// elements returns the interactive elements of a block: an actions block's, or a
// section's accessory.
func elements(b slack.Block) []slack.BlockElement {
	switch x := b.(type) {
	case *slack.ActionBlock:
		return x.Elements.ElementSet
	case *slack.SectionBlock:
		if x.Accessory != nil && x.Accessory.CheckboxGroupsBlockElement != nil {
			return []slack.BlockElement{x.Accessory.CheckboxGroupsBlockElement}
		}
	}
	return nil
}

// checkSlackLimits fails the test for anything in blocks beyond what Slack takes in
// a message.
func checkSlackLimits(t *testing.T, blocks []slack.Block) {
	t.Helper()
	if len(blocks) > 50 {
		t.Errorf("%d blocks, Slack takes 50", len(blocks))
	}
	runes := func(what, s string, max int) {
		if n := utf8.RuneCountInString(s); n > max {
			t.Errorf("%s is %d characters, Slack takes %d: %q", what, n, max, s)
		}
	}
	for i, b := range blocks {
		switch x := b.(type) {
		case *slack.HeaderBlock:
			runes("header", x.Text.Text, 150)
		case *slack.SectionBlock:
			runes("section text", x.Text.Text, 3000)
		case *slack.ContextBlock:
			for _, e := range x.ContextElements.Elements {
				if tx, ok := e.(*slack.TextBlockObject); ok {
					runes("context text", tx.Text, 3000)
				}
			}
		case *slack.ActionBlock:
			if n := len(x.Elements.ElementSet); n > 25 || n == 0 {
				t.Errorf("block %d: actions block of %d elements", i, n)
			}
		}
		ids := map[string]bool{}
		for _, e := range elements(b) {
			switch el := e.(type) {
			case *slack.ButtonBlockElement:
				runes("button text", el.Text.Text, 75)
				if len(el.Value) > 2000 {
					t.Errorf("button %s value of %d bytes", el.ActionID, len(el.Value))
				}
				if ids[el.ActionID] {
					t.Errorf("block %d: action_id %s twice", i, el.ActionID)
				}
				ids[el.ActionID] = true
				runes("action_id", el.ActionID, 255)
			case *slack.CheckboxGroupsBlockElement:
				if len(el.Options) > 10 {
					t.Errorf("checkboxes of %d options", len(el.Options))
				}
				for _, o := range el.Options {
					runes("option text", o.Text.Text, 75)
					runes("option value", o.Value, 150)
				}
			}
		}
	}
}

// checkRoundTrip checks that blocks decode from their JSON, as slack-go's types
// read them, into the same blocks.
func checkRoundTrip(t *testing.T, blocks []slack.Block) {
	t.Helper()
	raw, err := json.Marshal(slack.Blocks{BlockSet: blocks})
	if err != nil {
		t.Fatal(err)
	}
	var back slack.Blocks
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(raw) {
		t.Errorf("blocks changed in a JSON round trip:\n%s\n%s", raw, again)
	}
	if len(back.BlockSet) != len(blocks) {
		t.Errorf("%d blocks decoded, %d sent", len(back.BlockSet), len(blocks))
	}
	for i := range blocks {
		if !reflect.DeepEqual(elements(back.BlockSet[i]), elements(blocks[i])) {
			t.Errorf("block %d: elements changed in a JSON round trip", i)
		}
	}
}

// TestListReplyWithinSlackLimits builds the largest list reply: a full page of goals
// with the longest names, the most filter buttons (24 terms and Clear filters, some
// too long for a button's text), More goals and Delete selected.
func TestListReplyWithinSlackLimits(t *testing.T) {
	a := newTestApp(t)
	name := strings.Repeat("<&>", 33) + "x"     // 100 characters, 99 to escape
	team := "growth-" + strings.Repeat("t", 33) // 40 characters
	for range commands.ListPage + 5 {
		run(t, a, "U1", fmt.Sprintf(`create name:"%s" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:monthly target:100 team:%s`, name, team))
	}
	longCampaign := "cmp-" + strings.Repeat("z", 150)
	filter := "campaign:cmp-1," + longCampaign + " account:act-1 team:" + team + ",brand,b2,b3,b4 user:U1,U2 " +
		"duration:weekly,monthly,quarterly,yearly,custom status:pending,in_progress,achieved,exceeded,missed " +
		"goal_type:network_conversions,cost_per_contact,contacts_in_stage,first_form_submissions"
	f := mustFilter(t, filter)
	if n := len(filterTerms(f)); n != maxFilterChips {
		t.Fatalf("the filter has %d terms, want %d (one button each)", n, maxFilterChips)
	}
	page, err := a.List(context.Background(), f, "")
	if err != nil {
		t.Fatal(err)
	}
	r := listMessage(en, page)
	// header, the filter line and buttons, two blocks a goal, the buttons below and a
	// hint.
	if want := 1 + 2 + 2*commands.ListPage + 1 + 1; len(r.Blocks) != want {
		t.Errorf("%d blocks, want %d", len(r.Blocks), want)
	}
	checkSlackLimits(t, r.Blocks)
	checkRoundTrip(t, r.Blocks)

	chips := r.Blocks[2].(*slack.ActionBlock).Elements.ElementSet
	if len(chips) != 25 {
		t.Fatalf("%d filter buttons, want 24 terms and Clear filters", len(chips))
	}
	for i, e := range chips {
		b := e.(*slack.ButtonBlockElement)
		if ActionBase(b.ActionID) != ActionFilterRemove {
			t.Errorf("filter button %d has action_id %s", i, b.ActionID)
		}
		if b.Text.Type != slack.PlainTextType {
			t.Errorf("filter button %d text is %s", i, b.Text.Type)
		}
		rest := mustFilter(t, b.Value) // the value is the whole filter but one term, exactly
		if i < 24 && len(filterTerms(rest)) != 23 {
			t.Errorf("button %q leaves %d terms: %q", b.Text.Text, len(filterTerms(rest)), b.Value)
		}
	}
	if b := chips[1].(*slack.ButtonBlockElement); !strings.HasSuffix(b.Text.Text, "…") || strings.Contains(b.Value, longCampaign) ||
		!strings.Contains(chips[0].(*slack.ButtonBlockElement).Value, longCampaign) {
		t.Errorf("the long campaign's button: %q → %q", b.Text.Text, b.Value)
	}
	if b := chips[24].(*slack.ButtonBlockElement); b.Text.Text != "Clear filters" || b.Value != "" {
		t.Errorf("last filter button = %q %q", b.Text.Text, b.Value)
	}
	js, _ := json.Marshal(r.Blocks)
	if strings.Contains(string(js), `\u003c&\u003e`) || strings.Count(string(js), `"action_id":"goal_select"`) != commands.ListPage ||
		!strings.Contains(string(js), `"action_id":"goal_list_more"`) || !strings.Contains(string(js), `"action_id":"goal_delete_selected"`) {
		t.Errorf("list reply: %s", js)
	}
}

// TestListFilterButtonsTooLong: a filter too long for a button's value keeps only
// the buttons whose remaining filter fits, and Clear filters.
func TestListFilterButtonsTooLong(t *testing.T) {
	var ids []string
	for i := range 30 {
		ids = append(ids, fmt.Sprintf("cmp-%03d-%s", i, strings.Repeat("c", 80)))
	}
	f := mustFilter(t, "campaign:"+strings.Join(ids, ",")+" status:missed")
	blocks := filterBlocks(en, f)
	checkSlackLimits(t, blocks)
	buttons := blocks[1].(*slack.ActionBlock).Elements.ElementSet
	if len(buttons) != 2 || buttons[0].(*slack.ButtonBlockElement).Value != "status:missed" ||
		buttons[1].(*slack.ButtonBlockElement).Text.Text != "Clear filters" {
		t.Errorf("buttons = %+v", buttons)
	}
	if filterBlocks(en, goalbot.Filter{}) != nil {
		t.Error("an unfiltered list has filter buttons")
	}

	// A list of such a filter: no button takes a value too long; More goals is left
	// out and the hint says there are more.
	a := newTestApp(t)
	for range commands.ListPage + 1 {
		run(t, a, "U1", createText)
	}
	page, err := a.List(context.Background(), mustFilter(t, "campaign:cmp-1,"+strings.Join(ids, ",")), "")
	if err != nil {
		t.Fatal(err)
	}
	r := listMessage(en, page)
	checkSlackLimits(t, r.Blocks)
	checkRoundTrip(t, r.Blocks)
	text := blocksJSON(t, r)
	if strings.Count(text, `"action_id":"goal_show"`) != commands.ListPage || strings.Contains(text, "goal_list_more") || !strings.Contains(text, "narrow the filter") {
		t.Errorf("list of a long filter:\n%s", text)
	}
}

// TestFilterRemoveClick clicks a filter button of a list: the list is replaced by the
// wider one; an empty list of a filter keeps its buttons; a forged value is refused.
func TestFilterRemoveClick(t *testing.T) {
	a := newTestApp(t)
	run(t, a, "U1", createText+" team:growth")
	run(t, a, "U1", createText+" team:brand")
	_, js := run(t, a, "U1", "list team:growth status:missed")
	if !strings.Contains(js, "No goals match") || !strings.Contains(js, `"text":{"type":"plain_text","text":"✕ status:missed","emoji":true},"action_id":"goal_filter_remove#2","value":"team:growth"`) {
		t.Fatalf("empty filtered list: %s", js)
	}
	r := clickMessage(t, a, "U2", "goal_filter_remove#2", "team:growth")
	text := blocksJSON(t, r)
	if !r.ReplaceOriginal || !strings.Contains(text, "*G1*") || strings.Contains(text, "*G2*") {
		t.Fatalf("remove status: %+v\n%s", r, text)
	}
	r = clickMessage(t, a, "U2", "goal_filter_remove#1", "")
	text = blocksJSON(t, r)
	if !r.ReplaceOriginal || !strings.Contains(text, "*G1*") || !strings.Contains(text, "*G2*") || strings.Contains(text, "✕") {
		t.Fatalf("remove the last term: %+v\n%s", r, text)
	}
	r = clickMessage(t, a, "U2", "goal_filter_remove#1", "colour:red")
	if r.ReplaceOriginal || !strings.Contains(r.Text, "unknown filter") {
		t.Fatalf("forged value: %+v", r)
	}
}

func TestSelectedGoals(t *testing.T) {
	tick := func(ids ...string) slack.BlockAction {
		a := slack.BlockAction{ActionID: ActionSelect, Type: "checkboxes"}
		for _, id := range ids {
			a.SelectedOptions = append(a.SelectedOptions, slack.OptionBlockObject{Value: id})
		}
		return a
	}
	values := map[string]map[string]slack.BlockAction{
		"b1": {ActionSelect: tick("G10")},
		"b2": {ActionSelect: tick()},
		"b3": {ActionSelect: tick("G2", "G10")},
		"b4": {"other": {ActionID: "other", SelectedOptions: []slack.OptionBlockObject{{Value: "G5"}}}},
		"b5": {ActionSelect: tick("G9")},
	}
	if got := SelectedGoals(values); !slices.Equal(got, []string{"G2", "G9", "G10"}) {
		t.Errorf("SelectedGoals = %q", got)
	}
	if got := SelectedGoals(nil); len(got) != 0 {
		t.Errorf("SelectedGoals(nil) = %q", got)
	}
}

// TestDeleteSelected presses Delete selected: nothing ticked says so; someone else's
// goal among the ticked is refused with nothing deleted; the creator's goals get the
// same confirmation as /goal delete, and are deleted only on confirming it.
func TestDeleteSelected(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	run(t, a, "U1", createText)
	run(t, a, "U1", createText)
	run(t, a, "U2", createText)
	exists := func(ids ...string) {
		t.Helper()
		for _, id := range ids {
			if _, err := a.Store.Goal(ctx, id); err != nil {
				t.Errorf("%s: %v", id, err)
			}
		}
	}
	selected := func(ids ...string) Message {
		t.Helper()
		o, err := refused(deleteSelected(ctx, a, commands.Actor{UserID: "U1"}, ids))
		if err != nil {
			t.Fatal(err)
		}
		return replyOf(en, o, false)
	}
	if r := selected(); r.Text != en.T("slack.delete.nothing_selected") || r.ReplaceOriginal {
		t.Errorf("nothing ticked: %+v", r)
	}
	if r := selected("G1", "G3"); !strings.Contains(r.Text, "only the creator of G3") || !strings.Contains(r.Text, "Nothing was deleted") {
		t.Errorf("someone else's goal: %+v", r)
	}
	if r := selected("G1", "G7"); !strings.Contains(r.Text, "G7 not found") {
		t.Errorf("a goal gone: %+v", r)
	}
	if r := selected("G1", "x"); !strings.Contains(r.Text, "not a goal id") {
		t.Errorf("a forged id: %+v", r)
	}
	exists("G1", "G2", "G3")

	typed, _ := run(t, a, "U1", "delete G1 G2")
	got, want := blocksJSON(t, selected("G1", "G2")), blocksJSON(t, typed)
	if got != want {
		t.Fatalf("confirmation\n%s\nwant the same as /goal delete G1 G2:\n%s", got, want)
	}
	if !strings.Contains(got, `"action_id":"goal_delete_confirm"`) || !strings.Contains(got, `"value":"G1 G2"`) {
		t.Errorf("confirmation: %s", got)
	}
	exists("G1", "G2", "G3")
	if r := clickMessage(t, a, "U1", ActionDeleteConfirm, "G1 G2"); !strings.Contains(r.Text, "Deleted G1, G2") {
		t.Fatalf("confirm: %+v", r)
	}
	for _, id := range []string{"G1", "G2"} {
		if _, err := a.Store.Goal(ctx, id); goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
			t.Errorf("%s survived: %v", id, err)
		}
	}
	exists("G3")
}

// TestListLongFilter lists with the longest filter accepted and one past it: the first
// answers with per-key buttons whose values fit, the second is refused with the cap
// and what to do instead; 4,000 ids (a minute of work before filters were linear and
// capped) are refused the same way.
func TestListLongFilter(t *testing.T) {
	a := newTestApp(t)
	run(t, a, "U1", createText)
	ids := func(n int) string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("cmp-%d", i))
		}
		return strings.Join(out, ",")
	}
	r, text := run(t, a, "U1", "list campaign:"+ids(goalbot.MaxFilterValues))
	checkSlackLimits(t, r.Blocks)
	if !strings.Contains(text, "*G1* · Spring leads") || !strings.Contains(text, `"text":"✕ campaign:cmp-0,cmp-1,`) {
		t.Errorf("list of %d campaigns:\n%s", goalbot.MaxFilterValues, text)
	}
	for _, n := range []int{goalbot.MaxFilterValues + 1, 4_000} { // 4,000 ids: 34,890 characters
		if _, text := run(t, a, "U1", "list campaign:"+ids(n)); !strings.Contains(text, fmt.Sprintf("this filter has %d values: a filter takes at most %d", n, goalbot.MaxFilterValues)) ||
			!strings.Contains(text, "Filter by account or team instead") {
			t.Errorf("list of %d campaigns:\n%.500s", n, text)
		}
	}
}

// TestFilterButtonsCountCharacters gives a list's filter ids of two-byte characters,
// whose filter is 1,900 characters but 3,800 bytes: every button keeps its value
// (Slack counts a button value's 2,000 in characters), where they were dropped.
func TestFilterButtonsCountCharacters(t *testing.T) {
	var ids []string
	for i := range 12 {
		ids = append(ids, fmt.Sprintf("kampanj-%02d-%s", i, strings.Repeat("å", 140)))
	}
	f := mustFilter(t, "campaign:"+strings.Join(ids, ",")+" status:missed")
	if n := utf8.RuneCountInString(f.String()); n > maxButtonValue || len(f.String()) <= maxButtonValue {
		t.Fatalf("the filter has %d characters and %d bytes", n, len(f.String()))
	}
	buttons := filterBlocks(en, f)[1].(*slack.ActionBlock).Elements.ElementSet
	if len(buttons) != 14 {
		t.Errorf("%d buttons, want 13 terms and Clear filters", len(buttons))
	}
	if b := filterButton(en, f); b.Value != f.String() {
		t.Errorf("the Filter button lost its value of %d characters", utf8.RuneCountInString(f.String()))
	}
}
