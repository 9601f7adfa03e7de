package store

import (
	"context"
	"encoding/json"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// UpsertCatalog adds or updates accounts and campaigns atomically (a field left empty
// keeps its stored value). A campaign must name an account that is in the catalog or
// in accounts; one that would move to another account is an EINVALID error naming
// it, and nothing is applied.
func (r *Redis) UpsertCatalog(ctx context.Context, accounts []Account, campaigns []Campaign) error {
	for _, a := range accounts {
		if a.ID == "" {
			return goalbot.Invalid("errors.store.account_id", nil)
		}
	}
	for _, c := range campaigns {
		if c.ID == "" || c.AccountID == "" {
			return goalbot.Invalid("errors.store.campaign_ids", goalbot.Args{"Campaign": goalbot.Quote(c.ID)})
		}
	}
	err := r.writeChecked(ctx, func(ctx context.Context) (*checkedWrite, error) {
		var cat *catalogRead
		if _, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			cat = r.readCatalog(ctx, p, accounts, campaigns)
			return nil
		}); err != nil {
			return nil, err
		}
		w := &checkedWrite{}
		return w, catalogError(cat.merge(w, r.keys, accounts, campaigns))
	})
	return wrap(err, "update catalog")
}

// catalogRead holds the pending reads of the stored entries an upsert touches.
type catalogRead struct {
	accounts, campaigns *redis.SliceCmd
	owners              *redis.SliceCmd // the accounts the campaigns name
}

// readCatalog queues on p the reads of the stored accounts and campaigns.
func (r *Redis) readCatalog(ctx context.Context, p redis.Pipeliner, accounts []Account, campaigns []Campaign) *catalogRead {
	c := &catalogRead{}
	var accountIDs, campaignIDs, owners []string
	for _, a := range accounts {
		accountIDs = append(accountIDs, a.ID)
	}
	for _, cp := range campaigns {
		campaignIDs = append(campaignIDs, cp.ID)
		owners = append(owners, cp.AccountID)
	}
	if len(accountIDs) > 0 {
		c.accounts = p.HMGet(ctx, r.keys.catalog(kindAccounts), accountIDs...)
	}
	if len(campaignIDs) > 0 {
		c.campaigns = p.HMGet(ctx, r.keys.catalog(kindCampaigns), campaignIDs...)
		c.owners = p.HMGet(ctx, r.keys.catalog(kindAccounts), owners...)
	}
	return c
}

// merge adds to w the entries that the upsert adds or changes, merged with the stored
// ones, and the move of the catalog's version when there are any. It refuses a
// campaign that would move between accounts, one whose account is in neither the
// catalog nor the upsert, and an account whose known currency would change (a
// *currencyChange).
func (c *catalogRead) merge(w *checkedWrite, k keys, accounts []Account, campaigns []Campaign) error {
	accs, accRead := map[string]Account{}, map[string]string{}
	var accOrder []string
	for i, a := range accounts {
		cur, seen := accs[a.ID]
		if !seen {
			accRead[a.ID] = raw(c.accounts.Val()[i])
			old, ok, err := decodeEntry[Account](c.accounts.Val()[i])
			if err != nil {
				return err
			}
			cur = Account{ID: a.ID}
			if ok {
				cur, cur.ID = old, a.ID
			}
			accOrder = append(accOrder, a.ID)
		}
		if cur.Currency != "" && a.Currency != "" && cur.Currency != a.Currency {
			return &currencyChange{Index: i, Account: a.ID, Known: cur.Currency, Got: a.Currency}
		}
		accs[a.ID] = mergeAccount(cur, a)
	}
	camps, campRead := map[string]Campaign{}, map[string]string{}
	var campOrder []string
	for i, cp := range campaigns {
		cur, seen := camps[cp.ID]
		if !seen {
			campRead[cp.ID] = raw(c.campaigns.Val()[i])
			old, ok, err := decodeEntry[Campaign](c.campaigns.Val()[i])
			if err != nil {
				return err
			}
			cur = Campaign{ID: cp.ID, AccountID: cp.AccountID}
			if ok {
				cur, cur.ID = old, cp.ID
			}
			campOrder = append(campOrder, cp.ID)
		}
		if cur.AccountID != cp.AccountID {
			return movedError(cp.ID, cur.AccountID, cp.AccountID)
		}
		if _, known := accs[cp.AccountID]; !known && c.owners.Val()[i] == nil {
			return goalbot.Invalid("errors.store.account_unknown", goalbot.Args{"Account": cp.AccountID})
		}
		camps[cp.ID] = mergeCampaign(cur, cp)
	}
	changed := false
	for _, id := range accOrder {
		changed = setEntry(w, k.catalog(kindAccounts), id, accRead[id], accs[id]) || changed
	}
	for _, id := range campOrder {
		changed = setEntry(w, k.catalog(kindCampaigns), id, campRead[id], camps[id]) || changed
	}
	if changed {
		w.counters = append(w.counters, k.catalogVersion())
	}
	return nil
}

// setEntry adds to w the write of catalog entry id of hash key, unless it is stored
// as it is (read), and reports whether it added it.
func setEntry(w *checkedWrite, key, id, read string, v any) bool {
	b, _ := json.Marshal(v) // plain structs of strings always marshal
	if string(b) == read {
		return false
	}
	w.set(key, id, read, b)
	return true
}
