package store

import (
	"context"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// DailyTotals returns, for each range, its campaigns' totals day by day: out[i][d]
// holds day qs[i].From+d, summed over the campaigns (zero for a day without
// metrics; an empty slice when To is before From). It reads in one pipelined round
// trip one HMGET of each campaign's days in each month a range touches, so its work
// is the range's days times its campaigns. A range without both dates, or longer than
// goalbot.MaxRangeDays, is an EINVALID error.
func (r *Redis) DailyTotals(ctx context.Context, qs []goalbot.DaysRange) ([][]goalbot.Totals, error) {
	out := make([][]goalbot.Totals, len(qs))
	err := r.eachDay(ctx, qs, func(q, n int) { out[q] = make([]goalbot.Totals, n) },
		func(q, d int, t *goalbot.Totals) { out[q][d].Add(*t) })
	return out, err
}

// DailySpend is DailyTotals with only the spend of each day (a budget's projection
// reads nothing else, for many campaigns a pass: it keeps 8 bytes a day, not 88).
func (r *Redis) DailySpend(ctx context.Context, qs []goalbot.DaysRange) ([][]goalbot.Micro, error) {
	out := make([][]goalbot.Micro, len(qs))
	err := r.eachDay(ctx, qs, func(q, n int) { out[q] = make([]goalbot.Micro, n) },
		func(q, d int, t *goalbot.Totals) { out[q][d] = out[q][d].Plus(t.Spend) })
	return out, err
}

// eachDay reads the days of qs as DailyTotals describes: it calls size with each
// range's days once they are checked, then add with each stored day's totals of
// each campaign (d: the day's index in range q).
func (r *Redis) eachDay(ctx context.Context, qs []goalbot.DaysRange, size func(q, n int), add func(q, d int, t *goalbot.Totals)) error {
	type read struct {
		q, offset int // the range, and the index of the read's first day in it
		cmd       *redis.SliceCmd
	}
	var reads []read
	for i, q := range qs {
		if q.From.IsZero() || q.To.IsZero() {
			return goalbot.Invalid("charts.error.range_dates", nil)
		}
		n := q.From.DaysUntil(q.To) + 1
		if n > goalbot.MaxRangeDays {
			return goalbot.Invalid("charts.error.range_days", goalbot.Args{"From": q.From.String(), "To": q.To.String(), "Days": n, "Max": goalbot.MaxRangeDays})
		}
		size(i, max(0, n))
	}
	if len(qs) == 0 {
		return nil
	}
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, q := range qs {
			offset := 0
			eachMonth(q.From, q.To, func(year int, month time.Month, first, last int) {
				for _, c := range q.Campaigns {
					cmd := p.HMGet(ctx, r.keys.metricMonth(c, year, int(month)), dayFields[first:last+1]...)
					reads = append(reads, read{i, offset, cmd})
				}
				offset += last - first + 1
			})
		}
		return nil
	})
	if err != nil {
		return wrap(err, "read the daily metrics of %d ranges", len(qs))
	}
	for _, rd := range reads {
		for j, v := range rd.cmd.Val() {
			if v == nil {
				continue
			}
			t, err := decodeAny(v)
			if err != nil {
				return fmt.Errorf("read the daily metrics of %s: %w", rd.cmd.Args()[1], err)
			}
			add(rd.q, rd.offset+j, &t)
		}
	}
	return nil
}

// eachMonth calls f with each month that from…to touches, in order, and the first
// and last of its days in the range (never when to is before from). It works out the
// months without time.Time: the engine sums hundreds of thousands of ranges a pass.
func eachMonth(from, to goalbot.Date, f func(year int, month time.Month, first, last int)) {
	y, m, first := from.Year, from.Month, from.Day
	for y < to.Year || y == to.Year && m <= to.Month {
		last := goalbot.DaysIn(y, m)
		if y == to.Year && m == to.Month {
			last = min(last, to.Day)
		}
		if first <= last {
			f(y, m, first, last)
		}
		y, m, first = y+int(m)/12, m%12+1, 1
	}
}
