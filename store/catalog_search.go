package store

import (
	"context"
	"slices"
	"strings"
)

// MaxSearchResults caps a catalog search.
const MaxSearchResults = 100

// SearchCampaigns finds campaigns for the modals' pickers, case-insensitively: the
// campaign whose id is query first, then those whose name starts with it, then those
// whose name or id contains it, each group by name; at most limit (at most
// MaxSearchResults). With accounts, only campaigns of those accounts. An empty query
// lists campaigns by name.
//
// It searches an in-memory copy of the catalog, reloaded from Redis whenever the
// catalog's version there has changed (one GET a search), so every replica sees a
// change at its next search.
func (r *Redis) SearchCampaigns(ctx context.Context, query string, accounts []string, limit int) ([]Campaign, error) {
	idx, err := r.catalogIndex(ctx)
	if err != nil {
		return nil, wrap(err, "search campaigns for %q", query)
	}
	from, h := idx.campaigns, idx.campaignText
	if len(accounts) > 0 {
		from, h = idx.ofAccounts(accounts), nil
	}
	found := search(from, h, idx.campaignIDs, searchQuery(query), searchLimit(limit), accounts)
	out := make([]Campaign, len(found))
	for i, e := range found {
		a := idx.accounts[e.account]
		out[i] = Campaign{ID: e.id(), Name: e.name, AccountID: e.account, Network: a.Network, Currency: a.Currency}
	}
	return out, nil
}

// SearchAccounts finds accounts as SearchCampaigns finds campaigns.
func (r *Redis) SearchAccounts(ctx context.Context, query string, limit int) ([]Account, error) {
	idx, err := r.catalogIndex(ctx)
	if err != nil {
		return nil, wrap(err, "search accounts for %q", query)
	}
	found := search(idx.accountList, nil, idx.accountIDs, searchQuery(query), searchLimit(limit), nil)
	out := make([]Account, len(found))
	for i, e := range found {
		out[i] = idx.accounts[e.id()]
	}
	return out, nil
}

// searchLimit is limit within 1…MaxSearchResults.
func searchLimit(limit int) int {
	if limit <= 0 || limit > MaxSearchResults {
		return MaxSearchResults
	}
	return limit
}

// searchQuery is a query as the index compares it: trimmed, lowercase, without NULs.
func searchQuery(q string) string {
	return strings.ToLower(strings.TrimSpace(strings.ReplaceAll(q, "\x00", "")))
}

// search returns at most limit entries of from (sorted by key) that match q: the
// entries whose lowercase id is q (looked up in byID, kept when in accounts if
// given), then those whose name starts with q, then those whose name or id contains
// it, each group in key order.
func search(from []*indexEntry, h *haystack, byID map[string][]*indexEntry, q string, limit int, accounts []string) []*indexEntry {
	if q == "" {
		return from[:min(len(from), limit)]
	}
	out := make([]*indexEntry, 0, limit)
	seen := map[*indexEntry]bool{}
	add := func(e *indexEntry) {
		if len(out) < limit && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	for _, e := range byID[q] {
		if len(accounts) == 0 || slices.Contains(accounts, e.account) {
			add(e)
		}
	}
	// Names starting with q form one run of the key order.
	lo, _ := slices.BinarySearchFunc(from, q, func(e *indexEntry, q string) int { return strings.Compare(e.key, q) })
	for _, e := range from[lo:] {
		if len(out) == limit || !strings.HasPrefix(e.key, q) {
			break
		}
		add(e)
	}
	if len(out) == limit {
		return out
	}
	// The rest: q within "lowercase name\0lowercase id" (q holds no NUL, so a match
	// never spans the two), through from's haystack if it has one.
	contains := func(e *indexEntry) {
		if !strings.HasPrefix(e.key, q) {
			add(e)
		}
	}
	if h == nil {
		for _, e := range from {
			if len(out) == limit {
				break
			}
			if strings.Contains(e.key[:e.idEnd], q) {
				contains(e)
			}
		}
		return out
	}
	for at := 0; len(out) < limit; {
		i := strings.Index(h.text[at:], q)
		if i < 0 {
			break
		}
		n := h.entryAt(at + i)
		contains(from[n])
		at = h.starts[n+1]
	}
	return out
}

// haystack is the searchable text of a list of entries: each one's lowercase name
// and id, the entries separated by NUL; starts[i] is where entry i begins (and
// starts[len] the end). One strings.Index over it beats a Contains per entry.
type haystack struct {
	text   string
	starts []int
}

func newHaystack(from []*indexEntry) *haystack {
	var b strings.Builder
	h := &haystack{starts: make([]int, 0, len(from)+1)}
	for _, e := range from {
		h.starts = append(h.starts, b.Len())
		b.WriteString(e.key[:e.idEnd])
		b.WriteByte(0)
	}
	h.starts = append(h.starts, b.Len())
	h.text = b.String()
	return h
}

// entryAt is the entry whose text holds position i.
func (h *haystack) entryAt(i int) int {
	n, found := slices.BinarySearch(h.starts, i)
	if found {
		return n
	}
	return n - 1
}

// indexEntry is one account or campaign in a catalogIndex.
type indexEntry struct {
	key     string // its names entry: lowercase name, NUL, lowercase id, NUL, id
	name    string
	account string // a campaign's account
	nameEnd int    // the end of the lowercase name in key
	idEnd   int    // the end of the lowercase id in key
}

func newIndexEntry(id, name, account string) *indexEntry {
	key := nameEntry(name, id)
	nameEnd := strings.IndexByte(key, 0)
	return &indexEntry{key: key, name: name, account: account, nameEnd: nameEnd, idEnd: nameEnd + 1 + len(strings.ToLower(id))}
}

func (e *indexEntry) lowerID() string { return e.key[e.nameEnd+1 : e.idEnd] }
func (e *indexEntry) id() string      { return e.key[e.idEnd+1:] }

// ofAccounts returns the campaigns of accounts, by key.
func (idx *catalogIndex) ofAccounts(accounts []string) []*indexEntry {
	var out []*indexEntry
	for _, a := range slices.Compact(slices.Sorted(slices.Values(accounts))) {
		out = append(out, idx.byAccount[a]...)
	}
	slices.SortFunc(out, func(a, b *indexEntry) int { return strings.Compare(a.key, b.key) })
	return out
}

// nameEntry is a catalog entry's search key: its lowercase name and id, then its id,
// so that a prefix of the name is a run of the entries in key order.
func nameEntry(name, id string) string {
	return strings.ToLower(name) + "\x00" + strings.ToLower(id) + "\x00" + id
}
