package slacktest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// postRaw posts a message with raw text and blocks (JSON) to C1 and returns Slack's
// error code ("" when accepted).
func postRaw(t *testing.T, fake *slacktest.Server, text, blocks string) string {
	t.Helper()
	form := url.Values{"token": {fake.BotToken()}, "channel": {"C1"}, "text": {text}}
	if blocks != "" {
		form.Set("blocks", blocks)
	}
	resp, err := http.PostForm(fake.APIURL()+"chat.postMessage", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r.Error
}

// section is a section block of mrkdwn text, as JSON.
func section(text string) string {
	b, _ := json.Marshal(map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": text}})
	return string(b)
}

// sections is n section blocks of text each.
func sections(n int, text string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = section(text)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// multiSelect is an input block with a multi_external_select whose initial option has
// value v and text text.
func multiSelect(v, text string) string {
	return fmt.Sprintf(`[{"type":"input","block_id":"ad_campaigns","label":{"type":"plain_text","text":"Campaigns"},`+
		`"element":{"type":"multi_external_select","action_id":"ad_campaigns","initial_options":[{"text":{"type":"plain_text","text":%q},"value":%q}]}}]`, text, v)
}

// TestMessageLimits: chat.postMessage refuses what Slack refuses, at one past each
// limit, takes what is exactly at it, and records each refusal with its JSON pointer.
func TestMessageLimits(t *testing.T) {
	x := strings.Repeat
	cases := []struct {
		name, text, blocks, code string
	}{
		{"text at 40,000", x("é", 40000), "", ""},
		{"text over 40,000", x("é", 40001), "", "msg_too_long"},
		{"block text at 12,000", "t", sections(4, x("a", 3000)), ""},
		{"block text over 12,000", "t", sections(5, x("a", 2401)), "msg_blocks_too_long"},
		{"51 blocks", "t", sections(51, "a"), "invalid_blocks"},
		{"section text over 3,000", "t", "[" + section(x("a", 3001)) + "]", "invalid_blocks"},
		{"header over 150", "t", `[{"type":"header","text":{"type":"plain_text","text":"` + x("h", 151) + `"}}]`, "invalid_blocks"},
		{"button value over 2,000", "t", `[{"type":"actions","elements":[{"type":"button","action_id":"a","text":{"type":"plain_text","text":"b"},"value":"` + x("v", 2001) + `"}]}]`, "invalid_blocks"},
		{"button text over 75", "t", `[{"type":"actions","elements":[{"type":"button","action_id":"a","text":{"type":"plain_text","text":"` + x("b", 76) + `"}}]}]`, "invalid_blocks"},
		{"same action_id twice", "t", `[{"type":"actions","elements":[{"type":"button","action_id":"a","text":{"type":"plain_text","text":"b"}},{"type":"button","action_id":"a","text":{"type":"plain_text","text":"c"}}]}]`, "invalid_blocks"},
		{"confirm text over 300", "t", `[{"type":"actions","elements":[{"type":"button","action_id":"a","text":{"type":"plain_text","text":"b"},"confirm":{"title":{"type":"plain_text","text":"t"},"text":{"type":"mrkdwn","text":"` + x("c", 301) + `"},"confirm":{"type":"plain_text","text":"y"},"deny":{"type":"plain_text","text":"n"}}}]}]`, "invalid_blocks"},
		{"11 context elements", "t", `[{"type":"context","elements":[` + strings.TrimSuffix(x(`{"type":"mrkdwn","text":"c"},`, 11), ",") + `]}]`, "invalid_blocks"},
		{"option value at 150", "t", `[{"type":"section","text":{"type":"mrkdwn","text":"s"},"accessory":{"type":"checkboxes","action_id":"c","options":[{"text":{"type":"plain_text","text":"o"},"value":"` + x("v", 150) + `"}]}}]`, ""},
		{"option value over 150", "t", `[{"type":"section","text":{"type":"mrkdwn","text":"s"},"accessory":{"type":"checkboxes","action_id":"c","options":[{"text":{"type":"plain_text","text":"o"},"value":"` + x("v", 151) + `"}]}}]`, "invalid_blocks"},
		{"option text over 75", "t", `[{"type":"section","text":{"type":"mrkdwn","text":"s"},"accessory":{"type":"checkboxes","action_id":"c","options":[{"text":{"type":"plain_text","text":"` + x("o", 76) + `"},"value":"v"}]}}]`, "invalid_blocks"},
		{"block_id over 255", "t", `[{"type":"section","block_id":"` + x("b", 256) + `","text":{"type":"mrkdwn","text":"s"}}]`, "invalid_blocks"},
	}
	fake := slacktest.NewT(t)
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "alerts", BotMember: true})
	refused := 0
	for _, c := range cases {
		if got := postRaw(t, fake, c.text, c.blocks); got != c.code {
			t.Errorf("%s: error %q, want %q", c.name, got, c.code)
		}
		if c.code != "" {
			refused++
		}
	}
	rs := fake.Rejections()
	if len(rs) != refused {
		t.Fatalf("%d rejections recorded, want %d: %+v", len(rs), refused, rs)
	}
	if r := rs[1]; r.Where != "chat.postMessage" || r.Error != "msg_blocks_too_long" || !strings.Contains(r.Problems[0], "12005 characters of text") {
		t.Errorf("rejection = %+v", r)
	}
	if p := rs[len(rs)-1].Problems; len(p) != 1 || !strings.Contains(p[0], "[json-pointer:/blocks/0/block_id]") {
		t.Errorf("problems = %q", p)
	}
}

// TestViewLimits: views.open refuses an option value over 150 characters, an
// initial_value over its input's max_length, an option text over 75, more than 100
// blocks and more than 10 checkboxes, with invalid_arguments.
func TestViewLimits(t *testing.T) {
	x := strings.Repeat
	modal := func(blocks string) json.RawMessage {
		return json.RawMessage(`{"type":"modal","title":{"type":"plain_text","text":"Filter goals"},"blocks":` + blocks + `}`)
	}
	teamInput := func(initial string, maxLen int) string {
		return fmt.Sprintf(`[{"type":"input","block_id":"team","label":{"type":"plain_text","text":"Team"},"element":{"type":"plain_text_input","action_id":"team","initial_value":%q,"max_length":%d}}]`, initial, maxLen)
	}
	var checkboxes []string
	for i := range 11 {
		checkboxes = append(checkboxes, fmt.Sprintf(`{"text":{"type":"plain_text","text":"o"},"value":"%d"}`, i))
	}
	cases := []struct {
		name string
		view json.RawMessage
		code string
	}{
		{"option value at 150", modal(multiSelect(x("c", 150), "Spring")), ""},
		{"option value over 150", modal(multiSelect(x("c", 151), "Spring")), "invalid_arguments"},
		{"option text over 75", modal(multiSelect("cmp-1", x("ü", 76))), "invalid_arguments"},
		{"initial_value at max_length", modal(teamInput(x("t", 40), 40)), ""},
		{"initial_value over max_length", modal(teamInput(x("t", 41), 40)), "invalid_arguments"},
		{"max_length over 3,000", modal(teamInput("", 3001)), "invalid_arguments"},
		{"101 blocks", modal(sections(101, "s")), "invalid_arguments"},
		{"11 checkboxes", modal(`[{"type":"input","block_id":"n","label":{"type":"plain_text","text":"N"},"element":{"type":"checkboxes","action_id":"n","options":[` + strings.Join(checkboxes, ",") + `]}}]`), "invalid_arguments"},
	}
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	for _, c := range cases {
		env, _ := fake.Envelope(fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "list"}))
		trigger := env.TriggerID
		body, _ := json.Marshal(map[string]any{"trigger_id": trigger, "view": c.view})
		req, _ := http.NewRequest(http.MethodPost, fake.APIURL()+"views.open", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+fake.BotToken())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Error    string `json:"error"`
			Metadata struct {
				Messages []string `json:"messages"`
			} `json:"response_metadata"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if r.Error != c.code {
			t.Errorf("%s: error %q, want %q", c.name, r.Error, c.code)
		}
		if c.code != "" && len(r.Metadata.Messages) == 0 {
			t.Errorf("%s: no response_metadata.messages say what is wrong", c.name)
		}
	}
	if rs := fake.Rejections(); len(rs) != 6 || rs[0].Where != "views.open" || !strings.Contains(rs[0].Problems[0], "/initial_options/0/value") {
		t.Errorf("rejections = %+v", rs)
	}
}

// TestResponseURLAndSuggestionLimits: a response_url post and a block_suggestion's
// answer are held to the same limits.
func TestResponseURLAndSuggestionLimits(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "alerts", Members: []string{"U1"}})
	url := fake.ResponseURL()
	post := func(body string) int {
		resp, err := http.Post(url, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	long, _ := json.Marshal(map[string]any{"text": "t", "blocks": json.RawMessage(sections(5, strings.Repeat("a", 2401)))})
	if code := post(string(long)); code != http.StatusBadRequest {
		t.Errorf("too much block text through a response_url: %d", code)
	}
	if code := post(`{"text":"` + strings.Repeat("a", 40001) + `"}`); code != http.StatusBadRequest {
		t.Errorf("too long a text through a response_url: %d", code)
	}
	if code := post(`{"text":"fine","blocks":` + sections(2, "a") + `}`); code != http.StatusOK || len(fake.Responses(url)) != 1 {
		t.Errorf("a fine post: %d, %d recorded", code, len(fake.Responses(url)))
	}

	var opts []*slack.OptionBlockObject
	for i := range 101 {
		opts = append(opts, slack.NewOptionBlockObject(fmt.Sprint(i), slack.NewTextBlockObject("plain_text", "o", false, false), nil))
	}
	runBot(t, fake, func(socketmode.Event) any { return map[string]any{"options": opts} })
	id := fake.BlockSuggestion(slacktest.BlockSuggestionArgs{UserID: "U1", ActionID: "ad_campaigns", BlockID: "ad_campaigns", Value: "c"})
	ack, err := fake.WaitAck(ctxT(t, 5*time.Second), id)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Error != "invalid_arguments" {
		t.Errorf("101 options acked: %+v", ack)
	}
	rs := fake.Rejections()
	if len(rs) != 3 || rs[2].Where != "block_suggestion ack" {
		t.Errorf("rejections = %+v", rs)
	}
}
