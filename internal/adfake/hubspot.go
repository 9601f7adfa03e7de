package adfake

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// HubSpotProps are the date properties the fake keeps of a contact: each standard
// stage's hs_lifecyclestage_<stage>_date, then first_conversion_date.
var HubSpotProps = []string{
	"hs_lifecyclestage_subscriber_date", "hs_lifecyclestage_lead_date", "hs_lifecyclestage_marketingqualifiedlead_date",
	"hs_lifecyclestage_salesqualifiedlead_date", "hs_lifecyclestage_opportunity_date", "hs_lifecyclestage_customer_date",
	"hs_lifecyclestage_evangelist_date", "hs_lifecyclestage_other_date", "first_conversion_date",
}

// Contact is a contact of the fake HubSpot portal. Dates maps a property of
// HubSpotProps to its instant (a zero time or no entry: not set).
type Contact struct {
	ID       int64
	Source   string // hs_analytics_source
	Data1    string // hs_analytics_source_data_1
	FirstURL string // hs_analytics_first_url
	Dates    map[string]time.Time
}

// HubSpot is a fake HubSpot portal on its own httptest server: the account details
// and the CRM contact search, in the documented shapes (property values as strings
// or null, paging.next.after, the 10,000-result cap, 429s, refused tokens).
type HubSpot struct {
	PortalID int64
	TimeZone string
	Token    string
	// Versions are the dated API versions served (v3 always is).
	Versions []string

	mu       sync.Mutex
	contacts []Contact
	byProp   map[string][]propTime // sorted by time, rebuilt when contacts change
	dirty    bool
	cache    map[string][]int // a search's matching contacts (indexes, by id), by its filters
	limited  int              // searches still to answer 429
	expired  bool
	server   *httptest.Server
	searches int
	bodies   []string
}

type propTime struct {
	ms  int64
	idx int
}

// NewHubSpot starts a fake portal for t in time zone tz, serving version 2026-09.
func NewHubSpot(t testing.TB, tz string) *HubSpot {
	h := &HubSpot{PortalID: 62515, TimeZone: tz, Token: "fake-hubspot-token", Versions: []string{"2026-09"}}
	h.server = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.server.Close)
	return h
}

// URL is the fake's base URL, ending in "/".
func (h *HubSpot) URL() string { return h.server.URL + "/" }

// Env returns the configuration that points goalbot's HubSpot source at the fake.
func (h *HubSpot) Env() map[string]string {
	return map[string]string{"GOALBOT_HUBSPOT_TOKEN": h.Token, "GOALBOT_HUBSPOT_API_URL": h.URL()}
}

// SetContacts replaces the portal's contacts.
func (h *HubSpot) SetContacts(cs []Contact) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.contacts = cs
	h.dirty = true
}

// Update changes the contact with id by f (a contact moved stage).
func (h *HubSpot) Update(id int64, f func(c *Contact)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := range h.contacts {
		if h.contacts[i].ID == id {
			f(&h.contacts[i])
		}
	}
	h.dirty = true
}

// RateLimit makes the next n searches answer 429.
func (h *HubSpot) RateLimit(n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.limited = n
}

// Expire makes every request answer 401 as for an expired token (false ends it).
func (h *HubSpot) Expire(expired bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.expired = expired
}

// Searches returns how many searches were answered (429s included).
func (h *HubSpot) Searches() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.searches
}

// Bodies returns the search bodies received, in order.
func (h *HubSpot) Bodies() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.bodies)
}

var (
	detailsPath = regexp.MustCompile(`^/account-info/([^/]+)/details$`)
	searchPath  = regexp.MustCompile(`^/crm/(?:objects/([^/]+)|v3/objects)/contacts/search$`)
)

func (h *HubSpot) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	h.mu.Lock()
	expired := h.expired
	h.mu.Unlock()
	switch {
	case r.Header.Get("Authorization") != "Bearer "+h.Token:
		hubError(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION", "Authentication credentials not found.")
	case expired:
		hubError(w, http.StatusUnauthorized, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired 2 hour(s) ago.")
	case detailsPath.MatchString(r.URL.Path) && r.Method == http.MethodGet:
		if v := detailsPath.FindStringSubmatch(r.URL.Path)[1]; v != "v3" && !slices.Contains(h.Versions, v) {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `{"portalId":%d,"accountType":"STANDARD","timeZone":%q,"companyCurrency":"USD","additionalCurrencies":[],"utcOffset":"+00:00","utcOffsetMilliseconds":0,"uiDomain":"app.hubspot.com","dataHostingLocation":"na1"}`,
			h.PortalID, h.TimeZone)
	case searchPath.MatchString(r.URL.Path) && r.Method == http.MethodPost:
		if v := searchPath.FindStringSubmatch(r.URL.Path)[1]; v != "" && !slices.Contains(h.Versions, v) {
			http.NotFound(w, r)
			return
		}
		h.search(w, r)
	default:
		http.NotFound(w, r)
	}
}

func hubError(w http.ResponseWriter, status int, category, msg string) {
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"status":"error","message":%q,"correlationId":"3a6b6f0e-0d7f-4bd5-a3f1-5b0d29f1c0d2","category":%q}`, msg, category)
}

// searchBody is the part of a search the fake reads.
type searchBody struct {
	FilterGroups []struct {
		Filters []struct {
			PropertyName string   `json:"propertyName"`
			Operator     string   `json:"operator"`
			Value        string   `json:"value"`
			Values       []string `json:"values"`
		} `json:"filters"`
	} `json:"filterGroups"`
	Properties []string `json:"properties"`
	Limit      int      `json:"limit"`
	After      string   `json:"after"`
}

func (h *HubSpot) search(w http.ResponseWriter, r *http.Request) {
	var raw json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		hubError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON")
		return
	}
	var b searchBody
	_ = json.Unmarshal(raw, &b)
	h.mu.Lock()
	h.searches++
	h.bodies = append(h.bodies, string(raw))
	if h.limited > 0 {
		h.limited--
		h.mu.Unlock()
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"c1","policyName":"SECONDLY","category":"RATE_LIMITS"}`)
		return
	}
	if len(b.FilterGroups) > 5 || b.Limit > 200 {
		h.mu.Unlock()
		hubError(w, http.StatusBadRequest, "VALIDATION_ERROR", "too many filter groups or too large a limit")
		return
	}
	matches := h.matches(b)
	after, _ := strconv.Atoi(cmp.Or(b.After, "0"))
	if after >= 10_000 {
		h.mu.Unlock()
		hubError(w, http.StatusBadRequest, "VALIDATION_ERROR", "There was a problem with the request.")
		return
	}
	limit := cmp.Or(b.Limit, 10)
	end := min(after+limit, len(matches))
	page := make([]Contact, 0, max(end-after, 0))
	for _, i := range matches[min(after, end):end] {
		page = append(page, h.contacts[i])
	}
	h.mu.Unlock()
	h.writePage(w, b.Properties, page, len(matches), end)
}

