package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"text/tabwriter"

	"github.com/joho/godotenv"
	"github.com/kelseyhightower/envconfig"
)

// LookupFunc reads one variable of the environment, like os.LookupEnv.
type LookupFunc func(key string) (value string, ok bool)

// env declares every variable of docs/configuration.md with its exact name and default, in
// envconfig's tags. LoadConfig reads it through a LookupFunc and parses it into a
// Config; envconfig prints it as the configuration part of the usage text.
//
// envconfig.Process is not used to fill it: it reads only the process environment
// and stops at the first problem, whereas tests inject their environment and an
// invalid configuration must report every problem at once.
type env struct {
	SlackBotToken   string `envconfig:"SLACK_BOT_TOKEN" desc:"bot token, xoxb-… (required by run)"`
	SlackAppToken   string `envconfig:"SLACK_APP_TOKEN" desc:"app-level token with connections:write, xapp-… (required by run)"`
	SlackAPIURL     string `envconfig:"SLACK_API_URL" default:"https://slack.com/api/" desc:"Slack Web API base URL (GovSlack, a test server)"`
	RedisURL        string `envconfig:"REDIS_URL" desc:"redis:// or rediss://; ?master_name= for Sentinel, several ?addr= for a Cluster; empty: embedded store"`
	HTTPAddr        string `envconfig:"GOALBOT_HTTP_ADDR" default:":8080" desc:"address of the HTTP server"`
	IngestToken     string `envconfig:"GOALBOT_INGEST_TOKEN" desc:"bearer token for /v1/metrics; empty: ingest off"`
	APIToken        string `envconfig:"GOALBOT_API_TOKEN" desc:"bearer token for the rest of /v1/*; empty: API off"`
	EvalInterval    string `envconfig:"GOALBOT_EVAL_INTERVAL" default:"15m" desc:"how often the engine measures"`
	Settle          string `envconfig:"GOALBOT_SETTLE" default:"24h" desc:"how long after a period ends its outcome is settled"`
	StaleAfter      string `envconfig:"GOALBOT_STALE_AFTER" default:"48h" desc:"how long a running goal may go without metrics before its stale alert (1h or more)"`
	TimeZone        string `envconfig:"GOALBOT_TIMEZONE" default:"UTC" desc:"workspace time zone for new goals (IANA name)"`
	FiscalYearStart string `envconfig:"GOALBOT_FISCAL_YEAR_START" default:"1" desc:"first month of the fiscal year (1-12), for new goals"`
	WeekStart       string `envconfig:"GOALBOT_WEEK_START" default:"monday" desc:"first day of a weekly period, for new goals"`
	Admins          string `envconfig:"GOALBOT_ADMINS" desc:"comma-separated Slack user ids allowed to edit and delete any goal"`
	KeyPrefix       string `envconfig:"GOALBOT_KEY_PREFIX" default:"goalbot" desc:"Redis key prefix; every key is <prefix>{gb}:…"`
	DataDir         string `envconfig:"GOALBOT_DATA_DIR" default:"./data" desc:"where the embedded store is kept"`
	IngestMaxBytes  string `envconfig:"GOALBOT_INGEST_MAX_BYTES" default:"8388608" desc:"largest ingest body, in bytes"`
	Now             string `envconfig:"GOALBOT_NOW" desc:"freezes the clock at this RFC 3339 instant (demos, tests)"`
	HomePublishRate string `envconfig:"GOALBOT_HOME_PUBLISH_RATE" default:"60" desc:"App Home tabs republished a minute after changes, across replicas (1-100)"`
	BudgetOver      string `envconfig:"GOALBOT_BUDGET_OVER" default:"110" desc:"a budget's projected spend above this percent of it is overspend (101-1000), for new goals"`
	BudgetUnder     string `envconfig:"GOALBOT_BUDGET_UNDER" default:"80" desc:"a budget's projected spend below this percent of it is underspend (0-99), for new goals"`
	Locale          string `envconfig:"GOALBOT_LOCALE" default:"en" desc:"language of channels' alerts and of users whose Slack language goalbot does not speak (en, sv)"`

	// The ad networks goalbot pulls from (docs/sources.md); a network is on when its
	// credentials are set.
	SyncInterval     string `envconfig:"GOALBOT_SYNC_INTERVAL" default:"1h" desc:"how often goalbot pulls from the ad networks"`
	SyncLookbackDays string `envconfig:"GOALBOT_SYNC_LOOKBACK_DAYS" default:"30" desc:"days each pull re-reads (conversions restate for weeks)"`
	SyncBackfillDays string `envconfig:"GOALBOT_SYNC_BACKFILL_DAYS" default:"400" desc:"days an account's first pull reads"`

	GoogleAdsClientID        string `envconfig:"GOALBOT_GOOGLE_ADS_CLIENT_ID" desc:"Google Ads: OAuth client id (Google Cloud console)"`
	GoogleAdsClientSecret    string `envconfig:"GOALBOT_GOOGLE_ADS_CLIENT_SECRET" desc:"Google Ads: OAuth client secret"`
	GoogleAdsRefreshToken    string `envconfig:"GOALBOT_GOOGLE_ADS_REFRESH_TOKEN" desc:"Google Ads: refresh token (goalbot connect google-ads); set: Google Ads on"`
	GoogleAdsCustomerIDs     string `envconfig:"GOALBOT_GOOGLE_ADS_CUSTOMER_IDS" desc:"Google Ads: customer ids to pull, comma-separated (dashes optional); empty: every accessible account"`
	GoogleAdsLoginCustomerID string `envconfig:"GOALBOT_GOOGLE_ADS_LOGIN_CUSTOMER_ID" desc:"Google Ads: manager account to log in through (login-customer-id)"`
	GoogleAdsDeveloperToken  string `envconfig:"GOALBOT_GOOGLE_ADS_DEVELOPER_TOKEN" desc:"Google Ads: developer token, sent only when set"`
	GoogleAdsConversions     string `envconfig:"GOALBOT_GOOGLE_ADS_CONVERSIONS" default:"conversions" desc:"Google Ads: conversions or all_conversions"`
	GoogleAdsAPIURL          string `envconfig:"GOALBOT_GOOGLE_ADS_API_URL" default:"https://googleads.googleapis.com/" desc:"Google Ads: API base URL (tests, proxies)"`
	GoogleAdsTokenURL        string `envconfig:"GOALBOT_GOOGLE_ADS_TOKEN_URL" default:"https://oauth2.googleapis.com/token" desc:"Google Ads: OAuth token URL (tests, proxies)"`
	GoogleAdsVersion         string `envconfig:"GOALBOT_GOOGLE_ADS_VERSION" default:"v26" desc:"Google Ads: API version"`

	MetaAccessToken       string `envconfig:"GOALBOT_META_ACCESS_TOKEN" desc:"Meta: system user access token with ads_read; set: Meta on"`
	MetaAdAccountIDs      string `envconfig:"GOALBOT_META_AD_ACCOUNT_IDS" desc:"Meta: ad account ids, comma-separated (act_ optional); empty: every account of the token"`
	MetaConversionActions string `envconfig:"GOALBOT_META_CONVERSION_ACTIONS" default:"lead" desc:"Meta: action types counted as conversions, comma-separated"`
	MetaAPIURL            string `envconfig:"GOALBOT_META_API_URL" default:"https://graph.facebook.com/" desc:"Meta: Graph API base URL (tests, proxies)"`
	MetaVersion           string `envconfig:"GOALBOT_META_VERSION" default:"v27.0" desc:"Meta: Graph API version"`

	LinkedInClientID     string `envconfig:"GOALBOT_LINKEDIN_CLIENT_ID" desc:"LinkedIn: app client id"`
	LinkedInClientSecret string `envconfig:"GOALBOT_LINKEDIN_CLIENT_SECRET" desc:"LinkedIn: app client secret"`
	LinkedInRefreshToken string `envconfig:"GOALBOT_LINKEDIN_REFRESH_TOKEN" desc:"LinkedIn: refresh token (goalbot connect linkedin); set: LinkedIn on"`
	LinkedInAdAccountIDs string `envconfig:"GOALBOT_LINKEDIN_AD_ACCOUNT_IDS" desc:"LinkedIn: ad account ids, comma-separated; empty: every account of the token"`
	LinkedInConversions  string `envconfig:"GOALBOT_LINKEDIN_CONVERSIONS" default:"externalWebsiteConversions" desc:"LinkedIn: externalWebsiteConversions and/or oneClickLeads, comma-separated"`
	LinkedInAPIURL       string `envconfig:"GOALBOT_LINKEDIN_API_URL" default:"https://api.linkedin.com/" desc:"LinkedIn: API base URL (tests, proxies)"`
	LinkedInTokenURL     string `envconfig:"GOALBOT_LINKEDIN_TOKEN_URL" default:"https://www.linkedin.com/oauth/v2/accessToken" desc:"LinkedIn: OAuth token URL (tests, proxies)"`
	LinkedInVersion      string `envconfig:"GOALBOT_LINKEDIN_VERSION" default:"202607" desc:"LinkedIn: Linkedin-Version header, YYYYMM"`

	HubSpotToken   string `envconfig:"GOALBOT_HUBSPOT_TOKEN" desc:"HubSpot: service key or private app token with crm.objects.contacts.read; set: HubSpot on"`
	HubSpotAPIURL  string `envconfig:"GOALBOT_HUBSPOT_API_URL" default:"https://api.hubapi.com/" desc:"HubSpot: API base URL (tests, proxies)"`
	HubSpotVersion string `envconfig:"GOALBOT_HUBSPOT_VERSION" default:"2026-09" desc:"HubSpot: dated API version (YYYY-MM), or v3 for the /crm/v3 paths"`
	DriftThreshold string `envconfig:"GOALBOT_DRIFT_THRESHOLD" default:"50%" desc:"drift alert: how far a campaign's network conversions and CRM first form submissions may differ (1-99%)"`
}

