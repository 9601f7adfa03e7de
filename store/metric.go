package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

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

// UpsertMetrics applies rows in one atomic transaction: each row replaces the earlier
// one for its (campaign, date), and its campaign's month totals change by the
// difference; within rows a later row for the same key wins. The rows also update the
// catalog (their accounts and campaigns) and the time of the last accepted row of
// each campaign, at. A row whose campaign belongs to another account in the catalog,
// or whose currency is not its account's (as the catalog knows it, or as an earlier
// row of rows says), is an EINVALID error and nothing is applied; a currency error
// names the row (counted from 1 in rows) in its field error.
func (r *Redis) UpsertMetrics(ctx context.Context, rows []goalbot.Metric, at time.Time) error {
	return r.UpsertMetricFields(ctx, rows, goalbot.AllFields, at)
}

// UpsertMetricFields is UpsertMetrics for the quantities of fields alone: each row
// replaces those of its (campaign, date) and keeps the others as stored (an ad
// network's pull keeps the CRM's contacts of the same day, and the CRM's pull keeps
// the network's spend), in the same one atomic transaction.
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
	watched := []string{r.keys.catalog(kindAccounts), r.keys.catalog(kindCampaigns), r.keys.metricLast()}
	for _, m := range months {
		watched = append(watched, r.keys.metricMonth(m.campaign, m.year, m.month))
	}
	err = r.watch(ctx, func(tx *redis.Tx) error {
		return r.upsertMetricsTx(ctx, tx, rows, fields, at, months, days, accounts, firstRows, campaigns)
	}, watched...)
	if err != nil {
		return wrap(err, "upsert %d metric rows", len(rows))
	}
	return nil
}

// upsertMetricsTx reads what rows replace, then writes the new days, month totals,
// last-row times and catalog entries in one MULTI/EXEC.
func (r *Redis) upsertMetricsTx(ctx context.Context, tx *redis.Tx, rows []goalbot.Metric, fields goalbot.Fields, at time.Time,
	months []monthOf, days map[monthOf][]string, accounts []Account, firstRows []int, campaigns []Campaign) error {
	reads := make(map[monthOf]*redis.SliceCmd, len(months))
	campaignIDs := make([]string, len(campaigns))
	for i, c := range campaigns {
		campaignIDs[i] = c.ID
	}
	var last *redis.SliceCmd
	var cat *catalogRead
	_, err := tx.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, m := range months {
			reads[m] = p.HMGet(ctx, r.keys.metricMonth(m.campaign, m.year, m.month), append([]string{monthTotalField}, days[m]...)...)
		}
		last = p.HMGet(ctx, r.keys.metricLast(), campaignIDs...)
		cat = r.readCatalog(ctx, p, accounts, campaigns)
		return nil
	})
	if err != nil {
		return err
	}
	changes, err := cat.merge(accounts, campaigns)
	var cc *currencyChange
	if errors.As(err, &cc) {
		return rowCurrencyError(firstRows[cc.Index], 0, cc.Account, cc.Known, cc.Got)
	}
	if err != nil {
		return err
	}
	state, err := monthStates(months, days, reads)
	if err != nil {
		return err
	}
	for _, row := range rows {
		s := state[monthOf{row.CampaignID, row.Date.Year, int(row.Date.Month)}]
		old := s.days[row.Date.Day]
		day := fields.Merge(old, row.Totals)
		s.total.Sub(old)
		s.total.Add(day)
		s.days[row.Date.Day] = day
	}
	_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, m := range months {
			s := state[m]
			vals := []any{monthTotalField, encodeTotals(s.total)}
			for d, t := range s.days {
				vals = append(vals, dayFields[d], encodeTotals(t))
			}
			p.HSet(ctx, r.keys.metricMonth(m.campaign, m.year, m.month), vals...)
			p.HIncrBy(ctx, r.keys.metricVersions(), monthVersionField(m.campaign, m.year, m.month), 1)
		}
		for i, id := range campaignIDs {
			s, _ := last.Val()[i].(string)
			prev, _ := strconv.ParseInt(s, 10, 64)
			if ms := at.UnixMilli(); ms > prev {
				p.HSet(ctx, r.keys.metricLast(), id, ms)
			}
		}
		r.writeCatalog(ctx, p, changes)
		return nil
	})
	return err
}

// monthState is one campaign's month as an upsert changes it: its total and the days
// the upsert touches.
type monthState struct {
	total goalbot.Totals
	days  map[int]goalbot.Totals
}

// monthStates decodes what the upsert read: each month's total and touched days.
func monthStates(months []monthOf, days map[monthOf][]string, reads map[monthOf]*redis.SliceCmd) (map[monthOf]*monthState, error) {
	out := make(map[monthOf]*monthState, len(months))
	for _, m := range months {
		vals := reads[m].Val()
		s := &monthState{days: map[int]goalbot.Totals{}}
		var err error
		if s.total, err = decodeAny(vals[0]); err != nil {
			return nil, err
		}
		for i, f := range days[m] {
			d, _ := strconv.Atoi(f)
			if s.days[d], err = decodeAny(vals[i+1]); err != nil {
				return nil, err
			}
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
			return nil, nil, nil, goalbot.Errorf(goalbot.EINVALID, "metric row %d needs a campaign id, an account id and a date", i+1)
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

// metricsEpochField is the field of metric:versions that names the versions'
// epoch: a random token set by the first reader, so that versions counted afresh
// after the hash was lost (a Redis that restarted without its data, a FLUSHALL) are
// not taken for the ones counted before.
const metricsEpochField = "epoch"

// epochScript returns the versions' epoch, setting it to ARGV[1] when there is none.
// KEYS: versions.
var epochScript = redis.NewScript(`
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
return redis.call('HGET', KEYS[1], ARGV[1])
`)

// MetricsEpoch returns the epoch of the month versions (see MonthVersions): while it
// stays the same, a month whose version did not move did not change. One round trip.
func (r *Redis) MetricsEpoch(ctx context.Context) (string, error) {
	var b [12]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	epoch, err := epochScript.Run(ctx, r.client, []string{r.keys.metricVersions()}, metricsEpochField, hex.EncodeToString(b[:])).Text()
	if err != nil {
		return "", wrap(err, "load the epoch of metric versions")
	}
	return epoch, nil
}

// MonthVersions returns the version of each of these campaign months: how many writes
// changed it (0: none), counted in the transaction of each write, so that sums read
// after a version was read are at least as new as that version. One round trip.
func (r *Redis) MonthVersions(ctx context.Context, months []goalbot.CampaignMonth) ([]int64, error) {
	out := make([]int64, len(months))
	if len(months) == 0 {
		return out, nil
	}
	fields := make([]string, len(months))
	for i, m := range months {
		fields[i] = monthVersionField(m.Campaign, m.Year, int(m.Month))
	}
	vals, err := r.client.HMGet(ctx, r.keys.metricVersions(), fields...).Result()
	if err != nil {
		return nil, wrap(err, "load versions of %d campaign months", len(months))
	}
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue
		}
		if out[i], err = strconv.ParseInt(s, 10, 64); err != nil {
			return nil, fmt.Errorf("load version of %s: %q is not a number: %w", fields[i], s, err)
		}
	}
	return out, nil
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
