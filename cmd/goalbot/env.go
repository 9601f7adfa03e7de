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

// env declares every variable of SPEC §5 with its exact name and default, in
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
