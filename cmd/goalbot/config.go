package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
)

// Config is goalbot's configuration, read from the environment (docs/contract.md). Its
// tokens are Secrets, and String and LogValue redact them and REDIS_URL's password,
// so a Config may be printed, logged and marshalled.
type Config struct {
	SlackBotToken   Secret        // SLACK_BOT_TOKEN, xoxb-…
	SlackAppToken   Secret        // SLACK_APP_TOKEN, xapp-…
	SlackAPIURL     string        // SLACK_API_URL, always ending in "/"
	RedisURL        string        // REDIS_URL; empty for the embedded store
	HTTPAddr        string        // GOALBOT_HTTP_ADDR
	IngestToken     Secret        // GOALBOT_INGEST_TOKEN; empty: ingest off
	APIToken        Secret        // GOALBOT_API_TOKEN; empty: API off
	EvalInterval    time.Duration // GOALBOT_EVAL_INTERVAL, > 0
	Settle          time.Duration // GOALBOT_SETTLE, >= 0
	StaleAfter      time.Duration // GOALBOT_STALE_AFTER, >= 1h
	TimeZone        string        // GOALBOT_TIMEZONE, an IANA name
	FiscalYearStart time.Month    // GOALBOT_FISCAL_YEAR_START
	WeekStart       time.Weekday  // GOALBOT_WEEK_START
	Admins          []string      // GOALBOT_ADMINS, Slack user ids
	KeyPrefix       string        // GOALBOT_KEY_PREFIX
	DataDir         string        // GOALBOT_DATA_DIR
	IngestMaxBytes  int64         // GOALBOT_INGEST_MAX_BYTES, > 0
	Now             time.Time     // GOALBOT_NOW; zero when the clock is not frozen
	HomePublishRate int           // GOALBOT_HOME_PUBLISH_RATE, 1–100 a minute
	// BudgetBand is GOALBOT_BUDGET_OVER and GOALBOT_BUDGET_UNDER: the band of new
	// ad_spend goals.
	BudgetBand goalbot.BudgetBand
	Locale     string // GOALBOT_LOCALE, a language code goalbot speaks ("en", "sv")
	// Sources are the ad networks goalbot pulls from (GOALBOT_SYNC_*, GOALBOT_GOOGLE_ADS_*,
	// GOALBOT_META_*, GOALBOT_LINKEDIN_*).
	Sources SourcesConfig
}

