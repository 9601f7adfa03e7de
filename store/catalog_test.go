package store

import (
	"slices"
	"strings"
	"testing"

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
	if msg := english.Error(err); !strings.Contains(msg, "cmp-1") {
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
	version := func() string { return r.client.Get(ctx, r.keys.catalogVersion()).Val() }
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

// testCatalogIndexReload: a replica loads the catalog whole again at its first search
// after a change, by an upsert or an ingest, and not while nothing changed.
func testCatalogIndexReload(t *testing.T, r *Redis) {
	b := NewRedis(r.client, strings.TrimSuffix(r.keys.base, "{gb}:"))
	search := func(q string, loads int64) []string {
		t.Helper()
		found, err := b.SearchCampaigns(ctx, q, nil, 0)
		ok(t, err)
		if n := b.catalog.loads.Load(); n != loads {
			t.Fatalf("search %q: %d whole loads, want %d", q, n, loads)
		}
		var out []string
		for _, c := range found {
			out = append(out, c.ID)
		}
		return out
	}
	ok(t, r.UpsertCatalog(ctx, []Account{{ID: "act-1", Name: "Acme", Currency: "USD"}}, []Campaign{{ID: "c1", Name: "Spring", AccountID: "act-1"}}))
	search("spring", 1)
	search("spring", 1)
	ok(t, r.UpsertCatalog(ctx, []Account{{ID: "act-1", Name: "Acme"}}, []Campaign{{ID: "c1", AccountID: "act-1"}}))
	search("spring", 1)
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c1", goalbot.Date{Year: 2026, Month: 3, Day: 1}, 1, 1)}, t0)) // renames c1
	if got := search("campaign c1", 2); !slices.Equal(got, []string{"c1"}) {
		t.Errorf("after the ingest renamed c1: %v", got)
	}
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c2", goalbot.Date{Year: 2026, Month: 3, Day: 1}, 1, 1)}, t0))
	if got := search("campaign", 3); !slices.Equal(got, []string{"c1", "c2"}) {
		t.Errorf("after an ingest added c2: %v", got)
	}
	search("campaign", 3)
}
