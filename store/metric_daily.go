package store

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// MaxDailyDays bounds the days one DailySpend query may ask for: a year's period
// and the eight weeks before it that a projection learns from.
const MaxDailyDays = 366 + goalbot.ProfileDays

// DailySpend returns the spend of each day of each query's range: out[i][k] is the
// spend of campaign qs[i].Campaign on day qs[i].From+k (0 for a day without
// metrics), in the campaign's currency. It reads each month of a range as its days
// (one HMGET a month), all in one pipelined round trip, and decodes only the spend
// of each day. A range with To before From is empty; one longer than MaxDailyDays is
// an EINVALID error.
func (r *Redis) DailySpend(ctx context.Context, qs []goalbot.CampaignRange) ([][]goalbot.Micro, error) {
	out := make([][]goalbot.Micro, len(qs))
	type read struct {
		q, off int // the query, and the index of the month's first day in its range
		cmd    *redis.SliceCmd
	}
	var reads []read
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, q := range qs {
			if q.From.IsZero() || q.To.IsZero() {
				return goalbot.Invalid("errors.store.daily_dates", goalbot.Args{"Campaign": q.Campaign})
			}
			n := goalbot.Days(q.From, q.To)
			if n > MaxDailyDays {
				return goalbot.Invalid("errors.store.daily_days", goalbot.Args{"Campaign": q.Campaign, "Days": n, "Max": MaxDailyDays})
			}
			if n <= 0 {
				continue
			}
			out[i] = make([]goalbot.Micro, n)
			for d, off := q.From, 0; !d.After(q.To); {
				end := d.MonthEnd()
				if end.After(q.To) {
					end = q.To
				}
				key := r.monthKey(q.Campaign, d.Year, int(d.Month))
				reads = append(reads, read{i, off, p.HMGet(ctx, key, dayFields[d.Day:end.Day+1]...)})
				off += end.Day - d.Day + 1
				d = end.AddDays(1)
			}
		}
		return nil
	})
	if err != nil {
		if goalbot.ErrorCode(err) == goalbot.EINVALID {
			return nil, fmt.Errorf("read daily spend: %w", err)
		}
		return nil, wrap(err, "read the daily spend of %d ranges", len(qs))
	}
	for _, rd := range reads {
		for k, v := range rd.cmd.Val() {
			s, _ := v.(string)
			spend, err := decodeSpend(s)
			if err != nil {
				return nil, fmt.Errorf("read the daily spend of %s: %w", qs[rd.q].Campaign, err)
			}
			out[rd.q][rd.off+k] = spend
		}
	}
	return out, nil
}

// decodeSpend reads the spend of a day's compact form (see encodeTotals): its first
// quantity ("" is none).
func decodeSpend(s string) (goalbot.Micro, error) {
	if s == "" {
		return 0, nil
	}
	v, n := binary.Varint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
	if n <= 0 {
		return 0, fmt.Errorf("decode metrics %q: malformed", s)
	}
	return goalbot.Micro(v), nil
}