// LoadConfig reads every variable of docs/configuration.md through lookup, applies the defaults
// (an empty variable counts as unset) and checks every value. When slack is true (the
// run command) the Slack tokens are required. An invalid configuration gives a
// *ConfigError that lists every problem, one line each.
func LoadConfig(lookup LookupFunc, slack bool) (*Config, error) {
	var e env
	e.load(lookup)
	var c checker
	if slack {
		c.slackTokens(e.SlackBotToken, e.SlackAppToken)
	}
	cfg := &Config{
		SlackBotToken:   Secret(e.SlackBotToken),
		SlackAppToken:   Secret(e.SlackAppToken),
		SlackAPIURL:     c.slackAPIURL("SLACK_API_URL", e.SlackAPIURL),
		RedisURL:        c.redisURL("REDIS_URL", e.RedisURL),
		HTTPAddr:        c.httpAddr("GOALBOT_HTTP_ADDR", e.HTTPAddr),
		IngestToken:     c.secret("GOALBOT_INGEST_TOKEN", e.IngestToken),
		APIToken:        c.secret("GOALBOT_API_TOKEN", e.APIToken),
		EvalInterval:    c.duration("GOALBOT_EVAL_INTERVAL", e.EvalInterval, false),
		Settle:          c.duration("GOALBOT_SETTLE", e.Settle, true),
		StaleAfter:      c.staleAfter("GOALBOT_STALE_AFTER", e.StaleAfter),
		TimeZone:        c.timeZone("GOALBOT_TIMEZONE", e.TimeZone),
		FiscalYearStart: c.month("GOALBOT_FISCAL_YEAR_START", e.FiscalYearStart),
		WeekStart:       c.weekday("GOALBOT_WEEK_START", e.WeekStart),
		Admins:          c.userIDs("GOALBOT_ADMINS", e.Admins),
		KeyPrefix:       c.keyPrefix("GOALBOT_KEY_PREFIX", e.KeyPrefix),
		DataDir:         e.DataDir,
		IngestMaxBytes:  c.positiveInt("GOALBOT_INGEST_MAX_BYTES", e.IngestMaxBytes),
		Now:             c.instant("GOALBOT_NOW", e.Now),
		HomePublishRate: c.perMinute("GOALBOT_HOME_PUBLISH_RATE", e.HomePublishRate, 100),
		BudgetBand:      c.budgetBand(e.BudgetOver, e.BudgetUnder),
		Locale:          c.locale("GOALBOT_LOCALE", e.Locale),
		Sources:         c.sources(&e),
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Settings returns the workspace settings for new goals.
func (c Config) Settings() goalbot.Settings {
	return goalbot.Settings{TimeZone: c.TimeZone, WeekStart: c.WeekStart, FiscalYearStart: c.FiscalYearStart, Budget: c.BudgetBand}
}

// Clock returns the clock goalbot runs on: frozen at GOALBOT_NOW when it is set, the
// system clock otherwise. Each call returns a new clock: call it once and share it.
func (c Config) Clock() goalbot.Clock {
	if c.Now.IsZero() {
		return goalbot.SystemClock{}
	}
	return goalbot.NewFrozenClock(c.Now)
}

// LogValue logs the configuration by variable name, with the tokens and REDIS_URL's
// password redacted.
func (c Config) LogValue() slog.Value {
	vars := c.vars()
	attrs := make([]slog.Attr, len(vars))
	for i, v := range vars {
		attrs[i] = slog.String(v[0], v[1])
	}
	return slog.GroupValue(attrs...)
}

// String shows the configuration as NAME=value pairs, with the tokens and
// REDIS_URL's password redacted.
func (c Config) String() string {
	var b strings.Builder
	for i, v := range c.vars() {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%q", v[0], v[1])
	}
	return b.String()
}

// GoString is String, so that %#v does not show the tokens either.
func (c Config) GoString() string { return c.String() }

// MarshalJSON is LogValue as a JSON object, so that encoding/json does not show the
// tokens either.
func (c Config) MarshalJSON() ([]byte, error) {
	m := map[string]string{}
	for _, v := range c.vars() {
		m[v[0]] = v[1]
	}
	return json.Marshal(m)
}

// vars returns every variable's name and its value as shown in logs.
func (c Config) vars() [][2]string {
	now := ""
	if !c.Now.IsZero() {
		now = c.Now.Format(time.RFC3339)
	}
	return append([][2]string{
		{"SLACK_BOT_TOKEN", c.SlackBotToken.String()},
		{"SLACK_APP_TOKEN", c.SlackAppToken.String()},
		{"SLACK_API_URL", c.SlackAPIURL},
		{"REDIS_URL", redactURL(c.RedisURL)},
		{"GOALBOT_HTTP_ADDR", c.HTTPAddr},
		{"GOALBOT_INGEST_TOKEN", c.IngestToken.String()},
		{"GOALBOT_API_TOKEN", c.APIToken.String()},
		{"GOALBOT_EVAL_INTERVAL", c.EvalInterval.String()},
		{"GOALBOT_SETTLE", c.Settle.String()},
		{"GOALBOT_STALE_AFTER", c.StaleAfter.String()},
		{"GOALBOT_TIMEZONE", c.TimeZone},
		{"GOALBOT_FISCAL_YEAR_START", fmt.Sprint(int(c.FiscalYearStart))},
		{"GOALBOT_WEEK_START", strings.ToLower(c.WeekStart.String())},
		{"GOALBOT_ADMINS", strings.Join(c.Admins, ",")},
		{"GOALBOT_KEY_PREFIX", c.KeyPrefix},
		{"GOALBOT_DATA_DIR", c.DataDir},
		{"GOALBOT_INGEST_MAX_BYTES", fmt.Sprint(c.IngestMaxBytes)},
		{"GOALBOT_NOW", now},
		{"GOALBOT_HOME_PUBLISH_RATE", fmt.Sprint(c.HomePublishRate)},
		{"GOALBOT_BUDGET_OVER", fmt.Sprint(c.BudgetBand.Over)},
		{"GOALBOT_BUDGET_UNDER", fmt.Sprint(c.BudgetBand.Under)},
		{"GOALBOT_LOCALE", c.Locale},
	}, c.Sources.vars()...)
}

// redactURL hides the password of a URL; a URL that does not parse is hidden whole.
func redactURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return redacted
	}
	return u.Redacted()
}
