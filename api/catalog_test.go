package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// testCatalog is a catalog request with two USD accounts and one EUR account.
var testCatalog = map[string]any{
	"accounts": []map[string]string{
		{"id": "act-1", "name": "Acme US", "network": "google", "currency": "USD"},
		{"id": "act-2", "name": "Acme Social", "network": "meta", "currency": "USD"},
		{"id": "act-eu", "name": "Acme EU", "network": "google", "currency": "EUR"},
	},
	"campaigns": []map[string]string{
		{"id": "cmp-1", "name": "Brand", "account_id": "act-1"},
		{"id": "cmp-2", "name": "Generic", "account_id": "act-1"},
		{"id": "cmp-3", "name": "Prospecting", "account_id": "act-2"},
		{"id": "cmp-eu", "name": "Brand EU", "account_id": "act-eu"},
	},
}

// addCatalog posts testCatalog.
func (h *harness) addCatalog() {
	h.t.Helper()
	if code := h.api(http.MethodPost, "/v1/catalog", testCatalog, nil); code != http.StatusOK {
		h.t.Fatalf("POST /v1/catalog = %d", code)
	}
}

func TestCatalog(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		var got map[string]int
		if code := h.api(http.MethodPost, "/v1/catalog", testCatalog, &got); code != http.StatusOK || got["accounts"] != 3 || got["campaigns"] != 4 {
			t.Fatalf("POST /v1/catalog = %d %v, want 200 with 3 accounts and 4 campaigns", code, got)
		}
		camps, err := h.store.Campaigns(ctx, []string{"cmp-eu"})
		if err != nil || camps["cmp-eu"].Currency != "EUR" || camps["cmp-eu"].Name != "Brand EU" {
			t.Fatalf("stored campaign %+v (%v)", camps, err)
		}
		// A campaign of a known account may come alone; one that moves is refused.
		more := map[string]any{"campaigns": []map[string]string{{"id": "cmp-4", "name": "Later", "account_id": "act-2"}}}
		if code := h.api(http.MethodPost, "/v1/catalog", more, nil); code != http.StatusOK {
			t.Errorf("a campaign of a known account: %d", code)
		}
		move := map[string]any{"campaigns": []map[string]string{{"id": "cmp-1", "account_id": "act-2"}}}
		code, body := h.do(http.MethodPost, "/v1/catalog", apiToken, jsonBody(t, move))
		if code != http.StatusBadRequest {
			t.Fatalf("moving a campaign: %d %s, want 400", code, body)
		}
		mustError(t, body, "", "cannot move to account act-2")
	})
}

func TestCatalogInvalid(t *testing.T) {
	cases := []struct {
		name, body, field, says string
	}{
		{"empty object", `{}`, "accounts", "nothing to add"},
		{"empty body", ``, "", "the body is empty"},
		{"unknown account", `{"campaigns":[{"id":"cmp-x","account_id":"act-x"}]}`, "campaigns[0].account_id", "unknown account act-x"},
		{"bad currency", `{"accounts":[{"id":"act-x","currency":"dollars"}]}`, "accounts[0].currency", "ISO 4217"},
		{"unknown field", `{"acounts":[]}`, "acounts", "unknown field"},
		{"wrong type", `{"accounts":{"id":"act-x"}}`, "accounts", "must be a list"},
		{"not JSON", `accounts=act-x`, "", "not valid JSON"},
	}
	forEachBackend(t, func(t *testing.T, h *harness) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				code, body := h.do(http.MethodPost, "/v1/catalog", apiToken, strings.NewReader(c.body))
				if code != http.StatusBadRequest {
					t.Fatalf("status %d %s, want 400", code, body)
				}
				mustError(t, body, c.field, c.says)
			})
		}
		if accs, _ := h.store.Accounts(ctx, []string{"act-x"}); len(accs) != 0 {
			t.Errorf("a refused catalog stored %v", accs)
		}
	})
}

func TestAPITokens(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		for _, route := range []struct{ method, path string }{
			{http.MethodPost, "/v1/catalog"}, {http.MethodGet, "/v1/goals"}, {http.MethodPost, "/v1/goals"},
			{http.MethodGet, "/v1/goals/G1"}, {http.MethodPatch, "/v1/goals/G1"}, {http.MethodDelete, "/v1/goals/G1"},
		} {
			for _, token := range []string{"", "wrong-token", ingestToken} {
				if code, body := h.do(route.method, route.path, token, strings.NewReader(`{}`)); code != http.StatusUnauthorized {
					t.Errorf("%s %s with token %q: %d %s, want 401", route.method, route.path, token, code, body)
				}
			}
		}
		h.v1.APIToken = ""
		code, body := h.do(http.MethodGet, "/v1/goals", apiToken, nil)
		if code != http.StatusNotFound {
			t.Fatalf("API off: %d %s, want 404", code, body)
		}
		mustError(t, body, "", "set GOALBOT_API_TOKEN")
	})
}
