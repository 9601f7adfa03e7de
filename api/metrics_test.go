package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
)

// metricRow is the contract's example row of campaign on date with spend.
func metricRow(campaign, date, spend string) string {
	return fmt.Sprintf(`{"date":%q,"network":"google","account_id":"act-1","account_name":"Acme Google","campaign_id":%q,"campaign_name":"Spring sale","currency":"USD","spend":%s,"conversions":7,"contacts":{"lead":3,"customer":1},"first_form_submissions":2}`,
		date, campaign, spend)
}

// totals returns what the store holds for campaign over 2026.
func (h *harness) totals(campaign string) goalbot.Totals {
	h.t.Helper()
	sums, err := h.store.SumRanges(ctx, []goalbot.CampaignRange{{Campaign: campaign,
		From: goalbot.Date{Year: 2026, Month: 1, Day: 1}, To: goalbot.Date{Year: 2026, Month: 12, Day: 31}}})
	if err != nil {
		h.t.Fatal(err)
	}
	return sums[0]
}

// ingest posts body to /v1/metrics with the ingest token.
func (h *harness) ingest(body string) (int, []byte) {
	h.t.Helper()
	return h.do(http.MethodPost, "/v1/metrics", ingestToken, strings.NewReader(body))
}

func TestIngest(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		// NDJSON; within one request the last row for a key wins.
		body := metricRow("cmp-9", "2026-11-01", "120.5") + "\n" +
			metricRow("cmp-9", "2026-11-02", "10") + "\n" +
			metricRow("cmp-9", "2026-11-01", "100") + "\n"
		code, resp := h.ingest(body)
		if code != http.StatusOK || strings.TrimSpace(string(resp)) != `{"accepted":3}` {
			t.Fatalf("POST /v1/metrics = %d %s, want 200 {\"accepted\":3}", code, resp)
		}
		want := h.totals("cmp-9")
		if want.Spend != 110*goalbot.MicroUnit || want.ContactsIn(goalbot.Lead) != 6 || want.FirstFormSubmissions != 4 {
			t.Fatalf("stored %+v, want spend 110 (100 + 10), 6 leads, 4 form submissions", want)
		}
		// A replay, as a JSON array this time, changes nothing.
		code, resp = h.ingest("[" + strings.ReplaceAll(strings.TrimSpace(body), "\n", ",") + "]")
		if code != http.StatusOK || strings.TrimSpace(string(resp)) != `{"accepted":3}` {
			t.Fatalf("replay = %d %s", code, resp)
		}
		if got := h.totals("cmp-9"); got != want {
			t.Errorf("after a replay the store holds %+v, want %+v", got, want)
		}
		// The rows put the campaign in the catalog, and the engine is told.
		camps, err := h.store.Campaigns(ctx, []string{"cmp-9"})
		if err != nil || camps["cmp-9"].AccountID != "act-1" || camps["cmp-9"].Currency != "USD" {
			t.Errorf("catalog after ingest: %+v %v", camps, err)
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		if len(h.ingested) != 2 || fmt.Sprint(h.ingested[0]) != "[cmp-9]" || h.rows != 6 {
			t.Errorf("the engine was told %v and %d rows were counted; want [cmp-9] twice and 6", h.ingested, h.rows)
		}
	})
}

