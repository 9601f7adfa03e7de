package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goalbot/goalbot/source"
	"github.com/goalbot/goalbot/source/google"
	"github.com/goalbot/goalbot/source/linkedin"
	"github.com/goalbot/goalbot/source/meta"
)

// SourcesConfig is the configuration of the ad networks goalbot pulls from. A
// network is on when its credentials are set (Google Ads and LinkedIn: the refresh
// token; Meta: the access token).
type SourcesConfig struct {
	Interval     time.Duration // GOALBOT_SYNC_INTERVAL, > 0
	LookbackDays int           // GOALBOT_SYNC_LOOKBACK_DAYS
	BackfillDays int           // GOALBOT_SYNC_BACKFILL_DAYS

	Google   GoogleAdsConfig
	Meta     MetaConfig
	LinkedIn LinkedInConfig
	HubSpot  HubSpotConfig
}

// HubSpotConfig is GOALBOT_HUBSPOT_* and GOALBOT_DRIFT_THRESHOLD.
type HubSpotConfig struct {
	Token   Secret
	APIURL  string
	Version string
	// DriftThreshold is the share (0-1) by which conversions and first form
	// submissions may differ.
	DriftThreshold float64
}

// GoogleAdsConfig is GOALBOT_GOOGLE_ADS_*.
type GoogleAdsConfig struct {
	ClientID        string
	ClientSecret    Secret
	RefreshToken    Secret
	CustomerIDs     []string // digits only
	LoginCustomerID string   // digits only
	DeveloperToken  Secret
	Conversions     string // conversions or all_conversions
	APIURL          string // ends in "/"
	TokenURL        string
	Version         string
}

// MetaConfig is GOALBOT_META_*.
type MetaConfig struct {
	AccessToken       Secret
	AdAccountIDs      []string // without act_
	ConversionActions []string
	APIURL            string
	Version           string
}

// LinkedInConfig is GOALBOT_LINKEDIN_*.
type LinkedInConfig struct {
	ClientID     string
	ClientSecret Secret
	RefreshToken Secret
	AdAccountIDs []string
	Conversions  []string
	APIURL       string
	TokenURL     string
	Version      string
}

// sources checks and parses the sources' variables.
func (c *checker) sources(e *env) SourcesConfig {
	sc := SourcesConfig{
		Interval:     c.duration("GOALBOT_SYNC_INTERVAL", e.SyncInterval, false),
		LookbackDays: c.days("GOALBOT_SYNC_LOOKBACK_DAYS", e.SyncLookbackDays),
		BackfillDays: c.days("GOALBOT_SYNC_BACKFILL_DAYS", e.SyncBackfillDays),
		Google: GoogleAdsConfig{
			ClientID: e.GoogleAdsClientID, ClientSecret: Secret(e.GoogleAdsClientSecret), RefreshToken: Secret(e.GoogleAdsRefreshToken),
			CustomerIDs:     c.ids("GOALBOT_GOOGLE_ADS_CUSTOMER_IDS", e.GoogleAdsCustomerIDs, google.NormalizeCustomerID, "ten-digit customer ids such as 123-456-7890"),
			LoginCustomerID: strings.Join(c.ids("GOALBOT_GOOGLE_ADS_LOGIN_CUSTOMER_ID", e.GoogleAdsLoginCustomerID, google.NormalizeCustomerID, "the manager's ten-digit customer id, such as 123-456-7890"), ""),
			DeveloperToken:  Secret(e.GoogleAdsDeveloperToken),
			Conversions:     c.oneOf("GOALBOT_GOOGLE_ADS_CONVERSIONS", e.GoogleAdsConversions, "conversions", "all_conversions"),
			APIURL:          c.baseURL("GOALBOT_GOOGLE_ADS_API_URL", e.GoogleAdsAPIURL),
			TokenURL:        c.tokenURL("GOALBOT_GOOGLE_ADS_TOKEN_URL", e.GoogleAdsTokenURL),
			Version:         c.word("GOALBOT_GOOGLE_ADS_VERSION", e.GoogleAdsVersion, "v26"),
		},
		Meta: MetaConfig{
			AccessToken:       Secret(e.MetaAccessToken),
			AdAccountIDs:      c.ids("GOALBOT_META_AD_ACCOUNT_IDS", e.MetaAdAccountIDs, meta.NormalizeAccountID, "ad account ids such as act_1234567890 or 1234567890"),
			ConversionActions: c.list("GOALBOT_META_CONVERSION_ACTIONS", e.MetaConversionActions, nil),
			APIURL:            c.baseURL("GOALBOT_META_API_URL", e.MetaAPIURL),
			Version:           c.word("GOALBOT_META_VERSION", e.MetaVersion, "v27.0"),
		},
		LinkedIn: LinkedInConfig{
			ClientID: e.LinkedInClientID, ClientSecret: Secret(e.LinkedInClientSecret), RefreshToken: Secret(e.LinkedInRefreshToken),
			AdAccountIDs: c.ids("GOALBOT_LINKEDIN_AD_ACCOUNT_IDS", e.LinkedInAdAccountIDs, linkedin.NormalizeAccountID, "ad account ids such as 507000001"),
			Conversions:  c.list("GOALBOT_LINKEDIN_CONVERSIONS", e.LinkedInConversions, linkedin.ConversionFields),
			APIURL:       c.baseURL("GOALBOT_LINKEDIN_API_URL", e.LinkedInAPIURL),
			TokenURL:     c.tokenURL("GOALBOT_LINKEDIN_TOKEN_URL", e.LinkedInTokenURL),
			Version:      c.linkedInVersion("GOALBOT_LINKEDIN_VERSION", e.LinkedInVersion),
		},
	}
	sc.HubSpot = HubSpotConfig{Token: Secret(strings.TrimSpace(e.HubSpotToken)), APIURL: c.baseURL("GOALBOT_HUBSPOT_API_URL", e.HubSpotAPIURL),
		Version: c.hubSpotVersion("GOALBOT_HUBSPOT_VERSION", e.HubSpotVersion), DriftThreshold: c.share("GOALBOT_DRIFT_THRESHOLD", e.DriftThreshold)}
	if sc.Google.RefreshToken != "" {
		c.required("GOALBOT_GOOGLE_ADS_CLIENT_ID", sc.Google.ClientID, "Google Ads is on (its refresh token is set)")
		c.required("GOALBOT_GOOGLE_ADS_CLIENT_SECRET", string(sc.Google.ClientSecret), "Google Ads is on (its refresh token is set)")
	}
	if sc.LinkedIn.RefreshToken != "" {
		c.required("GOALBOT_LINKEDIN_CLIENT_ID", sc.LinkedIn.ClientID, "LinkedIn is on (its refresh token is set)")
		c.required("GOALBOT_LINKEDIN_CLIENT_SECRET", string(sc.LinkedIn.ClientSecret), "LinkedIn is on (its refresh token is set)")
	}
	return sc
}

