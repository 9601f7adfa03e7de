package bot

import (
	"context"
	"sync"
	"time"

	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// Timings of the users' languages.
const (
	// LocaleTTL is how long Locales trusts what users.info said of a user's locale.
	LocaleTTL = time.Hour
	// localeRetry is how long a failed lookup is remembered (as the default
	// language) before users.info is asked again.
	localeRetry = time.Minute
	// AckLocaleWait is the longest a request answered in its ack (a modal's submit,
	// a picker's options) waits for a user's locale that is not cached: past it, the
	// answer is in the default language and the lookup goes on for next time.
	AckLocaleWait = 300 * time.Millisecond
	// LocaleWait is the longest a request answered after its ack waits for a user's
	// locale that is not cached.
	LocaleWait = 2 * time.Second
	// maxLocales bounds the cache; past it, expired entries are forgotten.
	maxLocales = 10_000
)

// UserInfo returns a Slack user with their locale (slack.Client's
// GetUserInfoContext, which asks users.info with include_locale).
type UserInfo func(ctx context.Context, user string) (*slack.User, error)

// Locales knows which language to speak to each Slack user: the one of their Slack
// locale (users.info's locale, such as "sv-SE") when goalbot speaks it, else the
// default (GOALBOT_LOCALE). Answers are cached for LocaleTTL in this process; a
// lookup never makes a caller wait longer than it asks to: a slow one is answered
// with the default and fills the cache when it ends. It is safe for concurrent use.
type Locales struct {
	info     UserInfo
	fallback string
	ttl      time.Duration
	now      func() time.Time

	mu      sync.Mutex
	cache   map[string]localeEntry
	pending map[string]chan struct{} // lookups under way, closed when done
}

type localeEntry struct {
	lang  string
	until time.Time
}

// NewLocales returns the languages of users as info tells them, with fallback (a
// language code or locale, "" for English) for users whose locale goalbot does not
// speak or cannot learn.
func NewLocales(info UserInfo, fallback string) *Locales {
	return &Locales{info: info, fallback: messages.Match(fallback), ttl: LocaleTTL, now: time.Now,
		cache: map[string]localeEntry{}, pending: map[string]chan struct{}{}}
}

// SlackUserInfo is the UserInfo of a Web API client.
func SlackUserInfo(api *slack.Client) UserInfo {
	return func(ctx context.Context, user string) (*slack.User, error) {
		return api.GetUserInfoContext(ctx, user)
	}
}

// Default is the printer of the default language. A nil Locales speaks English.
func (l *Locales) Default() *messages.Printer {
	if l == nil {
		return messages.English()
	}
	return messages.For(l.fallback)
}

// Printer is the printer of user's language, waiting at most wait (and no longer
// than ctx) for a lookup; the default's when the user is unknown, their locale is one
// goalbot does not speak, or the lookup takes longer.
func (l *Locales) Printer(ctx context.Context, user string, wait time.Duration) *messages.Printer {
	if l == nil {
		return messages.English()
	}
	return messages.For(l.Lang(ctx, user, wait))
}

// Cached is user's language when it is known and fresh, without asking Slack.
func (l *Locales) Cached(user string) (string, bool) {
	if l == nil {
		return "", false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.cache[user]
	if !ok || !l.now().Before(e.until) {
		return "", false
	}
	return e.lang, true
}

// Lang is the code of user's language (see Printer).
func (l *Locales) Lang(ctx context.Context, user string, wait time.Duration) string {
	if user == "" || l.info == nil {
		return l.fallback
	}
	if lang, ok := l.Cached(user); ok {
		return lang
	}
	done := l.lookup(user)
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-done:
		if lang, ok := l.Cached(user); ok {
			return lang
		}
	case <-timer.C:
	case <-ctx.Done():
	}
	return l.fallback
}

// lookup asks users.info for user's locale, once however many callers ask at the
// same time, and returns a channel closed when the answer is in the cache. The
// lookup has a context of its own (bounded by WebTimeout), so that it goes on when
// its first caller stops waiting.
func (l *Locales) lookup(user string) <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if done, ok := l.pending[user]; ok {
		return done
	}
	done := make(chan struct{})
	l.pending[user] = done
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), WebTimeout)
		defer cancel()
		lang, ttl := l.fallback, localeRetry
		u, err := l.info(ctx, user)
		switch {
		case err == nil:
			lang, ttl = l.langOf(u.Locale), l.ttl
		case slackCode(err) == "user_not_found":
			ttl = l.ttl
		}
		l.remember(user, lang, ttl)
		l.mu.Lock()
		delete(l.pending, user)
		l.mu.Unlock()
		close(done)
	}()
	return done
}

// langOf is the language goalbot speaks to a user of Slack locale loc.
func (l *Locales) langOf(loc string) string {
	if code, ok := messages.Supported(loc); ok {
		return code
	}
	return l.fallback
}

// remember caches user's language for ttl.
func (l *Locales) remember(user, lang string, ttl time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.cache) >= maxLocales {
		for id, e := range l.cache {
			if !now.Before(e.until) {
				delete(l.cache, id)
			}
		}
	}
	l.cache[user] = localeEntry{lang: lang, until: now.Add(ttl)}
}

// Remember records user's Slack locale as learned elsewhere (another users.info
// answer), so that no lookup of its own is needed.
func (l *Locales) Remember(user, locale string) {
	if l == nil || user == "" || locale == "" {
		return
	}
	l.remember(user, l.langOf(locale), l.ttl)
}
