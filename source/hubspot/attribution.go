package hubspot

import (
	"net/url"
	"strings"

	"github.com/goalbot/goalbot"
)

// The original sources that count: a contact whose first visit came from a paid ad.
const (
	PaidSearch = "PAID_SEARCH"
	PaidSocial = "PAID_SOCIAL"
)

// paidSources are the original sources searched for.
var paidSources = []string{PaidSearch, PaidSocial}

// searchNetworks and socialNetworks are the networks whose campaigns a paid search or
// a paid social contact prefers when its drill-down names campaigns of both kinds.
var (
	searchNetworks = map[string]bool{"google": true, "bing": true, "microsoft": true}
	socialNetworks = map[string]bool{"meta": true, "facebook": true, "instagram": true, "linkedin": true, "twitter": true, "x": true,
		"tiktok": true, "snapchat": true, "pinterest": true, "reddit": true}
)

// Matcher attributes a contact to a campaign of the catalog. A contact counts for a
// campaign when its original source is paid (PAID_SEARCH, PAID_SOCIAL) and its
// drill-down (hs_analytics_source_data_1, else the utm_campaign of
// hs_analytics_first_url) equals, case-insensitively, one of the campaign's match
// values: its override when it has one (/goal campaign ID utm:…), else its name, its
// goalbot id (google-111) and its network's id (111). A value that names several
// campaigns goes to the one whose network fits the source (a search network for paid
// search, a social one for paid social); when that leaves several, to none.
type Matcher struct {
	campaigns []goalbot.Campaign
	byValue   map[string][]int32
}

// NewMatcher returns the matcher of the catalog's campaigns with their overrides (by
// campaign id).
func NewMatcher(campaigns []goalbot.Campaign, overrides map[string][]string) *Matcher {
	m := &Matcher{campaigns: campaigns, byValue: make(map[string][]int32, 3*len(campaigns))}
	for i, c := range campaigns {
		for _, v := range goalbot.MatchValues(c, overrides[c.ID]) {
			m.add(v, int32(i))
		}
	}
	return m
}

func (m *Matcher) add(v string, i int32) {
	for _, j := range m.byValue[v] {
		if j == i {
			return
		}
	}
	m.byValue[v] = append(m.byValue[v], i)
}

// Campaign returns the campaign at index i.
func (m *Matcher) Campaign(i int32) goalbot.Campaign { return m.campaigns[i] }

// Match returns the index of the campaign that a contact with these properties
// counts for, or -1 with the drill-down it carried ("" when none). A contact whose
// source is not paid counts for none, with no drill-down.
func (m *Matcher) Match(source, data1, firstURL string) (int32, string) {
	if source != PaidSearch && source != PaidSocial {
		return -1, ""
	}
	utm := utmCampaign(firstURL)
	for _, v := range []string{data1, utm} {
		if v == "" {
			continue
		}
		if i, ok := m.pick(m.byValue[goalbot.NormalizeMatch(v)], source); ok {
			return i, ""
		}
	}
	if strings.TrimSpace(data1) != "" {
		return -1, strings.TrimSpace(data1)
	}
	return -1, utm
}

// pick chooses among the campaigns a value names.
func (m *Matcher) pick(ids []int32, source string) (int32, bool) {
	switch len(ids) {
	case 0:
		return -1, false
	case 1:
		return ids[0], true
	}
	fits := searchNetworks
	if source == PaidSocial {
		fits = socialNetworks
	}
	found := int32(-1)
	for _, i := range ids {
		if fits[m.campaigns[i].Network] {
			if found >= 0 {
				return -1, false
			}
			found = i
		}
	}
	return found, found >= 0
}

// utmCampaign returns the utm_campaign parameter of a URL ("" when none).
func utmCampaign(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(u.Query().Get("utm_campaign"))
}
