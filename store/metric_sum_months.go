package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// SumMonthPieces returns the totals of each query, as SumRanges does, for queries
// that each lie within one month (the engine splits its ranges so, to share them):
// one HMGET a query (the month's total when it covers the whole month), all in one
// pipelined round trip. A query that spans months is an EINVALID error.
func (r *Redis) SumMonthPieces(ctx context.Context, qs []goalbot.CampaignRange) ([]goalbot.Totals, error) {
	out := make([]goalbot.Totals, len(qs))
	if len(qs) == 0 {
		return out, nil
	}
	cmds := make([]*redis.SliceCmd, len(qs))
	var fields []string // the day fields of every query, in one allocation
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, q := range qs {
			if q.From.IsZero() || q.To.IsZero() || q.From.Year != q.To.Year || q.From.Month != q.To.Month || q.To.Day < q.From.Day {
				return goalbot.Invalid("errors.store.sum_month", goalbot.Args{"Campaign": q.Campaign, "From": q.From, "To": q.To})
			}
			key := r.monthKey(q.Campaign, q.From.Year, int(q.From.Month))
			if q.From.Day == 1 && q.To.Day == daysInMonth(q.To.Year, int(q.To.Month)) {
				cmds[i] = p.HMGet(ctx, key, monthTotalField)
				continue
			}
			if cap(fields)-len(fields) < q.To.Day-q.From.Day+1 {
				fields = make([]string, 0, max(256, q.To.Day-q.From.Day+1))
			}
			start := len(fields)
			fields = append(fields, dayFields[q.From.Day:q.To.Day+1]...)
			cmds[i] = p.HMGet(ctx, key, fields[start:]...)
		}
		return nil
	})
	if err != nil {
		if goalbot.ErrorCode(err) == goalbot.EINVALID {
			return nil, fmt.Errorf("sum metrics: %w", err)
		}
		return nil, wrap(err, "sum metrics of %d month pieces", len(qs))
	}
	for i, c := range cmds {
		for _, v := range c.Val() {
			if v == nil {
				continue
			}
			t, err := decodeAny(v)
			if err != nil {
				return nil, fmt.Errorf("sum metrics of %s: %w", qs[i].Campaign, err)
			}
			out[i].Add(t)
		}
	}
	return out, nil
}

// monthKey is keys.metricMonth without fmt, which the engine's reads call hundreds
// of thousands of times a pass (a test checks that they agree).
func (r *Redis) monthKey(campaign string, year, month int) string {
	b := make([]byte, 0, len(r.keys.base)+len("metric:")+len(campaign)+8)
	b = append(b, r.keys.base...)
	b = append(b, "metric:"...)
	b = append(b, campaign...)
	b = append(b, ':')
	for p := 1000; p > 1 && year >= 0 && year < p; p /= 10 {
		b = append(b, '0') // %04d
	}
	b = strconv.AppendInt(b, int64(year), 10)
	if month < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(month), 10)
	return string(b)
}

// daysInMonth returns the number of days of a month.
func daysInMonth(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
