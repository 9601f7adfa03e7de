package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

func testCatalog(t *testing.T, r *Redis) {
	ok(t, r.UpsertCatalog(ctx,
		[]Account{{ID: "act-1", Name: "Acme Google", Network: "google", Currency: "USD"}, {ID: "act-2", Name: "Acme Meta", Network: "meta", Currency: "EUR"}},
		[]Campaign{{ID: "cmp-1", Name: "Spring sale", AccountID: "act-1"}, {ID: "cmp-2", Name: "Brand", AccountID: "act-2"}}))
	camps, err := r.Campaigns(ctx, []string{"cmp-1", "cmp-2", "cmp-9"})
	ok(t, err)
	if len(camps) != 2 || camps["cmp-2"].Currency != "EUR" || camps["cmp-1"].Network != "google" || camps["cmp-1"].Name != "Spring sale" {
		t.Fatalf("campaigns %+v", camps)
	}
	accs, err := r.Accounts(ctx, []string{"act-2"})
	ok(t, err)
	if accs["act-2"] != (Account{ID: "act-2", Name: "Acme Meta", Network: "meta", Currency: "EUR"}) {
		t.Fatalf("accounts %+v", accs)
	}
	// A rename keeps the other fields and moves the search entry.
	ok(t, r.UpsertCatalog(ctx, nil, []Campaign{{ID: "cmp-1", Name: "Summer sale", AccountID: "act-1"}}))
	found, err := r.SearchCampaigns(ctx, "spring", nil, 10)
	ok(t, err)
	if len(found) != 0 {
		t.Errorf("the old name is still found: %+v", found)
	}
	found, err = r.SearchCampaigns(ctx, "summer", nil, 10)
	ok(t, err)
	if len(found) != 1 || found[0].ID != "cmp-1" || found[0].Currency != "USD" {
		t.Errorf("the new name finds %+v", found)
	}
	// A campaign never moves between accounts; the refusal changes nothing.
	err = r.UpsertCatalog(ctx, []Account{{ID: "act-3", Name: "New"}}, []Campaign{{ID: "cmp-1", AccountID: "act-2"}})
	mustCode(t, err, goalbot.EINVALID)
	if msg := goalbot.ErrorMessage(err); !strings.Contains(msg, "cmp-1") {
		t.Errorf("message %q does not name the campaign", msg)
	}
	if accs, _ := r.Accounts(ctx, []string{"act-3"}); len(accs) != 0 {
		t.Error("the refused upsert added its account")
	}
	mustCode(t, r.UpsertCatalog(ctx, nil, []Campaign{{ID: "cmp-5", AccountID: "act-404"}}), goalbot.EINVALID)
}

func testCatalogSearch(t *testing.T, r *Redis) {
	ok(t, r.UpsertCatalog(ctx,
		[]Account{{ID: "a1", Name: "Google Ads"}, {ID: "a2", Name: "Meta Ads"}, {ID: "Ads", Name: "Legacy"}},
		[]Campaign{
			{ID: "sale", Name: "Brand awareness", AccountID: "a1"},
			{ID: "c2", Name: "Sale of spring", AccountID: "a1"},
			{ID: "c3", Name: "Big SALE", AccountID: "a2"},
			{ID: "c4", Name: "Salesforce retargeting", AccountID: "a2"},
			{ID: "c5", Name: "Nothing", AccountID: "a1"},
			{ID: "c6", Name: "Wholesale [x*]", AccountID: "a1"},
		}))
	search := func(q string, accounts []string, limit int) []string {
		found, err := r.SearchCampaigns(ctx, q, accounts, limit)
		ok(t, err)
		var out []string
		for _, c := range found {
			out = append(out, c.ID)
		}
		return out
	}
	// Exact id first, then name prefix, then substring, each group by name.
	if got, want := search("SALE", nil, 0), []string{"sale", "c2", "c4", "c3", "c6"}; !slices.Equal(got, want) {
		t.Errorf("search SALE = %v, want %v", got, want)
	}
	if got, want := search("sale", []string{"a2"}, 0), []string{"c4", "c3"}; !slices.Equal(got, want) {
		t.Errorf("search sale in a2 = %v, want %v", got, want)
	}
	if got, want := search("sale", nil, 2), []string{"sale", "c2"}; !slices.Equal(got, want) {
		t.Errorf("search sale limit 2 = %v, want %v", got, want)
	}
	if got, want := search("[x*", nil, 0), []string{"c6"}; !slices.Equal(got, want) {
		t.Errorf("search [x* = %v, want %v", got, want)
	}
	if got := search("", nil, 3); len(got) != 3 {
		t.Errorf("empty search = %v, want 3 campaigns", got)
	}
	accs, err := r.SearchAccounts(ctx, "ads", 0)
	ok(t, err)
	var got []string
	for _, a := range accs {
		got = append(got, a.ID)
	}
	if want := []string{"Ads", "a1", "a2"}; !slices.Equal(got, want) {
		t.Errorf("search accounts ads = %v, want %v", got, want)
	}
}