func TestIngestInvalidChangesNothing(t *testing.T) {
	good := metricRow("cmp-9", "2026-11-01", "1")
	cases := []struct {
		name, body string
		row        int
		field      string
		says       string
	}{
		{"empty body", "", 1, "", "no rows"},
		{"malformed JSON", good + "\n{\"date\":", 2, "", "malformed JSON"},
		{"wrong type", strings.Replace(good, `"spend":1`, `"spend":"1"`, 1), 1, "spend", "must be a number"},
		{"NaN", strings.Replace(good, `"spend":1`, `"spend":NaN`, 1), 1, "", "malformed JSON"},
		{"Infinity", strings.Replace(good, `"spend":1`, `"spend":Infinity`, 1), 1, "", "malformed JSON"},
		{"negative", strings.Replace(good, `"spend":1`, `"spend":-1`, 1), 1, "spend", "must not be negative"},
		{"huge", strings.Replace(good, `"spend":1`, `"spend":1e30`, 1), 1, "spend", "too large"},
		{"before 2000", strings.Replace(good, "2026-11-01", "1999-12-31", 1), 1, "date", "before 2000-01-01"},
		{"after tomorrow", strings.Replace(good, "2026-11-01", "2026-11-30", 1), 1, "date", "more than one day after today (2026-11-28)"},
		{"unknown field", strings.Replace(good, `"network"`, `"netwrok"`, 1), 1, "netwrok", "unknown field"},
		{"custom stage", strings.Replace(good, `"lead":3`, `"hot_lead":3`, 1), 1, "contacts.hot_lead", "standard lifecycle stage"},
		{"campaign moves account", strings.Replace(good, `"act-1"`, `"act-2"`, 1), 0, "", "cannot move to account act-2"},
	}
	forEachBackend(t, func(t *testing.T, h *harness) {
		if code, resp := h.ingest(metricRow("cmp-9", "2026-11-01", "50")); code != http.StatusOK {
			t.Fatalf("first ingest = %d %s", code, resp)
		}
		before := h.totals("cmp-9")
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				// A valid row that would change the sum comes first: it must not apply.
				body := metricRow("cmp-9", "2026-11-02", "999") + "\n" + c.body
				if c.name == "empty body" {
					body = ""
				}
				code, resp := h.ingest(body)
				if code != http.StatusBadRequest {
					t.Fatalf("status %d %s, want 400", code, resp)
				}
				row := c.row
				if row > 0 && c.name != "empty body" {
					row++ // after the valid row
				}
				e := mustError(t, resp, c.field, c.says)
				if c.row > 0 && !hasRow(e, row, c.field) {
					t.Errorf("no problem at row %d field %q in %s", row, c.field, resp)
				}
				if got := h.totals("cmp-9"); got != before || !h.totals("cmp-6").IsZero() {
					t.Errorf("a refused ingest changed the store: %+v, was %+v", got, before)
				}
			})
		}
	})
}

func hasRow(e errorsBody, row int, field string) bool {
	for _, p := range e.Errors {
		if p.Row == row && p.Field == field {
			return true
		}
	}
	return false
}

func TestIngestCapsErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		bad := metricRow("cmp-9", "2026-11-01", "-1") + "\n"
		code, resp := h.ingest(strings.Repeat(bad, 130))
		e := mustError(t, resp, "spend", "negative")
		if code != http.StatusBadRequest || len(e.Errors) != 100 || e.More != 30 {
			t.Fatalf("130 bad rows: %d, %d errors and %d more; want 400, 100 and 30", code, len(e.Errors), e.More)
		}
	})
}

func TestIngestTokens(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		row := metricRow("cmp-9", "2026-11-01", "1")
		for name, token := range map[string]string{"missing": "", "wrong": "wrong-token", "API token": apiToken} {
			code, resp := h.do(http.MethodPost, "/v1/metrics", token, strings.NewReader(row))
			if code != http.StatusUnauthorized {
				t.Errorf("%s token: %d %s, want 401", name, code, resp)
			}
			mustError(t, resp, "", "Authorization: Bearer <token>")
		}
		if !strings.Contains(h.log.String(), "ingest: wrong or missing token") {
			t.Errorf("refused tokens were not logged:\n%s", h.log)
		}
		if got := h.totals("cmp-9"); !got.IsZero() {
			t.Errorf("a refused request stored %+v", got)
		}
		// (harness checks at cleanup that no token reached the log)
	})
}

func TestIngestOff(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.v1.IngestToken = ""
		code, resp := h.ingest(metricRow("cmp-9", "2026-11-01", "1"))
		if code != http.StatusNotFound {
			t.Fatalf("ingest off: %d %s, want 404", code, resp)
		}
		mustError(t, resp, "", "set GOALBOT_INGEST_TOKEN")
	})
}

