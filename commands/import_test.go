package commands_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/store"
)

const importHeader = "date,network,account_id,account_name,campaign_id,campaign_name,currency,spend,conversions,contacts_lead,first_form_submissions\n"

// readImport reads body as an import file for a.
func readImport(t testing.TB, a *commands.App, body string) (*commands.Import, error) {
	t.Helper()
	r, err := commands.NewCSVReader(strings.NewReader(body), a.Today())
	if err != nil {
		return nil, err
	}
	return a.ReadImport(ctx, r)
}

func TestImport(t *testing.T) {
	a := newApp(t)
	body := importHeader +
		"2026-11-01,google,act-1,Acme US,cmp-1,Brand,USD,10.5,2,3,1\n" +
		"2026-11-02,google,act-1,Acme US,cmp-1,Brand,USD,11,2,3,1\n" +
		"2026-11-01,google,act-7,Acme New,cmp-7,Fresh,USD,1,0,0,0\n" +
		"2026-11-02,google,act-1,Acme US,cmp-1,Brand,USD,12,2,3,1\n" // the same day again: the last row wins
	imp, err := readImport(t, a, body)
	ok(t, err)
	if imp.Rows != 4 || imp.Campaigns != 2 || len(imp.Batches) != 1 {
		t.Fatalf("read %d rows of %d campaigns in %d batches, want 4 of 2 in 1", imp.Rows, imp.Campaigns, len(imp.Batches))
	}
	var batches []int
	ok(t, a.ApplyImport(ctx, imp, func(n int) { batches = append(batches, n) }))
	if fmt.Sprint(batches) != "[4]" {
		t.Errorf("progress %v, want [4]", batches)
	}
	if got := spend(t, a, "cmp-1"); got != goalbot.Micro(22_500_000) {
		t.Errorf("cmp-1 spend %s, want 22.5 (10.5 + the last row of 11-02)", got)
	}
	camps, err := a.Store.Campaigns(ctx, []string{"cmp-7"})
	ok(t, err)
	if camps["cmp-7"].AccountID != "act-7" {
		t.Errorf("the import did not add cmp-7 to the catalog: %+v", camps)
	}
}

func TestImportRefuses(t *testing.T) {
	valid := "2026-11-03,google,act-1,Acme US,cmp-1,Brand,USD,5,0,0,0\n"
	cases := []struct {
		name, body string
		row, line  int
		field      string
		says       string
	}{
		{"negative", importHeader + valid + "2026-11-01,google,act-1,Acme US,cmp-1,Brand,USD,-1,2,3,1\n", 2, 3, "spend", "negative"},
		{"campaign changes account in the file", importHeader + valid +
			"2026-11-01,google,act-8,A,cmp-8,X,USD,1,0,0,0\n" +
			"2026-11-02,google,act-9,B,cmp-8,X,USD,1,0,0,0\n", 3, 4, "account_id", "under account act-9 here but under act-8 on row 2 (line 3)"},
		{"campaign moves against the catalog", importHeader +
			"2026-11-01,google,act-2,A,cmp-1,X,USD,1,0,0,0\n", 1, 2, "account_id", "belongs to account act-1 in the catalog, not act-2"},
		{"account changes currency in the file", importHeader + valid +
			"2026-11-01,google,act-8,A,cmp-8,X,SEK,1,0,0,0\n" +
			"2026-11-02,google,act-8,A,cmp-9,Y,NOK,1,0,0,0\n", 3, 4, "currency", "account act-8 is in SEK on row 2 (line 3), but this row says NOK"},
		{"account in another currency than the catalog's", importHeader + valid +
			"2026-11-01,google,act-eu,Acme EU,cmp-eu,Brand EU,USD,1,0,0,0\n" +
			"2026-11-02,google,act-eu,Acme EU,cmp-eu,Brand EU,USD,1,0,0,0\n", 2, 3, "currency", "account act-eu is in EUR in the catalog, but this row says USD"},
		{"header only", importHeader, 0, 2, "", "no rows"},
		{"wrong header", "date,account,campaign_id,currency\n", 0, 1, "account", "unknown column"},
		{"quoted newline then a bad row", importHeader +
			"2026-11-01,google,act-1,\"Acme\nUS\",cmp-1,Brand,USD,1,2,3,1\n" +
			"2026-11-31,google,act-1,Acme US,cmp-1,Brand,USD,1,2,3,1\n", 2, 4, "date", "not a date"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			imp, err := readImport(t, newApp(t), c.body)
			if imp != nil {
				t.Fatalf("ReadImport returned rows with an error")
			}
			var re *commands.RowErrors
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want *RowErrors", err)
			}
			for _, e := range re.List {
				if e.Row == c.row && e.Line == c.line && e.Field == c.field && strings.Contains(english.Message(e.Error), c.says) {
					return
				}
			}
			t.Fatalf("no error at row %d line %d field %q saying %q in %+v", c.row, c.line, c.field, c.says, re.List)
		})
	}
}

