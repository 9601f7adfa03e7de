package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/goalbot/goalbot"
)

// The catalog (catalog*.go): the accounts and campaigns that metrics rows and the
// catalog API bring, searched in memory. Its keys:
//
//	catalog:accounts            hash    account id → JSON {id, name, network, currency}
//	catalog:campaigns           hash    campaign id → JSON {id, name, account_id}
//	catalog:version             string  moves on (INCR) with every write that adds or changes an
//	                                    entry, in the same script; searches reload their index
//	                                    whole when it moved (catalog_index.go)
//	catalog:attribution         hash    campaign id → JSON list of the CRM drill-downs that count for it
//	                                    (catalog_attribution.go)
//
// Writes are checked writes (metric_checked_write.go) of the entries that change.

func (k keys) catalog(kind string) string { return k.base + "catalog:" + kind }
func (k keys) catalogVersion() string     { return k.base + "catalog:version" }

// The kinds of catalog entries.
const (
	kindAccounts  = "accounts"
	kindCampaigns = "campaigns"
)

// Account is the domain's catalog account; the store keeps it as JSON under its id.
type Account = goalbot.Account

// Campaign is the domain's catalog campaign. A campaign never moves between accounts;
// its Network and Currency are its account's, filled when it is read.
type Campaign = goalbot.Campaign

// mergeAccount returns a changed by the non-empty fields of b.
func mergeAccount(a, b Account) Account {
	if b.Name != "" {
		a.Name = b.Name
	}
	if b.Network != "" {
		a.Network = b.Network
	}
	if b.Currency != "" {
		a.Currency = b.Currency
	}
	return a
}

// mergeCampaign returns c changed by the non-empty fields of b (not its account).
func mergeCampaign(c, b Campaign) Campaign {
	if b.Name != "" {
		c.Name = b.Name
	}
	return c
}

// currencyChange is a change of an account's known currency, which the catalog
// refuses (an account keeps one currency, so that a campaign's spend is always in
// the same money): accounts[Index] of an upsert is in Got where Known was known.
type currencyChange struct {
	Index               int
	Account, Known, Got string
}

// Error says what changed.
func (e *currencyChange) Error() string {
	return fmt.Sprintf("account %s is in %s and cannot change to %s", e.Account, e.Known, e.Got)
}

// remedy is what to do about an account whose currency changed.
var remedy = goalbot.M("errors.store.currency_remedy", nil)

// catalogError returns the domain error for a currency change refused by
// UpsertCatalog, and err itself otherwise.
func catalogError(err error) error {
	var cc *currencyChange
	if errors.As(err, &cc) {
		return goalbot.Invalid("errors.store.currency_change", goalbot.Args{"Account": cc.Account, "Known": cc.Known, "Got": cc.Got, "Remedy": remedy})
	}
	return err
}

// rowCurrencyError is the error for metrics row row, whose account is known in
// another currency (in the catalog, or on an earlier row of the same request, at
// row before; 0: the catalog).
func rowCurrencyError(row, before int, account, known, got string) error {
	where := goalbot.M("errors.store.in_catalog", nil)
	if before > 0 {
		where = goalbot.M("errors.store.on_row", goalbot.Args{"Row": before})
	}
	msg := goalbot.M("errors.store.row_currency", goalbot.Args{"Account": account, "Known": known, "Where": where, "Got": got, "Remedy": remedy})
	return &goalbot.Error{Code: goalbot.EINVALID, Message: goalbot.M("errors.store.row", goalbot.Args{"Row": row, "Problem": msg}),
		Fields: []goalbot.FieldError{{Row: row, Field: "currency", Message: msg}}}
}

// movedError is the error for a campaign that would move between accounts.
func movedError(campaign, from, to string) error {
	return goalbot.Invalid("errors.store.campaign_moves", goalbot.Args{"Campaign": campaign, "From": from, "To": to})
}

// decodeEntry decodes one stored catalog entry as HMGET returns it.
func decodeEntry[T any](v any) (T, bool, error) {
	var t T
	s, ok := v.(string)
	if !ok {
		return t, false, nil
	}
	if err := json.Unmarshal([]byte(s), &t); err != nil {
		return t, false, fmt.Errorf("decode catalog entry %q: %w", s, err)
	}
	return t, true, nil
}

// Accounts returns the catalog's accounts with these ids, by id (unknown ones are
// left out).
func (r *Redis) Accounts(ctx context.Context, ids []string) (map[string]Account, error) {
	out := make(map[string]Account, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	vals, err := r.client.HMGet(ctx, r.keys.catalog(kindAccounts), ids...).Result()
	if err != nil {
		return nil, wrap(err, "load %d accounts", len(ids))
	}
	for i, v := range vals {
		a, ok, err := decodeEntry[Account](v)
		if err != nil {
			return nil, fmt.Errorf("load account %s: %w", ids[i], err)
		}
		if ok {
			a.ID = ids[i]
			out[a.ID] = a
		}
	}
	return out, nil
}

// Campaigns returns the catalog's campaigns with these ids, by id, each with its
// account's network and currency (unknown ones are left out).
func (r *Redis) Campaigns(ctx context.Context, ids []string) (map[string]Campaign, error) {
	out := make(map[string]Campaign, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	vals, err := r.client.HMGet(ctx, r.keys.catalog(kindCampaigns), ids...).Result()
	if err != nil {
		return nil, wrap(err, "load %d campaigns", len(ids))
	}
	var owners []string
	for i, v := range vals {
		c, ok, err := decodeEntry[Campaign](v)
		if err != nil {
			return nil, fmt.Errorf("load campaign %s: %w", ids[i], err)
		}
		if ok {
			c.ID = ids[i]
			out[c.ID] = c
			owners = append(owners, c.AccountID)
		}
	}
	accounts, err := r.Accounts(ctx, owners)
	if err != nil {
		return nil, err
	}
	for id, c := range out {
		a := accounts[c.AccountID]
		c.Network, c.Currency = a.Network, a.Currency
		out[id] = c
	}
	return out, nil
}
