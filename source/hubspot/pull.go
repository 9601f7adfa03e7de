package hubspot

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// Store is what a HubSpot pull reads and queues (store.Redis implements it).
type Store interface {
	// AllCampaigns lists the catalog's campaigns with their accounts' network and
	// currency.
	AllCampaigns(ctx context.Context) ([]goalbot.Campaign, error)
	// Attribution returns the campaigns' attribution overrides, by campaign id.
	Attribution(ctx context.Context) (map[string][]string, error)
	SumRanges(ctx context.Context, qs []goalbot.CampaignRange) ([]goalbot.Totals, error)
	GoalsByCampaigns(ctx context.Context, campaigns []string) ([]*goalbot.Goal, error)
	Measurements(ctx context.Context, ids []string) (map[string]*goalbot.Measurement, error)
	Subscriptions(ctx context.Context) ([]*goalbot.Subscription, error)
	Fired(ctx context.Context, key string) (bool, error)
	Fire(ctx context.Context, key string, alerts []goalbot.Alert, notBefore time.Time) (bool, error)
}

// Defaults of a pull.
const (
	// DefaultChunkDays is how many days are read before any is written.
	DefaultChunkDays = 30
	// UnattributedDays is the window of the unattributed count shown in /goal sources.
	UnattributedDays = 30
	// TopDrillDowns is how many drill-downs of unattributed contacts are kept.
	TopDrillDowns = 5
	// batchRows is about how many rows one write holds (whole days).
	batchRows = 5_000
)

// Puller pulls one HubSpot portal into the catalog's campaigns (source.Puller), and
// checks the campaigns' tracking drift after each pull (source.Checker).
type Puller struct {
	Client *Client
	Store  Store
	// Drift decides the drift alert; nil turns it off.
	Drift     *goalbot.DriftRule
	ChunkDays int
	Logger    *slog.Logger
}

// AccountID is the goalbot id of a portal.
func AccountID(portal int64) string { return "hubspot-" + strconv.FormatInt(portal, 10) }

// Pull reads the portal's window of days a chunk at a time and writes the CRM
// fields of every campaign that has contacts in it, or had them before (a contact
// moved back loses its stage date, and its day must drop to what is left).
func (h *Puller) Pull(ctx context.Context, p *source.Pull) error {
	portal, err := h.Client.Portal(ctx)
	if err != nil {
		return err
	}
	p.Result.Accounts = 1
	account := AccountID(portal.ID)
	from, to, ok := p.Window(account, portal.Location, UnattributedDays)
	if !ok {
		return nil
	}
	camps, err := h.Store.AllCampaigns(ctx)
	if err != nil {
		return fmt.Errorf("load the catalog: %w", err)
	}
	overrides, err := h.Store.Attribution(ctx)
	if err != nil {
		return fmt.Errorf("load the attribution overrides: %w", err)
	}
	run := &pullRun{h: h, p: p, portal: portal, matcher: NewMatcher(camps, overrides), matched: map[int32]bool{},
		unFrom: to.AddDays(1 - UnattributedDays), unTo: to, unattributed: map[string]string{}}
	step := cmp.Or(h.ChunkDays, DefaultChunkDays)
	for start := from; !start.After(to); start = start.AddDays(step) {
		end := start.AddDays(step - 1)
		if end.After(to) {
			end = to
		}
		if err := run.chunk(ctx, start, end); err != nil {
			return fmt.Errorf("pull %s to %s: %w", start, end, err)
		}
	}
	p.Result.Campaigns = len(run.matched)
	if !from.After(run.unFrom) {
		p.Status.Unattributed = run.unattributedFigures()
	}
	p.Backfilled(account)
	return nil
}

// pullRun is one pull under way.
type pullRun struct {
	h       *Puller
	p       *source.Pull
	portal  Portal
	matcher *Matcher
	// matched are the campaigns that got contacts.
	matched map[int32]bool
	// unattributed maps the paid contacts that matched no campaign, with a date from
	// unFrom to unTo, to their drill-down.
	unFrom, unTo goalbot.Date
	unattributed map[string]string
}

