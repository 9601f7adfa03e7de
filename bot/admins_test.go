package bot

import (
	"context"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
)

func TestAdminsCached(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana", IsAdmin: true})
	fake.SetUser(slacktest.User{ID: "U2", Name: "bo", IsOwner: true})
	fake.SetUser(slacktest.User{ID: "U3", Name: "cy"})
	a := NewAdmins(NewClient(fake.BotToken(), "", fake.APIURL()), time.Minute)
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a.now = func() time.Time { return now }
	ctx := context.Background()
	for _, tt := range []struct {
		user string
		want bool
	}{{"U1", true}, {"U2", true}, {"U3", false}, {"U404", false}, {"U1", true}} {
		got, err := a.IsWorkspaceAdmin(ctx, tt.user)
		if err != nil || got != tt.want {
			t.Errorf("IsWorkspaceAdmin(%s) = %v, %v; want %v", tt.user, got, err, tt.want)
		}
	}
	if n := len(fake.Calls("users.info")); n != 4 {
		t.Errorf("users.info called %d times, want 4 (U1 once, from the cache after)", n)
	}
	// A demoted admin is seen once the entry is old.
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	now = now.Add(time.Minute)
	if got, _ := a.IsWorkspaceAdmin(ctx, "U1"); got {
		t.Error("U1 is still an admin after the TTL")
	}
	fake.FailNext("users.info", 1, slacktest.ServerError{})
	now = now.Add(time.Minute)
	if _, err := a.IsWorkspaceAdmin(ctx, "U1"); err == nil {
		t.Error("a failed users.info gave no error")
	}
}
