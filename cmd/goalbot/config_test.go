package main

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// lookup returns a LookupFunc over vars, so that no test touches the real environment.
func lookup(vars map[string]string) LookupFunc {
	return func(key string) (string, bool) {
		v, ok := vars[key]
		return v, ok
	}
}

// validTokens are well-formed Slack tokens for configurations that run needs.
var validTokens = map[string]string{
	"SLACK_BOT_TOKEN": "xoxb-1-SECRETBOT",
	"SLACK_APP_TOKEN": "xapp-1-SECRETAPP",
}

// with returns validTokens plus vars.
func with(vars map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range validTokens {
		m[k] = v
	}
	for k, v := range vars {
		m[k] = v
	}
	return m
}

func TestLoadConfigDefaults(t *testing.T) {
	cfg, err := LoadConfig(lookup(nil), false)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		SlackAPIURL:     "https://slack.com/api/",
		HTTPAddr:        ":8080",
		EvalInterval:    15 * time.Minute,
		Settle:          24 * time.Hour,
		StaleAfter:      48 * time.Hour,
		TimeZone:        "UTC",
		FiscalYearStart: time.January,
		WeekStart:       time.Monday,
		KeyPrefix:       "goalbot",
		DataDir:         "./data",
		IngestMaxBytes:  8 << 20,
		HomePublishRate: 60,
		BudgetBand:      goalbot.DefaultBudgetBand,
		Locale:          "en",
		Sources:         defaultSources(),
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("defaults:\n got %#v\nwant %#v", *cfg, *want)
	}
	if got := cfg.Settings(); got != goalbot.DefaultSettings {
		t.Errorf("Settings() = %+v, want goalbot.DefaultSettings %+v", got, goalbot.DefaultSettings)
	}
	if _, ok := cfg.Clock().(goalbot.SystemClock); !ok {
		t.Errorf("Clock() = %T, want goalbot.SystemClock", cfg.Clock())
	}
}

func TestLoadConfigEmptyIsUnset(t *testing.T) {
	vars := map[string]string{}
	for _, name := range envNames() {
		vars[name] = ""
	}
	cfg, err := LoadConfig(lookup(vars), false)
	if err != nil {
		t.Fatal(err)
	}
	def, _ := LoadConfig(lookup(nil), false)
	if !reflect.DeepEqual(cfg, def) {
		t.Errorf("empty variables:\n got %#v\nwant the defaults %#v", *cfg, *def)
	}
}

func TestLoadConfigValues(t *testing.T) {
	cfg, err := LoadConfig(lookup(map[string]string{
		"SLACK_BOT_TOKEN":           "xoxb-1-SECRETBOT",
		"SLACK_APP_TOKEN":           "xapp-1-SECRETAPP",
		"SLACK_API_URL":             "http://127.0.0.1:9999/api",
		"REDIS_URL":                 "rediss://user:pw@redis.example:6380/2",
		"GOALBOT_HTTP_ADDR":         "127.0.0.1:0",
		"GOALBOT_INGEST_TOKEN":      "SECRETINGEST-0123456789",
		"GOALBOT_API_TOKEN":         "SECRETAPI-0123456789",
		"GOALBOT_EVAL_INTERVAL":     "90s",
		"GOALBOT_SETTLE":            "0s",
		"GOALBOT_STALE_AFTER":       "72h",
		"GOALBOT_TIMEZONE":          "Europe/Berlin",
		"GOALBOT_FISCAL_YEAR_START": "4",
		"GOALBOT_WEEK_START":        "SunDay",
		"GOALBOT_ADMINS":            " U012AB3CD, W0ABCDEF ,",
		"GOALBOT_KEY_PREFIX":        "gb-test:",
		"GOALBOT_DATA_DIR":          "/var/lib/goalbot",
		"GOALBOT_INGEST_MAX_BYTES":  "1024",
		"GOALBOT_NOW":               "2026-03-01T09:00:00+01:00",
		"GOALBOT_HOME_PUBLISH_RATE": "30",
		"GOALBOT_BUDGET_OVER":       "120%",
		"GOALBOT_BUDGET_UNDER":      " 70",
		"GOALBOT_LOCALE":            "sv-SE",
	}), true)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		SlackBotToken:   "xoxb-1-SECRETBOT",
		SlackAppToken:   "xapp-1-SECRETAPP",
		SlackAPIURL:     "http://127.0.0.1:9999/api/",
		RedisURL:        "rediss://user:pw@redis.example:6380/2",
		HTTPAddr:        "127.0.0.1:0",
		IngestToken:     "SECRETINGEST-0123456789",
		APIToken:        "SECRETAPI-0123456789",
		EvalInterval:    90 * time.Second,
		Settle:          0,
		StaleAfter:      72 * time.Hour,
		TimeZone:        "Europe/Berlin",
		FiscalYearStart: time.April,
		WeekStart:       time.Sunday,
		Admins:          []string{"U012AB3CD", "W0ABCDEF"},
		KeyPrefix:       "gb-test:",
		DataDir:         "/var/lib/goalbot",
		IngestMaxBytes:  1024,
		Now:             time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC),
		HomePublishRate: 30,
		BudgetBand:      goalbot.BudgetBand{Over: 120, Under: 70},
		Locale:          "sv",
		Sources:         defaultSources(),
	}
	if !cfg.Now.Equal(want.Now) {
		t.Errorf("Now = %v, want %v", cfg.Now, want.Now)
	}
	cfg.Now = want.Now
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("values:\n got %#v\nwant %#v", cfg.vars(), want.vars())
	}
	if got, want := cfg.Settings(), (goalbot.Settings{TimeZone: "Europe/Berlin", WeekStart: time.Sunday, FiscalYearStart: time.April,
		Budget: goalbot.BudgetBand{Over: 120, Under: 70}}); got != want {
		t.Errorf("Settings() = %+v, want %+v", got, want)
	}
	if got := cfg.Clock().Now(); !got.Equal(want.Now) {
		t.Errorf("Clock().Now() = %v, want the frozen %v", got, want.Now)
	}
}

