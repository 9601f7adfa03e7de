package hubspot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
)

// Check queues the drift alert of every campaign with goals whose network
// conversions and CRM first form submissions over the last settled week differ by
// more than the rule allows (source.Checker): once per campaign and week, to the
// creators of its goals and the subscriptions that ask for drift.
func (h *Puller) Check(ctx context.Context, now time.Time) error {
	if h.Drift == nil {
		return nil
	}
	from, to := h.Drift.Window(now)
	camps, err := h.Store.AllCampaigns(ctx)
	if err != nil {
		return fmt.Errorf("load the catalog: %w", err)
	}
	byCampaign, err := h.goalsByCampaign(ctx, camps, from, now)
	if err != nil || len(byCampaign) == 0 {
		return err
	}
	var qs []goalbot.CampaignRange
	for _, c := range camps {
		if len(byCampaign[c.ID]) > 0 {
			qs = append(qs, goalbot.CampaignRange{Campaign: c.ID, From: from, To: to})
		}
	}
	sums, err := h.Store.SumRanges(ctx, qs)
	if err != nil {
		return fmt.Errorf("sum the last week of %d campaigns: %w", len(qs), err)
	}
	names := map[string]string{}
	for _, c := range camps {
		names[c.ID] = c.Name
	}
	var subs []*goalbot.Subscription
	var errs []error
	for i, q := range qs {
		if !h.Drift.Drifts(sums[i].Conversions, sums[i].FirstFormSubmissions) {
			continue
		}
		if subs == nil {
			if subs, err = h.Store.Subscriptions(ctx); err != nil {
				return fmt.Errorf("load subscriptions: %w", err)
			}
		}
		d := goalbot.DriftFigures{Campaign: q.Campaign, CampaignName: names[q.Campaign], From: from, To: to,
			Conversions: sums[i].Conversions, FirstFormSubmissions: sums[i].FirstFormSubmissions}
		if err := h.fireDrift(ctx, d, byCampaign[q.Campaign], subs, now); err != nil {
			errs = append(errs, fmt.Errorf("drift of %s: %w", q.Campaign, err))
		}
	}
	return errors.Join(errs...)
}

// goalsByCampaign returns the goals of the campaigns whose range has not ended
// before from, with their status and headline progress at now, by campaign.
func (h *Puller) goalsByCampaign(ctx context.Context, camps []goalbot.Campaign, from goalbot.Date, now time.Time) (map[string][]goalbot.DriftGoal, error) {
	ids := make([]string, len(camps))
	for i, c := range camps {
		ids[i] = c.ID
	}
	gs, err := h.Store.GoalsByCampaigns(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("load the goals of %d campaigns: %w", len(ids), err)
	}
	var live []*goalbot.Goal
	var goalIDs []string
	for _, g := range gs {
		if g.EndTime().After(from.Start(g.Location())) {
			live = append(live, g)
			goalIDs = append(goalIDs, g.ID)
		}
	}
	ms, err := h.Store.Measurements(ctx, goalIDs)
	if err != nil {
		return nil, fmt.Errorf("load the measurements of %d goals: %w", len(goalIDs), err)
	}
	out := map[string][]goalbot.DriftGoal{}
	for _, g := range live {
		m := ms[g.ID]
		dg := goalbot.DriftGoal{Goal: g, Status: g.Status(m, now)}
		if m != nil {
			dg.Headline = m.Headline
		}
		for _, c := range g.Campaigns {
			out[c] = append(out[c], dg)
		}
	}
	return out, nil
}

// fireDrift queues campaign d's drift alert once this week.
func (h *Puller) fireDrift(ctx context.Context, d goalbot.DriftFigures, goals []goalbot.DriftGoal, subs []*goalbot.Subscription, now time.Time) error {
	key := h.Drift.DriftKey(d.Campaign, now)
	if done, err := h.Store.Fired(ctx, key); err != nil || done {
		return err
	}
	alerts := goalbot.DriftAlerts(key, d, goals, subs, now)
	if len(alerts) == 0 {
		return nil
	}
	_, err := h.Store.Fire(ctx, key, alerts, now)
	return err
}
