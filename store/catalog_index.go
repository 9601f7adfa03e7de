package store

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// The catalog's searches run on an in-memory index of it. Every catalog write that
// adds or changes an entry appends the entry's kind and id to the catalog's change
// stream in the same transaction; a search reads the stream's last id (one round
// trip) and, when it moved, brings its index up to date: with the entries changed
// since, or by loading the whole catalog again when the stream no longer holds every
// change since the index's (trimmed, or a writer of an earlier version).

const (
	// catalogIndexMaxAge is how long an index is brought up to date by changes before
	// it is loaded whole again, in the background (a writer that does not append to the
	// change stream, such as an older replica, is seen within about this long). It is
	// measured in real time, not by the store's clock, which a demo may freeze.
	catalogIndexMaxAge = time.Minute
	// catalogReloadTimeout bounds a background reload.
	catalogReloadTimeout = 30 * time.Second
	// catalogChangesKept is about how many changes the change stream keeps.
	catalogChangesKept = 10_000
	// maxIndexChanges is the most changes an index takes one by one; more, and the
	// catalog is loaded whole.
	maxIndexChanges = 5_000
)

// catalogIndex is an in-memory copy of the catalog as of one entry of its change
// stream, for searching. It is never changed once built.
type catalogIndex struct {
	version      string        // the change stream's last id it holds ("" for none)
	at           time.Time     // when the catalog was read for it
	full         time.Time     // when the catalog was last loaded whole for it
	campaigns    []*indexEntry // by key
	campaignText *haystack     // of campaigns
	byAccount    map[string][]*indexEntry
	campaignIDs  map[string][]*indexEntry // by lowercase id
	accounts     map[string]Account
	accountList  []*indexEntry // by key
	accountIDs   map[string][]*indexEntry
}

// catalogCache holds a Redis's catalog index; updates and reloads are one at a time.
type catalogCache struct {
	index   atomic.Pointer[catalogIndex]
	update  sync.Mutex
	loads   atomic.Int64 // whole loads so far (for tests and benchmarks)
	changes atomic.Int64 // updates by changes so far
	// reloadAfter, when set, replaces catalogIndexMaxAge (tests).
	reloadAfter time.Duration
}

func (c *catalogCache) maxAge() time.Duration {
	if c.reloadAfter > 0 {
		return c.reloadAfter
	}
	return catalogIndexMaxAge
}

// catalogIndex returns an index of the catalog as Redis holds it now.
func (r *Redis) catalogIndex(ctx context.Context) (*catalogIndex, error) {
	asked := time.Now()
	version, err := r.catalogVersion(ctx, r.client)
	if err != nil {
		return nil, err
	}
	current := func(idx *catalogIndex) bool {
		return idx != nil && (idx.at.After(asked) || idx.version == version)
	}
	if idx := r.catalog.index.Load(); current(idx) {
		if time.Since(idx.full) >= r.catalog.maxAge() {
			r.reloadCatalogIndexLater()
		}
		return idx, nil
	}
	r.catalog.update.Lock()
	defer r.catalog.update.Unlock()
	cur := r.catalog.index.Load()
	if current(cur) { // brought up to date while this one waited
		return cur, nil
	}
	var idx *catalogIndex
	if cur != nil && cur.version != "" {
		if idx, err = r.updateCatalogIndex(ctx, cur); err != nil {
			return nil, err
		}
	}
	if idx == nil {
		if idx, err = r.loadCatalogIndex(ctx); err != nil {
			return nil, err
		}
	}
	r.catalog.index.Store(idx)
	return idx, nil
}

// reloadCatalogIndexLater loads the catalog whole in the background, unless an update
// is under way; searches go on with the index they have meanwhile.
func (r *Redis) reloadCatalogIndexLater() {
	if !r.catalog.update.TryLock() {
		return
	}
	go func() {
		defer r.catalog.update.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), catalogReloadTimeout)
		defer cancel()
		idx, err := r.loadCatalogIndex(ctx)
		if err != nil {
			r.log.Warn("could not reload the catalog's search index; searches use the one they have", "err", err)
			return
		}
		r.catalog.index.Store(idx)
	}()
}