// matches returns the indexes of the contacts that match b's filters, by id.
func (h *HubSpot) matches(b searchBody) []int {
	if h.dirty || h.byProp == nil {
		h.index()
	}
	key, _ := json.Marshal(b.FilterGroups)
	if m, ok := h.cache[string(key)]; ok {
		return m
	}
	seen := map[int]bool{}
	var out []int
	for _, g := range b.FilterGroups {
		for _, i := range h.groupMatches(g.Filters) {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	slices.SortFunc(out, func(a, b int) int { return cmp.Compare(h.contacts[a].ID, h.contacts[b].ID) })
	h.cache[string(key)] = out
	return out
}

// groupMatches returns the contacts that pass every filter of one group: a date
// range narrows through the property's index, the rest is checked one by one.
func (h *HubSpot) groupMatches(filters []struct {
	PropertyName string   `json:"propertyName"`
	Operator     string   `json:"operator"`
	Value        string   `json:"value"`
	Values       []string `json:"values"`
}) []int {
	prop, lo, hi := "", int64(-1<<62), int64(1<<62)
	var sources []string
	for _, f := range filters {
		ms, _ := strconv.ParseInt(f.Value, 10, 64)
		switch {
		case f.PropertyName == "hs_analytics_source" && f.Operator == "IN":
			sources = f.Values
		case f.Operator == "GTE":
			prop, lo = f.PropertyName, ms
		case f.Operator == "LT":
			prop, hi = f.PropertyName, ms
		}
	}
	idx := h.byProp[prop]
	start, _ := slices.BinarySearchFunc(idx, lo, func(p propTime, t int64) int { return cmp.Compare(p.ms, t) })
	var out []int
	for _, p := range idx[start:] {
		if p.ms >= hi {
			break
		}
		if sources == nil || slices.Contains(sources, h.contacts[p.idx].Source) {
			out = append(out, p.idx)
		}
	}
	return out
}

// index sorts each date property's instants.
func (h *HubSpot) index() {
	h.byProp = map[string][]propTime{}
	for i, c := range h.contacts {
		for p, t := range c.Dates {
			if !t.IsZero() {
				h.byProp[p] = append(h.byProp[p], propTime{t.UnixMilli(), i})
			}
		}
	}
	for _, idx := range h.byProp {
		slices.SortFunc(idx, func(a, b propTime) int { return cmp.Compare(a.ms, b.ms) })
	}
	h.cache = map[string][]int{}
	h.dirty = false
}

// writePage writes one page: every asked property, a string or null.
func (h *HubSpot) writePage(w http.ResponseWriter, props []string, page []Contact, total, next int) {
	var sb strings.Builder
	fmt.Fprintf(&sb, `{"total":%d,"results":[`, total)
	for i, c := range page {
		if i > 0 {
			sb.WriteByte(',')
		}
		id := strconv.FormatInt(c.ID, 10)
		fmt.Fprintf(&sb, `{"id":%q,"properties":{`, id)
		for j, p := range props {
			if j > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "%q:%s", p, propValue(c, p))
		}
		fmt.Fprint(&sb, `},"createdAt":"2026-01-05T09:12:44.120Z","updatedAt":"2026-03-01T14:05:02.004Z","archived":false}`)
	}
	sb.WriteByte(']')
	if next < total {
		fmt.Fprintf(&sb, `,"paging":{"next":{"after":"%d","link":"https://api.hubapi.com/crm/v3/objects/contacts/search?after=%d"}}`, next, next)
	}
	sb.WriteByte('}')
	_, _ = w.Write([]byte(sb.String()))
}

// propValue is one property as JSON: a string, or null when not set.
func propValue(c Contact, p string) string {
	var v string
	switch p {
	case "hs_object_id":
		v = strconv.FormatInt(c.ID, 10)
	case "hs_analytics_source":
		v = c.Source
	case "hs_analytics_source_data_1":
		v = c.Data1
	case "hs_analytics_first_url":
		v = c.FirstURL
	default:
		if t := c.Dates[p]; !t.IsZero() {
			v = t.UTC().Format("2006-01-02T15:04:05.000Z")
		}
	}
	if v == "" {
		return "null"
	}
	return strconv.Quote(v)
}
