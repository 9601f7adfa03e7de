package source

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/goalbot/goalbot"
)

// batchRows is about how many rows one ingest call writes: whole days are added to a
// batch until it holds this many (a day is never split, so one day of more campaigns
// makes a bigger batch).
const batchRows = 5_000

// window is the days of one account a pull asks for.
type window struct {
	from, to goalbot.Date
}

// days returns how many days w holds.
func (w window) days() int { return goalbot.Days(w.from, w.to) }

// chunk collects the rows of one account over a few days, until they are written.
type chunk struct {
	from  goalbot.Date
	days  int
	camps map[string]*campaignDays
	order []string // campaigns as first seen
}

// campaignDays are one campaign's cells, one per day of the chunk.
type campaignDays struct {
	name  string
	cells []cell
}

type cell struct {
	spend, conversions goalbot.Micro
}

func newChunk(from goalbot.Date, days int, campaigns []Campaign) *chunk {
	c := &chunk{from: from, days: days, camps: make(map[string]*campaignDays, len(campaigns))}
	for _, camp := range campaigns {
		c.campaign(camp.ID, camp.Name)
	}
	return c
}

// campaign returns the cells of campaign id, adding it when new.
func (c *chunk) campaign(id, name string) *campaignDays {
	cd, ok := c.camps[id]
	if !ok {
		cd = &campaignDays{name: name, cells: make([]cell, c.days)}
		c.camps[id] = cd
		c.order = append(c.order, id)
	} else if cd.name == "" {
		cd.name = name
	}
	return cd
}

// add keeps one row; a row outside the chunk's days is dropped.
func (c *chunk) add(r Row) {
	i := goalbot.Days(c.from, r.Date) - 1
	if r.Date.Before(c.from) || i >= c.days || r.Campaign == "" {
		return
	}
	c.campaign(r.Campaign, r.CampaignName).cells[i] = cell{spend: r.Spend, conversions: r.Conversions}
}

// accountPull is what a pull writes for one account.
type accountPull struct {
	src      *Source
	account  Account
	accID    string // goalbot id
	accName  string
	sink     Sink
	progress func(rows int)
}

// write writes the chunk's rows, every campaign on every day (a day the network left
// out is zero), in batches of whole days, and returns how many rows it wrote.
func (p *accountPull) write(ctx context.Context, c *chunk) (int64, error) {
	ids := slices.Clone(c.order)
	slices.Sort(ids)
	batch := make([]goalbot.Metric, 0, max(batchRows, len(ids)))
	var written int64
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := p.sink.IngestRows(ctx, batch, goalbot.AdFields); err != nil {
			return fmt.Errorf("write %d rows of account %s: %w", len(batch), p.accID, err)
		}
		written += int64(len(batch))
		if p.progress != nil {
			p.progress(len(batch))
		}
		batch = batch[:0]
		return nil
	}
	for day := 0; day < c.days; day++ {
		date := c.from.AddDays(day)
		for _, id := range ids {
			cd := c.camps[id]
			gid := p.src.CampaignID(id)
			batch = append(batch, goalbot.Metric{Date: date, Network: p.src.Network, AccountID: p.accID, AccountName: p.accName,
				CampaignID: gid, CampaignName: cleanName(cd.name, gid), Currency: p.account.Currency,
				Totals: goalbot.Totals{Spend: cd.cells[day].spend, Conversions: cd.cells[day].conversions}})
		}
		if len(batch) >= batchRows {
			if err := flush(); err != nil {
				return written, err
			}
		}
	}
	return written, flush()
}

// pull pulls one account's window a chunk at a time: each chunk is read whole
// before any of it is written, so a failure part-way writes none of that chunk.
func (p *accountPull) pull(ctx context.Context, campaigns []Campaign, w window) (int64, error) {
	var written int64
	step := p.src.chunkDays()
	for from := w.from; !from.After(w.to); from = from.AddDays(step) {
		to := from.AddDays(step - 1)
		if to.After(w.to) {
			to = w.to
		}
		c := newChunk(from, goalbot.Days(from, to), campaigns)
		if err := p.src.Client.Rows(ctx, p.account, from, to, c.add); err != nil {
			return written, fmt.Errorf("pull %s to %s of account %s: %w", from, to, p.accID, err)
		}
		n, err := p.write(ctx, c)
		written += n
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// accountWindow is the days a pull asks of account a: up to the account's today (the
// day the network allows, and the day after the workspace's today, whichever is
// first), back lookback days, or from..to when asked for.
func accountWindow(src *Source, a Account, now time.Time, workspaceToday goalbot.Date, days int, from, to goalbot.Date) (window, bool) {
	loc := a.Location
	if loc == nil {
		loc = time.UTC
	}
	last := goalbot.DateIn(now, loc)
	if ld, ok := src.Client.(LastDayer); ok {
		if d := ld.LastDay(a, now); d.Before(last) {
			last = d
		}
	}
	if tomorrow := workspaceToday.AddDays(1); last.After(tomorrow) {
		last = tomorrow
	}
	if !to.IsZero() && to.Before(last) {
		last = to
	}
	first := last.AddDays(1 - days)
	if !from.IsZero() {
		first = from
	}
	return window{from: first, to: last}, !first.After(last)
}
