package store

import (
	"context"
	"errors"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// advanceClockScript moves the kept frozen instant forward. KEYS: clock. ARGV: the
// instant (unix ns). Returns the instant kept afterwards; it never moves back.
// The kept string is returned as it is: Redis's Lua prints a number this large in
// exponent form (tostring(1.7731476e+18)).
var advanceClockScript = redis.NewScript(`
local kept = redis.call('GET', KEYS[1])
if tonumber(ARGV[1]) >= tonumber(kept or '0') then
  redis.call('SET', KEYS[1], ARGV[1])
  return ARGV[1]
end
return kept
`)

// AdvanceClock keeps t as the frozen instant that every replica shares (GOALBOT_NOW)
// unless a later one is kept, and returns the instant kept now. t earlier than the
// kept instant is an EINVALID error that names both.
func (r *Redis) AdvanceClock(ctx context.Context, t time.Time) (time.Time, error) {
	s, err := advanceClockScript.Run(ctx, r.client, []string{r.keys.base + "clock"}, t.UnixNano()).Text()
	if err != nil {
		return time.Time{}, wrap(err, "keep the frozen clock")
	}
	kept, err := parseUnixNano(s)
	if err != nil {
		return time.Time{}, err
	}
	if kept.After(t) {
		return kept, goalbot.Errorf(goalbot.EINVALID, "the clock is at %s; it cannot move back to %s",
			kept.UTC().Format(time.RFC3339), t.UTC().Format(time.RFC3339))
	}
	return kept, nil
}

// KeptClock returns the frozen instant replicas share, and false when none is kept.
func (r *Redis) KeptClock(ctx context.Context) (time.Time, bool, error) {
	s, err := r.client.Get(ctx, r.keys.base+"clock").Result()
	if errors.Is(err, redis.Nil) {
		return time.Time{}, false, nil
	} else if err != nil {
		return time.Time{}, false, wrap(err, "load the frozen clock")
	}
	t, err := parseUnixNano(s)
	return t, err == nil, err
}

func parseUnixNano(s string) (time.Time, error) {
	var ns int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return time.Time{}, errors.New("the kept clock is not a number: " + s)
		}
		ns = ns*10 + int64(c-'0')
	}
	return time.Unix(0, ns).UTC(), nil
}
