package bot

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// fakeClock is a clock that only moves when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fakeHomeStore is a HomeStore in memory, paced by a fake clock as store.Redis is by
// Redis's; err, when set, fails every call.
type fakeHomeStore struct {
	clock *fakeClock

	mu        sync.Mutex
	opened    map[string]bool
	queue     map[string]bool
	changed   map[string]bool
	paceUntil time.Time
	goals     map[string]*goalbot.Goal
	subs      []*goalbot.Subscription
	err       error
}

func newFakeHomeStore(clock *fakeClock) *fakeHomeStore {
	return &fakeHomeStore{clock: clock, opened: map[string]bool{}, queue: map[string]bool{}, changed: map[string]bool{},
		goals: map[string]*goalbot.Goal{}}
}

func (f *fakeHomeStore) MarkHomeOpened(_ context.Context, user string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.opened[user] = true
	delete(f.queue, user)
	return nil
}

func (f *fakeHomeStore) QueueHomes(_ context.Context, users []string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, u := range users {
		if f.opened[u] && !f.queue[u] {
			f.queue[u] = true
			n++
		}
	}
	return n, f.err
}

func (f *fakeHomeStore) QueueChangedGoals(_ context.Context, ids []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, id := range ids {
		f.changed[id] = true
	}
	return f.err
}

func (f *fakeHomeStore) TakeChangedGoals(_ context.Context, n int) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for id := range f.changed {
		if len(out) < n {
			out = append(out, id)
			delete(f.changed, id)
		}
	}
	return out, f.err
}

func (f *fakeHomeStore) TakeHome(_ context.Context, interval time.Duration) (string, time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return "", 0, f.err
	}
	if len(f.queue) == 0 {
		return "", 0, nil
	}
	now := f.clock.now()
	if now.Before(f.paceUntil) {
		return "", f.paceUntil.Sub(now), nil
	}
	users := make([]string, 0, len(f.queue))
	for u := range f.queue {
		users = append(users, u)
	}
	slices.Sort(users)
	delete(f.queue, users[0])
	f.paceUntil = now.Add(interval)
	return users[0], 0, nil
}

func (f *fakeHomeStore) PauseHomes(_ context.Context, user string, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paceUntil = f.clock.now().Add(d)
	f.queue[user] = true
	return f.err
}

func (f *fakeHomeStore) Goals(_ context.Context, ids []string) ([]*goalbot.Goal, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*goalbot.Goal
	for _, id := range ids {
		if g := f.goals[id]; g != nil {
			out = append(out, g)
		}
	}
	return out, f.err
}

func (f *fakeHomeStore) Subscriptions(context.Context) ([]*goalbot.Subscription, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.subs, f.err
}

func (f *fakeHomeStore) queued() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for u := range f.queue {
		out = append(out, u)
	}
	slices.Sort(out)
	return out
}

// fakeHomeApp builds Home tabs from fakeGoals: the user's own goals, and those of
// the channels' subscriptions they are in.
type fakeHomeApp struct {
	goals *fakeGoals
	subs  []*goalbot.Subscription
}

func (a fakeHomeApp) Home(ctx context.Context, user string, member commands.MemberFunc) (commands.Home, error) {
	views, _, err := a.goals.ListGoals(ctx, goalbot.Filter{Users: []string{user}}, "", 100)
	if err != nil {
		return commands.Home{}, err
	}
	h := commands.Home{User: user, Goals: views, Manage: map[string]bool{}}
	for _, s := range a.subs {
		in, err := member(ctx, s.Channel)
		if err != nil {
			h.Unseen = append(h.Unseen, s.Channel)
		}
		if in {
			more, _, _ := a.goals.ListGoals(ctx, s.Filter, "", 100)
			h.Goals = append(h.Goals, more...)
		}
	}
	for _, v := range h.Goals {
		h.Manage[v.Goal.ID] = v.Goal.Creator == user
	}
	return h, nil
}

// staticMembers lists members from a map; a channel missing from it fails.
type staticMembers map[string][]string

func (m staticMembers) Members(_ context.Context, ch string) ([]string, error) {
	list, ok := m[ch]
	if !ok {
		return nil, errorf(goalbot.EINVALID, "goalbot cannot see <#%s>", ch)
	}
	return list, nil
}
