package store

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// UpsertCatalog adds or updates accounts and campaigns in one atomic transaction (a
// field left empty keeps its stored value). A campaign must name an account that is
// in the catalog or in accounts; one that would move to another account is an
// EINVALID error naming it, and nothing is applied.
func (r *Redis) UpsertCatalog(ctx context.Context, accounts []Account, campaigns []Campaign) error {
	for _, a := range accounts {
		if a.ID == "" {
			return goalbot.Errorf(goalbot.EINVALID, "an account needs an id")
		}
	}
	for _, c := range campaigns {
		if c.ID == "" || c.AccountID == "" {
			return goalbot.Errorf(goalbot.EINVALID, "campaign %q needs an id and an account id", c.ID)
		}
	}
	err := r.watch(ctx, func(tx *redis.Tx) error {
		var cat *catalogRead
		if _, err := tx.Pipelined(ctx, func(p redis.Pipeliner) error {
			cat = r.readCatalog(ctx, p, accounts, campaigns)
			return nil
		}); err != nil {
			return err
		}
		changes, err := cat.merge(accounts, campaigns)
		if err != nil {
			return catalogError(err)
		}
		if err := cat.checkAccounts(changes); err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			r.writeCatalog(ctx, p, changes)
			return nil
		})
		return err
	}, r.keys.catalog(kindAccounts), r.keys.catalog(kindCampaigns))
	return wrap(err, "update catalog")
}

// catalogRead holds the pending reads of the stored entries an upsert touches.
type catalogRead struct {
	accountIDs, campaignIDs []string
	accounts, campaigns     *redis.SliceCmd
	owners                  *redis.SliceCmd // the accounts the campaigns name
}

// readCatalog queues on p the reads of the stored accounts and campaigns.
func (r *Redis) readCatalog(ctx context.Context, p redis.Pipeliner, accounts []Account, campaigns []Campaign) *catalogRead {
	c := &catalogRead{}
	for _, a := range accounts {
		c.accountIDs = append(c.accountIDs, a.ID)
	}
	var owners []string
	for _, cp := range campaigns {
		c.campaignIDs = append(c.campaignIDs, cp.ID)
		owners = append(owners, cp.AccountID)
	}
	if len(c.accountIDs) > 0 {
		c.accounts = p.HMGet(ctx, r.keys.catalog(kindAccounts), c.accountIDs...)
	}
	if len(c.campaignIDs) > 0 {
		c.campaigns = p.HMGet(ctx, r.keys.catalog(kindCampaigns), c.campaignIDs...)
		c.owners = p.HMGet(ctx, r.keys.catalog(kindAccounts), owners...)
	}
	return c
}

// catalogChanges are the entries an upsert writes, with the stored ones they replace
// (whose search entries go).
type catalogChanges struct {
	accounts, oldAccounts   map[string]Account
	campaigns, oldCampaigns map[string]Campaign
	unknownOwners           []string // accounts named by campaigns, in neither the catalog nor the upsert
}

// merge computes the new entries from the stored ones and the upsert, refusing a
// campaign that would move between accounts and an account whose known currency
// would change (a *currencyChange).
func (c *catalogRead) merge(accounts []Account, campaigns []Campaign) (*catalogChanges, error) {
	ch := &catalogChanges{
		accounts: map[string]Account{}, oldAccounts: map[string]Account{},
		campaigns: map[string]Campaign{}, oldCampaigns: map[string]Campaign{},
	}
	for i, a := range accounts {
		cur := Account{ID: a.ID}
		if old, ok, err := decodeEntry[Account](c.accounts.Val()[i]); err != nil {
			return nil, err
		} else if ok {
			old.ID = a.ID
			ch.oldAccounts[a.ID], cur = old, old
		}
		if prev, ok := ch.accounts[a.ID]; ok {
			cur = prev
		}
		if cur.Currency != "" && a.Currency != "" && cur.Currency != a.Currency {
			return nil, &currencyChange{Index: i, Account: a.ID, Known: cur.Currency, Got: a.Currency}
		}
		ch.accounts[a.ID] = mergeAccount(cur, a)
	}
	for i, cp := range campaigns {
		cur := Campaign{ID: cp.ID, AccountID: cp.AccountID}
		if old, ok, err := decodeEntry[Campaign](c.campaigns.Val()[i]); err != nil {
			return nil, err
		} else if ok {
			old.ID = cp.ID
			if old.AccountID != cp.AccountID {
				return nil, movedError(cp.ID, old.AccountID, cp.AccountID)
			}
			ch.oldCampaigns[cp.ID], cur = old, old
		}
		if prev, ok := ch.campaigns[cp.ID]; ok {
			if prev.AccountID != cp.AccountID {
				return nil, movedError(cp.ID, prev.AccountID, cp.AccountID)
			}
			cur = prev
		}
		ch.campaigns[cp.ID] = mergeCampaign(cur, cp)
		if _, known := ch.accounts[cp.AccountID]; !known && c.owners.Val()[i] == nil {
			ch.unknownOwners = append(ch.unknownOwners, cp.AccountID)
		}
	}
	return ch, nil
}

// checkAccounts refuses campaigns whose account is in neither the catalog nor the
// upsert (metric rows always bring their account).
func (c *catalogRead) checkAccounts(ch *catalogChanges) error {
	for _, a := range ch.unknownOwners {
		if _, ok := ch.accounts[a]; !ok {
			return goalbot.Errorf(goalbot.EINVALID, "account %s is not in the catalog: add it with its campaigns", a)
		}
	}
	return nil
}

// writeCatalog queues on p the writes of ch: the entries and their search entries.
// Each entry that is new or changed is recorded in the catalog's change stream, so
// that every replica brings its search index up to date.
func (r *Redis) writeCatalog(ctx context.Context, p redis.Pipeliner, ch *catalogChanges) {
	for id, a := range ch.accounts {
		old, had := ch.oldAccounts[id]
		r.writeEntry(ctx, p, kindAccounts, id, a.Name, old.Name, had, a)
		if !had || old != a {
			r.noteCatalogChange(ctx, p, kindAccounts, id)
		}
	}
	for id, c := range ch.campaigns {
		old, had := ch.oldCampaigns[id]
		r.writeEntry(ctx, p, kindCampaigns, id, c.Name, old.Name, had, c)
		if !had || old.Name != c.Name {
			r.noteCatalogChange(ctx, p, kindCampaigns, id)
		}
	}
}

// writeEntry queues the write of one catalog entry and its search entries.
func (r *Redis) writeEntry(ctx context.Context, p redis.Pipeliner, kind, id, name, oldName string, had bool, v any) {
	b, _ := json.Marshal(v) // plain structs of strings always marshal
	p.HSet(ctx, r.keys.catalog(kind), id, b)
	if had && oldName != name {
		p.ZRem(ctx, r.keys.catalogNames(kind), nameEntry(oldName, id))
	}
	if !had || oldName != name {
		p.ZAdd(ctx, r.keys.catalogNames(kind), redis.Z{Member: nameEntry(name, id)})
	}
	if !had {
		p.ZAdd(ctx, r.keys.catalogIDs(kind), redis.Z{Member: strings.ToLower(id) + "\x00" + id})
	}
}

// nameEntry is a catalog entry's member in the names sorted set: its lowercase name
// and id, then its id, so that a prefix is a lexicographic range and a substring a
// MATCH pattern.
func nameEntry(name, id string) string {
	return strings.ToLower(name) + "\x00" + strings.ToLower(id) + "\x00" + id
}
