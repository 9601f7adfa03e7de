package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// Block Kit's limits, in characters (NOTES.md §3; Slack's block, element and
// composition object references).
const (
	limitLabel       = 2000
	limitHint        = 2000
	limitPlaceholder = 150
	limitOptionText  = 75
	limitOptionValue = 150
	limitSectionText = 3000
	limitFieldText   = 2000
	limitButtonText  = 75
	limitButtonValue = 2000
	limitID          = 255
	limitInputValue  = 3000
	limitCheckboxes  = 10
	limitContextEls  = 10
	limitActionEls   = 25
	// limitAck is the largest ack payload the bot sends (bot.maxAck): Slack drops a
	// socket-mode response of 20 KiB or more, envelope_id wrapper included.
	limitAck = 19 << 10
)

// checkBlockKit checks a modal against every Slack limit the builders must keep,
// walking its JSON, and that it survives a round trip through slack-go's types.
// name says which view it is in failures.
func checkBlockKit(t *testing.T, name string, v slack.ModalViewRequest) []byte {
	t.Helper()
	raw := roundTripView(t, name, v)
	for _, p := range blockKitProblems(raw) {
		t.Errorf("%s: %s", name, p)
	}
	return raw
}

// blockKitProblems lists where the view raw (JSON) breaks a Slack limit.
func blockKitProblems(raw []byte) []string {
	var view map[string]any
	if err := json.Unmarshal(raw, &view); err != nil {
		return []string{err.Error()}
	}
	c := &limitChecker{}
	for _, k := range []string{"title", "submit", "close"} {
		c.text(k, view[k], 24)
	}
	c.max("private_metadata", view["private_metadata"], maxMetadata)
	c.max("callback_id", view["callback_id"], limitID)
	blocks, _ := view["blocks"].([]any)
	if len(blocks) > maxViewBlocks {
		c.add("%d blocks, Slack allows %d", len(blocks), maxViewBlocks)
	}
	for i, b := range blocks {
		c.block(fmt.Sprintf("blocks[%d]", i), b.(map[string]any))
	}
	return c.problems
}

// roundTripView marshals v, reads it back into slack-go's ModalViewRequest and View,
// and checks that marshalling again gives the same JSON (nothing lost or changed).
func roundTripView(t *testing.T, name string, v slack.ModalViewRequest) []byte {
	t.Helper()
	first, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: marshal: %v", name, err)
	}
	var req slack.ModalViewRequest
	if err := json.Unmarshal(first, &req); err != nil {
		t.Fatalf("%s: unmarshal into ModalViewRequest: %v", name, err)
	}
	if second, _ := json.Marshal(req); !bytes.Equal(first, second) {
		t.Errorf("%s: the ModalViewRequest round trip changed the view:\n%s\n%s", name, first, second)
	}
	var view slack.View // what Slack sends back in payloads
	if err := json.Unmarshal(first, &view); err != nil {
		t.Fatalf("%s: unmarshal into View: %v", name, err)
	}
	wantBlocks, _ := json.Marshal(v.Blocks)
	if gotBlocks, _ := json.Marshal(view.Blocks); !bytes.Equal(wantBlocks, gotBlocks) {
		t.Errorf("%s: the View round trip changed the blocks:\n%s\n%s", name, wantBlocks, gotBlocks)
	}
	if view.PrivateMetadata != v.PrivateMetadata || view.CallbackID != v.CallbackID || view.Title.Text != v.Title.Text {
		t.Errorf("%s: the View round trip lost the metadata, callback id or title", name)
	}
	return first
}

// checkAck checks that an ack payload fits a socket-mode response and survives a round
// trip through slack.ViewSubmissionResponse; it returns its size.
func checkAck(t *testing.T, name string, ack *slack.ViewSubmissionResponse) int {
	t.Helper()
	raw, err := json.Marshal(ack)
	if err != nil {
		t.Fatal(err)
	}
	var back slack.ViewSubmissionResponse
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatalf("%s: unmarshal ack: %v", name, err)
	}
	if again, _ := json.Marshal(back); !bytes.Equal(raw, again) {
		t.Errorf("%s: the ack's round trip changed it:\n%s\n%s", name, raw, again)
	}
	wrapped := len(`{"envelope_id":"00000000-0000-0000-0000-000000000000","payload":}`) + len(raw)
	if wrapped > limitAck {
		t.Errorf("%s: ack of %d bytes, over %d", name, wrapped, limitAck)
	}
	return len(raw)
}