// load fills e through lookup. A variable that is unset or empty gets its default.
func (e *env) load(lookup LookupFunc) {
	v := reflect.ValueOf(e).Elem()
	for i := range v.NumField() {
		tag := v.Type().Field(i).Tag
		value, ok := lookup(tag.Get("envconfig"))
		if !ok || value == "" {
			value = tag.Get("default")
		}
		v.Field(i).SetString(value)
	}
}

// envUsageFormat is envconfig's usage template for the variables table.
const envUsageFormat = "VARIABLE\tDEFAULT\tMEANING\n" +
	"{{range .}}{{usage_key .}}\t{{usage_default .}}\t{{usage_description .}}\n{{end}}"

// printEnvUsage writes the table of variables, their defaults and meanings to w.
func printEnvUsage(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if err := envconfig.Usagef("", &env{}, tw, envUsageFormat); err != nil {
		return fmt.Errorf("print configuration usage: %w", err)
	}
	return tw.Flush()
}

// withEnvFile returns a lookup that asks lookup first and then the variables of the
// .env file at path. A variable that lookup has but is empty counts as unset, so the
// file may set it. No file at path (or an empty path) means no such variables.
func withEnvFile(lookup LookupFunc, path string) (LookupFunc, error) {
	if path == "" {
		return lookup, nil
	}
	vars, err := readEnvFile(path)
	if err != nil {
		return nil, err
	}
	return func(key string) (string, bool) {
		if v, ok := lookup(key); ok && v != "" {
			return v, true
		}
		v, ok := vars[key]
		return v, ok
	}, nil
}

// readEnvFile reads the variables of a .env file; none when it does not exist.
func readEnvFile(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	vars, err := godotenv.UnmarshalBytes(data)
	if err != nil {
		// godotenv's message quotes the file, which may hold tokens: name the line only.
		return nil, fmt.Errorf("parse %s: %s", path, describeBadLine(data))
	}
	return vars, nil
}

// describeBadLine says which line of an unparsable .env file is wrong, without
// quoting it.
func describeBadLine(data []byte) string {
	for i, line := range bytes.Split(data, []byte("\n")) {
		if _, err := godotenv.UnmarshalBytes(line); err != nil {
			return fmt.Sprintf("line %d is not KEY=value, a comment or empty (its text is not shown: it may hold a token)", i+1)
		}
	}
	return "the file is not KEY=value lines (its text is not shown: it may hold a token); check its quotes"
}
