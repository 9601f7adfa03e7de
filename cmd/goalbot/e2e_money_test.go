package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestE2ESpendPerCurrency: metrics in dollars and euros, a goal over both, then
// /goal show and GET /v1/goals/{id} give the spend per currency, never their sum; a
// row that would switch an account's currency is refused and changes nothing.
func TestE2ESpendPerCurrency(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	rows := `{"date":"2026-03-09","network":"google","account_id":"act-1","account_name":"Acme US","campaign_id":"cmp-1","campaign_name":"Brand","currency":"USD","spend":120.5,"conversions":7}` + "\n" +
		`{"date":"2026-03-09","network":"google","account_id":"act-eu","account_name":"Acme EU","campaign_id":"cmp-eu","campaign_name":"Brand EU","currency":"EUR","spend":26.07,"conversions":3}`
	in.mustDo("POST", "/v1/metrics", e2eIngestToken, rows, http.StatusOK)
	switched := `{"date":"2026-03-10","network":"google","account_id":"act-eu","account_name":"Acme EU","campaign_id":"cmp-eu","campaign_name":"Brand EU","currency":"USD","spend":99,"conversions":1}`
	refused := string(in.mustDo("POST", "/v1/metrics", e2eIngestToken, switched, http.StatusBadRequest))
	expectIn(t, "switched currency", refused, `"row":1`, `"field":"currency"`, "account act-eu is in EUR in the catalog, but this row says USD")

	expectIn(t, "create", e.slash("U1", "C1", `create name:"Brand both" goal_type:network_conversions campaigns:cmp-1,cmp-eu duration:monthly target:100`),
		"Created *G1*")
	in.evaluate(e2eNow)
	show := e.slash("U1", "C1", "show G1")
	expectIn(t, "show", show, `*Spend*\n€26.07 · $120.50`)
	if strings.Contains(show, "146.57") || strings.Contains(show, "245.57") {
		t.Errorf("show adds money across currencies (or took the refused row): %s", show)
	}

	var g struct {
		Periods []struct {
			Spend []struct {
				Currency string  `json:"currency"`
				Amount   float64 `json:"amount"`
			} `json:"spend"`
		} `json:"periods"`
	}
	if err := json.Unmarshal(in.mustDo("GET", "/v1/goals/G1", e2eAPIToken, "", http.StatusOK), &g); err != nil {
		t.Fatal(err)
	}
	if mar := g.Periods[2].Spend; len(mar) != 2 || mar[0].Currency != "EUR" || mar[0].Amount != 26.07 ||
		mar[1].Currency != "USD" || mar[1].Amount != 120.5 {
		t.Errorf("March spend over the API: %+v", mar)
	}
}
