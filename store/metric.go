package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// Metrics and sums (metric*.go): daily metrics by campaign and month, laid out for
// range sums. Its keys:
//
//	metric:<campaign>:<yyyymm>  hash    "1".."31": one day's metrics; "t": the month's totals
//	                                    (each a compact string of zig-zag varints, metric_codec.go)
//	metric:last                 hash    campaign → when its last row was accepted (unix ms)
//
// An ingest is one checked write (metric_checked_write.go) of its days (the whole
// row, or only its ad or its CRM quantities: UpsertMetricFields), the month totals
// changed by the difference, the last-row times and the catalog entries its
// rows bring: the write goes through only if every field it replaces still holds what
// was read, so that ingests of different campaigns never hold each other up. A
// range reads its first and last months' days and the totals of the months between
// (HMGET, one pipelined round trip for any number of ranges).

// metricMonth is built without fmt: the engine's reads build hundreds of thousands of
// these keys a pass.
func (k keys) metricMonth(campaign string, year int, month int) string {
	b := make([]byte, 0, len(k.base)+len("metric:")+len(campaign)+8)
	b = append(b, k.base...)
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
func (k keys) metricLast() string { return k.base + "metric:last" }

// monthTotalField is the field of a campaign's month hash that holds the month's
// totals; the days are fields "1" to "31".
const monthTotalField = "t"

// dayFields are the field names of the days of a month.
var dayFields = func() [32]string {
	var f [32]string
	for d := 1; d <= 31; d++ {
		f[d] = strconv.Itoa(d)
	}
	return f
}()

// monthOf names one campaign's month of metrics.
type monthOf struct {
	campaign    string
	year, month int
}

// UpsertMetrics applies rows atomically: each row replaces the earlier one for its
// (campaign, date), and its campaign's month totals change by the difference; within
// rows a later row for the same key wins. The rows also update the catalog (their
// accounts and campaigns) and the time of the last accepted row of each campaign, at.
// A row whose campaign belongs to another account in the catalog, or whose currency
// is not its account's (as the catalog knows it, or as an earlier row of rows says),
// is an EINVALID error and nothing is applied; a currency error names the row
// (counted from 1 in rows) in its field error. It is a checked write (see
// metric_checked_write.go): ingests of different campaigns do not hold each other up.
func (r *Redis) UpsertMetrics(ctx context.Context, rows []goalbot.Metric, at time.Time) error {
	return r.UpsertMetricFields(ctx, rows, goalbot.AllFields, at)
}

// UpsertMetricFields is UpsertMetrics for the quantities of fields alone: each row
// replaces those of its (campaign, date) and keeps the others as stored (an ad
// network's pull keeps the CRM's contacts of the same day, and the CRM's pull keeps
// the network's spend), in the same one atomic write.
func (r *Redis) UpsertMetricFields(ctx context.Context, rows []goalbot.Metric, fields goalbot.Fields, at time.Time) error {
	if len(rows) == 0 {
		return nil
	}
	accounts, firstRows, campaigns, err := catalogOfRows(rows)
	if err != nil {
		return fmt.Errorf("upsert metrics: %w", err)
	}
	var months []monthOf
	days := map[monthOf][]string{}
	for _, row := range rows {
		m := monthOf{row.CampaignID, row.Date.Year, int(row.Date.Month)}
		if _, ok := days[m]; !ok {
			months = append(months, m)
		}
		days[m] = append(days[m], dayFields[row.Date.Day])
	}
	err = r.writeChecked(ctx, func(ctx context.Context) (*checkedWrite, error) {
		return r.metricsWrite(ctx, rows, fields, at, months, days, accounts, firstRows, campaigns)
	})
	return wrap(err, "upsert %d metric rows", len(rows))
}

// metricsWrite reads what rows replace and returns the write of the new days, month
// totals, last-row times and catalog entries.
func (r *Redis) metricsWrite(ctx context.Context, rows []goalbot.Metric, fields goalbot.Fields, at time.Time,
	months []monthOf, days map[monthOf][]string, accounts []Account, firstRows []int, campaigns []Campaign) (*checkedWrite, error) {
	reads := make(map[monthOf]*redis.SliceCmd, len(months))
	campaignIDs := make([]string, len(campaigns))
	for i, c := range campaigns {
		campaignIDs[i] = c.ID
	}
	var last *redis.SliceCmd
	var cat *catalogRead
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, m := range months {
			reads[m] = p.HMGet(ctx, r.keys.metricMonth(m.campaign, m.year, m.month), append([]string{monthTotalField}, days[m]...)...)
		}
		last = p.HMGet(ctx, r.keys.metricLast(), campaignIDs...)
		cat = r.readCatalog(ctx, p, accounts, campaigns)
		return nil
	})
	if err != nil {
		return nil, err
	}
	w := &checkedWrite{}
	var cc *currencyChange
	if err := cat.merge(w, r.keys, accounts, campaigns); errors.As(err, &cc) {
		return nil, rowCurrencyError(firstRows[cc.Index], 0, cc.Account, cc.Known, cc.Got)
	} else if err != nil {
		return nil, err
	}
	state, err := monthStates(months, days, reads)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		s := state[monthOf{row.CampaignID, row.Date.Year, int(row.Date.Month)}]
		d := s.days[row.Date.Day]
		day := fields.Merge(d.totals, row.Totals)
		s.total.Sub(d.totals)
		s.total.Add(day)
		d.totals = day
	}
	for _, m := range months {
		s, key := state[m], r.keys.metricMonth(m.campaign, m.year, m.month)
		w.set(key, monthTotalField, s.read, encodeTotals(s.total))
		for day, d := range s.days {
			w.set(key, dayFields[day], d.read, encodeTotals(d.totals))
		}
	}
	for i, id := range campaignIDs {
		prev := raw(last.Val()[i])
		if ms, _ := strconv.ParseInt(prev, 10, 64); at.UnixMilli() > ms {
			w.set(r.keys.metricLast(), id, prev, at.UnixMilli())
		}
	}
	return w, nil
}

