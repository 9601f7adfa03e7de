package slacktest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
)

// slackError returns the error code of a Slack ok:false reply, or "".
func slackError(err error) string {
	var e slack.SlackErrorResponse
	if errors.As(err, &e) {
		return e.Err
	}
	return ""
}

func TestPostMessageRecordsBlocksAndMetadata(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "alerts", BotMember: true})
	blocks := slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*G1* reached 75%", false, false), nil, nil))
	meta := slack.MsgOptionMetadata(slack.SlackMetadata{
		EventType:    "goal_alert",
		EventPayload: map[string]any{"goal_id": "G1", "event": "threshold", "threshold": 75},
	})
	ch, ts, err := api(fake).PostMessageContext(t.Context(), "C1", slack.MsgOptionText("G1 reached 75%", false), blocks, meta, slack.MsgOptionTS("1.000001"))
	if err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages("C1")
	if len(msgs) != 1 || ch != "C1" || ts != msgs[0].TS {
		t.Fatalf("posted to %s at %s; messages = %+v", ch, ts, msgs)
	}
	m := msgs[0]
	if m.Text != "G1 reached 75%" || m.ThreadTS != "1.000001" || m.Metadata == nil || m.Metadata.EventType != "goal_alert" {
		t.Errorf("message = %+v", m)
	}
	var payload struct {
		GoalID    string `json:"goal_id"`
		Threshold int    `json:"threshold"`
	}
	if err := json.Unmarshal(m.Metadata.EventPayload, &payload); err != nil || payload.GoalID != "G1" || payload.Threshold != 75 {
		t.Errorf("metadata payload %s: %+v, %v", m.Metadata.EventPayload, payload, err)
	}
	var got slack.Blocks
	if err := json.Unmarshal(m.Blocks, &got); err != nil || len(got.BlockSet) != 1 {
		t.Errorf("blocks %s: %v", m.Blocks, err)
	}
	c, _ := fake.WaitCall(t.Context(), "chat.postMessage", nil)
	if c.Token != fake.BotToken() || c.Param("channel") != "C1" || !c.OK() {
		t.Errorf("call = %+v", c)
	}

	// chat.update changes the stored message.
	if _, _, _, err := api(fake).UpdateMessageContext(t.Context(), "C1", ts, slack.MsgOptionText("G1 reached 100%", false)); err != nil {
		t.Fatal(err)
	}
	if m := fake.Messages("C1")[0]; m.Text != "G1 reached 100%" || m.Edits != 1 || m.Blocks == nil {
		t.Errorf("after update: %+v", m)
	}
}

func TestNotInChannelThenJoin(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "alerts"})
	fake.SetChannel(slacktest.Channel{ID: "G1", Name: "secret", Private: true})
	fake.SetChannel(slacktest.Channel{ID: "C2", Name: "old", Archived: true})
	c := api(fake)
	ctx := t.Context()
	post := func(ch string) error {
		_, _, err := c.PostMessageContext(ctx, ch, slack.MsgOptionText("hi", false))
		return err
	}

	if got := slackError(post("C1")); got != "not_in_channel" {
		t.Fatalf("post before join: %q, want not_in_channel", got)
	}
	if _, _, _, err := c.JoinConversationContext(ctx, "C1"); err != nil {
		t.Fatal(err)
	}
	if err := post("C1"); err != nil {
		t.Fatalf("post after join: %v", err)
	}
	if ch, _ := fake.Channel("C1"); !ch.BotMember {
		t.Error("join did not make the bot a member")
	}
	if _, warning, _, err := c.JoinConversationContext(ctx, "C1"); err != nil || warning != "already_in_channel" {
		t.Errorf("second join: warning %q, %v", warning, err)
	}

	for _, tc := range []struct{ ch, post, join string }{
		{"G1", "not_in_channel", "method_not_supported_for_channel_type"},
		{"C2", "is_archived", "is_archived"},
		{"C404", "channel_not_found", "channel_not_found"},
	} {
		if got := slackError(post(tc.ch)); got != tc.post {
			t.Errorf("post to %s: %q, want %q", tc.ch, got, tc.post)
		}
		_, _, _, err := c.JoinConversationContext(ctx, tc.ch)
		if got := slackError(err); got != tc.join {
			t.Errorf("join %s: %q, want %q", tc.ch, got, tc.join)
		}
	}
}

