package bot

import (
	"context"
	"sync"
	"time"
)

// MembersTTL is how long Members trusts a channel's member list.
const MembersTTL = 5 * time.Minute

// MemberLister lists a channel's members (Channels implements it).
type MemberLister interface {
	Members(ctx context.Context, channel string) ([]string, error)
}

// Members caches channel member lists for the App Home tab, which asks for the
// members of every subscribed channel on each publish (conversations.members is
// Tier 4 too). The cache only saves calls: a list older than its TTL is asked for
// again, and a failure is not cached.
type Members struct {
	src MemberLister
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	cache map[string]membersEntry
}

type membersEntry struct {
	list  []string
	until time.Time
}

// NewMembers returns a cache over src whose lists are kept for ttl (MembersTTL when 0).
func NewMembers(src MemberLister, ttl time.Duration) *Members {
	if ttl <= 0 {
		ttl = MembersTTL
	}
	return &Members{src: src, ttl: ttl, now: time.Now, cache: map[string]membersEntry{}}
}

// Members returns channel's members.
func (m *Members) Members(ctx context.Context, channel string) ([]string, error) {
	e, err := m.entry(ctx, channel)
	return e.list, err
}

func (m *Members) entry(ctx context.Context, channel string) (membersEntry, error) {
	now := m.now()
	m.mu.Lock()
	e, found := m.cache[channel]
	m.mu.Unlock()
	if found && now.Before(e.until) {
		return e, nil
	}
	list, err := m.src.Members(ctx, channel)
	if err != nil {
		return membersEntry{}, err
	}
	e = membersEntry{list: list, until: now.Add(m.ttl)}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cache[channel] = e
	return e, nil
}