// monthState is one campaign's month as an upsert changes it: its total and the days
// the upsert touches, each with the value read.
type monthState struct {
	total goalbot.Totals
	read  string
	days  map[int]*dayState
}

// dayState is one day of a monthState.
type dayState struct {
	totals goalbot.Totals
	read   string
}

// monthStates decodes what the upsert read: each month's total and touched days.
func monthStates(months []monthOf, days map[monthOf][]string, reads map[monthOf]*redis.SliceCmd) (map[monthOf]*monthState, error) {
	out := make(map[monthOf]*monthState, len(months))
	for _, m := range months {
		vals := reads[m].Val()
		s := &monthState{read: raw(vals[0]), days: map[int]*dayState{}}
		var err error
		if s.total, err = decodeTotals(s.read); err != nil {
			return nil, err
		}
		for i, f := range days[m] {
			d, _ := strconv.Atoi(f)
			st := &dayState{read: raw(vals[i+1])}
			if st.totals, err = decodeTotals(st.read); err != nil {
				return nil, err
			}
			s.days[d] = st
		}
		out[m] = s
	}
	return out, nil
}

// decodeAny decodes totals as HMGET returns them (nil: zero).
func decodeAny(v any) (goalbot.Totals, error) {
	s, _ := v.(string)
	return decodeTotals(s)
}

// catalogOfRows returns the accounts that rows name with the first row (from 1) of
// each, and the campaigns, checking that each row names a campaign, an account and a
// date, that no campaign appears under two accounts and no account in two currencies.
func catalogOfRows(rows []goalbot.Metric) ([]Account, []int, []Campaign, error) {
	var accounts []Account
	var firstRows []int
	var campaigns []Campaign
	acc, camp := map[string]int{}, map[string]int{}
	for i, row := range rows {
		if row.CampaignID == "" || row.AccountID == "" || row.Date.IsZero() || row.Date.Day < 1 || row.Date.Day > 31 {
			return nil, nil, nil, goalbot.Invalid("errors.store.row_ids", goalbot.Args{"Row": i + 1})
		}
		a := Account{ID: row.AccountID, Name: row.AccountName, Network: row.Network, Currency: row.Currency}
		if j, ok := acc[a.ID]; ok {
			if known := accounts[j].Currency; known != "" && a.Currency != "" && known != a.Currency {
				return nil, nil, nil, rowCurrencyError(i+1, firstRows[j], a.ID, known, a.Currency)
			}
			accounts[j] = mergeAccount(accounts[j], a)
		} else {
			acc[a.ID] = len(accounts)
			accounts = append(accounts, a)
			firstRows = append(firstRows, i+1)
		}
		c := Campaign{ID: row.CampaignID, Name: row.CampaignName, AccountID: row.AccountID}
		if j, ok := camp[c.ID]; ok {
			if campaigns[j].AccountID != c.AccountID {
				return nil, nil, nil, movedError(c.ID, campaigns[j].AccountID, c.AccountID)
			}
			campaigns[j] = mergeCampaign(campaigns[j], c)
		} else {
			camp[c.ID] = len(campaigns)
			campaigns = append(campaigns, c)
		}
	}
	return accounts, firstRows, campaigns, nil
}

// LastMetricAt returns, for each of these campaigns that ever had an accepted row,
// when its last row was accepted.
func (r *Redis) LastMetricAt(ctx context.Context, campaigns []string) (map[string]time.Time, error) {
	out := make(map[string]time.Time, len(campaigns))
	if len(campaigns) == 0 {
		return out, nil
	}
	vals, err := r.client.HMGet(ctx, r.keys.metricLast(), campaigns...).Result()
	if err != nil {
		return nil, wrap(err, "load last metric times")
	}
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue
		}
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("load last metric time of %s: %q is not a number: %w", campaigns[i], s, err)
		}
		out[campaigns[i]] = time.UnixMilli(ms)
	}
	return out, nil
}