func TestHiddenPrivateChannels(t *testing.T) {
	fake := slacktest.NewT(t, slacktest.WithHiddenPrivateChannels())
	fake.SetChannel(slacktest.Channel{ID: "G1", Name: "secret", Private: true, Members: []string{"U1"}})
	fake.SetChannel(slacktest.Channel{ID: "G2", Name: "team", Private: true, Members: []string{"U1"}, BotMember: true})
	c := api(fake)
	ctx := t.Context()
	_, _, err := c.PostMessageContext(ctx, "G1", slack.MsgOptionText("hi", false))
	if got := slackError(err); got != "channel_not_found" {
		t.Errorf("post to hidden G1: %q", got)
	}
	_, err = c.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "G1"})
	if got := slackError(err); got != "channel_not_found" {
		t.Errorf("info on hidden G1: %q", got)
	}
	info, err := c.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "G2"})
	if err != nil || !info.IsPrivate || !info.IsMember || info.Name != "team" || info.IsArchived {
		t.Errorf("conversations.info G2 = %+v, %v", info, err)
	}
}

func TestRateLimitedSurfacesRetryAfter(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetChannel(slacktest.Channel{ID: "C1", BotMember: true})
	fake.FailNext("chat.postMessage", 1, slacktest.RateLimited{RetryAfter: 7})
	fake.FailNext("chat.postMessage", 1, slacktest.ServerError{})
	fake.FailNext("chat.postMessage", 1, slacktest.SlackError("fatal_error"))
	c := api(fake)
	post := func() error {
		_, _, err := c.PostMessageContext(t.Context(), "C1", slack.MsgOptionText("hi", false))
		return err
	}

	var rl *slack.RateLimitedError
	if err := post(); !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
		t.Fatalf("first post: %v, want RateLimitedError after 7s", err)
	}
	var sc slack.StatusCodeError
	if err := post(); !errors.As(err, &sc) || sc.Code != http.StatusInternalServerError {
		t.Fatalf("second post: %v, want status 500", err)
	}
	if got := slackError(post()); got != "fatal_error" {
		t.Fatalf("third post: %q, want fatal_error", got)
	}
	if err := post(); err != nil {
		t.Fatalf("fourth post: %v", err)
	}
	calls := fake.Calls("chat.postMessage")
	if len(calls) != 4 || calls[0].Status != 429 || calls[0].Error != "ratelimited" || len(fake.Messages("C1")) != 1 {
		t.Errorf("calls = %+v", calls)
	}

	fake.FailNext("auth.test", 1, slacktest.NetworkError{})
	if _, err := c.AuthTestContext(t.Context()); err == nil {
		t.Error("auth.test after NetworkError succeeded")
	}
}

func TestLatency(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetLatency("auth.test", 300*time.Millisecond)
	start := time.Now()
	res, err := api(fake).AuthTestContext(t.Context())
	if err != nil || res.UserID != slacktest.BotUserID || res.TeamID != slacktest.TeamID {
		t.Fatalf("auth.test = %+v, %v", res, err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("auth.test took %v, want ≥ 300ms", d)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := api(fake).AuthTestContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("auth.test with a short deadline: %v", err)
	}
}

func TestTokens(t *testing.T) {
	fake := slacktest.NewT(t)
	wrong := slack.New("xoxb-wrong", slack.OptionAPIURL(fake.APIURL()))
	if _, err := wrong.AuthTestContext(t.Context()); slackError(err) != "invalid_auth" {
		t.Errorf("wrong token: %v", err)
	}
	app := slack.New(fake.AppToken(), slack.OptionAPIURL(fake.APIURL()))
	if _, err := app.AuthTestContext(t.Context()); slackError(err) != "not_allowed_token_type" {
		t.Errorf("app token on auth.test: %v", err)
	}
}

func TestRefuseToken(t *testing.T) {
	fake := slacktest.NewT(t)
	bot := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(fake.AppToken()))
	fake.RefuseToken(fake.BotToken(), "token_revoked")
	fake.RefuseToken(fake.AppToken(), "")
	if _, err := bot.AuthTestContext(t.Context()); slackError(err) != "token_revoked" {
		t.Errorf("auth.test with a revoked bot token: %v", err)
	}
	if _, _, err := bot.StartSocketModeContext(t.Context()); slackError(err) != "invalid_auth" {
		t.Errorf("apps.connections.open with a refused app token: %v", err)
	}
	fake.AcceptToken(fake.BotToken())
	fake.AcceptToken(fake.AppToken())
	if _, err := bot.AuthTestContext(t.Context()); err != nil {
		t.Errorf("auth.test after AcceptToken: %v", err)
	}
	if _, _, err := bot.StartSocketModeContext(t.Context()); err != nil {
		t.Errorf("apps.connections.open after AcceptToken: %v", err)
	}
}