// limitChecker collects the limits a view's JSON breaks.
type limitChecker struct{ problems []string }

func (c *limitChecker) add(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// max fails when v, a string, is longer than n characters.
func (c *limitChecker) max(path string, v any, n int) {
	if s, ok := v.(string); ok && utf8.RuneCountInString(s) > n {
		c.add("%s has %d characters, Slack allows %d: %.80q…", path, utf8.RuneCountInString(s), n, s)
	}
}

// text checks a text object's text.
func (c *limitChecker) text(path string, v any, n int) {
	if o, ok := v.(map[string]any); ok {
		c.max(path+".text", o["text"], n)
	}
}

func (c *limitChecker) block(path string, b map[string]any) {
	c.max(path+".block_id", b["block_id"], limitID)
	switch b["type"] {
	case "input":
		c.text(path+".label", b["label"], limitLabel)
		c.text(path+".hint", b["hint"], limitHint)
		c.element(path+".element", b["element"].(map[string]any))
	case "section":
		c.text(path+".text", b["text"], limitSectionText)
		fields, _ := b["fields"].([]any)
		if len(fields) > 10 {
			c.add("%s has %d fields", path, len(fields))
		}
		for i, f := range fields {
			c.text(fmt.Sprintf("%s.fields[%d]", path, i), f, limitFieldText)
		}
		if acc, ok := b["accessory"].(map[string]any); ok {
			c.element(path+".accessory", acc)
		}
	case "context":
		els, _ := b["elements"].([]any)
		if len(els) > limitContextEls {
			c.add("%s has %d elements", path, len(els))
		}
		for i, e := range els {
			c.text(fmt.Sprintf("%s.elements[%d]", path, i), e, limitSectionText)
		}
	case "actions":
		els, _ := b["elements"].([]any)
		if len(els) > limitActionEls {
			c.add("%s has %d elements", path, len(els))
		}
		for i, e := range els {
			c.element(fmt.Sprintf("%s.elements[%d]", path, i), e.(map[string]any))
		}
	case "header":
		c.text(path+".text", b["text"], 150)
	}
}

func (c *limitChecker) element(path string, e map[string]any) {
	c.max(path+".action_id", e["action_id"], limitID)
	c.text(path+".placeholder", e["placeholder"], limitPlaceholder)
	c.max(path+".initial_value", e["initial_value"], limitInputValue)
	if e["type"] == "button" {
		c.text(path+".text", e["text"], limitButtonText)
		c.max(path+".value", e["value"], limitButtonValue)
	}
	if ml, ok := e["max_length"].(float64); ok && ml > limitInputValue {
		c.add("%s max_length %v", path, ml)
	}
	if ml, ok := e["max_length"].(float64); ok {
		c.max(path+".initial_value (its max_length)", e["initial_value"], int(ml))
	}
	most := maxOptions
	if e["type"] == "checkboxes" || e["type"] == "radio_buttons" {
		most = limitCheckboxes
	}
	for _, k := range []string{"options", "initial_options"} {
		opts, _ := e[k].([]any)
		if len(opts) > most {
			c.add("%s.%s has %d options, Slack allows %d", path, k, len(opts), most)
		}
		for i, o := range opts {
			c.option(fmt.Sprintf("%s.%s[%d]", path, k, i), o)
		}
	}
	if o, ok := e["initial_option"]; ok {
		c.option(path+".initial_option", o)
	}
}

func (c *limitChecker) option(path string, v any) {
	o, _ := v.(map[string]any)
	c.text(path+".text", o["text"], limitOptionText)
	c.text(path+".description", o["description"], limitOptionText)
	c.max(path+".value", o["value"], limitOptionValue)
}

// TestLimitChecker checks that the checker catches what it is meant to.
func TestLimitChecker(t *testing.T) {
	long := strings.Repeat("x", 151)
	v := slack.ModalViewRequest{Type: slack.VTModal, Title: plainText("t", 24), Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewInputBlock("b", slack.NewTextBlockObject(slack.PlainTextType, "l", false, false), nil,
			slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, slack.NewTextBlockObject(slack.PlainTextType, long, false, false), "a",
				slack.NewOptionBlockObject(long, slack.NewTextBlockObject(slack.PlainTextType, "o", false, false), nil))),
	}}}
	raw, _ := json.Marshal(v)
	got := strings.Join(blockKitProblems(raw), "\n")
	for _, want := range []string{"element.placeholder.text has 151", "element.options[0].value has 151"} {
		if !strings.Contains(got, want) {
			t.Errorf("the checker missed %q; it found:\n%s", want, got)
		}
	}
}

