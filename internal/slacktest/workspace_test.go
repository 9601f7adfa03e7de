package slacktest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
)

func TestUsersInfo(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana", IsAdmin: true, TZ: "Europe/Berlin"})
	fake.SetUser(slacktest.User{ID: "U2", Name: "bo", IsOwner: true})
	fake.SetUser(slacktest.User{ID: "U3", Name: "cy"})
	c := api(fake)
	for _, want := range []struct {
		id           string
		admin, owner bool
		tz           string
	}{{"U1", true, false, "Europe/Berlin"}, {"U2", false, true, "UTC"}, {"U3", false, false, "UTC"}} {
		u, err := c.GetUserInfoContext(t.Context(), want.id)
		if err != nil {
			t.Fatal(err)
		}
		if u.IsAdmin != want.admin || u.IsOwner != want.owner || u.TZ != want.tz || u.Locale != "en-US" {
			t.Errorf("users.info %s = admin %v owner %v tz %q locale %q", want.id, u.IsAdmin, u.IsOwner, u.TZ, u.Locale)
		}
	}
	if u, _ := c.GetUserInfoContext(t.Context(), "U1"); u.TZOffset != 3600 && u.TZOffset != 7200 {
		t.Errorf("Berlin tz_offset = %d", u.TZOffset)
	}
	if _, err := c.GetUserInfoContext(t.Context(), "U404"); slackError(err) != "user_not_found" {
		t.Errorf("unknown user: %v", err)
	}
	if got := fake.Calls("users.info")[0].Param("include_locale"); got != "true" {
		t.Errorf("include_locale = %q", got)
	}
}

func TestDirectMessages(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	c := api(fake)
	ctx := t.Context()
	ch, noOp, _, err := c.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil || ch.ID[0] != 'D' || noOp {
		t.Fatalf("conversations.open = %+v, no_op %v, %v", ch, noOp, err)
	}
	if again, noOp, _, _ := c.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}}); again.ID != ch.ID || !noOp {
		t.Errorf("second open = %s, no_op %v", again.ID, noOp)
	}
	if fake.DMChannel("U1") != ch.ID {
		t.Errorf("DMChannel = %q, want %q", fake.DMChannel("U1"), ch.ID)
	}
	// Posting to the user id lands in the same DM.
	posted, _, err := c.PostMessageContext(ctx, "U1", slack.MsgOptionText("G1 started", false))
	if err != nil || posted != ch.ID || len(fake.Messages(ch.ID)) != 1 {
		t.Errorf("post to U1 went to %q (%v); DM messages %+v", posted, err, fake.Messages(ch.ID))
	}
	if _, _, _, err := c.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U404"}}); slackError(err) != "user_not_found" {
		t.Errorf("open DM with unknown user: %v", err)
	}
}

func TestMembersAndEphemeral(t *testing.T) {
	fake := slacktest.NewT(t)
	users := []string{"U1", "U2", "U3"}
	for _, u := range users {
		fake.SetUser(slacktest.User{ID: u, Name: u})
	}
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "alerts", Members: users, BotMember: true})
	c := api(fake)
	ctx := t.Context()

	var all []string
	cursor := ""
	for range 5 {
		page, next, err := c.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "C1", Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if cursor = next; cursor == "" {
			break
		}
	}
	if want := append(slices.Clone(users), slacktest.BotUserID); !slices.Equal(all, want) {
		t.Errorf("members = %v, want %v", all, want)
	}

	if _, err := c.PostEphemeralContext(ctx, "C1", "U2", slack.MsgOptionText("only you", false)); err != nil {
		t.Fatal(err)
	}
	if e := fake.Ephemerals("C1"); len(e) != 1 || e[0].User != "U2" || e[0].Text != "only you" || len(fake.Messages("C1")) != 0 {
		t.Errorf("ephemerals = %+v", e)
	}
	fake.SetUser(slacktest.User{ID: "U9"})
	if _, err := c.PostEphemeralContext(ctx, "C1", "U9", slack.MsgOptionText("x", false)); slackError(err) != "user_not_in_channel" {
		t.Errorf("ephemeral to a non-member: %v", err)
	}
}