// required records a problem when a value that another variable makes necessary is
// missing.
func (c *checker) required(variable, value, because string) {
	if value == "" {
		c.add(variable, "is required because %s: see docs/sources.md", because)
	}
}

// days parses a number of days, 1 to source.MaxDays.
func (c *checker) days(variable, value string) int {
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 || n > source.MaxDays {
		c.add(variable, "%q is not a number of days from 1 to %d", value, source.MaxDays)
		return 0
	}
	return n
}

// ids parses a comma-separated list of ids with normalize; spaces and empty items
// are ignored.
func (c *checker) ids(variable, value string, normalize func(string) (string, bool), what string) []string {
	var out, bad []string
	for item := range strings.SplitSeq(value, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		if id, ok := normalize(item); ok {
			out = append(out, id)
		} else {
			bad = append(bad, strconv.Quote(item))
		}
	}
	if len(bad) > 0 {
		c.add(variable, "%s: use %s, separated by commas", strings.Join(bad, ", "), what)
		return nil
	}
	return out
}

// list parses a comma-separated list, each item one of allowed when allowed is not
// nil; it must hold one item at least.
func (c *checker) list(variable, value string, allowed []string) []string {
	var out []string
	for item := range strings.SplitSeq(value, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		if allowed != nil && !slices.Contains(allowed, item) {
			c.add(variable, "%q is not one of %s", item, strings.Join(allowed, ", "))
			return nil
		}
		out = append(out, item)
	}
	if len(out) == 0 {
		c.add(variable, "is empty: name at least one, separated by commas")
	}
	return out
}

// oneOf checks a value against its choices.
func (c *checker) oneOf(variable, value string, choices ...string) string {
	if !slices.Contains(choices, value) {
		c.add(variable, "%q is not one of %s", value, strings.Join(choices, ", "))
		return ""
	}
	return value
}

// baseURL checks an absolute http(s) URL (a base URL ends in "/").
func (c *checker) baseURL(variable, value string) string {
	return c.slackAPIURL(variable, value)
}

// tokenURL checks an absolute http(s) URL, kept as it is.
func (c *checker) tokenURL(variable, value string) string {
	if c.slackAPIURL(variable, value) == "" {
		return ""
	}
	return value
}

// word checks an API version: letters, digits, dots.
func (c *checker) word(variable, value, example string) string {
	if value == "" || strings.Trim(value, "abcdefghijklmnopqrstuvwxyz0123456789.") != "" {
		c.add(variable, "%q is not an API version: use one such as %s", value, example)
		return ""
	}
	return value
}