// testCatalogSearchReplicas checks that a search on one replica sees the catalog
// changes another made since its last search, that a write that changes nothing
// leaves the index alone, and that chosen accounts limit an empty query too.
func testCatalogSearchReplicas(t *testing.T, r *Redis) {
	other := NewRedis(r.client, strings.TrimSuffix(r.keys.base, "{gb}:"))
	ids := func(s *Redis, q string, accounts ...string) []string {
		found, err := s.SearchCampaigns(ctx, q, accounts, 0)
		ok(t, err)
		var out []string
		for _, c := range found {
			out = append(out, c.ID)
		}
		return out
	}
	if got := ids(other, "spring"); len(got) != 0 {
		t.Fatalf("empty catalog finds %v", got)
	}
	ok(t, r.UpsertCatalog(ctx, []Account{{ID: "a1", Name: "Google", Currency: "USD"}, {ID: "a2", Name: "Meta"}},
		[]Campaign{{ID: "c1", Name: "Spring", AccountID: "a1"}, {ID: "c2", Name: "Autumn", AccountID: "a2"}, {ID: "c3", Name: "Brand", AccountID: "a1"}}))
	if got, want := ids(other, "spring"), []string{"c1"}; !slices.Equal(got, want) {
		t.Errorf("the other replica finds %v after the upsert, want %v", got, want)
	}
	ok(t, r.UpsertCatalog(ctx, nil, []Campaign{{ID: "c1", Name: "Summer", AccountID: "a1"}}))
	if got, want := ids(other, "s"), []string{"c1"}; !slices.Equal(got, want) {
		t.Errorf("the other replica finds %v after the rename, want %v", got, want)
	}
	version := func() string { v, _ := r.catalogVersion(ctx, r.client); return v }
	before := version()
	ok(t, r.UpsertCatalog(ctx, []Account{{ID: "a1", Name: "Google"}}, []Campaign{{ID: "c1", Name: "Summer", AccountID: "a1"}}))
	if after := version(); after != before {
		t.Errorf("an upsert that changes nothing moved the version from %s to %s", before, after)
	}
	if got, want := ids(other, "", "a1"), []string{"c3", "c1"}; !slices.Equal(got, want) {
		t.Errorf("empty query in a1 = %v, want %v", got, want)
	}
	if got, want := ids(other, "c2", "a1"), []string(nil); !slices.Equal(got, want) {
		t.Errorf("another account's id in a1 = %v, want %v", got, want)
	}
	found, err := other.SearchCampaigns(ctx, "summer", nil, 0)
	ok(t, err)
	if len(found) != 1 || found[0].Currency != "USD" || found[0].AccountID != "a1" || found[0].Name != "Summer" {
		t.Errorf("search result %+v", found)
	}
}

