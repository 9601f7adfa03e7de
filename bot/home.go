package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// DefaultHomeRate is how many Home tabs the republish queue publishes a minute across
// every replica unless configured otherwise (GOALBOT_HOME_PUBLISH_RATE).
// views.publish is a Tier 4 method (about 100 calls a minute per workspace), and the
// Home tabs published when users open them share that budget, so the queue keeps
// well under it.
const DefaultHomeRate = 60

// homeIdle is how long the republish loop waits between looks at an empty queue
// (another replica's engine may queue work; this replica's is woken at once).
const homeIdle = 2 * time.Second

// changedBatch is how many changed goals one round of the republish loop takes.
const changedBatch = 1000

// HomeApp is what the Home tab needs of the use cases (commands.App implements it).
type HomeApp interface {
	Home(ctx context.Context, user string, member commands.MemberFunc) (commands.Home, error)
}

// HomeStore is what the Home tab's republish queue keeps in the store (store.Redis
// implements it); see store/home.go.
type HomeStore interface {
	MarkHomeOpened(ctx context.Context, user string) error
	QueueHomes(ctx context.Context, users []string) (int, error)
	QueueChangedGoals(ctx context.Context, ids []string) error
	TakeChangedGoals(ctx context.Context, n int) ([]string, error)
	TakeHome(ctx context.Context, interval time.Duration) (string, time.Duration, error)
	PauseHomes(ctx context.Context, user string, d time.Duration) error
	Goals(ctx context.Context, ids []string) ([]*goalbot.Goal, error)
	Subscriptions(ctx context.Context) ([]*goalbot.Subscription, error)
}

// Homes publishes users' App Home tabs: at once when a user opens it, and
// again, paced, when what it shows changes. The engine tells Changed which goals
// changed; Run, in every replica, finds who may see them (their creators and the
// members of the channels whose subscriptions match them, among the users who have
// opened the tab) and republishes their tabs through a queue in the store that every
// replica shares: a user is queued once however many changes come before the
// publish, and at most Rate tabs a minute are published across every replica.
type Homes struct {
	App     HomeApp
	Store   HomeStore
	Slack   *slack.Client
	Members MemberLister
	// Locales tells each user's language (English for all when nil).
	Locales *Locales
	// Rate is how many queued Home tabs are published a minute across every replica
	// (DefaultHomeRate when 0).
	Rate   int
	Logger *slog.Logger
	// Sleep waits for d, or less when ctx ends or the loop is woken; tests replace it
	// with a fake clock.
	Sleep func(ctx context.Context, d time.Duration)

	once sync.Once
	wake chan struct{}
}

// Interval is the time between two queued publishes across every replica.
func (h *Homes) Interval() time.Duration {
	rate := h.Rate
	if rate <= 0 {
		rate = DefaultHomeRate
	}
	return time.Minute / time.Duration(rate)
}

func (h *Homes) init() {
	h.once.Do(func() {
		h.wake = make(chan struct{}, 1)
		if h.Logger == nil {
			h.Logger = slog.Default()
		}
	})
}

