package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// Subscriptions (subscription.go): which channels get which alerts. Its keys:
//
//	seq:sub                     string  last subscription number (INCR; never reused)
//	sub:<id>                    hash    body: the subscription as JSON; ch: channel; failure
//	subs                        zset    every subscription, score = its number
//	subs:channel:<channel>      set     subscriptions of a channel

func (k keys) subSeq() string               { return k.base + "seq:sub" }
func (k keys) sub(id string) string         { return k.base + "sub:" + id }
func (k keys) subs() string                 { return k.base + "subs" }
func (k keys) subsChannel(ch string) string { return k.base + "subs:channel:" + ch }

// The fields of a subscription's hash (sub:<id>).
const (
	fieldChannel = "ch"      // the channel, for the per-channel set
	fieldFailure = "failure" // why alerts can no longer be delivered
)

// deleteSubscriptionScript removes a subscription. KEYS: sub, subs. ARGV: base, id.
// Returns 1, or 0 when there is no such subscription.
var deleteSubscriptionScript = redis.NewScript(`
local ch = redis.call('HGET', KEYS[1], 'ch')
if not ch then return 0 end
redis.call('SREM', ARGV[1] .. 'subs:channel:' .. ch, ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[1])
return 1
`)

// setFailureScript records a subscription's failure if it exists. KEYS: sub. ARGV:
// reason. Returns 1, or 0 when there is no such subscription.
var setFailureScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'failure', ARGV[1])
return 1
`)

// CreateSubscription stores a new subscription and sets s.ID (S<n>, never reused).
func (r *Redis) CreateSubscription(ctx context.Context, s *goalbot.Subscription) error {
	if s.Channel == "" {
		return goalbot.Invalid("errors.store.subscription_channel", nil)
	}
	n, err := r.client.Incr(ctx, r.keys.subSeq()).Result()
	if err != nil {
		return wrap(err, "create subscription")
	}
	c := *s
	c.ID = "S" + strconv.FormatInt(n, 10)
	body, err := json.Marshal(&c)
	if err != nil {
		return fmt.Errorf("create subscription: encode: %w", err)
	}
	_, err = r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, r.keys.sub(c.ID), fieldBody, body, fieldChannel, c.Channel, fieldFailure, c.Failure)
		p.ZAdd(ctx, r.keys.subs(), redis.Z{Score: float64(n), Member: c.ID})
		p.SAdd(ctx, r.keys.subsChannel(c.Channel), c.ID)
		return nil
	})
	if err != nil {
		return wrap(err, "create subscription %s", c.ID)
	}
	s.ID = c.ID
	return nil
}

// Subscription returns subscription id, or an ENOTFOUND error.
func (r *Redis) Subscription(ctx context.Context, id string) (*goalbot.Subscription, error) {
	subs, err := r.subscriptions(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("load subscription: %w", notFound("errors.store.missing_subscription", id))
	}
	return subs[0], nil
}

// DeleteSubscription removes subscription id (ENOTFOUND when there is none).
func (r *Redis) DeleteSubscription(ctx context.Context, id string) error {
	n, err := deleteSubscriptionScript.Run(ctx, r.client, []string{r.keys.sub(id), r.keys.subs()}, r.keys.base, id).Int64()
	if err != nil {
		return wrap(err, "delete subscription %s", id)
	}
	if n == 0 {
		return fmt.Errorf("delete subscription: %w", notFound("errors.store.missing_subscription", id))
	}
	return nil
}

// SubscriptionsByChannel returns the subscriptions of channel ch, ordered by number.
func (r *Redis) SubscriptionsByChannel(ctx context.Context, ch string) ([]*goalbot.Subscription, error) {
	ids, err := r.client.SMembers(ctx, r.keys.subsChannel(ch)).Result()
	if err != nil {
		return nil, wrap(err, "list subscriptions of %s", ch)
	}
	sortIDs(ids)
	return r.subscriptions(ctx, ids)
}

// Subscriptions returns every subscription, ordered by number.
func (r *Redis) Subscriptions(ctx context.Context) ([]*goalbot.Subscription, error) {
	ids, err := r.client.ZRange(ctx, r.keys.subs(), 0, -1).Result()
	if err != nil {
		return nil, wrap(err, "list subscriptions")
	}
	return r.subscriptions(ctx, ids)
}

// SetSubscriptionFailure records why alerts to the subscription's channel can no
// longer be delivered ("" clears it).
func (r *Redis) SetSubscriptionFailure(ctx context.Context, id, reason string) error {
	n, err := setFailureScript.Run(ctx, r.client, []string{r.keys.sub(id)}, reason).Int64()
	if err != nil {
		return wrap(err, "record failure of subscription %s", id)
	}
	if n == 0 {
		return fmt.Errorf("record subscription failure: %w", notFound("errors.store.missing_subscription", id))
	}
	return nil
}

// subscriptions reads the subscriptions with these ids that exist, in order.
func (r *Redis) subscriptions(ctx context.Context, ids []string) ([]*goalbot.Subscription, error) {
	cmds := make([]*redis.SliceCmd, len(ids))
	if len(ids) > 0 {
		_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, id := range ids {
				cmds[i] = p.HMGet(ctx, r.keys.sub(id), fieldBody, fieldFailure)
			}
			return nil
		})
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, wrap(err, "load %d subscriptions", len(ids))
		}
	}
	out := make([]*goalbot.Subscription, 0, len(ids))
	for i, c := range cmds {
		vals := c.Val()
		body, ok := vals[0].(string)
		if !ok {
			continue
		}
		s := new(goalbot.Subscription)
		if err := json.Unmarshal([]byte(body), s); err != nil {
			return nil, fmt.Errorf("load subscription %s: decode: %w", ids[i], err)
		}
		s.ID = ids[i]
		s.Failure, _ = vals[1].(string)
		out = append(out, s)
	}
	return out, nil
}