func TestIngestTooLarge(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		h.v1.MaxIngestBytes = 1000
		body := strings.Repeat(metricRow("cmp-9", "2026-11-01", "1")+"\n", 5) // about 1,300 bytes
		code, resp := h.ingest(body)
		if code != http.StatusRequestEntityTooLarge {
			t.Fatalf("declared length over the limit: %d %s, want 413", code, resp)
		}
		mustError(t, resp, "", "GOALBOT_INGEST_MAX_BYTES (1000 bytes)")
		// Without a Content-Length (chunked), the limit holds as the body is read.
		req := httptest.NewRequest(http.MethodPost, "/v1/metrics", strings.NewReader(body))
		req.ContentLength = -1
		req.Header.Set("Authorization", "Bearer "+ingestToken)
		rec := httptest.NewRecorder()
		h.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("chunked body over the limit: %d %s, want 413", rec.Code, rec.Body)
		}
		if got := h.totals("cmp-9"); !got.IsZero() {
			t.Errorf("a body over the limit stored %+v", got)
		}
		// Just under the limit is fine.
		h.v1.MaxIngestBytes = int64(len(body))
		if code, resp := h.ingest(body); code != http.StatusOK {
			t.Errorf("a body at the limit: %d %s, want 200", code, resp)
		}
	})
}

// TestIngestRefusesAnotherCurrency: a row whose currency is not its account's (in
// the catalog, or on an earlier row of the request) is refused with a 400 naming the
// row, the account and both currencies, and nothing of the request is applied.
func TestIngestRefusesAnotherCurrency(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		if code, resp := h.ingest(metricRow("cmp-9", "2026-11-01", "50")); code != http.StatusOK {
			t.Fatalf("first ingest = %d %s", code, resp)
		}
		before := h.totals("cmp-9")
		euros := strings.Replace(metricRow("cmp-8", "2026-11-02", "7"), `"USD"`, `"EUR"`, 1)
		for name, c := range map[string]struct {
			body  string
			row   int
			says  []string
			other string // a campaign the refused request must not have written
		}{
			"catalog": {strings.Replace(metricRow("cmp-6", "2026-11-02", "999"), `"act-1"`, `"act-2"`, 1) + "\n" + euros, 2,
				[]string{"act-1", "USD", "EUR", "in the catalog"}, "cmp-8"},
			"one request": {strings.NewReplacer(`"act-1"`, `"act-new"`).Replace(
				strings.Replace(metricRow("cmp-7", "2026-11-02", "1"), `"USD"`, `"SEK"`, 1) + "\n" +
					strings.Replace(metricRow("cmp-7", "2026-11-03", "1"), `"USD"`, `"NOK"`, 1)), 2,
				[]string{"act-new", "SEK", "NOK", "on row 1"}, "cmp-7"},
		} {
			code, resp := h.ingest(c.body)
			if code != http.StatusBadRequest {
				t.Fatalf("%s: status %d %s, want 400", name, code, resp)
			}
			e := mustError(t, resp, "currency", c.says[0])
			if !hasRow(e, c.row, "currency") {
				t.Errorf("%s: no problem at row %d in %s", name, c.row, resp)
			}
			for _, s := range c.says {
				if !strings.Contains(string(resp), s) {
					t.Errorf("%s: %s does not say %q", name, resp, s)
				}
			}
			if got := h.totals("cmp-9"); got != before || !h.totals("cmp-6").IsZero() {
				t.Errorf("%s: a refused ingest changed the store: %+v, was %+v", name, got, before)
			}
			if got := h.totals(c.other); !got.IsZero() {
				t.Errorf("%s: a refused ingest wrote %s: %+v", name, c.other, got)
			}
		}
		accs, err := h.store.Accounts(ctx, []string{"act-1", "act-new"})
		if err != nil || accs["act-1"].Currency != "USD" || len(accs) != 1 {
			t.Errorf("accounts after the refused ingests: %+v %v", accs, err)
		}
	})
}
