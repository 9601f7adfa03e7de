package commands_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/store"
	"github.com/redis/go-redis/v9"
)

// now is the tests' clock: 2026-11-28, noon UTC.
var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

var ctx = context.Background()

var prefixes atomic.Int64

// newStore returns a real store on a miniredis of its own.
func newStore(t testing.TB) *store.Redis {
	t.Helper()
	m := miniredis.RunT(t)
	client := redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true})
	t.Cleanup(func() { client.Close() })
	s := store.NewRedis(client, fmt.Sprintf("c%d", prefixes.Add(1)))
	if err := s.CheckSchema(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// newApp returns the use cases on a fresh store, with UADMIN as a goalbot admin
// and the catalog of testCatalog.
func newApp(t testing.TB) *commands.App {
	t.Helper()
	a := &commands.App{Store: newStore(t), Clock: goalbot.NewFrozenClock(now), Settings: goalbot.DefaultSettings, Admins: []string{"UADMIN"}}
	ok(t, a.AddCatalog(ctx, testCatalog))
	return a
}

// testCatalog has two USD accounts and one EUR account.
var testCatalog = commands.Catalog{
	Accounts: []goalbot.Account{
		{ID: "act-1", Name: "Acme US", Network: "google", Currency: "USD"},
		{ID: "act-2", Name: "Acme Social", Network: "meta", Currency: "USD"},
		{ID: "act-eu", Name: "Acme EU", Network: "google", Currency: "EUR"},
	},
	Campaigns: []goalbot.Campaign{
		{ID: "cmp-1", Name: "Brand", AccountID: "act-1"},
		{ID: "cmp-2", Name: "Generic", AccountID: "act-1"},
		{ID: "cmp-3", Name: "Prospecting", AccountID: "act-2"},
		{ID: "cmp-eu", Name: "Brand EU", AccountID: "act-eu"},
	},
}

// draft returns a valid monthly conversions goal of cmp-1 for 2026.
func draft() goalbot.Draft {
	return goalbot.Draft{Name: "Spring conversions", Type: "network_conversions", Campaigns: []string{"cmp-1"},
		Duration: "monthly", Target: "100"}
}

// fakeAdmins is a hand-written WorkspaceAdmins: the users in admins are workspace
// admins; err, when set, is what every question fails with.
type fakeAdmins struct {
	admins map[string]bool
	err    error
	asked  atomic.Int64
}

func (f *fakeAdmins) IsWorkspaceAdmin(_ context.Context, user string) (bool, error) {
	f.asked.Add(1)
	return f.admins[user], f.err
}

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// mustCode fails t unless err carries the domain error code.
func mustCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := goalbot.ErrorCode(err); got != code {
		t.Fatalf("error code %q, want %q (err: %v)", got, code, err)
	}
}

// fieldError returns the message of err's problem with field, or fails t.
func fieldError(t testing.TB, err error, field string) string {
	t.Helper()
	for _, f := range goalbot.ErrorFields(err) {
		if f.Field == field {
			return english.Problem(f)
		}
	}
	t.Fatalf("no problem with %s in %v", field, err)
	return ""
}