// catalogVersion reads the id of the change stream's last entry ("" when empty).
func (r *Redis) catalogVersion(ctx context.Context, c redis.Cmdable) (string, error) {
	last, err := c.XRevRangeN(ctx, r.keys.catalogChanges(), "+", "-", 1).Result()
	if err != nil {
		return "", wrap(err, "read the catalog's version")
	}
	if len(last) == 0 {
		return "", nil
	}
	return last[0].ID, nil
}

// noteCatalogChange queues on p the record of a change of entry id of kind.
func (r *Redis) noteCatalogChange(ctx context.Context, p redis.Pipeliner, kind, id string) {
	p.XAdd(ctx, &redis.XAddArgs{Stream: r.keys.catalogChanges(), MaxLen: catalogChangesKept, Approx: true,
		Values: []any{"k", kind, "id", id}})
}

// loadCatalogIndex reads the whole catalog and its version in one transaction.
func (r *Redis) loadCatalogIndex(ctx context.Context) (*catalogIndex, error) {
	at := time.Now()
	var last *redis.XMessageSliceCmd
	var accounts, campaigns *redis.MapStringStringCmd
	_, err := r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		last = p.XRevRangeN(ctx, r.keys.catalogChanges(), "+", "-", 1)
		accounts = p.HGetAll(ctx, r.keys.catalog(kindAccounts))
		campaigns = p.HGetAll(ctx, r.keys.catalog(kindCampaigns))
		return nil
	})
	if err != nil {
		return nil, wrap(err, "load the catalog")
	}
	idx := &catalogIndex{at: at, full: at, accounts: make(map[string]Account, len(accounts.Val()))}
	if msgs := last.Val(); len(msgs) > 0 {
		idx.version = msgs[0].ID
	}
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

// updateCatalogIndex returns cur brought up to date with the changes recorded since
// its version, or nil when the stream no longer holds all of them (or there are too
// many): then the catalog must be loaded whole.
func (r *Redis) updateCatalogIndex(ctx context.Context, cur *catalogIndex) (*catalogIndex, error) {
	at := time.Now()
	msgs, err := r.client.XRangeN(ctx, r.keys.catalogChanges(), cur.version, "+", maxIndexChanges+1).Result()
	if err != nil {
		return nil, wrap(err, "read the catalog's changes")
	}
	if len(msgs) == 0 || msgs[0].ID != cur.version || len(msgs) > maxIndexChanges {
		return nil, nil // trimmed past cur's version, or too many
	}
	msgs = msgs[1:]
	ids := map[string][]string{}
	seen := map[string]bool{}
	for _, m := range msgs {
		kind, _ := m.Values["k"].(string)
		id, _ := m.Values["id"].(string)
		if (kind == kindAccounts || kind == kindCampaigns) && !seen[kind+"\x00"+id] {
			seen[kind+"\x00"+id] = true
			ids[kind] = append(ids[kind], id)
		}
	}
	accounts, err := r.Accounts(ctx, ids[kindAccounts])
	if err != nil {
		return nil, err
	}
	campaigns := map[string]Campaign{}
	if len(ids[kindCampaigns]) > 0 {
		vals, err := r.client.HMGet(ctx, r.keys.catalog(kindCampaigns), ids[kindCampaigns]...).Result()
		if err != nil {
			return nil, wrap(err, "load %d changed campaigns", len(vals))
		}
		for i, v := range vals {
			c, ok, err := decodeEntry[Campaign](v)
			if err != nil {
				return nil, err
			}
			if ok {
				campaigns[ids[kindCampaigns][i]] = c
			}
		}
	}
	idx := &catalogIndex{version: cur.version, at: at, full: cur.full, accounts: make(map[string]Account, len(cur.accounts))}
	if len(msgs) > 0 {
		idx.version = msgs[len(msgs)-1].ID
	}
	for id, a := range cur.accounts {
		idx.accounts[id] = a
	}
	for _, id := range ids[kindAccounts] {
		if a, ok := accounts[id]; ok {
			idx.accounts[id] = a
		} else {
			delete(idx.accounts, id)
		}
	}
	changed := map[string]bool{}
	var added []*indexEntry
	for _, id := range ids[kindCampaigns] {
		changed[id] = true
		if c, ok := campaigns[id]; ok {
			added = append(added, newIndexEntry(id, c.Name, c.AccountID))
		}
	}
	slices.SortFunc(added, byKey)
	idx.campaigns = mergeEntries(cur.campaigns, changed, added)
	// The maps of cur, copied, with the changed campaigns' entries replaced.
	idx.campaignIDs = maps.Clone(cur.campaignIDs)
	idx.byAccount = maps.Clone(cur.byAccount)
	affected := map[string][]*indexEntry{} // account → its added entries
	for id := range changed {
		lower := strings.ToLower(id)
		for _, e := range cur.campaignIDs[lower] {
			if e.id() == id {
				affected[e.account] = nil
			}
		}
		idx.campaignIDs[lower] = slices.DeleteFunc(slices.Clone(idx.campaignIDs[lower]), func(e *indexEntry) bool { return e.id() == id })
		if len(idx.campaignIDs[lower]) == 0 {
			delete(idx.campaignIDs, lower)
		}
	}
	for _, e := range added {
		bucket := append(slices.Clip(idx.campaignIDs[e.lowerID()]), e)
		slices.SortFunc(bucket, byID)
		idx.campaignIDs[e.lowerID()] = bucket
		affected[e.account] = append(affected[e.account], e)
	}
	for a, adds := range affected {
		if idx.byAccount[a] = mergeEntries(cur.byAccount[a], changed, adds); len(idx.byAccount[a]) == 0 {
			delete(idx.byAccount, a)
		}
	}
	idx.campaignText = newHaystack(idx.campaigns)
	idx.deriveAccounts()
	r.catalog.changes.Add(1)
	return idx, nil
}

