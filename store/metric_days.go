package store

import (
	"context"
	"fmt"

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
	type read struct {
		q, offset int // the range, and the index of the read's first day in it
		cmd       *redis.SliceCmd
	}
	var reads []read
	for i, q := range qs {
		if q.From.IsZero() || q.To.IsZero() {
			return nil, goalbot.Invalid("charts.error.range_dates", nil)
		}
		n := q.From.DaysUntil(q.To) + 1
		if n > goalbot.MaxRangeDays {
			return nil, goalbot.Invalid("charts.error.range_days", goalbot.Args{"From": q.From.String(), "To": q.To.String(), "Days": n, "Max": goalbot.MaxRangeDays})
		}
		out[i] = make([]goalbot.Totals, max(0, n))
	}
	if len(qs) == 0 {
		return out, nil
	}
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, q := range qs {
			for _, m := range dayPieces(q.From, q.To) {
				for _, c := range q.Campaigns {
					cmd := p.HMGet(ctx, r.keys.metricMonth(c, m.year, m.month), dayFields[m.first:m.last+1]...)
					reads = append(reads, read{i, m.offset, cmd})
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "read the daily metrics of %d ranges", len(qs))
	}
	for _, rd := range reads {
		days := out[rd.q]
		for j, v := range rd.cmd.Val() {
			if v == nil {
				continue
			}
			t, err := decodeAny(v)
			if err != nil {
				return nil, fmt.Errorf("read the daily metrics of %s: %w", rd.cmd.Args()[1], err)
			}
			days[rd.offset+j].Add(t)
		}
	}
	return out, nil
}

// dayPiece is the days of one month that a range reads: first to last (days of the
// month), the first of them at offset in the range.
type dayPiece struct {
	year, month int
	first, last int
	offset      int
}

// dayPieces splits from…to into its months' days.
func dayPieces(from, to goalbot.Date) []dayPiece {
	var out []dayPiece
	for d := from; !d.After(to); {
		end := d.MonthEnd()
		if to.Before(end) {
			end = to
		}
		out = append(out, dayPiece{year: d.Year, month: int(d.Month), first: d.Day, last: end.Day, offset: from.DaysUntil(d)})
		d = end.AddDays(1)
	}
	return out
}
