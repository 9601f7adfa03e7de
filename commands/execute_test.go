package commands

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/store"
	"github.com/redis/go-redis/v9"
)

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

// newTestApp is an App on a fresh store on miniredis with a catalog of cmp-1 and cmp-2.
func newTestApp(t *testing.T) *App {
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
	return &App{Store: s, Clock: goalbot.NewFrozenClock(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)), Settings: goalbot.DefaultSettings,
		Admins: []string{"UADMIN"}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Channels: fakeChannels{members: map[string][]string{"C1": {"U1"}, "G9": {"U1"}}, private: map[string]bool{"G9": true}}}
}

// run executes text as user in C1 and returns its outcome; it fails the test on a
// refusal.
func run(t *testing.T, a *App, user, text string) Outcome {
	t.Helper()
	o, err := a.Execute(context.Background(), Actor{UserID: user}, "C1", text)
	if r, refused := o.(Refusal); err != nil || refused {
		t.Fatalf("%s: %+v (%v)", text, r, err)
	}
	return o
}

const createText = `create name:"Spring leads" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:monthly target:100`
