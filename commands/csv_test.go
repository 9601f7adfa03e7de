package commands_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// bigCSV returns a metrics CSV of at least size bytes as an export tool may write
// it: a BOM, CRLF line ends, names with quoted commas, quotes and line breaks, and
// empty lines. It returns the number of rows and, per campaign, the spend.
func bigCSV(size int) (body string, rows int, spend map[string]goalbot.Micro) {
	var b strings.Builder
	b.Grow(size + 1024)
	b.WriteString("\ufeff" + strings.ReplaceAll(importHeader, "\n", "\r\n"))
	spend = map[string]goalbot.Micro{}
	start := goalbot.Date{Year: 2026, Month: 1, Day: 1}
	for i := 0; b.Len() < size; i++ {
		campaign := fmt.Sprintf("cmp-big-%d", i/300)
		day := start.AddDays(i % 300)
		cents := int64(i%9973) + 1
		name := fmt.Sprintf(`"Campaign %d, ""the big one""`+"\n"+`(EMEA)"`, i/300)
		fmt.Fprintf(&b, "%s,google,act-big-%d,\"Acme, Inc.\",%s,%s,USD,%d.%02d,%d.5,%d,%d\r\n",
			day, i/3000, campaign, name, cents/100, cents%100, i%40, i%7, i%3)
		if i%1000 == 999 {
			b.WriteString("\r\n")
		}
		spend[campaign] += goalbot.Micro(cents) * 10_000
		rows++
	}
	return b.String(), rows, spend
}

func TestImportTenMegabytes(t *testing.T) {
	t.Parallel()
	body, rows, want := bigCSV(10 << 20)
	a := newApp(t)
	imp, err := readImport(t, a, body)
	ok(t, err)
	if imp.Rows != rows || imp.Campaigns != len(want) {
		t.Fatalf("read %d rows of %d campaigns, want %d of %d", imp.Rows, imp.Campaigns, rows, len(want))
	}
	last := imp.Batches[len(imp.Batches)-1]
	m := last[len(last)-1]
	if m.CampaignName != fmt.Sprintf(`Campaign %d, "the big one" (EMEA)`, (rows-1)/300) || m.AccountName != "Acme, Inc." || m.Conversions != goalbot.Micro(m.Conversions/goalbot.MicroUnit)*goalbot.MicroUnit+500_000 {
		t.Fatalf("last row decoded as %+v", m)
	}
	batches := 0
	ok(t, a.ApplyImport(ctx, imp, func(int) { batches++ }))
	if wantBatches := (rows + commands.ImportBatch - 1) / commands.ImportBatch; batches != wantBatches {
		t.Errorf("%d batches, want %d", batches, wantBatches)
	}
	for _, c := range []string{"cmp-big-0", "cmp-big-77", fmt.Sprintf("cmp-big-%d", (rows-1)/300)} {
		if got := spend(t, a, c); got != want[c] {
			t.Errorf("%s spend %s, want %s", c, got, want[c])
		}
	}
}
