package meta

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// adAccount is an ad account's fields.
type adAccount struct {
	ID            string `json:"id"`         // act_123
	AccountID     string `json:"account_id"` // 123
	Name          string `json:"name"`
	Currency      string `json:"currency"`
	TimezoneName  string `json:"timezone_name"`
	AccountStatus int    `json:"account_status"`
}

const accountFields = "account_id,name,currency,timezone_name,account_status"

// Account statuses that are never pulled when accounts are discovered.
const (
	statusDisabled = 2
	statusClosed   = 101
)

// Accounts reads the configured accounts, or lists every account the token
// reaches (me/adaccounts) that is not disabled or closed.
func (c *Client) Accounts(ctx context.Context) ([]source.Account, error) {
	var out []source.Account
	if len(c.cfg.AdAccountIDs) > 0 {
		for _, id := range c.cfg.AdAccountIDs {
			var a adAccount
			if err := c.get(ctx, "act_"+id, url.Values{"fields": {accountFields}}, &a); err != nil {
				return nil, fmt.Errorf("read ad account act_%s: %w", id, err)
			}
			acc, err := account(a, id)
			if err != nil {
				return nil, err
			}
			out = append(out, acc)
		}
		return out, nil
	}
	err := list(ctx, c, "me/adaccounts", url.Values{"fields": {accountFields}}, func(a adAccount) error {
		if a.AccountStatus == statusDisabled || a.AccountStatus == statusClosed {
			return nil
		}
		acc, err := account(a, "")
		if err == nil {
			out = append(out, acc)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list the ad accounts of the token: %w", err)
	}
	return out, nil
}

// account turns Graph's ad account into an account; id is the configured id.
func account(a adAccount, id string) (source.Account, error) {
	if id == "" {
		id = a.AccountID
	}
	if id == "" {
		id = strings.TrimPrefix(a.ID, "act_")
	}
	loc, err := goalbot.LoadLocation(a.TimezoneName)
	if err != nil {
		return source.Account{}, &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.meta.time_zone", nil), Err: err}
	}
	return source.Account{ID: id, Name: a.Name, Currency: a.Currency, Location: loc}, nil
}