func TestImportCountsErrorsBeyondTheCap(t *testing.T) {
	var b strings.Builder
	b.WriteString(importHeader)
	for range 250 {
		b.WriteString("2026-11-01,google,act-1,Acme US,cmp-1,Brand,USD,-1,2,3,1\n")
	}
	_, err := readImport(t, newApp(t), b.String())
	var re *commands.RowErrors
	if !errors.As(err, &re) || len(re.List) != commands.MaxRowErrors || re.More != 150 {
		t.Fatalf("err = %v, want %d errors listed and 150 more counted", err, commands.MaxRowErrors)
	}
	if last := re.List[len(re.List)-1]; last.Row != 100 || last.Line != 101 {
		t.Errorf("the 100th error is at row %d line %d", last.Row, last.Line)
	}
}

// failingStore is the real store whose UpsertMetrics fails from call failAt on, as
// Redis going away part-way through an import would.
type failingStore struct {
	commands.Store
	calls, failAt int
}

func (f *failingStore) UpsertMetrics(ctx context.Context, rows []goalbot.Metric, at time.Time) error {
	f.calls++
	if f.calls >= f.failAt {
		return goalbot.NewError(goalbot.EUNAVAILABLE, "errors.store.unavailable", nil)
	}
	return f.Store.UpsertMetrics(ctx, rows, at)
}

func TestApplyImportPartialFailure(t *testing.T) {
	a := newApp(t)
	var b strings.Builder
	b.WriteString(importHeader)
	day := goalbot.Date{Year: 2026, Month: 6, Day: 1}
	n := 2*commands.ImportBatch + 10
	for i := range n {
		fmt.Fprintf(&b, "%s,google,act-1,Acme US,cmp-%d,C,USD,1,0,0,0\n", day.AddDays(i%100), 100+i/100)
	}
	imp, err := readImport(t, a, b.String())
	ok(t, err)
	fs := &failingStore{Store: a.Store, failAt: 2}
	a.Store = fs
	err = a.ApplyImport(ctx, imp, nil)
	var pe *commands.PartialImportError
	if !errors.As(err, &pe) || pe.Applied != commands.ImportBatch || pe.Total != n {
		t.Fatalf("err = %v, want a PartialImportError after %d of %d rows", err, commands.ImportBatch, n)
	}
	if goalbot.ErrorCode(err) != goalbot.EUNAVAILABLE || !strings.Contains(english.Message(pe.Said()), "run the import again") {
		t.Errorf("error %q does not keep the store's code or say what to do", err)
	}
	// Running it again once the store is back applies everything, once.
	fs.failAt = 1 << 30
	ok(t, a.ApplyImport(ctx, imp, nil))
	ok(t, a.ApplyImport(ctx, imp, nil))
	if got := spend(t, a, "cmp-100"); got != 100*goalbot.MicroUnit {
		t.Errorf("cmp-100 spend %s after the reruns, want 100", got)
	}
}

// spend returns the spend of campaign in 2026, as stored.
func spend(t testing.TB, a *commands.App, campaign string) goalbot.Micro {
	t.Helper()
	st, isStore := a.Store.(*store.Redis)
	if fs, ok := a.Store.(*failingStore); ok {
		st, isStore = fs.Store.(*store.Redis)
	}
	if !isStore {
		t.Fatalf("the app's store is a %T", a.Store)
	}
	sums, err := st.SumRanges(ctx, []goalbot.CampaignRange{{Campaign: campaign,
		From: goalbot.Date{Year: 2026, Month: 1, Day: 1}, To: goalbot.Date{Year: 2026, Month: 12, Day: 31}}})
	ok(t, err)
	return sums[0].Spend
}

// TestApplyImportNamesTheFileRow: when the catalog changed between reading and
// applying an import (another ingest set an account's currency), the store refuses
// the batch, and the error names the row as the file counts it.
func TestApplyImportNamesTheFileRow(t *testing.T) {
	a := newApp(t)
	var b strings.Builder
	b.WriteString(importHeader)
	day := goalbot.Date{Year: 2026, Month: 6, Day: 1}
	for i := range commands.ImportBatch + 10 {
		acct, cur := "act-1", "USD"
		if i >= commands.ImportBatch {
			acct, cur = "act-new", "SEK"
		}
		fmt.Fprintf(&b, "%s,google,%s,A,cmp-%s,C,%s,1,0,0,0\n", day.AddDays(i%100), acct, acct, cur)
	}
	imp, err := readImport(t, a, b.String())
	ok(t, err)
	euros := goalbot.Metric{Date: day, Network: "google", AccountID: "act-new", CampaignID: "cmp-other", Currency: "EUR"}
	ok(t, a.IngestMetrics(ctx, []goalbot.Metric{euros}))
	err = a.ApplyImport(ctx, imp, nil)
	var pe *commands.PartialImportError
	if !errors.As(err, &pe) || pe.Applied != commands.ImportBatch {
		t.Fatalf("err = %v, want the first batch applied", err)
	}
	fs := goalbot.ErrorFields(err)
	row := commands.ImportBatch + 1
	if len(fs) != 1 || fs[0].Row != row || !strings.HasPrefix(english.Error(err), fmt.Sprintf("row %d: account act-new is in EUR", row)) {
		t.Errorf("fields %+v, message %q: want row %d", fs, english.Error(err), row)
	}
}
