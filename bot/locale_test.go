package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
)

// fakeUsers is a UserInfo of users by id, counting the lookups; a user not in it is
// user_not_found. While gate is set, lookups wait for it to close.
type fakeUsers struct {
	mu      sync.Mutex
	locales map[string]string
	err     error
	calls   int
	gate    chan struct{}
}

func (f *fakeUsers) info(ctx context.Context, user string) (*slack.User, error) {
	f.mu.Lock()
	f.calls++
	gate, err := f.gate, f.err
	loc, ok := f.locales[user]
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	switch {
	case err != nil:
		return nil, err
	case !ok:
		return nil, slack.SlackErrorResponse{Err: "user_not_found"}
	}
	return &slack.User{ID: user, Locale: loc}, nil
}

func (f *fakeUsers) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// TestLocalesFromSlack: a user's language is their Slack locale when goalbot speaks
// it, else the default; answers are cached for the TTL, then asked again.
func TestLocalesFromSlack(t *testing.T) {
	users := &fakeUsers{locales: map[string]string{"U1": "sv-SE", "U2": "en-US", "U3": "fr-FR"}}
	l := NewLocales(users.info, "sv")
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return now }
	ctx := ctxT(t, 10*time.Second)
	for user, want := range map[string]string{"U1": "sv", "U2": "en", "U3": "sv", "U9": "sv"} {
		if got := l.Lang(ctx, user, time.Minute); got != want {
			t.Errorf("Lang(%s) = %q, want %q", user, got, want)
		}
	}
	if users.count() != 4 {
		t.Fatalf("%d lookups for four users", users.count())
	}
	if got := l.Printer(ctx, "U2", time.Minute).T("slack.button.show"); got != "Show" || users.count() != 4 {
		t.Errorf("cached U2 = %q after %d lookups, want Show without a fifth", got, users.count())
	}
	users.mu.Lock()
	users.locales["U2"] = "sv-SE" // changed in Slack: seen once the answer is old
	users.mu.Unlock()
	now = now.Add(LocaleTTL - time.Second)
	if got := l.Lang(ctx, "U2", time.Minute); got != "en" {
		t.Errorf("U2 within the TTL = %q, want the cached en", got)
	}
	now = now.Add(2 * time.Second)
	if got := l.Lang(ctx, "U2", time.Minute); got != "sv" || users.count() != 5 {
		t.Errorf("U2 after the TTL = %q after %d lookups, want sv from a fifth", got, users.count())
	}
}

// TestLocalesSlowLookupAnswersDefault: a caller waits for a lookup no longer than it
// asks; it gets the default language meanwhile, the lookup goes on, and the next
// caller gets the user's language from the cache. Callers waiting at once share one
// lookup.
func TestLocalesSlowLookupAnswersDefault(t *testing.T) {
	users := &fakeUsers{locales: map[string]string{"U1": "sv-SE"}, gate: make(chan struct{})}
	l := NewLocales(users.info, "en")
	ctx := ctxT(t, 10*time.Second)
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if got := l.Lang(ctx, "U1", 20*time.Millisecond); got != "en" {
				t.Errorf("Lang while users.info hangs = %q, want the default en", got)
			}
		})
	}
	wg.Wait()
	close(users.gate)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if lang, ok := l.Cached("U1"); ok {
			if lang != "sv" {
				t.Fatalf("cached %q, want sv", lang)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the lookup never filled the cache")
		}
	}
	if got := l.Lang(ctx, "U1", 0); got != "sv" || users.count() != 1 {
		t.Errorf("Lang after the lookup = %q after %d lookups, want sv from one", got, users.count())
	}
}

// TestLocalesFailureRetried: a failed lookup answers the default and is asked again
// after a minute, not after the TTL.
func TestLocalesFailureRetried(t *testing.T) {
	users := &fakeUsers{locales: map[string]string{"U1": "sv-SE"}, err: errors.New("connection reset")}
	l := NewLocales(users.info, "en")
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return now }
	ctx := ctxT(t, 10*time.Second)
	if got := l.Lang(ctx, "U1", time.Minute); got != "en" {
		t.Errorf("Lang while Slack fails = %q, want en", got)
	}
	users.mu.Lock()
	users.err = nil
	users.mu.Unlock()
	if got := l.Lang(ctx, "U1", time.Minute); got != "en" || users.count() != 1 {
		t.Errorf("right after the failure: %q after %d lookups, want en without asking again", got, users.count())
	}
	now = now.Add(localeRetry + time.Second)
	if got := l.Lang(ctx, "U1", time.Minute); got != "sv" {
		t.Errorf("after the retry interval = %q, want sv", got)
	}
}

// TestLocalesRemember: what another users.info answer told (Admins) needs no lookup;
// a nil Locales speaks English.
func TestLocalesRemember(t *testing.T) {
	users := &fakeUsers{}
	l := NewLocales(users.info, "en")
	l.Remember("U1", "sv-SE")
	if got := l.Lang(ctxT(t, 10*time.Second), "U1", time.Minute); got != "sv" || users.count() != 0 {
		t.Errorf("remembered = %q after %d lookups", got, users.count())
	}
	var none *Locales
	if got := none.Printer(ctxT(t, 10*time.Second), "U1", time.Second).Lang(); got != "en" {
		t.Errorf("nil Locales speaks %q", got)
	}
}

// TestRequestInUsersLanguage: a slash command is answered in its user's Slack
// language (users.info); a modal's submit, answered in its ack, does not wait for a
// slow users.info: it answers in the default language, and in the user's once the
// lookup has ended.
func TestRequestInUsersLanguage(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana", Locale: "sv-SE"})
	fake.SetUser(slacktest.User{ID: "U2", Name: "bo", Locale: "en-GB"})
	fake.SetUser(slacktest.User{ID: "U3", Name: "cy", Locale: "sv-SE"})
	r := NewRouter()
	r.Command(CommandGoal, func(ctx context.Context, req *Request) error {
		return req.Reply(ctx, Message{Text: req.Printer().T("slack.button.show")})
	})
	r.Submission("test_form", func(_ context.Context, req *Request) (any, error) {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"name": req.Printer().T("slack.button.show")}), nil
	})
	b := startBot(t, fake, r, &fakeOnce{})
	c := ctxT(t, 20*time.Second)
	for user, want := range map[string]string{"U1": "Visa", "U2": "Show"} {
		id := fake.SlashCommand(slacktest.SlashCommandArgs{UserID: user, ChannelID: "C1"})
		env, _ := fake.Envelope(id)
		resp, err := fake.WaitResponse(c, env.ResponseURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.Text != want {
			t.Errorf("reply to %s = %q, want %q", user, resp.Text, want)
		}
	}
	fake.SetLatency("users.info", 3*time.Second)
	submit := func() string {
		id := fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U3", ViewID: "V1", CallbackID: "test_form"})
		ack, err := fake.WaitAck(c, id)
		if err != nil {
			t.Fatal(err)
		}
		return string(ack.Payload)
	}
	if got := submit(); !strings.Contains(got, `"Show"`) {
		t.Errorf("submit while users.info is slow = %s, want the default language", got)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, ok := b.Locales().Cached("U3"); ok {
			break
		} else if time.Now().After(deadline) {
			t.Fatal("the slow lookup never filled the cache")
		}
	}
	if got := submit(); !strings.Contains(got, `"Visa"`) {
		t.Errorf("submit after the lookup = %s, want Swedish", got)
	}
}