// testCatalogIndexUpdates checks the index a replica brings up to date change by
// change against a fresh load, over many upserts (new campaigns and accounts, renames,
// an account's currency), and that it loads whole again when the change stream lost
// changes since its version.
func testCatalogIndexUpdates(t *testing.T, r *Redis) {
	prefix := strings.TrimSuffix(r.keys.base, "{gb}:")
	b := NewRedis(r.client, prefix)
	type result struct {
		IDs   []string
		Names []string
		Money []string
	}
	search := func(s *Redis, q string, accounts []string) result {
		found, err := s.SearchCampaigns(ctx, q, accounts, 0)
		ok(t, err)
		var out result
		for _, c := range found {
			out.IDs, out.Names, out.Money = append(out.IDs, c.ID), append(out.Names, c.Name), append(out.Money, c.Currency)
		}
		accs, err := s.SearchAccounts(ctx, q, 0)
		ok(t, err)
		for _, a := range accs {
			out.IDs, out.Names, out.Money = append(out.IDs, a.ID), append(out.Names, a.Name), append(out.Money, a.Currency)
		}
		return out
	}
	compare := func(round int) {
		t.Helper()
		fresh := NewRedis(r.client, prefix)
		for _, q := range []string{"", "spring", "c1", "c0-7", "e 1"} {
			for _, accounts := range [][]string{nil, {"a2", "a3"}} {
				if got, want := search(b, q, accounts), search(fresh, q, accounts); !slices.Equal(got.IDs, want.IDs) ||
					!slices.Equal(got.Names, want.Names) || !slices.Equal(got.Money, want.Money) {
					t.Fatalf("round %d, %q in %v: the updated index finds %+v, a fresh load %+v", round, q, accounts, got, want)
				}
			}
		}
	}
	ok(t, r.UpsertCatalog(ctx, []Account{{ID: "a0", Name: "First"}}, nil))
	search(b, "", nil) // b's first, whole load
	words := []string{"Spring", "Summer", "spring sale", "Brand", "Acct", "Zebra"}
	for round := range 20 {
		var accts []Account
		var camps []Campaign
		acct := fmt.Sprintf("a%d", round%4)
		accts = append(accts, Account{ID: acct, Name: words[round%len(words)] + " acct", Currency: []string{"USD", "EUR"}[round%2]})
		for i := range 3 {
			id := fmt.Sprintf("c%d", (round*3+i)%20) // renames some, adds others
			switch round % 5 {
			case 0:
				id = strings.ToUpper(id) + "-7"
			case 1:
				id += "-7" // some differ only in case from those above
			}
			owner := fmt.Sprintf("a%d", (round*3+i)%20%4)
			camps = append(camps, Campaign{ID: id, Name: fmt.Sprintf("%s %d", words[(round+i)%len(words)], round), AccountID: owner})
		}
		for i := range 4 {
			accts = append(accts, Account{ID: fmt.Sprintf("a%d", i)})
		}
		ok(t, r.UpsertCatalog(ctx, accts, camps))
		compare(round)
	}
	if b.catalog.loads.Load() != 1 || b.catalog.changes.Load() < 20 {
		t.Errorf("whole loads %d, updates by changes %d; want 1 and 20 or more", b.catalog.loads.Load(), b.catalog.changes.Load())
	}
	// The stream lost what b has not seen: b loads the catalog whole.
	ok(t, r.client.Del(ctx, r.keys.catalogChanges()).Err())
	ok(t, r.UpsertCatalog(ctx, nil, []Campaign{{ID: "new", Name: "Spring new", AccountID: "a1"}}))
	compare(20)
	if b.catalog.loads.Load() != 2 {
		t.Errorf("whole loads %d after the stream lost changes, want 2", b.catalog.loads.Load())
	}
}

// testCatalogIndexReload: a writer that records no changes (an earlier version) is seen
// once the index is reloaded in the background, while searches go on meanwhile.
func testCatalogIndexReload(t *testing.T, r *Redis) {
	ok(t, r.UpsertCatalog(ctx, []Account{{ID: "a1", Name: "Acme"}}, []Campaign{{ID: "c1", Name: "Spring", AccountID: "a1"}}))
	r.catalog.reloadAfter = time.Millisecond
	if found, err := r.SearchCampaigns(ctx, "spring", nil, 0); err != nil || len(found) != 1 {
		t.Fatalf("search = %v, %v", found, err)
	}
	ok(t, r.client.HSet(ctx, r.keys.catalog(kindCampaigns), "c2", `{"name":"Spring quiet","account_id":"a1"}`).Err())
	deadline := time.Now().Add(10 * time.Second)
	for {
		time.Sleep(5 * time.Millisecond)
		found, err := r.SearchCampaigns(ctx, "spring", nil, 0)
		ok(t, err)
		if len(found) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the quiet write is not found after %d reloads: %v", r.catalog.loads.Load(), found)
		}
	}
}
