package store

import (
	"context"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// RangeQuery asks for the metric totals of one campaign from one date to another,
// both included.
type RangeQuery = goalbot.CampaignRange

// SumRanges returns the totals of each query (zero when To is before From), in one
// pipelined round trip: one HMGET for each month a range touches, of the month's
// total when the range covers it whole and of its days otherwise, so that a range's
// cost does not grow with its length in days. The engine splits its ranges into
// months, so that the goals of a campaign share them.
func (r *Redis) SumRanges(ctx context.Context, qs []RangeQuery) ([]goalbot.Totals, error) {
	out := make([]goalbot.Totals, len(qs))
	type read struct {
		q   int
		cmd *redis.SliceCmd
	}
	reads := make([]read, 0, len(qs))
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, q := range qs {
			if q.From.IsZero() || q.To.IsZero() {
				return goalbot.Invalid("errors.store.sum_dates", goalbot.Args{"Campaign": q.Campaign})
			}
			eachMonth(q.From, q.To, func(year int, month time.Month, first, last int) {
				fields := dayFields[first : last+1]
				if first == 1 && last == goalbot.DaysIn(year, month) {
					fields = totalFields
				}
				reads = append(reads, read{i, p.HMGet(ctx, r.keys.metricMonth(q.Campaign, year, int(month)), fields...)})
			})
		}
		return nil
	})
	if err != nil {
		if goalbot.ErrorCode(err) == goalbot.EINVALID {
			return nil, fmt.Errorf("sum metrics: %w", err)
		}
		return nil, wrap(err, "sum metrics of %d ranges", len(qs))
	}
	for _, rd := range reads {
		for _, v := range rd.cmd.Val() {
			if v == nil {
				continue
			}
			t, err := decodeAny(v)
			if err != nil {
				return nil, fmt.Errorf("sum metrics of %s: %w", qs[rd.q].Campaign, err)
			}
			out[rd.q].Add(t)
		}
	}
	return out, nil
}

// totalFields is the field list that reads a month's total.
var totalFields = []string{monthTotalField}
