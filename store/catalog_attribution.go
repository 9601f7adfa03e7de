package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/redis/go-redis/v9"
)

// attribution is the hash of the campaigns' attribution overrides: campaign id →
// JSON list of the drill-down values (utm_campaign) that name it in the CRM.
func (k keys) attribution() string { return k.base + "catalog:attribution" }

// SetAttribution replaces the attribution overrides of these campaigns, atomically:
// an empty list removes a campaign's override (its name and id match again).
func (r *Redis) SetAttribution(ctx context.Context, overrides map[string][]string) error {
	if len(overrides) == 0 {
		return nil
	}
	_, err := r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for id, vals := range overrides {
			if len(vals) == 0 {
				p.HDel(ctx, r.keys.attribution(), id)
				continue
			}
			raw, err := json.Marshal(vals)
			if err != nil {
				return fmt.Errorf("encode the attribution of %s: %w", id, err)
			}
			p.HSet(ctx, r.keys.attribution(), id, raw)
		}
		return nil
	})
	return wrap(err, "save the attribution of %d campaigns", len(overrides))
}

// Attribution returns every campaign's attribution override, by campaign id.
func (r *Redis) Attribution(ctx context.Context) (map[string][]string, error) {
	all, err := r.client.HGetAll(ctx, r.keys.attribution()).Result()
	if err != nil {
		return nil, wrap(err, "load attribution overrides")
	}
	out := make(map[string][]string, len(all))
	for id, raw := range all {
		var vals []string
		if err := json.Unmarshal([]byte(raw), &vals); err != nil {
			return nil, fmt.Errorf("decode the attribution of %s: %w", id, err)
		}
		out[id] = vals
	}
	return out, nil
}

// AllCampaigns returns every campaign of the catalog, ordered by id, each with its
// account's network and currency.
func (r *Redis) AllCampaigns(ctx context.Context) ([]Campaign, error) {
	var camps, accs *redis.MapStringStringCmd
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		camps = p.HGetAll(ctx, r.keys.catalog(kindCampaigns))
		accs = p.HGetAll(ctx, r.keys.catalog(kindAccounts))
		return nil
	})
	if err != nil {
		return nil, wrap(err, "load the catalog")
	}
	accounts := make(map[string]Account, len(accs.Val()))
	for id, raw := range accs.Val() {
		a, _, err := decodeEntry[Account](raw)
		if err != nil {
			return nil, fmt.Errorf("load account %s: %w", id, err)
		}
		accounts[id] = a
	}
	out := make([]Campaign, 0, len(camps.Val()))
	for id, raw := range camps.Val() {
		c, _, err := decodeEntry[Campaign](raw)
		if err != nil {
			return nil, fmt.Errorf("load campaign %s: %w", id, err)
		}
		c.ID = id
		a := accounts[c.AccountID]
		c.Network, c.Currency = a.Network, a.Currency
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Campaign) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}
