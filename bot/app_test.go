package bot

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/store"
	"github.com/redis/go-redis/v9"
)

// The use cases on a store on miniredis, their outcomes rendered as the bot renders
// them: the tests of what Slack users read.

// fakeChannels says who is in which channel.
type fakeChannels struct {
	members map[string][]string
	private map[string]bool
}

func (f fakeChannels) IsMember(_ context.Context, ch, user string) (bool, error) {
	for _, m := range f.members[ch] {
		if m == user {
			return true, nil
		}
	}
	return false, nil
}

func (f fakeChannels) IsPrivate(_ context.Context, ch string) (bool, error) {
	return f.private[ch], nil
}

// appNow is the clock of newTestApp.
var appNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// newTestApp is the use cases on a fresh store on miniredis with a catalog of cmp-1
// and cmp-2 (USD); UADMIN is a goalbot admin, U1 is in C1 and in the private G9.
func newTestApp(t *testing.T) *commands.App {
	t.Helper()
	m := miniredis.RunT(t)
	s := store.NewRedis(redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true}), "t")
	ctx := context.Background()
	if err := s.CheckSchema(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertCatalog(ctx, []goalbot.Account{{ID: "act-1", Name: "Acme", Network: "google", Currency: "USD"}},
		[]goalbot.Campaign{{ID: "cmp-1", Name: "Spring", AccountID: "act-1"}, {ID: "cmp-2", Name: "Summer", AccountID: "act-1"}}); err != nil {
		t.Fatal(err)
	}
	return &commands.App{Store: s, Clock: goalbot.NewFrozenClock(appNow), Settings: goalbot.DefaultSettings,
		Admins: []string{"UADMIN"}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Channels: fakeChannels{members: map[string][]string{"C1": {"U1"}, "G9": {"U1"}}, private: map[string]bool{"G9": true}}}
}

// createText creates a monthly conversions goal on cmp-1 and cmp-2 over 2026.
const createText = `create name:"Spring leads" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:monthly target:100`

// run executes text as user in C1 and returns the message the bot answers with and
// its blocks' JSON.
func run(t *testing.T, a *commands.App, user, text string) (Message, string) {
	t.Helper()
	o, err := a.Execute(context.Background(), commands.Actor{UserID: user}, "C1", text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	m := MessageOf(en, o)
	js := blocksJSON(t, m)
	if len(m.Blocks) > 50 {
		t.Fatalf("%s: %d blocks", text, len(m.Blocks))
	}
	return m, js
}

// clickMessage presses a button of a reply as user and returns the message the bot
// answers with (ReplaceOriginal set as the click would set it).
func clickMessage(t *testing.T, a *commands.App, user, actionID, value string) Message {
	t.Helper()
	o, err := refused(click(context.Background(), a, commands.Actor{UserID: user}, actionID, value))
	if err != nil {
		t.Fatalf("%s %s: %v", actionID, value, err)
	}
	return replyOf(en, o, replaces(actionID))
}

// blocksJSON is a message's blocks as JSON, without HTML escapes.
func blocksJSON(t *testing.T, m Message) string {
	t.Helper()
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m.Blocks); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
