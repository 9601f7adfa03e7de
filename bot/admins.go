package bot

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// AdminTTL is how long Admins trusts what users.info said about a user.
const AdminTTL = 5 * time.Minute

// Admins tells whether a Slack user is a workspace admin or owner, from users.info
// (is_admin, is_owner), cached for a TTL (commands.WorkspaceAdmins). The cache only
// saves calls: any replica asks Slack again when its entry is missing or old.
type Admins struct {
	api *slack.Client
	ttl time.Duration
	now func() time.Time
	// Locales, when set, learns the locale of every user users.info tells of, so
	// that their language needs no lookup of its own.
	Locales *Locales

	mu    sync.Mutex
	cache map[string]adminEntry
}

type adminEntry struct {
	admin bool
	until time.Time
}

// NewAdmins returns an admin checker on api whose answers are kept for ttl (AdminTTL
// when 0).
func NewAdmins(api *slack.Client, ttl time.Duration) *Admins {
	if ttl <= 0 {
		ttl = AdminTTL
	}
	return &Admins{api: api, ttl: ttl, now: time.Now, cache: map[string]adminEntry{}}
}

// IsWorkspaceAdmin reports whether userID is a workspace admin or owner. An unknown
// user is not one.
func (a *Admins) IsWorkspaceAdmin(ctx context.Context, userID string) (bool, error) {
	now := a.now()
	a.mu.Lock()
	e, found := a.cache[userID]
	a.mu.Unlock()
	if found && now.Before(e.until) {
		return e.admin, nil
	}
	u, err := a.api.GetUserInfoContext(ctx, userID)
	switch {
	case slackCode(err) == "user_not_found":
		return false, nil
	case err != nil:
		return false, fmt.Errorf("ask slack whether %s is an admin: %w", userID, err)
	}
	admin := (u.IsAdmin || u.IsOwner || u.IsPrimaryOwner) && !u.Deleted
	a.Locales.Remember(userID, u.Locale)
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.cache) > 10000 { // forget the expired entries of a big workspace
		for id, old := range a.cache {
			if !now.Before(old.until) {
				delete(a.cache, id)
			}
		}
	}
	a.cache[userID] = adminEntry{admin: admin, until: now.Add(a.ttl)}
	return admin, nil
}