func TestLoadConfigValidRedisURLs(t *testing.T) {
	for _, u := range []string{
		"redis://localhost:6379/0",
		"redis://",
		"redis://:password@10.0.0.1",
		"rediss://user:pass@redis.example:6380/3?dial_timeout=3s",
		"redis://sentinel1:26379/0?master_name=mymaster&addr=sentinel2:26379&addr=sentinel3:26379",
		"redis://node1:7000?addr=node2:7000&addr=node3:7000",
		"redis://[::1]:6379/1?db=2",
	} {
		cfg, err := LoadConfig(lookup(map[string]string{"REDIS_URL": u}), false)
		if err != nil {
			t.Errorf("REDIS_URL=%s: %v", u, err)
		} else if cfg.RedisURL != u {
			t.Errorf("REDIS_URL=%s: got %q", u, cfg.RedisURL)
		}
	}
}

// TestLoadConfigProblems checks that every bad value gives one line that names its
// variable and says what would be valid.
func TestLoadConfigProblems(t *testing.T) {
	tests := []struct {
		name     string
		variable string
		value    string // set on top of validTokens; "-" unsets the variable
		want     string // in the message
	}{
		{"bot token missing", "SLACK_BOT_TOKEN", "-", "is required"},
		{"bot token prefix", "SLACK_BOT_TOKEN", "xoxp-1-SECRETUSER", "start with xoxb-"},
		{"bot token is the app token", "SLACK_BOT_TOKEN", "xapp-1-SECRETAPP2", "goes in SLACK_APP_TOKEN"},
		{"app token missing", "SLACK_APP_TOKEN", "-", "is required"},
		{"app token prefix", "SLACK_APP_TOKEN", "SECRETNOPREFIX", "start with xapp-"},
		{"app token is the bot token", "SLACK_APP_TOKEN", "xoxb-1-SECRETBOT2", "goes in SLACK_BOT_TOKEN"},
		{"ingest token short", "GOALBOT_INGEST_TOKEN", "SECRET-15-chars", "has 15 characters (the value is not shown): use at least 16, such as a random token made by `openssl rand -hex 32`"},
		{"api token short", "GOALBOT_API_TOKEN", "SECRET", "has 6 characters (the value is not shown): use at least 16"},
		{"api token short in characters", "GOALBOT_API_TOKEN", "SECRETåäöåäöåäö", "has 15 characters"},
		{"api url relative", "SLACK_API_URL", "slack.com/api/", "absolute http or https URL"},
		{"api url scheme", "SLACK_API_URL", "ftp://slack.com/api/", "absolute http or https URL"},
		{"api url no host", "SLACK_API_URL", "https:///api/", "absolute http or https URL"},
		{"api url query", "SLACK_API_URL", "https://slack.com/api/?x=1", "query or fragment"},
		{"api url unparsable", "SLACK_API_URL", "http://[::1", "is not a URL"},
		{"redis scheme", "REDIS_URL", "http://localhost:6379", `scheme "http"`},
		{"redis unix", "REDIS_URL", "unix:///tmp/redis.sock", `scheme "unix"`},
		{"redis no scheme", "REDIS_URL", "localhost:6379", "redis://"},
		{"redis port", "REDIS_URL", "redis://localhost:port/0", "is not a URL"},
		{"redis db", "REDIS_URL", "redis://localhost:6379/zero", "database number"},
		{"redis db path", "REDIS_URL", "redis://localhost:6379/0/1", "database number"},
		{"redis db param", "REDIS_URL", "redis://localhost:6379?db=x", "database number"},
		{"redis addr", "REDIS_URL", "redis://node1:7000?addr=node2", "not host:port"},
		{"http addr", "GOALBOT_HTTP_ADDR", "8080", "host:port or :port"},
		{"http port", "GOALBOT_HTTP_ADDR", ":http", "host:port or :port"},
		{"http port range", "GOALBOT_HTTP_ADDR", ":70000", "host:port or :port"},
		{"interval syntax", "GOALBOT_EVAL_INTERVAL", "15", "not a duration"},
		{"interval zero", "GOALBOT_EVAL_INTERVAL", "0s", "greater than 0"},
		{"interval negative", "GOALBOT_EVAL_INTERVAL", "-1m", "greater than 0"},
		{"settle syntax", "GOALBOT_SETTLE", "a day", "not a duration"},
		{"settle negative", "GOALBOT_SETTLE", "-1h", "0s or more"},
		{"stale syntax", "GOALBOT_STALE_AFTER", "2 days", "not a duration: use a number with a unit, such as 48h"},
		{"stale zero", "GOALBOT_STALE_AFTER", "0s", `"0s" is too short: use 1h or more`},
		{"stale short", "GOALBOT_STALE_AFTER", "30m", "too short"},
		{"time zone", "GOALBOT_TIMEZONE", "Mars/Olympus_Mons", "IANA name"},
		{"time zone local", "GOALBOT_TIMEZONE", "Local", "IANA name"},
		{"fiscal zero", "GOALBOT_FISCAL_YEAR_START", "0", "1 (January) to 12 (December)"},
		{"fiscal thirteen", "GOALBOT_FISCAL_YEAR_START", "13", "1 (January) to 12 (December)"},
		{"fiscal name", "GOALBOT_FISCAL_YEAR_START", "april", "1 (January) to 12 (December)"},
		{"week start", "GOALBOT_WEEK_START", "mon", "monday, tuesday"},
		{"week start number", "GOALBOT_WEEK_START", "1", "monday, tuesday"},
		{"admins name", "GOALBOT_ADMINS", "U012AB3CD,@ana", `"@ana" is not a Slack user id`},
		{"admins lower case", "GOALBOT_ADMINS", "u012ab3cd, C012AB3CD", `"u012ab3cd", "C012AB3CD" are not`},
		{"key prefix", "GOALBOT_KEY_PREFIX", "goalbot{x}", "without braces"},
		{"max bytes zero", "GOALBOT_INGEST_MAX_BYTES", "0", "positive whole number"},
		{"max bytes negative", "GOALBOT_INGEST_MAX_BYTES", "-5", "positive whole number"},
		{"max bytes unit", "GOALBOT_INGEST_MAX_BYTES", "8MiB", "positive whole number"},
		{"home rate zero", "GOALBOT_HOME_PUBLISH_RATE", "0", "from 1 to 100"},
		{"home rate over the tier", "GOALBOT_HOME_PUBLISH_RATE", "500", "from 1 to 100"},
		{"budget over at the budget", "GOALBOT_BUDGET_OVER", "100", `"100" is not a whole percent of the budget from 101 to 1000: use one such as 110`},
		{"budget over too high", "GOALBOT_BUDGET_OVER", "1001", "from 101 to 1000"},
		{"budget over a fraction", "GOALBOT_BUDGET_OVER", "1.1", "whole percent"},
		{"budget under at the budget", "GOALBOT_BUDGET_UNDER", "100", `"100" is not a whole percent of the budget from 0 to 99: use one such as 80`},
		{"budget under negative", "GOALBOT_BUDGET_UNDER", "-5", "from 0 to 99"},
		{"locale not spoken", "GOALBOT_LOCALE", "fr", `"fr" is not a language goalbot speaks: use en (English) or sv (Swedish)`},
		{"now date only", "GOALBOT_NOW", "2026-03-01", "RFC 3339"},
		{"now no zone", "GOALBOT_NOW", "2026-03-01T09:00:00", "RFC 3339"},
		{"sync interval", "GOALBOT_SYNC_INTERVAL", "hourly", "not a duration"},
		{"lookback zero", "GOALBOT_SYNC_LOOKBACK_DAYS", "0", "number of days from 1"},
		{"backfill text", "GOALBOT_SYNC_BACKFILL_DAYS", "a year", "number of days from 1"},
		{"google customer ids", "GOALBOT_GOOGLE_ADS_CUSTOMER_IDS", "123-456-7890,12345", `"12345": use ten-digit customer ids`},
		{"google login id", "GOALBOT_GOOGLE_ADS_LOGIN_CUSTOMER_ID", "mcc", "manager's ten-digit customer id"},
		{"google conversions", "GOALBOT_GOOGLE_ADS_CONVERSIONS", "leads", "conversions, all_conversions"},
		{"google api url", "GOALBOT_GOOGLE_ADS_API_URL", "googleads.googleapis.com", "absolute http or https URL"},
		{"google token url", "GOALBOT_GOOGLE_ADS_TOKEN_URL", "ftp://x/token", "absolute http or https URL"},
		{"google version", "GOALBOT_GOOGLE_ADS_VERSION", "v 26", "API version"},
		{"meta account ids", "GOALBOT_META_AD_ACCOUNT_IDS", "act_12,acme", `"acme": use ad account ids`},
		{"meta actions", "GOALBOT_META_CONVERSION_ACTIONS", " , ", "name at least one"},
		{"linkedin conversions", "GOALBOT_LINKEDIN_CONVERSIONS", "leads", "externalWebsiteConversions, oneClickLeads"},
		{"linkedin version", "GOALBOT_LINKEDIN_VERSION", "2026-07", "YYYYMM"},
		{"hubspot version", "GOALBOT_HUBSPOT_VERSION", "202609", "dated one such as 2026-09, or v3"},
		{"drift threshold", "GOALBOT_DRIFT_THRESHOLD", "0.5", "percentage from 1% to 99%"},
		{"drift threshold over", "GOALBOT_DRIFT_THRESHOLD", "150%", "percentage from 1% to 99%"},
		{"linkedin account ids", "GOALBOT_LINKEDIN_AD_ACCOUNT_IDS", "urn:li:organization:1", "ad account ids"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := with(map[string]string{tt.variable: tt.value})
			if tt.value == "-" {
				delete(vars, tt.variable)
			}
			problems := loadProblems(t, vars)
			if len(problems) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(problems), problems)
			}
			p := problems[0]
			if p.Variable != tt.variable || !strings.Contains(p.Message, tt.want) {
				t.Errorf("problem = %q, want %s and a message with %q", p, tt.variable, tt.want)
			}
			assertNoSecrets(t, p.String())
		})
	}
}

