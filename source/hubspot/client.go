// Package hubspot pulls, from HubSpot's CRM, the contacts that reached each standard
// lifecycle stage and the contacts' first form submissions, day by day in the
// portal's time zone, and counts them for the ad campaigns of goalbot's catalog that
// brought them (see Matcher): the contacts{stage} and first_form_submissions of each
// (campaign, day) row, written without touching the ad networks' spend and
// conversions of the same rows. After each pull it compares, for the campaigns that
// have goals, the networks' conversions with the CRM's first form submissions over
// the last settled week, and queues the drift alert when they differ too much.
//
// The CRM search (POST crm/objects/<version>/contacts/search, or crm/v3 where the
// dated path is not served) filters on each stage's hs_lifecyclestage_<stage>_date
// and on first_conversion_date within the pulled days, with paid original sources
// only; it pages with `after` (200 a page), and splits a range in halves until each
// part has at most 10,000 results, the cap beyond which HubSpot refuses to page. At
// most 4 requests a second go to a portal; a 429 is retried after a backoff.
package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
	"golang.org/x/time/rate"
)

// Defaults of the configuration.
const (
	DefaultAPIURL  = "https://api.hubapi.com/"
	DefaultVersion = "2026-09"
	// LegacyVersion names the /crm/v3 paths.
	LegacyVersion = "v3"
	// DefaultRate is how many requests a second go to one portal.
	DefaultRate = 4
	// MaxResults is how many results HubSpot pages through for one search.
	MaxResults = 10_000
	// PageSize is the largest page of a search.
	PageSize = 200
)

// Config is how to reach one HubSpot portal.
type Config struct {
	// Token is a service key or a private app token (crm.objects.contacts.read).
	Token string
	// APIURL ends in "/".
	APIURL string
	// Version is a dated API version (2026-09), or v3 for the legacy paths.
	Version string
	// RequestsPerSecond bounds the requests to the portal (default DefaultRate).
	RequestsPerSecond float64
	// HTTP sends the requests (nil: http.DefaultClient).
	HTTP  *http.Client
	Retry *source.Retrier
}

// Client is HubSpot's CRM API for one portal.
type Client struct {
	cfg     Config
	caller  *source.Caller
	limiter *rate.Limiter
	// legacy is set once the dated paths answered 404: the crm/v3 paths are used.
	legacy atomic.Bool
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	if cfg.Version == "" {
		cfg.Version = DefaultVersion
	}
	rps := cfg.RequestsPerSecond
	if rps <= 0 {
		rps = DefaultRate
	}
	c := &Client{cfg: cfg, limiter: rate.NewLimiter(rate.Limit(rps), 1)}
	c.legacy.Store(cfg.Version == LegacyVersion)
	c.caller = &source.Caller{HTTP: cfg.HTTP, Retry: cfg.Retry, Refuse: refuse}
	return c
}

// Portal is the HubSpot account: its id and time zone (its days).
type Portal struct {
	ID       int64
	Location *time.Location
	TimeZone string
}

// path returns the API path of kind ("crm/objects/%s/contacts/search") in the
// configured version, or in v3 once the dated one was not found.
func (c *Client) path(dated, legacy string) string {
	if c.legacy.Load() {
		return c.cfg.APIURL + legacy
	}
	return c.cfg.APIURL + fmt.Sprintf(dated, c.cfg.Version)
}

// call sends one request (body nil for a GET), at the portal's pace, and decodes a
// 2xx answer into out. A dated path that is not found is tried once more on crm/v3.
func (c *Client) call(ctx context.Context, method, dated, legacy string, body []byte, out any) error {
	err := c.send(ctx, method, c.path(dated, legacy), body, out)
	if isNotFound(err) && !c.legacy.Load() {
		c.legacy.Store(true)
		return c.send(ctx, method, c.path(dated, legacy), body, out)
	}
	return err
}

func (c *Client) send(ctx context.Context, method, url string, body []byte, out any) error {
	newReq := func(ctx context.Context) (*http.Request, error) {
		if err := c.limiter.Wait(ctx); err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
		req.Header.Set("Accept", "application/json")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		return req, nil
	}
	return c.caller.Call(ctx, newReq, func(resp *http.Response) error {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.hubspot.unreadable", nil), Err: err}
		}
		return nil
	})
}

// Portal reads the account's details: its id and time zone.
func (c *Client) Portal(ctx context.Context) (Portal, error) {
	var d struct {
		PortalID int64  `json:"portalId"`
		TimeZone string `json:"timeZone"`
	}
	if err := c.call(ctx, http.MethodGet, "account-info/%s/details", "account-info/v3/details", nil, &d); err != nil {
		return Portal{}, fmt.Errorf("read the account details: %w", err)
	}
	loc := time.UTC
	if d.TimeZone != "" {
		l, err := goalbot.LoadLocation(d.TimeZone)
		if err != nil {
			return Portal{}, &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.hubspot.time_zone", goalbot.Args{"Zone": goalbot.Quote(d.TimeZone)}), Err: err}
		}
		loc = l
	}
	return Portal{ID: d.PortalID, Location: loc, TimeZone: d.TimeZone}, nil
}

// searchRequest is the body of a CRM search.
type searchRequest struct {
	FilterGroups []filterGroup `json:"filterGroups"`
	Properties   []string      `json:"properties"`
	Sorts        []sort        `json:"sorts"`
	Limit        int           `json:"limit"`
	After        string        `json:"after,omitempty"`
}

type filterGroup struct {
	Filters []filter `json:"filters"`
}

type filter struct {
	PropertyName string   `json:"propertyName"`
	Operator     string   `json:"operator"`
	Value        string   `json:"value,omitempty"`
	Values       []string `json:"values,omitempty"`
}

type sort struct {
	PropertyName string `json:"propertyName"`
	Direction    string `json:"direction"`
}

// searchResponse is a page of a CRM search: property values are strings or null.
type searchResponse struct {
	Total   int       `json:"total"`
	Results []contact `json:"results"`
	Paging  *struct {
		Next *struct {
			After string `json:"after"`
		} `json:"next"`
	} `json:"paging"`
}

// contact is one search result.
type contact struct {
	ID         string             `json:"id"`
	Properties map[string]*string `json:"properties"`
}

// prop returns a property's value ("" when null or absent).
func (c *contact) prop(name string) string {
	if v := c.Properties[name]; v != nil {
		return strings.TrimSpace(*v)
	}
	return ""
}

// search sends one page of a contact search.
func (c *Client) search(ctx context.Context, req searchRequest) (searchResponse, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return searchResponse{}, fmt.Errorf("encode the search: %w", err)
	}
	var out searchResponse
	err = c.call(ctx, http.MethodPost, "crm/objects/%s/contacts/search", "crm/v3/objects/contacts/search", body, &out)
	if isBadRequest(err) && req.After != "" && afterAtCap(req.After) {
		return out, errCap
	}
	return out, err
}
