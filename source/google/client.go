// Package google pulls daily campaign spend and conversions from the Google Ads API
// (REST): accounts from customers:listAccessibleCustomers and the customer_client
// resource (the clients under a manager account), campaigns and daily metrics with
// GAQL queries sent to googleAds:searchStream, whose answer is a JSON array of
// batches. OAuth2 with a refresh token (golang.org/x/oauth2); login-customer-id for
// accounts reached through a manager; the developer-token header only when one is
// configured.
//
// The wire format is the proto3 JSON mapping: lowerCamelCase keys, int64 values
// (ids, costMicros) as JSON strings, doubles (conversions) as numbers; metrics that
// are zero may be left out, and rows whose metrics are all zero are not returned.
package google

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
	"golang.org/x/oauth2"
)

// Defaults of the configuration.
const (
	DefaultAPIURL   = "https://googleads.googleapis.com/"
	DefaultTokenURL = "https://oauth2.googleapis.com/token"
	AuthURL         = "https://accounts.google.com/o/oauth2/auth"
	DefaultVersion  = "v26"
	// Scope is the OAuth2 scope of the Google Ads API.
	Scope = "https://www.googleapis.com/auth/adwords"
)

// Config is how to reach Google Ads.
type Config struct {
	ClientID, ClientSecret, RefreshToken string
	// CustomerIDs are the accounts to pull (digits only); empty: every account the
	// credentials reach, and the clients of the manager accounts among them.
	CustomerIDs []string
	// LoginCustomerID is the manager account to log in through (digits only), when
	// set; otherwise an account found under a manager is reached through it.
	LoginCustomerID string
	DeveloperToken  string // sent only when set
	// AllConversions counts metrics.all_conversions instead of metrics.conversions.
	AllConversions bool
	APIURL         string // ends in "/"
	TokenURL       string
	Version        string
	// HTTP sends the requests and the token refreshes (nil: http.DefaultClient).
	HTTP  *http.Client
	Retry *source.Retrier
}

// Client is the Google Ads client (source.Client).
type Client struct {
	cfg    Config
	caller *source.Caller
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	oc := &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Scopes: []string{Scope},
		Endpoint: oauth2.Endpoint{AuthURL: AuthURL, TokenURL: cfg.TokenURL, AuthStyle: oauth2.AuthStyleInParams}}
	c := &Client{cfg: cfg}
	c.caller = &source.Caller{HTTP: source.OAuthClient(oc, cfg.RefreshToken, cfg.HTTP), Retry: cfg.Retry,
		Transport: func(err error) error { return source.TokenError(err, "Google Ads", reconnect) }, Refuse: refuse}
	return c
}

// reconnect says how to get a new refresh token.
var reconnect = goalbot.M("sources.google.reconnect", nil)

// NormalizeCustomerID returns a customer id without dashes, and whether it is one
// (ten digits, as Google shows them: 123-456-7890).
func NormalizeCustomerID(s string) (string, bool) {
	id := strings.ReplaceAll(strings.TrimSpace(s), "-", "")
	if len(id) != 10 {
		return "", false
	}
	for _, c := range id {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	return id, true
}

// url returns the API URL of path (after the version).
func (c *Client) url(path string) string {
	return c.cfg.APIURL + c.cfg.Version + "/" + path
}

// search sends a GAQL query to searchStream on customer, logged in through login
// (none when empty), and calls each with every result of every batch.
func (c *Client) search(ctx context.Context, customer, login, query string, each func(r *result) error) error {
	body, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		return fmt.Errorf("encode query: %w", err)
	}
	newReq := func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url("customers/"+customer+"/googleAds:searchStream"), bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		c.headers(req, login)
		return req, nil
	}
	return c.caller.Call(ctx, newReq, func(resp *http.Response) error { return readStream(resp.Body, each) })
}

// headers sets the developer token (when configured) and the login customer id.
func (c *Client) headers(req *http.Request, login string) {
	if c.cfg.DeveloperToken != "" {
		req.Header.Set("developer-token", c.cfg.DeveloperToken)
	}
	if c.cfg.LoginCustomerID != "" {
		login = c.cfg.LoginCustomerID
	}
	if login != "" {
		req.Header.Set("login-customer-id", login)
	}
}

// Campaigns lists the account's campaigns that are not removed.
func (c *Client) Campaigns(ctx context.Context, a source.Account) ([]source.Campaign, error) {
	var out []source.Campaign
	err := c.search(ctx, a.ID, a.Via, "SELECT campaign.id, campaign.name FROM campaign WHERE campaign.status != 'REMOVED'",
		func(r *result) error {
			if r.Campaign != nil && r.Campaign.ID != "" {
				out = append(out, source.Campaign{ID: r.Campaign.ID, Name: r.Campaign.Name})
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list campaigns of customer %s: %w", a.ID, err)
	}
	return out, nil
}

// Rows reads the daily cost and conversions of every campaign of the account from
// from to to (the account's days).
func (c *Client) Rows(ctx context.Context, a source.Account, from, to goalbot.Date, emit func(source.Row)) error {
	q := fmt.Sprintf("SELECT campaign.id, campaign.name, segments.date, metrics.cost_micros, metrics.conversions, metrics.all_conversions "+
		"FROM campaign WHERE segments.date BETWEEN '%s' AND '%s'", from, to)
	err := c.search(ctx, a.ID, a.Via, q, func(r *result) error {
		row, err := c.row(r)
		if err != nil {
			return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.google.row", nil), Err: err}
		}
		emit(row)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read metrics of customer %s: %w", a.ID, err)
	}
	return nil
}

// row reads one metrics result.
func (c *Client) row(r *result) (source.Row, error) {
	if r.Campaign == nil || r.Segments == nil {
		return source.Row{}, fmt.Errorf("a result without campaign or segments.date")
	}
	d, err := goalbot.ParseDate(r.Segments.Date)
	if err != nil {
		return source.Row{}, fmt.Errorf("segments.date %q: %w", r.Segments.Date, err)
	}
	row := source.Row{Campaign: r.Campaign.ID, CampaignName: r.Campaign.Name, Date: d}
	if r.Metrics == nil {
		return row, nil
	}
	if row.Spend, err = source.Micros(r.Metrics.CostMicros); err != nil {
		return row, fmt.Errorf("costMicros: %w", err)
	}
	conv := r.Metrics.Conversions
	if c.cfg.AllConversions {
		conv = r.Metrics.AllConversions
	}
	if row.Conversions, err = source.Count(conv); err != nil {
		return row, fmt.Errorf("conversions: %w", err)
	}
	return row, nil
}

// location loads an account's time zone.
func location(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	loc, err := goalbot.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", name, err)
	}
	return loc, nil
}
