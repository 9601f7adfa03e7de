package store

import (
	"context"
	"slices"
	"strings"

	"github.com/redis/go-redis/v9"
)

// MaxSearchResults caps a catalog search.
const MaxSearchResults = 100

// maxBrowse caps the entries an empty query considers.
const maxBrowse = 5000

// SearchCampaigns finds campaigns for the modals' pickers, case-insensitively: the
// campaign whose id is query first, then those whose name starts with it, then those
// whose name or id contains it, each group by name; at most limit (at most
// MaxSearchResults). With accounts, only campaigns of those accounts. An empty query
// lists campaigns by name.
func (r *Redis) SearchCampaigns(ctx context.Context, query string, accounts []string, limit int) ([]Campaign, error) {
	limit = searchLimit(limit)
	ids, err := r.searchIDs(ctx, kindCampaigns, query)
	if err != nil {
		return nil, wrap(err, "search campaigns for %q", query)
	}
	var out []Campaign
	for len(ids) > 0 && len(out) < limit {
		chunk := ids[:min(len(ids), 2*limit)]
		ids = ids[len(chunk):]
		found, err := r.Campaigns(ctx, chunk)
		if err != nil {
			return nil, err
		}
		for _, id := range chunk {
			c, ok := found[id]
			if ok && (len(accounts) == 0 || slices.Contains(accounts, c.AccountID)) && len(out) < limit {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// SearchAccounts finds accounts as SearchCampaigns finds campaigns.
func (r *Redis) SearchAccounts(ctx context.Context, query string, limit int) ([]Account, error) {
	limit = searchLimit(limit)
	ids, err := r.searchIDs(ctx, kindAccounts, query)
	if err != nil {
		return nil, wrap(err, "search accounts for %q", query)
	}
	ids = ids[:min(len(ids), limit)]
	found, err := r.Accounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Account, 0, len(ids))
	for _, id := range ids {
		if a, ok := found[id]; ok {
			out = append(out, a)
		}
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

// searchIDs returns the ids of the entries of kind that match query, in result
// order: exact id, name prefix, then name or id substring.
func (r *Redis) searchIDs(ctx context.Context, kind, query string) ([]string, error) {
	q := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(query, "\x00", "")))
	names := r.keys.catalogNames(kind)
	if q == "" {
		all, err := r.client.ZRangeArgs(ctx, redis.ZRangeArgs{Key: names, Start: "-", Stop: "+", ByLex: true, Count: maxBrowse}).Result()
		return entryIDs(all), err
	}
	exact, err := r.client.ZRangeArgs(ctx, redis.ZRangeArgs{Key: r.keys.catalogIDs(kind), Start: "[" + q + "\x00", Stop: "[" + q + "\x00\xff", ByLex: true}).Result()
	if err != nil {
		return nil, err
	}
	prefix, err := r.client.ZRangeArgs(ctx, redis.ZRangeArgs{Key: names, Start: "[" + q, Stop: "(" + q + "\xff", ByLex: true}).Result()
	if err != nil {
		return nil, err
	}
	var contains []string
	var cursor uint64
	for {
		var page []string
		page, cursor, err = r.client.ZScan(ctx, names, cursor, "*"+globEscape(q)+"*", 1000).Result()
		if err != nil {
			return nil, err
		}
		for i := 0; i+1 < len(page); i += 2 { // member, score
			if !strings.HasPrefix(page[i], q) {
				contains = append(contains, page[i])
			}
		}
		if cursor == 0 {
			break
		}
	}
	slices.Sort(contains)
	contains = slices.Compact(contains)
	var out []string
	seen := map[string]bool{}
	for _, group := range [][]string{exactIDs(exact), entryIDs(prefix), entryIDs(contains)} {
		for _, id := range group {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}

// entryIDs returns the ids of names entries.
func entryIDs(members []string) []string {
	out := make([]string, len(members))
	for i, m := range members {
		out[i] = entryID(m)
	}
	return out
}

// exactIDs returns the ids of ids entries ("lowercase id\0id").
func exactIDs(members []string) []string { return entryIDs(members) }

// globEscape escapes the characters that MATCH patterns treat specially.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
