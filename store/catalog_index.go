package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
)

// The catalog's searches run on an in-memory index of it. Every catalog write that
// adds or changes an entry moves the catalog's version on (catalog:version, in the
// same script); a search reads the version (one round trip) and, when it moved, loads
// the whole catalog again.

// catalogIndex is an in-memory copy of the catalog at one version, for searching. It
// is never changed once built.
type catalogIndex struct {
	version      string        // catalog:version when it was read ("" for none)
	campaigns    []*indexEntry // by key
	campaignText *haystack     // of campaigns
	byAccount    map[string][]*indexEntry
	campaignIDs  map[string][]*indexEntry // by lowercase id
	accounts     map[string]Account
	accountList  []*indexEntry // by key
	accountIDs   map[string][]*indexEntry
}

// catalogCache holds a Redis's catalog index; loads are one at a time.
type catalogCache struct {
	index atomic.Pointer[catalogIndex]
	load  sync.Mutex
	loads atomic.Int64 // whole loads so far (for tests and benchmarks)
}

// catalogIndex returns an index of the catalog as Redis holds it now.
func (r *Redis) catalogIndex(ctx context.Context) (*catalogIndex, error) {
	version, err := r.client.Get(ctx, r.keys.catalogVersion()).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap(err, "read the catalog's version")
	}
	if idx := r.catalog.index.Load(); idx != nil && idx.version == version {
		return idx, nil
	}
	r.catalog.load.Lock()
	defer r.catalog.load.Unlock()
	if idx := r.catalog.index.Load(); idx != nil && idx.version == version { // loaded while this one waited
		return idx, nil
	}
	idx, err := r.loadCatalogIndex(ctx)
	if err != nil {
		return nil, err
	}
	r.catalog.index.Store(idx)
	return idx, nil
}

// loadCatalogIndex reads the whole catalog and its version in one transaction.
func (r *Redis) loadCatalogIndex(ctx context.Context) (*catalogIndex, error) {
	var version *redis.StringCmd
	var accounts, campaigns *redis.MapStringStringCmd
	_, err := r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		version = p.Get(ctx, r.keys.catalogVersion())
		accounts = p.HGetAll(ctx, r.keys.catalog(kindAccounts))
		campaigns = p.HGetAll(ctx, r.keys.catalog(kindCampaigns))
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap(err, "load the catalog")
	}
	idx := &catalogIndex{version: version.Val(), accounts: make(map[string]Account, len(accounts.Val()))}
	for id, raw := range accounts.Val() {
		a, _, err := decodeEntry[Account](raw)
		if err != nil {
			return nil, err
		}
		a.ID = id
		idx.accounts[id] = a
	}
	idx.campaigns = make([]*indexEntry, 0, len(campaigns.Val()))
	for id, raw := range campaigns.Val() {
		c, _, err := decodeEntry[Campaign](raw)
		if err != nil {
			return nil, err
		}
		idx.campaigns = append(idx.campaigns, newIndexEntry(id, c.Name, c.AccountID))
	}
	slices.SortFunc(idx.campaigns, byKey)
	idx.derive()
	r.catalog.loads.Add(1)
	return idx, nil
}

// derive fills in what follows from the campaigns (sorted by key) and the accounts.
func (idx *catalogIndex) derive() {
	idx.byAccount = map[string][]*indexEntry{}
	for _, e := range idx.campaigns {
		idx.byAccount[e.account] = append(idx.byAccount[e.account], e)
	}
	idx.campaignIDs = byLowerID(idx.campaigns)
	idx.campaignText = newHaystack(idx.campaigns)
	idx.accountList = make([]*indexEntry, 0, len(idx.accounts))
	for id, a := range idx.accounts {
		idx.accountList = append(idx.accountList, newIndexEntry(id, a.Name, ""))
	}
	slices.SortFunc(idx.accountList, byKey)
	idx.accountIDs = byLowerID(idx.accountList)
}

// byLowerID maps the lowercase ids of entries to the entries, by id.
func byLowerID(entries []*indexEntry) map[string][]*indexEntry {
	out := make(map[string][]*indexEntry, len(entries))
	for _, e := range entries {
		out[e.lowerID()] = append(out[e.lowerID()], e)
	}
	for _, es := range out {
		if len(es) > 1 {
			slices.SortFunc(es, byID)
		}
	}
	return out
}

func byKey(a, b *indexEntry) int { return strings.Compare(a.key, b.key) }
func byID(a, b *indexEntry) int  { return strings.Compare(a.id(), b.id()) }
