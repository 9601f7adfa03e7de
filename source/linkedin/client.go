// Package linkedin pulls daily campaign spend and conversions from LinkedIn's
// versioned Marketing API (/rest, with the Linkedin-Version and
// X-Restli-Protocol-Version: 2.0.0 headers): ad accounts and their campaigns with
// cursor paging (metadata.nextPageToken), and /rest/adAnalytics with
// q=analytics, pivot=CAMPAIGN and timeGranularity=DAILY, which has no paging and
// caps an answer at about 15,000 elements (a range that reaches the cap is asked for
// again in halves). OAuth2 with a refresh token (golang.org/x/oauth2). Cost is
// costInLocalCurrency, a decimal string in the account's currency; conversions are
// the configured fields (externalWebsiteConversions, oneClickLeads). Days are UTC
// days: LinkedIn exposes no account time zone.
package linkedin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
	"golang.org/x/oauth2"
)

// Defaults of the configuration.
const (
	DefaultAPIURL   = "https://api.linkedin.com/"
	DefaultTokenURL = "https://www.linkedin.com/oauth/v2/accessToken"
	AuthURL         = "https://www.linkedin.com/oauth/v2/authorization"
	DefaultVersion  = "202607"
	// DefaultConversions are the analytics fields counted as conversions.
	DefaultConversions = "externalWebsiteConversions"
	// Scopes are the OAuth2 scopes goalbot asks for: reporting, and reading accounts
	// and campaigns.
	Scopes = "r_ads_reporting r_ads"
	// MaxElements is how many elements one adAnalytics answer holds at most.
	MaxElements = 15_000
	pageSize    = 100
)

// ConversionFields are the analytics fields that may be counted as conversions.
var ConversionFields = []string{"externalWebsiteConversions", "oneClickLeads"}

// Config is how to reach LinkedIn.
type Config struct {
	ClientID, ClientSecret, RefreshToken string
	// AdAccountIDs are the accounts to pull (digits); empty: every account the
	// token reaches.
	AdAccountIDs []string
	// Conversions are the fields summed as conversions (ConversionFields).
	Conversions []string
	APIURL      string // ends in "/"
	TokenURL    string
	Version     string // YYYYMM
	HTTP        *http.Client
	Retry       *source.Retrier
	// MaxElements overrides the element cap of one answer (tests).
	MaxElements int
}

// Client is the LinkedIn client (source.Client).
type Client struct {
	cfg    Config
	caller *source.Caller

	mu        sync.Mutex
	campaigns map[string]int // account → how many campaigns it listed last
}

// reconnect says how to get a new refresh token.
var reconnect = goalbot.M("sources.linkedin.reconnect", nil)

// New returns a client for cfg.
func New(cfg Config) *Client {
	if cfg.MaxElements <= 0 {
		cfg.MaxElements = MaxElements
	}
	oc := &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Scopes: strings.Fields(Scopes),
		Endpoint: oauth2.Endpoint{AuthURL: AuthURL, TokenURL: cfg.TokenURL, AuthStyle: oauth2.AuthStyleInParams}}
	return &Client{cfg: cfg, campaigns: map[string]int{}, caller: &source.Caller{HTTP: source.OAuthClient(oc, cfg.RefreshToken, cfg.HTTP), Retry: cfg.Retry,
		Transport: func(err error) error { return source.TokenError(err, "LinkedIn", reconnect) }, Refuse: refuse}}
}

// NormalizeAccountID returns an ad account id as digits (from digits or
// urn:li:sponsoredAccount:…), and whether it is one.
func NormalizeAccountID(s string) (string, bool) {
	id := strings.TrimPrefix(strings.TrimSpace(s), "urn:li:sponsoredAccount:")
	if id == "" || strings.Trim(id, "0123456789") != "" {
		return "", false
	}
	return id, true
}

// get sends a GET of path (under /rest/) with a query already encoded in Rest.li
// 2.0 form, and decodes the answer into v.
func (c *Client) get(ctx context.Context, path, rawQuery string, v any) error {
	u := c.cfg.APIURL + "rest/" + path
	if rawQuery != "" {
		u += "?" + rawQuery
	}
	newReq := func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err == nil {
			req.Header.Set("Linkedin-Version", c.cfg.Version)
			req.Header.Set("X-Restli-Protocol-Version", "2.0.0")
		}
		return req, err
	}
	return c.caller.Call(ctx, newReq, func(resp *http.Response) error {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.linkedin.broke_off", nil), Err: err}
		}
		return nil
	})
}

// collection is one page of a Rest.li finder.
type collection[T any] struct {
	Elements []T `json:"elements"`
	Metadata struct {
		NextPageToken string `json:"nextPageToken"`
	} `json:"metadata"`
}

// list reads every page of a finder, following metadata.nextPageToken.
func list[T any](ctx context.Context, c *Client, path, rawQuery string, each func(T) error) error {
	token := ""
	for {
		q := rawQuery + fmt.Sprintf("&pageSize=%d", pageSize)
		if token != "" {
			q += "&pageToken=" + url.QueryEscape(token)
		}
		var page collection[T]
		if err := c.get(ctx, path, q, &page); err != nil {
			return err
		}
		for _, e := range page.Elements {
			if err := each(e); err != nil {
				return err
			}
		}
		if page.Metadata.NextPageToken == "" || len(page.Elements) == 0 {
			return nil
		}
		token = page.Metadata.NextPageToken
	}
}