// linkedInVersion checks a YYYYMM version.
func (c *checker) linkedInVersion(variable, value string) string {
	if _, err := time.Parse("200601", value); err != nil || len(value) != 6 {
		c.add(variable, "%q is not a YYYYMM version: use one such as 202607", value)
		return ""
	}
	return value
}

// hubSpotVersion checks a dated version (YYYY-MM, maybe -beta) or v3.
func (c *checker) hubSpotVersion(variable, value string) string {
	if value == "v3" {
		return value
	}
	if _, err := time.Parse("2006-01", strings.TrimSuffix(value, "-beta")); err != nil || len(strings.TrimSuffix(value, "-beta")) != 7 {
		c.add(variable, "%q is not a HubSpot API version: use a dated one such as 2026-09, or v3 for the legacy paths", value)
		return ""
	}
	return value
}

// share parses a percentage from 1 to 99 ("50%" or "50") as a share (0.5).
func (c *checker) share(variable, value string) float64 {
	n, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(value), "%")), 64)
	if err != nil || n < 1 || n > 99 {
		c.add(variable, "%q is not a percentage from 1%% to 99%%: use one such as 50%%", value)
		return 0
	}
	return n / 100
}

// vars returns the sources' variables as shown in logs, secrets redacted.
func (s SourcesConfig) vars() [][2]string {
	join := func(v []string) string { return strings.Join(v, ",") }
	return [][2]string{
		{"GOALBOT_SYNC_INTERVAL", s.Interval.String()},
		{"GOALBOT_SYNC_LOOKBACK_DAYS", fmt.Sprint(s.LookbackDays)},
		{"GOALBOT_SYNC_BACKFILL_DAYS", fmt.Sprint(s.BackfillDays)},
		{"GOALBOT_GOOGLE_ADS_CLIENT_ID", s.Google.ClientID},
		{"GOALBOT_GOOGLE_ADS_CLIENT_SECRET", s.Google.ClientSecret.String()},
		{"GOALBOT_GOOGLE_ADS_REFRESH_TOKEN", s.Google.RefreshToken.String()},
		{"GOALBOT_GOOGLE_ADS_CUSTOMER_IDS", join(s.Google.CustomerIDs)},
		{"GOALBOT_GOOGLE_ADS_LOGIN_CUSTOMER_ID", s.Google.LoginCustomerID},
		{"GOALBOT_GOOGLE_ADS_DEVELOPER_TOKEN", s.Google.DeveloperToken.String()},
		{"GOALBOT_GOOGLE_ADS_CONVERSIONS", s.Google.Conversions},
		{"GOALBOT_GOOGLE_ADS_API_URL", redactURL(s.Google.APIURL)},
		{"GOALBOT_GOOGLE_ADS_TOKEN_URL", redactURL(s.Google.TokenURL)},
		{"GOALBOT_GOOGLE_ADS_VERSION", s.Google.Version},
		{"GOALBOT_META_ACCESS_TOKEN", s.Meta.AccessToken.String()},
		{"GOALBOT_META_AD_ACCOUNT_IDS", join(s.Meta.AdAccountIDs)},
		{"GOALBOT_META_CONVERSION_ACTIONS", join(s.Meta.ConversionActions)},
		{"GOALBOT_META_API_URL", redactURL(s.Meta.APIURL)},
		{"GOALBOT_META_VERSION", s.Meta.Version},
		{"GOALBOT_LINKEDIN_CLIENT_ID", s.LinkedIn.ClientID},
		{"GOALBOT_LINKEDIN_CLIENT_SECRET", s.LinkedIn.ClientSecret.String()},
		{"GOALBOT_LINKEDIN_REFRESH_TOKEN", s.LinkedIn.RefreshToken.String()},
		{"GOALBOT_LINKEDIN_AD_ACCOUNT_IDS", join(s.LinkedIn.AdAccountIDs)},
		{"GOALBOT_LINKEDIN_CONVERSIONS", join(s.LinkedIn.Conversions)},
		{"GOALBOT_LINKEDIN_API_URL", redactURL(s.LinkedIn.APIURL)},
		{"GOALBOT_LINKEDIN_TOKEN_URL", redactURL(s.LinkedIn.TokenURL)},
		{"GOALBOT_LINKEDIN_VERSION", s.LinkedIn.Version},
		{"GOALBOT_HUBSPOT_TOKEN", s.HubSpot.Token.String()},
		{"GOALBOT_HUBSPOT_API_URL", redactURL(s.HubSpot.APIURL)},
		{"GOALBOT_HUBSPOT_VERSION", s.HubSpot.Version},
		{"GOALBOT_DRIFT_THRESHOLD", fmt.Sprintf("%g%%", s.HubSpot.DriftThreshold*100)},
	}
}