func TestResponseURL(t *testing.T) {
	fake := slacktest.NewT(t)
	url := fake.ResponseURL()
	c := api(fake)
	ctx := t.Context()
	blocks := slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*G1*", false, false), nil, nil))
	if _, _, err := c.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(url, slack.ResponseTypeEphemeral), slack.MsgOptionReplaceOriginal(url), slack.MsgOptionText("filtered", false), blocks); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.PostMessageContext(ctx, "", slack.MsgOptionDeleteOriginal(url)); err != nil {
		t.Fatal(err)
	}
	got := fake.Responses(url)
	if len(got) != 2 {
		t.Fatalf("responses = %+v", got)
	}
	if r := got[0]; r.Text != "filtered" || !r.ReplaceOriginal || r.ResponseType != "ephemeral" || len(r.Blocks) == 0 {
		t.Errorf("first response = %+v", r)
	}
	if r := got[1]; !r.DeleteOriginal {
		t.Errorf("second response = %+v", r)
	}
	if len(fake.Calls("chat.postMessage")) != 0 {
		t.Error("response_url posts went to the Web API")
	}

	// Slack takes five posts per response_url.
	for range 3 {
		if _, err := http.Post(url, "application/json", bytes.NewReader([]byte(`{"text":"x"}`))); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.Post(url, "application/json", bytes.NewReader([]byte(`{"text":"x"}`)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || len(fake.Responses(url)) != 5 {
		t.Errorf("sixth post: %d, %d recorded", resp.StatusCode, len(fake.Responses(url)))
	}
	if _, err := fake.WaitResponse(ctxT(t, time.Second), url, func(r slacktest.Response) bool { return r.DeleteOriginal }); err != nil {
		t.Error(err)
	}
}

// TestInvalidBlocks checks that messages beyond Block Kit's limits are refused, on
// chat.postMessage and on a response_url alike: more than 50 blocks, more than 25
// elements in an actions block, an action_id twice in one block.
func TestInvalidBlocks(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "alerts", BotMember: true})
	c := api(fake)
	btn := func(id string) slack.BlockElement {
		return slack.NewButtonBlockElement(id, "v", slack.NewTextBlockObject("plain_text", "b", false, false))
	}
	many := func(n int, f func(i int) slack.Block) []slack.Block {
		out := make([]slack.Block, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	section := func(int) slack.Block { return slack.NewDividerBlock() }
	var buttons []slack.BlockElement
	for i := range 26 {
		buttons = append(buttons, btn(fmt.Sprintf("b%d", i)))
	}
	cases := map[string][]slack.Block{
		"51 blocks":           many(51, section),
		"26 elements":         {slack.NewActionBlock("", buttons...)},
		"duplicate action_id": {slack.NewActionBlock("", btn("goal_x"), btn("goal_x"))},
	}
	for name, blocks := range cases {
		_, _, err := c.PostMessageContext(t.Context(), "C1", slack.MsgOptionText("x", false), slack.MsgOptionBlocks(blocks...))
		if slackError(err) != "invalid_blocks" {
			t.Errorf("%s: chat.postMessage = %v, want invalid_blocks", name, err)
		}
		url := fake.ResponseURL()
		_, _, err = c.PostMessageContext(t.Context(), "", slack.MsgOptionReplaceOriginal(url), slack.MsgOptionText("x", false), slack.MsgOptionBlocks(blocks...))
		if err == nil || len(fake.Responses(url)) != 0 {
			t.Errorf("%s: response_url took it (%v)", name, err)
		}
	}
	// Within the limits: 50 blocks, 25 elements, the same action_id in two blocks.
	ok := append(many(48, section), slack.NewActionBlock("", buttons[:25]...), slack.NewActionBlock("", btn("b0")))
	if _, _, err := c.PostMessageContext(t.Context(), "C1", slack.MsgOptionText("x", false), slack.MsgOptionBlocks(ok...)); err != nil {
		t.Errorf("valid blocks refused: %v", err)
	}
	url := fake.ResponseURL()
	if _, _, err := c.PostMessageContext(t.Context(), "", slack.MsgOptionReplaceOriginal(url), slack.MsgOptionText("x", false), slack.MsgOptionBlocks(ok...)); err != nil {
		t.Errorf("valid blocks refused on a response_url: %v", err)
	}
}
