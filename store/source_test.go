package store

import (
	"context"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

func testSourceStatus(t *testing.T, r *Redis) {
	ctx := context.Background()
	st, err := r.SourceStatus(ctx, goalbot.SourceMeta)
	ok(t, err)
	if st.Name != goalbot.SourceMeta || !st.LastSuccess.IsZero() {
		t.Fatalf("a source never pulled: %+v", st)
	}
	want := goalbot.SourceStatus{Name: goalbot.SourceMeta, Accounts: 2, Campaigns: 7, Rows: 210,
		LastSuccess: t0.Round(0), NextRun: t0.Add(time.Hour).Round(0), Backfilled: []string{"meta-1"}}
	ok(t, r.SaveSourceStatus(ctx, want))
	ok(t, r.SaveSourceStatus(ctx, goalbot.SourceStatus{Name: goalbot.SourceGoogleAds, Error: goalbot.M("sources.meta.refused", goalbot.Args{"Detail": "no"})}))
	st, err = r.SourceStatus(ctx, goalbot.SourceMeta)
	ok(t, err)
	if st.Rows != 210 || !st.LastSuccess.Equal(t0) || len(st.Backfilled) != 1 {
		t.Fatalf("read back %+v, want %+v", st, want)
	}
	all, err := r.SourceStatuses(ctx)
	ok(t, err)
	if len(all) != 2 || all[0].Name != goalbot.SourceGoogleAds || all[0].Error.Key != "sources.meta.refused" || all[0].Error.Args["Detail"] != "no" || all[1].Name != goalbot.SourceMeta {
		t.Fatalf("statuses %+v", all)
	}
}
