// Package meta pulls daily campaign spend and conversions from Meta's Marketing API
// (the Graph API): the ad accounts a system user's token reaches (or the configured
// ones) with their currency and time zone, their campaigns, and the insights of
// act_{id}/insights at level=campaign with time_increment=1, following the cursor
// paging; a range longer than SyncDays is asked for as an async report run. Every
// number in Graph JSON is a string. The network conversions are the actions of the
// configured action types (lead by default), never the sum of all actions, which
// counts one conversion under several overlapping types.
package meta

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// Defaults of the configuration.
const (
	DefaultAPIURL  = "https://graph.facebook.com/"
	DefaultVersion = "v27.0"
	// DefaultConversionActions are the action types counted as conversions.
	DefaultConversionActions = "lead"
	// SyncDays is the longest range asked for with a plain GET; longer ranges go
	// through an async report run.
	SyncDays = 31
	// pageSize is the limit of every listing.
	pageSize = 500
)

// Config is how to reach Meta.
type Config struct {
	AccessToken string
	// AdAccountIDs are the accounts to pull, without act_; empty: every account the
	// token reaches.
	AdAccountIDs []string
	// ConversionActions are the action types whose values are summed as conversions.
	ConversionActions []string
	APIURL            string // ends in "/"
	Version           string
	HTTP              *http.Client
	Retry             *source.Retrier
	// PollInterval is how often an async report is checked (default 5s); PollTimeout
	// how long it may run (default 60m).
	PollInterval, PollTimeout time.Duration
	// Sleep waits between polls (tests replace it).
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client is the Meta client (source.Client).
type Client struct {
	cfg    Config
	caller *source.Caller
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	hc := cfg.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 5 * time.Second
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = time.Hour
	}
	if cfg.Sleep == nil {
		cfg.Sleep = source.Sleep
	}
	return &Client{cfg: cfg, caller: &source.Caller{HTTP: hc, Retry: cfg.Retry, Refuse: refuse}}
}

// NormalizeAccountID returns an ad account id without act_, and whether it is one
// (digits).
func NormalizeAccountID(s string) (string, bool) {
	id := strings.TrimPrefix(strings.TrimSpace(s), "act_")
	if id == "" || strings.Trim(id, "0123456789") != "" {
		return "", false
	}
	return id, true
}

// get sends a GET of path with query q and decodes the answer into v.
func (c *Client) get(ctx context.Context, path string, q url.Values, v any) error {
	return c.send(ctx, http.MethodGet, path, q, v)
}

// send sends a request with the token as a bearer header (never in the URL, so it
// stays out of logs) and decodes the answer into v.
func (c *Client) send(ctx context.Context, method, path string, q url.Values, v any) error {
	u := c.cfg.APIURL + c.cfg.Version + "/" + path
	newReq := func(ctx context.Context) (*http.Request, error) {
		var req *http.Request
		var err error
		if method == http.MethodGet {
			req, err = http.NewRequestWithContext(ctx, method, u+"?"+q.Encode(), nil)
		} else {
			req, err = http.NewRequestWithContext(ctx, method, u, strings.NewReader(q.Encode()))
			if req != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
		}
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+c.cfg.AccessToken)
		}
		return req, err
	}
	return c.caller.Call(ctx, newReq, func(resp *http.Response) error {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.meta.broke_off", nil), Err: err}
		}
		return nil
	})
}

// page is one page of a Graph listing.
type page[T any] struct {
	Data   []T `json:"data"`
	Paging struct {
		Cursors struct {
			After string `json:"after"`
		} `json:"cursors"`
		Next string `json:"next"`
	} `json:"paging"`
}

// list reads every page of a listing (following the after cursor while the answer
// has a next page) and calls each with every item.
func list[T any](ctx context.Context, c *Client, path string, q url.Values, each func(T) error) error {
	q.Set("limit", fmt.Sprint(pageSize))
	for {
		var p page[T]
		if err := c.get(ctx, path, q, &p); err != nil {
			return err
		}
		for _, item := range p.Data {
			if err := each(item); err != nil {
				return err
			}
		}
		if p.Paging.Next == "" || p.Paging.Cursors.After == "" {
			return nil
		}
		q.Set("after", p.Paging.Cursors.After)
	}
}

// LastDay is the account's today or the UTC date, whichever is first: Meta checks the
// end of a range against its own date and refuses a day after it.
func (c *Client) LastDay(a source.Account, now time.Time) goalbot.Date {
	utc := goalbot.DateIn(now, time.UTC)
	if local := goalbot.DateIn(now, a.Location); local.Before(utc) {
		return local
	}
	return utc
}

// Campaigns lists the account's campaigns.
func (c *Client) Campaigns(ctx context.Context, a source.Account) ([]source.Campaign, error) {
	var out []source.Campaign
	err := list(ctx, c, "act_"+a.ID+"/campaigns", url.Values{"fields": {"id,name"}}, func(cp struct{ ID, Name string }) error {
		out = append(out, source.Campaign{ID: cp.ID, Name: cp.Name})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list campaigns of act_%s: %w", a.ID, err)
	}
	return out, nil
}

// conversions sums the values of the configured action types.
func (c *Client) conversions(actions []action) (goalbot.Micro, error) {
	var sum goalbot.Micro
	for _, a := range actions {
		if !slices.Contains(c.cfg.ConversionActions, a.ActionType) {
			continue
		}
		v, err := source.Amount(a.Value)
		if err != nil {
			return 0, fmt.Errorf("action %s: %w", a.ActionType, err)
		}
		sum += v
	}
	return sum, nil
}