// bigCatalog adds 50 campaigns with the longest names a campaign may have (200
// characters, some not ASCII) and 40-character ids to a's catalog, in account act-1;
// it returns their ids.
func bigCatalog(t *testing.T, a *commands.App) []string {
	t.Helper()
	var cs []goalbot.Campaign
	var ids []string
	for i := range goalbot.MaxCampaigns {
		id := fmt.Sprintf("cmp-%02d-%s", i, strings.Repeat("9", 33))
		name := strings.Repeat("Frühjahrs-Kampagne \"Ünïcødé\" & <Brand> ", 6)
		name = string([]rune(name)[:goalbot.MaxCatalogNameLength-10]) + fmt.Sprintf(" %08d", i)
		cs = append(cs, goalbot.Campaign{ID: id, Name: name, AccountID: "act-1"})
		ids = append(ids, id)
	}
	if err := a.Store.UpsertCatalog(context.Background(), nil, cs); err != nil {
		t.Fatal(err)
	}
	return ids
}

// weekly53 is a weekly range of 53 weeks (2026-01-05 to 2027-01-10).
const weekly53Start, weekly53End = "2026-01-05", "2027-01-10"

// perPeriod is one target per period for n periods, the largest ones a target may
// take (so the text is as long as it gets).
func perPeriod(n int) string {
	vs := make([]string, n)
	for i := range vs {
		vs[i] = strconv.Itoa(goalbot.MaxMetricValue - i)
	}
	return strings.Join(vs, ",")
}

// TestModalSizesCreateWizard walks the create wizard with 50 campaigns over 53 weekly
// periods, with a target per period for every campaign, forwards and back, and checks
// every view and every ack against Slack's limits, in every language.
func TestModalSizesCreateWizard(t *testing.T) { inEveryLanguage(t, modalSizesCreateWizard) }