// mergeEntries returns the entries of old (sorted by key) whose id is not in
// changed, merged with added (sorted by key).
func mergeEntries(old []*indexEntry, changed map[string]bool, added []*indexEntry) []*indexEntry {
	out := make([]*indexEntry, 0, len(old)+len(added))
	for _, e := range old {
		if changed[e.id()] {
			continue
		}
		for len(added) > 0 && added[0].key < e.key {
			out, added = append(out, added[0]), added[1:]
		}
		out = append(out, e)
	}
	return append(out, added...)
}

// derive fills in what follows from the campaigns (sorted by key) and the accounts.
func (idx *catalogIndex) derive() {
	idx.byAccount = map[string][]*indexEntry{}
	idx.campaignIDs = make(map[string][]*indexEntry, len(idx.campaigns))
	for _, e := range idx.campaigns {
		idx.byAccount[e.account] = append(idx.byAccount[e.account], e)
		idx.campaignIDs[e.lowerID()] = append(idx.campaignIDs[e.lowerID()], e)
	}
	for _, es := range idx.campaignIDs {
		if len(es) > 1 {
			slices.SortFunc(es, byID)
		}
	}
	idx.campaignText = newHaystack(idx.campaigns)
	idx.deriveAccounts()
}

// deriveAccounts fills in the accounts' search entries.
func (idx *catalogIndex) deriveAccounts() {
	idx.accountList = make([]*indexEntry, 0, len(idx.accounts))
	idx.accountIDs = make(map[string][]*indexEntry, len(idx.accounts))
	for id, a := range idx.accounts {
		idx.accountList = append(idx.accountList, newIndexEntry(id, a.Name, ""))
	}
	slices.SortFunc(idx.accountList, byKey)
	for _, e := range idx.accountList {
		idx.accountIDs[e.lowerID()] = append(idx.accountIDs[e.lowerID()], e)
	}
	for _, es := range idx.accountIDs {
		if len(es) > 1 {
			slices.SortFunc(es, byID)
		}
	}
}

func byKey(a, b *indexEntry) int { return strings.Compare(a.key, b.key) }
func byID(a, b *indexEntry) int  { return strings.Compare(a.id(), b.id()) }