// loadProblems loads vars for run and returns the problems found, failing the test
// unless the error is a *ConfigError with one line per problem.
func loadProblems(t *testing.T, vars map[string]string) []Problem {
	t.Helper()
	cfg, err := LoadConfig(lookup(vars), true)
	if err == nil {
		t.Fatalf("LoadConfig succeeded with %v", cfg)
	}
	var cerr *ConfigError
	if !errors.As(err, &cerr) {
		t.Fatalf("error %v (%T) is not a *ConfigError", err, err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 1+len(cerr.Problems) {
		t.Errorf("error has %d lines for %d problems:\n%s", len(lines), len(cerr.Problems), err)
	}
	for i, p := range cerr.Problems {
		if got := strings.TrimSpace(lines[i+1]); got != p.String() {
			t.Errorf("line %d = %q, want %q", i+1, got, p)
		}
	}
	assertNoSecrets(t, err.Error())
	return cerr.Problems
}

func TestLoadConfigSeveralProblems(t *testing.T) {
	problems := loadProblems(t, map[string]string{
		"SLACK_APP_TOKEN":           "xoxb-2-SECRETBOT",
		"REDIS_URL":                 "mysql://root:SECRETPW@db/goals",
		"GOALBOT_EVAL_INTERVAL":     "0",
		"GOALBOT_TIMEZONE":          "Nowhere/Land",
		"GOALBOT_FISCAL_YEAR_START": "13",
		"GOALBOT_WEEK_START":        "funday",
		"GOALBOT_NOW":               "yesterday",
	})
	var got []string
	for _, p := range problems {
		got = append(got, p.Variable)
	}
	want := []string{
		"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "REDIS_URL", "GOALBOT_EVAL_INTERVAL",
		"GOALBOT_TIMEZONE", "GOALBOT_FISCAL_YEAR_START", "GOALBOT_WEEK_START", "GOALBOT_NOW",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems name %v, want %v (in the order of docs/configuration.md)", got, want)
	}
}

func TestLoadConfigTokensOnlyForRun(t *testing.T) {
	if _, err := LoadConfig(lookup(map[string]string{"SLACK_BOT_TOKEN": "nonsense"}), false); err != nil {
		t.Errorf("without slack, the tokens are not checked: %v", err)
	}
}

// secrets are the markers that the tests' tokens and passwords carry.
var secrets = []string{"SECRET", "pw@", "xoxb-1", "xapp-1"}

func assertNoSecrets(t testing.TB, s string) {
	t.Helper()
	s = strings.ReplaceAll(s, "CLIENT_SECRET", "") // a variable's name, not its value
	for _, secret := range secrets {
		if strings.Contains(s, secret) {
			t.Errorf("%q shows a secret (%q)", s, secret)
		}
	}
}