func modalSizesCreateWizard(t *testing.T, p *messages.Printer) {
	a := newTestApp(t)
	ctx := context.Background()
	ids := bigCatalog(t, a)
	acks := map[string]int{}
	next := func(name string, v slack.ModalViewRequest, values string) stepResult {
		t.Helper()
		res := submitStep(t, a, p, "U1", v, values)
		switch {
		case len(res.Errors) > 0:
			acks[name+" errors"] = checkAck(t, name, res.Ack)
		case res.View != nil:
			checkBlockKit(t, name, *res.View)
			acks[name] = checkAck(t, name, slack.NewUpdateViewSubmissionResponse(res.View))
			if res.Later != nil { // the stand-in is in the ack; the step comes by views.update
				later := checkBlockKit(t, name+" (views.update)", *res.Later)
				stand, _ := json.Marshal(res.View)
				if !strings.Contains(string(stand), `"action_id":"`+ActionCreateShow+`"`) || res.View.Submit != nil {
					t.Errorf("%s: the stand-in has no Show button, or a submit: %s", name, stand)
				}
				shown, err := a.ShowCreate(ctx, res.View.PrivateMetadata)
				if err != nil {
					t.Fatal(err)
				}
				if raw, _ := json.Marshal(createStepView(p, shown)); !bytes.Equal(raw, later) {
					t.Errorf("%s: Show gives another view than the update:\n%s\n%s", name, raw, later)
				}
				acks[name] = -acks[name]
				res.View = res.Later
			}
		case res.Created != nil:
			checkBlockKit(t, name, *res.Ack.View)
			acks[name] = checkAck(t, name, res.Ack)
		}
		return res
	}
	v := startCreate(t, a, p, "U1")
	checkBlockKit(t, "step 1", v)
	name := strconv.Quote(strings.Repeat("N", goalbot.MaxNameLength))
	step1 := `{"goal_type":{"goal_type":{"type":"radio_buttons","selected_option":{"value":"contacts_in_stage"}}},"name":{"name":{"type":"plain_text_input","value":` + name + `}}%s}`
	v = *next("step 1 with stage", v, fmt.Sprintf(step1, "")).View
	v = *next("step 2", v, fmt.Sprintf(step1, `,"lifecycle_stage":{"lifecycle_stage":{"type":"static_select","selected_option":{"value":"lead"}}}`)).View

	var opts []string
	for _, id := range ids {
		opts = append(opts, `{"value":"`+id+`"}`)
	}
	step2 := `{"ad_accounts":{"ad_accounts":{"type":"multi_external_select","selected_options":[{"value":"act-1"}]}},` +
		`"ad_campaigns":{"ad_campaigns":{"type":"multi_external_select","selected_options":[` + strings.Join(opts, ",") + `]}},` +
		`"duration":{"duration":{"type":"static_select","selected_option":{"value":"weekly"}}},` +
		`"start_date":{"start_date":{"type":"datepicker","selected_date":"` + weekly53Start + `"}},` +
		`"end_date":{"end_date":{"type":"datepicker","selected_date":"` + weekly53End + `"}}}`
	step3 := *next("step 3", v, step2).View

	// Every campaign's target per period; then bad values for all, each with its error.
	targets := func(each string) string {
		vals := []string{`"target":{"target":{"type":"plain_text_input","value":"1000000000"}}`}
		for _, id := range ids {
			f := goalbot.TargetField(id)
			vals = append(vals, fmt.Sprintf(`%q:{%q:{"type":"plain_text_input","value":%q}}`, f, f, each))
		}
		return "{" + strings.Join(vals, ",") + "}"
	}
	if res := next("step 3 bad targets", step3, targets(strings.Repeat("x,", 52)+"x")); len(res.Errors) < len(ids) {
		t.Fatalf("bad targets gave %d errors: %v", len(res.Errors), res.Errors)
	}
	step4 := *next("step 4", step3, targets(perPeriod(53))).View

	// Back to step 3 (views.update), to step 2, and forward again: step 3 comes back in
	// the ack, prefilled with 50 × 53 targets.
	step, err := a.BackCreate(ctx, step4.PrivateMetadata, stateOf(t, `{}`).form)
	if err != nil {
		t.Fatal(err)
	}
	back3 := createStepView(p, step)
	checkBlockKit(t, "back to step 3", back3)
	step, err = a.BackCreate(ctx, back3.PrivateMetadata, stateOf(t, targets(perPeriod(53))).form)
	if err != nil {
		t.Fatal(err)
	}
	back2 := createStepView(p, step)
	checkBlockKit(t, "back to step 2", back2)
	again := *next("step 3 again, prefilled", back2, step2).View
	if raw, _ := json.Marshal(again); !strings.Contains(string(raw), perPeriod(53)) {
		t.Error("step 3 lost the targets per period")
	}
	step4 = *next("step 4 again", again, targets(perPeriod(53))).View
	res := next("created", step4, `{"notifications":{"notifications":{"type":"checkboxes","selected_options":[{"value":"started"}]}},"team":{"team":{"type":"plain_text_input","value":"growth"}}}`)
	if res.Created == nil || len(res.Created.Goal.Periods()) != 53 || len(res.Created.Goal.Campaigns) != goalbot.MaxCampaigns {
		t.Fatalf("not created as asked: %+v", res)
	}
	t.Logf("ack sizes in bytes (negative: a stand-in, the step came by views.update): %v", acks)
	for _, step := range []string{"step 3", "step 3 again, prefilled"} {
		if acks[step] >= 0 {
			t.Errorf("%s fit an ack (%d bytes): make the test's step larger so that it checks the stand-in", step, acks[step])
		}
	}
}