// chunk reads the days from start to end whole, then writes them.
func (r *pullRun) chunk(ctx context.Context, start, end goalbot.Date) error {
	days := goalbot.Days(start, end)
	tally := map[int32][]goalbot.Totals{}
	add := func(fs []found) {
		for _, f := range fs {
			if f.campaign < 0 {
				r.unmatched(f, start)
				continue
			}
			cells := tally[f.campaign]
			if cells == nil {
				cells = make([]goalbot.Totals, days)
				tally[f.campaign] = cells
			}
			for _, e := range f.events {
				if e.day < 0 || int(e.day) >= days {
					continue
				}
				if int(e.prop) == FormsProp {
					cells[e.day].FirstFormSubmissions++
				} else {
					cells[e.day].Contacts[e.prop]++
				}
			}
		}
	}
	loc := r.portal.Location
	for _, props := range propGroups {
		s := &rangeSearch{client: r.h.Client, matcher: r.matcher, loc: loc, first: start, props: props}
		if err := s.run(ctx, start.Start(loc), end.AddDays(1).Start(loc), add); err != nil {
			return err
		}
	}
	for i := range tally {
		r.matched[i] = true
	}
	return r.write(ctx, start, days, tally)
}

// unmatched keeps a paid contact that matched no campaign, when one of its dates
// falls in the unattributed window.
func (r *pullRun) unmatched(f found, start goalbot.Date) {
	if _, seen := r.unattributed[f.id]; seen {
		return
	}
	for _, e := range f.events {
		if d := start.AddDays(int(e.day)); !d.Before(r.unFrom) && !d.After(r.unTo) {
			r.unattributed[f.id] = f.drill
			return
		}
	}
}

// unattributedFigures counts the unattributed contacts and their top drill-downs.
func (r *pullRun) unattributedFigures() *goalbot.Unattributed {
	counts := map[string]int64{}
	for _, d := range r.unattributed {
		counts[d]++
	}
	top := make([]goalbot.DrillDown, 0, len(counts))
	for v, n := range counts {
		if v == "" {
			v = "(none)"
		}
		top = append(top, goalbot.DrillDown{Value: v, Contacts: n})
	}
	slices.SortFunc(top, func(a, b goalbot.DrillDown) int {
		return cmp.Or(cmp.Compare(b.Contacts, a.Contacts), cmp.Compare(a.Value, b.Value))
	})
	return &goalbot.Unattributed{Contacts: int64(len(r.unattributed)), From: r.unFrom, To: r.unTo, Top: top[:min(len(top), TopDrillDowns)]}
}

// write writes the CRM fields of the chunk's days for every campaign that has
// contacts in them now or had them as stored, in batches of whole days.
func (r *pullRun) write(ctx context.Context, start goalbot.Date, days int, tally map[int32][]goalbot.Totals) error {
	end := start.AddDays(days - 1)
	ids, err := r.campaignsToWrite(ctx, start, end, tally)
	if err != nil {
		return err
	}
	r.p.Progress(len(ids)*days, 0)
	batch := make([]goalbot.Metric, 0, max(batchRows, len(ids)))
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := r.p.Sink.IngestRows(ctx, batch, goalbot.CRMFields); err != nil {
			return fmt.Errorf("write %d rows: %w", len(batch), err)
		}
		r.p.Result.Rows += int64(len(batch))
		r.p.Progress(0, len(batch))
		batch = batch[:0]
		return nil
	}
	for day := range days {
		for _, i := range ids {
			c := r.matcher.Campaign(i)
			m := goalbot.Metric{Date: start.AddDays(day), AccountID: c.AccountID, CampaignID: c.ID, Currency: c.Currency}
			if cells := tally[i]; cells != nil {
				m.Totals = cells[day]
			}
			batch = append(batch, m)
		}
		if len(batch) >= batchRows {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// campaignsToWrite returns the campaigns (indexes, in catalog order) that have
// contacts in the days now, or had them as stored: the others' days stay as they are.
func (r *pullRun) campaignsToWrite(ctx context.Context, start, end goalbot.Date, tally map[int32][]goalbot.Totals) ([]int32, error) {
	n := len(r.matcher.campaigns)
	qs := make([]goalbot.CampaignRange, n)
	for i, c := range r.matcher.campaigns {
		qs[i] = goalbot.CampaignRange{Campaign: c.ID, From: start, To: end}
	}
	sums, err := r.h.Store.SumRanges(ctx, qs)
	if err != nil {
		return nil, fmt.Errorf("read the stored contacts: %w", err)
	}
	var out []int32
	for i := range n {
		c := r.matcher.campaigns[i]
		if tally[int32(i)] == nil && !sums[i].HasCRM() {
			continue
		}
		if c.Currency == "" || c.AccountID == "" {
			r.h.logger().Warn("a campaign of the catalog has no account currency: its contacts are not written", "campaign", c.ID)
			continue
		}
		out = append(out, int32(i))
	}
	return out, nil
}

func (h *Puller) logger() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.Default()
}
