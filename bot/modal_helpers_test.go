package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// roundTrip marshals v, unmarshals it into a fresh T and marshals that again: the two
// JSON texts must be equal (slack-go's types lose nothing of what we build).
func roundTrip[T any](t *testing.T, v T) []byte {
	t.Helper()
	first, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var back T
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatalf("unmarshal %s: %v", first, err)
	}
	second, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("round trip lost something:\n%s\n%s", first, second)
	}
	return first
}

// checkViewLimits checks a modal against Slack's limits.
func checkViewLimits(t *testing.T, v slack.ModalViewRequest) {
	t.Helper()
	if n := len(v.Blocks.BlockSet); n > maxViewBlocks {
		t.Errorf("%d blocks", n)
	}
	if n := len(v.PrivateMetadata); n > maxMetadata {
		t.Errorf("private_metadata of %d characters", n)
	}
	for _, txt := range []*slack.TextBlockObject{v.Title, v.Submit, v.Close} {
		if txt != nil && len([]rune(txt.Text)) > maxModalTitleText {
			t.Errorf("title/submit/close %q too long", txt.Text)
		}
	}
	ids := map[string]bool{}
	for _, b := range v.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok {
			if ids[in.BlockID] {
				t.Errorf("block_id %s twice", in.BlockID)
			}
			ids[in.BlockID] = true
		}
	}
}

// submitted is a view's state as the bot reads it: the form, and the block each field
// came from.
type submitted struct {
	form   commands.Form
	blocks map[string]string
}

// stateOf reads Slack's view.state.values JSON as the bot does.
func stateOf(t *testing.T, values string) submitted {
	t.Helper()
	var vs map[string]map[string]slack.BlockAction
	if err := json.Unmarshal([]byte(values), &vs); err != nil {
		t.Fatal(err)
	}
	form, blocks := formOf(vs)
	return submitted{form, blocks}
}

// editState is a submitted edit modal: texts by field, and the ticked notifications.
func editState(texts map[string]string, notify ...string) submitted {
	values := map[string]map[string]slack.BlockAction{}
	for f, v := range texts {
		values[f] = map[string]slack.BlockAction{f: {Type: "plain_text_input", Value: v}}
	}
	var opts []slack.OptionBlockObject
	for _, n := range notify {
		opts = append(opts, slack.OptionBlockObject{Value: n})
	}
	values[commands.FieldNotifications] = map[string]slack.BlockAction{commands.FieldNotifications: {Type: "checkboxes", SelectedOptions: opts}}
	form, blocks := formOf(values)
	return submitted{form, blocks}
}

// stepResult is what the bot answers a submitted step of the create wizard with.
type stepResult struct {
	// Errors are the problems shown, by block_id.
	Errors map[string]string
	// View is the view the ack shows; Later, the step a views.update brings after a
	// stand-in.
	View, Later *slack.ModalViewRequest
	// Created is the goal created, and Ack the ack that says so.
	Created *commands.Created
	Ack     *slack.ViewSubmissionResponse
}

// submitStep submits the wizard's view v with state values (Slack's JSON) as user.
func submitStep(t *testing.T, a *commands.App, p *messages.Printer, user string, v slack.ModalViewRequest, values string) stepResult {
	t.Helper()
	s := stateOf(t, values)
	res, err := a.SubmitCreate(context.Background(), commands.Actor{UserID: user}, v.PrivateMetadata, s.form)
	if err != nil {
		t.Fatal(err)
	}
	ack, later := createAck(p, res, s.blocks)
	out := stepResult{Later: later, Created: res.Created, Ack: ack}
	if ack != nil && ack.ResponseAction == slack.RAErrors {
		out.Errors = ack.Errors
	} else if ack != nil && res.Next != nil {
		out.View = ack.View
	}
	if out.View != nil {
		checkViewLimits(t, *out.View)
		roundTrip(t, *out.View)
	}
	return out
}

// mustView returns the next step of res (the one views.update brings after a
// stand-in, if any), checking that it holds wants.
func mustView(t *testing.T, res stepResult, wants ...string) slack.ModalViewRequest {
	t.Helper()
	if res.View == nil {
		t.Fatalf("no next view: %+v", res)
	}
	if res.Later != nil {
		res.View = res.Later
	}
	raw := string(roundTrip(t, *res.View))
	for _, w := range wants {
		if !strings.Contains(raw, w) {
			t.Errorf("view lacks %s:\n%s", w, raw)
		}
	}
	return *res.View
}

// startCreate is the wizard's first step for user.
func startCreate(t *testing.T, a *commands.App, p *messages.Printer, user string) slack.ModalViewRequest {
	t.Helper()
	step, err := a.StartCreate(context.Background(), commands.Actor{UserID: user})
	if err != nil {
		t.Fatal(err)
	}
	return createStepView(p, step)
}

// openEdit is the edit modal of goal id as user opens it.
func openEdit(t *testing.T, a *commands.App, p *messages.Printer, user, id string) slack.ModalViewRequest {
	t.Helper()
	e, err := a.OpenEdit(context.Background(), commands.Actor{UserID: user}, id)
	if err != nil {
		t.Fatal(err)
	}
	return editModal(p, e)
}

func mustGoal(t *testing.T, a *commands.App, id string) *goalbot.Goal {
	t.Helper()
	g, err := a.Store.Goal(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// longCampaigns adds 50 campaigns of long names and ids to a's catalog and returns
// their ids.
func longCampaigns(t *testing.T, a *commands.App) []string {
	t.Helper()
	var cs []goalbot.Campaign
	var ids []string
	for i := range 50 {
		id := fmt.Sprintf("c%02d-%s", i, strings.Repeat("x", 40))
		cs = append(cs, goalbot.Campaign{ID: id, Name: strings.Repeat("Long campaign name ", 10), AccountID: "act-1"})
		ids = append(ids, id)
	}
	if err := a.Store.UpsertCatalog(context.Background(), nil, cs); err != nil {
		t.Fatal(err)
	}
	return ids
}
