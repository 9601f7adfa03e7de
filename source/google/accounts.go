package google

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// clientQuery lists an account and, for a manager, its direct clients.
const clientQuery = "SELECT customer_client.client_customer, customer_client.id, customer_client.descriptive_name, " +
	"customer_client.currency_code, customer_client.time_zone, customer_client.manager, customer_client.status, customer_client.level " +
	"FROM customer_client WHERE customer_client.level <= 1"

// Accounts lists the configured customers (a manager among them stands for its
// clients), or every account the credentials reach and the clients of the managers
// among them. Managers themselves have no campaigns and are left out.
func (c *Client) Accounts(ctx context.Context) ([]source.Account, error) {
	ids, discover := c.cfg.CustomerIDs, len(c.cfg.CustomerIDs) == 0
	if discover {
		var err error
		if ids, err = c.accessible(ctx); err != nil {
			return nil, err
		}
	}
	var out []source.Account
	seen := map[string]bool{}
	for _, id := range ids {
		accs, err := c.clients(ctx, id)
		if err != nil {
			if discover && source.KindOf(err) == source.Permanent {
				continue // an accessible account that is cancelled or closed
			}
			return nil, err
		}
		for _, a := range accs {
			if !seen[a.ID] {
				seen[a.ID] = true
				out = append(out, a)
			}
		}
	}
	return out, nil
}

// accessible lists the customers the credentials reach.
func (c *Client) accessible(ctx context.Context) ([]string, error) {
	var answer struct {
		ResourceNames []string `json:"resourceNames"`
	}
	newReq := func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url("customers:listAccessibleCustomers"), nil)
		if err == nil && c.cfg.DeveloperToken != "" {
			req.Header.Set("developer-token", c.cfg.DeveloperToken)
		}
		return req, err
	}
	err := c.caller.Call(ctx, newReq, func(resp *http.Response) error { return json.NewDecoder(resp.Body).Decode(&answer) })
	if err != nil {
		return nil, fmt.Errorf("list accessible customers: %w", err)
	}
	ids := make([]string, 0, len(answer.ResourceNames))
	for _, rn := range answer.ResourceNames {
		ids = append(ids, strings.TrimPrefix(rn, "customers/"))
	}
	return ids, nil
}

// clients returns customer id as an account, or, for a manager, its enabled
// clients that are not managers, reached through it.
func (c *Client) clients(ctx context.Context, id string) ([]source.Account, error) {
	var out []source.Account
	err := c.search(ctx, id, id, clientQuery, func(r *result) error {
		cc := r.CustomerClient
		if cc == nil || cc.Manager || (cc.Status != "" && cc.Status != "ENABLED") {
			return nil
		}
		a, err := account(cc, id)
		if err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list the accounts of customer %s: %w", id, err)
	}
	return out, nil
}

// account turns a customer_client into an account reached through login (no login
// for the customer itself).
func account(cc *customer, login string) (source.Account, error) {
	id := cc.ID
	if id == "" {
		id = strings.TrimPrefix(cc.ClientCustomer, "customers/")
	}
	loc, err := location(cc.TimeZone)
	if err != nil {
		return source.Account{}, &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.google.time_zone", nil), Err: err}
	}
	via := login
	if via == id {
		via = ""
	}
	return source.Account{ID: id, Name: cc.DescriptiveName, Currency: cc.CurrencyCode, Location: loc, Via: via}, nil
}