// TestModalSizesEdit checks the edit modal of a goal with 50 campaigns, 53 weekly
// periods and a target per period for each, and its acks, in every language.
func TestModalSizesEdit(t *testing.T) { inEveryLanguage(t, modalSizesEdit) }

func modalSizesEdit(t *testing.T, p *messages.Printer) {
	a := newTestApp(t)
	ctx := context.Background()
	ids := bigCatalog(t, a)
	d := goalbot.Draft{Name: strings.Repeat("N", goalbot.MaxNameLength), Type: string(goalbot.NetworkConversions), Campaigns: ids,
		Duration: string(goalbot.Weekly), Start: weekly53Start, End: weekly53End, Target: "1", Targets: map[string]string{}, Team: strings.Repeat("t", 40)}
	for _, id := range ids {
		d.Targets[id] = perPeriod(53)
	}
	g, err := a.CreateGoal(ctx, commands.Actor{UserID: "U1"}, d)
	if err != nil {
		t.Fatal(err)
	}
	v := openEdit(t, a, p, "U1", g.ID)
	raw := checkBlockKit(t, "edit", v)
	if !strings.Contains(string(raw), perPeriod(53)) {
		t.Error("the edit modal lost the targets per period")
	}
	// Bad values in every field: the errors ack still fits.
	vals := []string{`"name":{"name":{"type":"plain_text_input","value":""}}`, `"target":{"target":{"type":"plain_text_input","value":"lots"}}`,
		`"team":{"team":{"type":"plain_text_input","value":"Bad Team!"}}`}
	for _, id := range ids {
		f := goalbot.TargetField(id)
		vals = append(vals, fmt.Sprintf(`%q:{%q:{"type":"plain_text_input","value":%q}}`, f, f, strings.Repeat("x,", 60)+"x"))
	}
	s := stateOf(t, "{"+strings.Join(vals, ",")+"}")
	res, err := a.SubmitEdit(ctx, commands.Actor{UserID: "U1"}, v.PrivateMetadata, s.form)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) == 0 {
		t.Fatal("bad values saved")
	}
	checkAck(t, "edit errors", errorsAck(en, res.Errors, s.blocks))
	// The largest figures line a goal can have.
	big := goalbot.Units(1_234_567) + 500_000
	figures := &commands.GoalView{Goal: g, Status: goalbot.InProgress, Measurement: &goalbot.Measurement{Current: 0,
		Periods: []goalbot.PeriodFigures{{Figures: goalbot.Figures{Actual: big, Target: goalbot.Units(9_999_999), Progress: ptr(12.3)}}}}}
	done := editedView(p, commands.Updated{Goal: g, Figures: figures})
	if raw, _ := json.Marshal(done); !strings.Contains(string(raw), map[string]string{
		"en": "Now 1,234,567.5 of 9,999,999 this period", "sv": "Nu 1\u00a0234\u00a0567,5 av 9\u00a0999\u00a0999 den här perioden"}[p.Lang()]) {
		t.Errorf("the edited view lacks its figures: %s", raw)
	}
	checkBlockKit(t, "edited", done)
	checkAck(t, "edited", slack.NewUpdateViewSubmissionResponse(&done))
}

// TestModalSizesFilter checks the filter modal prefilled with more campaigns and
// accounts than a select may show, the longest names and a long response_url, in
// every language.
func TestModalSizesFilter(t *testing.T) { inEveryLanguage(t, modalSizesFilter) }

