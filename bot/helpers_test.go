package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/goalbot/goalbot/messages"
)

// ctxT is a context that ends with the test, or after d.
func ctxT(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// fakeOnce is a Deduper in memory that fails on demand.
type fakeOnce struct {
	mu   sync.Mutex
	seen map[string]bool
	err  error
}

func (f *fakeOnce) Once(_ context.Context, key string, _ time.Duration) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return false, f.err
	}
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	first := !f.seen[key]
	f.seen[key] = true
	return first, nil
}

func (f *fakeOnce) fail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
}

// errUnavailable is what the store returns while Redis cannot be reached.
var errUnavailable = goalbot.NewError(goalbot.EUNAVAILABLE, "errors.store.unavailable", nil)

// errorf is a goalbot error of code whose message is the text as written (a fake's
// refusal).
func errorf(code, format string, args ...any) error {
	return &goalbot.Error{Code: code, Message: goalbot.Text(fmt.Sprintf(format, args...))}
}

// englishErrors are a form's problems as an English reader sees them, a field's
// problems joined by "; " (as errorsAck shows them).
func englishErrors(errs commands.FieldErrors) map[string]string {
	out := make(map[string]string, len(errs))
	for field, msgs := range errs {
		said := make([]string, len(msgs))
		for i, m := range msgs {
			said[i] = messages.English().Message(m)
		}
		out[field] = strings.Join(said, "; ")
	}
	return out
}

// counter counts calls of a handler.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) add(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[key]++
}

func (c *counter) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

// startBot runs a bot with r's routes against fake until the test ends.
func startBot(t *testing.T, fake *slacktest.Server, r *Router, once Deduper) *Bot {
	t.Helper()
	b := newBot(t, fake, r, once)
	b.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := b.Close(ctx); err != nil {
			t.Error(err)
		}
	})
	if err := fake.Connected(ctxT(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	return b
}

// newBot returns a bot with r's routes on fake, not started.
func newBot(t *testing.T, fake *slacktest.Server, r *Router, once Deduper) *Bot {
	t.Helper()
	b, err := New(Config{BotToken: fake.BotToken(), AppToken: fake.AppToken(), APIURL: fake.APIURL(), Once: once,
		Logger: testLogger()}, r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// fakeGoals serves goal views from memory.
type fakeGoals struct {
	views []commands.GoalView
	err   error
}

func (f *fakeGoals) GetGoal(_ context.Context, id string) (commands.GoalView, error) {
	if f.err != nil {
		return commands.GoalView{}, f.err
	}
	for _, v := range f.views {
		if v.Goal.ID == id {
			return v, nil
		}
	}
	return commands.GoalView{}, errorf(goalbot.ENOTFOUND, "goal %s not found: it may have been deleted", id)
}

func (f *fakeGoals) ListGoals(_ context.Context, flt goalbot.Filter, _ string, limit int) ([]commands.GoalView, string, error) {
	if f.err != nil {
		return nil, "", f.err
	}
	var out []commands.GoalView
	for _, v := range f.views {
		if flt.Match(v.Goal, v.Status, v.Headline()) && len(out) < limit {
			out = append(out, v)
		}
	}
	return out, "", nil
}

func ptr[T any](v T) *T { return &v }

// goalView is a running monthly goal G<n> named name with headline progress p.
func goalView(id, name, creator string, p *float64) commands.GoalView {
	g := &goalbot.Goal{ID: id, Name: name, Type: goalbot.NetworkConversions, Duration: goalbot.Monthly, Creator: creator,
		Start: goalbot.Date{Year: 2026, Month: 3, Day: 1}, End: goalbot.Date{Year: 2026, Month: 3, Day: 31}}
	m := &goalbot.Measurement{GoalID: id, At: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), Headline: p}
	return commands.GoalView{Goal: g, Measurement: m, Status: goalbot.InProgress}
}

// unescaped is raw JSON re-encoded without HTML escapes (& stays &).
func unescaped(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func compact(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v) // sorted keys
	return string(b)
}

// en is the English printer the renderers' tests read English with.
var en = messages.English()

// inEveryLanguage runs test once in each language goalbot speaks, as a subtest named
// by its code.
func inEveryLanguage(t *testing.T, test func(t *testing.T, p *messages.Printer)) {
	for _, code := range messages.Codes() {
		t.Run(code, func(t *testing.T) { test(t, messages.For(code)) })
	}
}
