package store

import (
	"context"
	"errors"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// The frozen clock replicas share (GOALBOT_NOW). Its key:
//
//	clock                       string  the frozen instant, unix ns

// advanceClockScript moves the kept frozen instant forward. KEYS: clock. ARGV: the
// instant (unix ns, positive, no leading zeros). Returns the instant kept afterwards;
// it never moves back. The instants are compared as decimal strings (longer is later,
// then digit by digit): Lua's numbers are doubles, which hold neither nanoseconds
// exactly nor print them back as digits.
var advanceClockScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
local t = ARGV[1]
if not cur or #t > #cur or (#t == #cur and t >= cur) then
  redis.call('SET', KEYS[1], t)
  return t
end
return cur
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
		return kept, goalbot.Invalid("errors.clock.back", goalbot.Args{"Now": kept.UTC().Format(time.RFC3339), "To": t.UTC().Format(time.RFC3339)})
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