func modalSizesFilter(t *testing.T, p *messages.Printer) {
	a := newTestApp(t)
	ctx := context.Background()
	ids := bigCatalog(t, a)
	// Ids a filter may be typed with but an option cannot carry come first.
	more := []string{strings.Repeat("L", maxOptionValue+1), strings.Repeat("é", 200)}
	for i := range 120 {
		more = append(more, fmt.Sprintf("unknown-%03d", i))
	}
	// Teams whose list, as the filter's text, fits a button's value (2,000) but not
	// an input once spaced out.
	var teams []string
	for i := range 660 {
		teams = append(teams, fmt.Sprintf("t%d", i))
	}
	lo, hi := 0.5, 999999.5
	f := goalbot.Filter{Campaigns: append(more[:2:2], append(ids, more[2:]...)...), Accounts: append([]string{"act-1"}, more...), Teams: teams,
		Users: []string{"U1", "U2"}, Durations: goalbot.Durations, Statuses: goalbot.Statuses, Types: goalbot.Types, ProgressMin: &lo, ProgressMax: &hi}
	for _, url := range []string{"https://hooks.slack.com/actions/T1/1/x", "https://hooks.slack.com/" + strings.Repeat("u", 3000)} {
		form, err := a.OpenFilter(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		v := filterModal(p, form, FilterMeta{ResponseURL: url, Channel: "C1", Gen: 12345})
		raw := checkBlockKit(t, "filter", v)
		for _, want := range []string{`"value":"` + ids[0] + `"`, `"value":"act-1"`, `"initial_value":"t0, t1, t2`} {
			if !strings.Contains(string(raw), want) {
				t.Errorf("the filter modal lost %s", want)
			}
		}
	}
	errs := commands.FieldErrors{commands.FieldProgressMin: {goalbot.Text(strings.Repeat("e", 2000))}, commands.FieldProgressMax: {goalbot.Text(strings.Repeat("e", 2000))}}
	checkAck(t, "filter errors", errorsAck(en, errs, map[string]string{commands.FieldProgressMin: "progress_min#1", commands.FieldProgressMax: "progress_max#1"}))
}

// TestFieldErrorsFit: any number of messages quoting 3,000 typed characters, under
// the longest block_ids, fit an ack.
func TestFieldErrorsFit(t *testing.T) {
	errs := map[string]string{}
	for i := range 60 {
		errs[fmt.Sprintf("target_%03d%s", i, strings.Repeat("9", 147))] = "target:" + strings.Repeat("<&\"ü", 750) + " is not a number"
	}
	fit := fitErrors(errs)
	checkAck(t, "60 long errors", slack.NewErrorsViewSubmissionResponse(fit))
	for b, msg := range fit {
		if msg == "" || !strings.HasPrefix(msg, "target:") && msg != "…" || utf8.RuneCountInString(msg) > maxErrorText {
			t.Errorf("%s: %q", b, msg)
		}
	}
	short := map[string]string{"name": "Name is required"}
	if got := fitErrors(short); got["name"] != short["name"] {
		t.Errorf("a short message changed: %q", got["name"])
	}
}

// TestCatalogOptionsBounded: a block_suggestion's answer holds at most 100 options in
// at most 18 KiB, with option texts and values within Slack's limits, whatever the
// catalog holds: the longest names, all escaped in JSON, and ids too long to be
// values (left out).
func TestCatalogOptionsBounded(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	name := strings.Repeat(`<&>"ü€😀`, 25)[:goalbot.MaxCatalogNameLength]
	var cs []goalbot.Campaign
	for i := range 150 {
		id := fmt.Sprintf("cmp-%03d-", i)
		switch {
		case i%10 == 0:
			id += strings.Repeat("L", 200-len(id)) // too long for an option's value: stored before ids were bounded
		case i%2 == 0:
			id += strings.Repeat("9", maxOptionValue-len(id))
		}
		cs = append(cs, goalbot.Campaign{ID: id, Name: name, AccountID: "act-1"})
	}
	if err := a.Store.UpsertCatalog(ctx, nil, cs); err != nil {
		t.Fatal(err)
	}
	check := func(what string, opts []*slack.OptionBlockObject) []byte {
		t.Helper()
		raw, err := json.Marshal(struct {
			Options []*slack.OptionBlockObject `json:"options"`
		}{opts})
		if err != nil {
			t.Fatal(err)
		}
		if len(opts) > maxOptions || len(raw) > maxSuggestBytes {
			t.Errorf("%s: %d options in %d bytes, want ≤ %d in ≤ %d", what, len(opts), len(raw), maxOptions, maxSuggestBytes)
		}
		for _, o := range opts {
			if utf8.RuneCountInString(o.Text.Text) > limitOptionText || utf8.RuneCountInString(o.Value) > limitOptionValue {
				t.Errorf("%s: option %q / %q too long", what, o.Text.Text, o.Value)
			}
		}
		return raw
	}
	for _, q := range []string{"", "cmp", "<&>"} {
		for _, accounts := range [][]string{nil, {"act-1"}} {
			entries, err := a.CatalogChoices(ctx, commands.FieldCampaigns, q, accounts)
			if err != nil {
				t.Fatal(err)
			}
			opts := catalogOptions(entries)
			what := fmt.Sprintf("query %q in %v", q, accounts)
			raw := check(what, opts)
			t.Logf("%s: %d options, %d bytes", what, len(opts), len(raw))
			if len(opts) < 10 || strings.Contains(string(raw), "LLL") {
				t.Errorf("%s: %d options (the long ids among them: %v)", what, len(opts), strings.Contains(string(raw), "LLL"))
			}
		}
	}
	// Short entries: the cap is the number of options.
	var short []goalbot.Campaign
	for i := range 150 {
		short = append(short, goalbot.Campaign{ID: fmt.Sprintf("s%03d", i), Name: "Short", AccountID: "act-1"})
	}
	if err := a.Store.UpsertCatalog(ctx, nil, short); err != nil {
		t.Fatal(err)
	}
	entries, err := a.CatalogChoices(ctx, commands.FieldCampaigns, "short", nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := catalogOptions(entries)
	if check("short", opts); len(opts) != maxOptions {
		t.Errorf("%d short options, want %d", len(opts), maxOptions)
	}
	accts, err := a.CatalogChoices(ctx, commands.FieldAccounts, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	check("accounts", catalogOptions(accts))
}

// TestWordsFitUncut: the texts Slack bounds tightly fit whole in every language, so
// that no label of goalbot's own is cut: titles, submit and close texts at most 24
// characters (an edit form's with the longest goal id), buttons and options at most
// 75.
func TestWordsFitUncut(t *testing.T) {
	inEveryLanguage(t, func(t *testing.T, p *messages.Printer) {
		short := map[string]string{"edit title": p.T("modals.edit.title", messages.Args{"ID": "G99999999"})}
		for _, id := range []string{"modals.cancel", "modals.done", "modals.create.title", "modals.create.next", "modals.create.submit",
			"modals.edit.submit", "modals.filter.title", "modals.filter.submit", "slack.modal.back", "slack.modal.close"} {
			short[id] = p.T(id)
		}
		for id, text := range short {
			if n := utf8.RuneCountInString(text); n > maxModalTitleText {
				t.Errorf("%s = %q: %d characters, Slack takes %d", id, text, n, maxModalTitleText)
			}
		}
		long := map[string]string{"fiscal year": p.T("modals.fiscal_year.follow"), "select": p.T("slack.list.select"),
			"view goal": p.T("alerts.view_goal"), "back": p.T("modals.create.back"), "clear": p.T("modals.filter.clear"),
			"keep": p.T("slack.delete.keep"), "confirm title": p.N("slack.delete.confirm_title", commands.MaxDelete)}
		for _, id := range []string{"show", "edit", "delete", "cancel", "filter", "more_goals", "delete_selected", "new_goal", "clear_filters"} {
			long["button "+id] = p.T("slack.button." + id)
		}
		for _, ty := range goalbot.Types {
			long["type "+string(ty)], long["type help "+string(ty)] = p.Type(ty), p.T("modals.type_help."+string(ty))
		}
		for _, e := range goalbot.GoalEvents {
			long["event help "+string(e)] = eventHelpOf(p, e, goalbot.BudgetBand{Over: 1000, Under: 99})
		}
		for _, s := range goalbot.Stages {
			long["stage "+string(s)] = p.Stage(s)
		}
		for _, d := range goalbot.Durations {
			long["duration "+string(d)] = p.Duration(d)
		}
		for _, s := range goalbot.Statuses {
			long["status "+string(s)] = p.Status(s)
		}
		for what, text := range long {
			if n := utf8.RuneCountInString(text); n > maxOptionText || strings.HasPrefix(text, "[") {
				t.Errorf("%s = %q: %d characters, Slack takes %d", what, text, n, maxOptionText)
			}
		}
	})
}
