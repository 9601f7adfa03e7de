package store

import (
	"context"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// loadMonthScript writes a campaign's month of metrics, days and total, unless the
// month holds metrics already. KEYS: month. ARGV: field and value pairs. Returns 1
// when written, 0 when the month existed.
var loadMonthScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`)

// LoadMetrics writes rows of campaign months that hold no metrics yet, without
// reading anything first: each month's days and total in one write, many months per
// pipelined round trip, and at as each campaign's last accepted row. It is for
// filling a store fast (benchmarks, demos) and does not touch the catalog. A month
// that already holds metrics is left as it was and reported in an EINVALID error
// (the other months are written); within rows a later row for a day wins.
func (r *Redis) LoadMetrics(ctx context.Context, rows []goalbot.Metric, at time.Time) error {
	var months []monthOf
	days := map[monthOf]map[int]goalbot.Totals{}
	var campaigns []any
	seen := map[string]bool{}
	for i, row := range rows {
		if row.CampaignID == "" || row.Date.Day < 1 || row.Date.Day > 31 {
			return fmt.Errorf("load metrics: row %d needs a campaign id and a date", i+1)
		}
		m := monthOf{row.CampaignID, row.Date.Year, int(row.Date.Month)}
		if days[m] == nil {
			months = append(months, m)
			days[m] = map[int]goalbot.Totals{}
		}
		days[m][row.Date.Day] = row.Totals
		if !seen[row.CampaignID] {
			seen[row.CampaignID] = true
			campaigns = append(campaigns, row.CampaignID, at.UnixMilli())
		}
	}
	if err := loadMonthScript.Load(ctx, r.client).Err(); err != nil {
		return wrap(err, "load metrics: load script")
	}
	var existed []string
	for done := 0; done < len(months); done += bulkChunk {
		chunk := months[done:min(done+bulkChunk, len(months))]
		cmds := make([]*redis.Cmd, len(chunk))
		_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, m := range chunk {
				var total goalbot.Totals
				args := make([]any, 0, 2*len(days[m])+2)
				for d, t := range days[m] {
					total.Add(t)
					args = append(args, dayFields[d], encodeTotals(t))
				}
				args = append(args, monthTotalField, encodeTotals(total))
				cmds[i] = p.EvalSha(ctx, loadMonthScript.Hash(), []string{r.keys.metricMonth(m.campaign, m.year, m.month)}, args...)
			}
			return nil
		})
		if err != nil {
			return wrap(err, "load metrics of %d months", len(chunk))
		}
		for i, c := range cmds {
			if n, _ := c.Int64(); n == 0 {
				existed = append(existed, fmt.Sprintf("%s %s", chunk[i].campaign, yyyymm(chunk[i].year, chunk[i].month)))
			}
		}
	}
	if len(campaigns) > 0 {
		if err := r.client.HSet(ctx, r.keys.metricLast(), campaigns...).Err(); err != nil {
			return wrap(err, "load metrics: last rows of %d campaigns", len(campaigns)/2)
		}
	}
	if len(existed) > 0 {
		return goalbot.Invalid("errors.store.months_loaded", goalbot.Args{"Count": len(existed), "Months": goalbot.SomeOf(existed, 5)})
	}
	return nil
}
