package store

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// RangeQuery asks for the metric totals of one campaign from one date to another,
// both included.
type RangeQuery = goalbot.CampaignRange

// SumRanges returns the totals of each query (zero when To is before From), in one
// pipelined round trip. Each range reads at most two partial months (their days) and
// the month totals of the months in between, so its cost does not grow with its
// length in days.
func (r *Redis) SumRanges(ctx context.Context, qs []RangeQuery) ([]goalbot.Totals, error) {
	out := make([]goalbot.Totals, len(qs))
	type read struct {
		q   int
		cmd *redis.SliceCmd
	}
	var reads []read
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, q := range qs {
			if q.From.IsZero() || q.To.IsZero() {
				return goalbot.Invalid("errors.store.sum_dates", goalbot.Args{"Campaign": q.Campaign})
			}
			for _, piece := range monthPieces(q.From, q.To) {
				reads = append(reads, read{i, p.HMGet(ctx, r.keys.metricMonth(q.Campaign, piece.year, piece.month), piece.fields...)})
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "sum metrics of %d ranges", len(qs))
	}
	for _, rd := range reads {
		for _, v := range rd.cmd.Val() {
			t, err := decodeAny(v)
			if err != nil {
				return nil, fmt.Errorf("sum metrics of %s: %w", qs[rd.q].Campaign, err)
			}
			out[rd.q].Add(t)
		}
	}
	return out, nil
}

// monthPiece is what a range reads of one month: its total, or some of its days.
type monthPiece struct {
	year, month int
	fields      []string
}

// monthPieces splits from…to into months: a month the range covers whole reads its
// total, the first and last months their days in the range.
func monthPieces(from, to goalbot.Date) []monthPiece {
	if from.After(to) {
		return nil
	}
	var out []monthPiece
	for m := (goalbot.Date{Year: from.Year, Month: from.Month, Day: 1}); !m.After(to); m = m.AddMonths(1) {
		last := m.AddMonths(1).AddDays(-1)
		first, end := 1, last.Day
		if from.After(m) {
			first = from.Day
		}
		if to.Before(last) {
			end = to.Day
		}
		p := monthPiece{year: m.Year, month: int(m.Month)}
		if first == 1 && end == last.Day {
			p.fields = []string{monthTotalField}
		} else {
			for d := first; d <= end; d++ {
				p.fields = append(p.fields, dayFields[d])
			}
		}
		out = append(out, p)
	}
	return out
}