// Wake tells this replica's loop that there is work, without waiting.
func (h *Homes) Wake() {
	h.init()
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// Opened answers app_home_opened: it records that the user has opened the Home tab
// (so that later changes republish it) and publishes it now. The Messages tab sends
// the event too; it is left alone.
func (h *Homes) Opened() Handler {
	return func(ctx context.Context, r *Request) error {
		if r.UserID == "" || homeTab(r) == "messages" {
			return nil
		}
		if err := h.Store.MarkHomeOpened(ctx, r.UserID); err != nil {
			return err
		}
		return h.Publish(ctx, r.UserID)
	}
}

// homeTab is the tab an app_home_opened event names ("home" or "messages").
func homeTab(r *Request) string {
	if r.Event == nil {
		return ""
	}
	if ev, ok := r.Event.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok {
		return ev.Tab
	}
	return ""
}

// Publish builds user's Home tab, in their language, and publishes it.
func (h *Homes) Publish(ctx context.Context, user string) error {
	h.init()
	home, err := h.App.Home(ctx, user, h.memberOf(user))
	if err != nil {
		return err
	}
	return publishView(ctx, h.Slack, user, HomeView(h.Locales.Printer(ctx, user, LocaleWait), home))
}

// memberOf answers, for the Home tab of user, whether they are in a channel. A channel
// that cannot be checked is logged here and left out of the tab (which says so).
func (h *Homes) memberOf(user string) commands.MemberFunc {
	return func(ctx context.Context, channel string) (bool, error) {
		members, err := h.Members.Members(ctx, channel)
		if err != nil {
			h.Logger.Warn("home tab: cannot list a subscribed channel's members; its goals are left out",
				"user", user, "channel", channel, "err", err)
			return false, err
		}
		return slices.Contains(members, user), nil
	}
}

// Changed is the engine's hook (engine.Engine.Changed): it records the goals whose
// shown figures changed, for Run to republish the Home tabs that show them, and
// returns at once.
func (h *Homes) Changed(ctx context.Context, ids []string) error {
	if err := h.Store.QueueChangedGoals(ctx, ids); err != nil {
		return fmt.Errorf("queue the home tabs of %d changed goals: %w", len(ids), err)
	}
	h.Wake()
	return nil
}

// Refresh queues the Home tabs of users for a republish (those who have opened it).
func (h *Homes) Refresh(ctx context.Context, users ...string) error {
	users = slices.DeleteFunc(users, func(u string) bool { return u == "" })
	if len(users) == 0 {
		return nil
	}
	if _, err := h.Store.QueueHomes(ctx, users); err != nil {
		return fmt.Errorf("queue the home tabs of %d users: %w", len(users), err)
	}
	h.Wake()
	return nil
}

// AfterChange queues the Home tabs that a change by user may have changed (a Changed
// hook): the user's, and for a channel's subscriptions those of its members.
func (h *Homes) AfterChange(ctx context.Context, user string, c commands.Changes) {
	users := []string{user}
	for _, ch := range c.Channels {
		members, err := h.Members.Members(ctx, ch)
		if err != nil {
			h.init()
			h.Logger.Warn("home tab: cannot list a channel's members to refresh their tabs", "channel", ch, "err", err)
		}
		users = append(users, members...)
	}
	h.refreshQuietly(ctx, users...)
}

// refreshQuietly queues users' Home tabs; a failure is logged, and the user's
// action, which succeeded, is not reported as failed.
func (h *Homes) refreshQuietly(ctx context.Context, users ...string) {
	if err := h.Refresh(ctx, users...); err != nil {
		h.init()
		h.Logger.Error("home tab: could not queue a republish after a change", "users", users, "err", err)
	}
}

// Run republishes queued Home tabs until ctx ends: each round finds the viewers of
// changed goals, then publishes one queued tab when the shared pacing slot is free.
func (h *Homes) Run(ctx context.Context) {
	h.init()
	for ctx.Err() == nil {
		h.sleep(ctx, h.Step(ctx))
	}
}

// Step is one round of Run; it returns how long to wait before the next.
func (h *Homes) Step(ctx context.Context) time.Duration {
	h.init()
	if err := h.queueViewers(ctx); err != nil {
		h.fail(ctx, "home tab: could not find who sees changed goals", "err", err)
	}
	user, wait, err := h.Store.TakeHome(ctx, h.Interval())
	switch {
	case err != nil:
		h.fail(ctx, "home tab: could not take the next republish", "err", err)
		return homeIdle
	case user == "" && wait > 0:
		return wait
	case user == "":
		return homeIdle
	}
	if err := h.republish(ctx, user); err != nil {
		h.fail(ctx, "home tab: republish failed", "user", user, "err", err)
	}
	return 0 // the next take waits for the slot
}

// fail logs a failed round at ERROR, unless ctx has ended: a round the stop cut
// short failed for no fault of anyone's.
func (h *Homes) fail(ctx context.Context, msg string, args ...any) {
	if ctx.Err() != nil {
		h.Logger.Debug(msg+" (stopping)", args...)
		return
	}
	h.Logger.Error(msg, args...)
}

// republish publishes a queued user's Home tab. When Slack says to slow down, the
// user is queued again and every replica pauses for as long as Slack asks.
func (h *Homes) republish(ctx context.Context, user string) error {
	err := h.Publish(ctx, user)
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		h.Logger.Warn("home tab: views.publish rate limited; pausing", "retry_after", rl.RetryAfter.String())
		if perr := h.Store.PauseHomes(ctx, user, rl.RetryAfter); perr != nil {
			return errors.Join(err, perr)
		}
		return nil
	}
	if slackCode(err) == "user_not_found" {
		return nil // a user who left: nothing to show
	}
	return err
}

// queueViewers takes changed goals off the store's set and queues the Home tabs of
// the users who may see them.
func (h *Homes) queueViewers(ctx context.Context) error {
	ids, err := h.Store.TakeChangedGoals(ctx, changedBatch)
	if err != nil || len(ids) == 0 {
		return err
	}
	goals, err := h.Store.Goals(ctx, ids)
	if err != nil {
		return fmt.Errorf("load %d changed goals: %w", len(ids), err)
	}
	subs, err := h.Store.Subscriptions(ctx)
	if err != nil {
		return fmt.Errorf("load subscriptions: %w", err)
	}
	members := map[string][]string{}
	var errs []error
	for _, ch := range HomeChannels(goals, subs) {
		list, err := h.Members.Members(ctx, ch)
		if err != nil {
			errs = append(errs, fmt.Errorf("members of %s: %w", ch, err))
			continue
		}
		members[ch] = list
	}
	if _, err := h.Store.QueueHomes(ctx, HomeViewers(goals, members)); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// HomeChannels are the channels whose subscriptions may show any of goals on their
// members' Home tabs, sorted. A subscription's status and progress bounds are not
// checked: the change that brought the goal here may have moved it into or out of
// them, and either way the tab changes.
func HomeChannels(goals []*goalbot.Goal, subs []*goalbot.Subscription) []string {
	var out []string
	for _, s := range subs {
		f := s.Filter
		f.Statuses, f.ProgressMin, f.ProgressMax = nil, nil, nil
		for _, g := range goals {
			if g != nil && f.Match(g, "", nil) {
				out = append(out, s.Channel)
				break
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// HomeViewers are the users whose Home tabs may show goals: their creators and the
// members of the channels in members (HomeChannels's, with their member lists),
// sorted, each once.
func HomeViewers(goals []*goalbot.Goal, members map[string][]string) []string {
	var out []string
	for _, g := range goals {
		if g != nil && g.Creator != "" {
			out = append(out, g.Creator)
		}
	}
	for _, list := range members {
		for _, u := range list {
			if _, ok := goalbot.UserID(u); ok {
				out = append(out, u)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (h *Homes) sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	if h.Sleep != nil {
		h.Sleep(ctx, d)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	case <-h.wake:
	}
}

// publishView publishes view as user's Home tab.
func publishView(ctx context.Context, api *slack.Client, user string, view slack.HomeTabViewRequest) error {
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		return fmt.Errorf("publish the home tab of %s: %w", user, err)
	}
	return nil
}

// publishHome publishes blocks as user's Home tab (the error path's message).
func publishHome(ctx context.Context, api *slack.Client, user string, blocks []slack.Block) error {
	return publishView(ctx, api, user, slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}})
}
