package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// envNames returns the name of every variable that env declares, in order.
func envNames() []string {
	t := reflect.TypeFor[env]()
	names := make([]string, t.NumField())
	for i := range names {
		names[i] = t.Field(i).Tag.Get("envconfig")
	}
	return names
}

// envDefaults returns every variable's default.
func envDefaults() map[string]string {
	t := reflect.TypeFor[env]()
	defaults := map[string]string{}
	for i := range t.NumField() {
		defaults[t.Field(i).Tag.Get("envconfig")] = t.Field(i).Tag.Get("default")
	}
	return defaults
}

// specVariables are the variables of the contract's table, in its order.
var specVariables = []string{
	"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_API_URL", "REDIS_URL",
	"GOALBOT_HTTP_ADDR", "GOALBOT_INGEST_TOKEN", "GOALBOT_API_TOKEN",
	"GOALBOT_EVAL_INTERVAL", "GOALBOT_SETTLE", "GOALBOT_STALE_AFTER", "GOALBOT_TIMEZONE",
	"GOALBOT_FISCAL_YEAR_START", "GOALBOT_WEEK_START", "GOALBOT_ADMINS",
	"GOALBOT_KEY_PREFIX", "GOALBOT_DATA_DIR", "GOALBOT_INGEST_MAX_BYTES", "GOALBOT_NOW",
	// Beyond the contract's table, documented in docs/configuration.md (App Home,
	// budgets, languages).
	"GOALBOT_HOME_PUBLISH_RATE", "GOALBOT_BUDGET_OVER", "GOALBOT_BUDGET_UNDER", "GOALBOT_LOCALE",
	// The pull sources, exactly as their issue names them (docs/sources.md).
	"GOALBOT_SYNC_INTERVAL", "GOALBOT_SYNC_LOOKBACK_DAYS", "GOALBOT_SYNC_BACKFILL_DAYS",
	"GOALBOT_GOOGLE_ADS_CLIENT_ID", "GOALBOT_GOOGLE_ADS_CLIENT_SECRET", "GOALBOT_GOOGLE_ADS_REFRESH_TOKEN",
	"GOALBOT_GOOGLE_ADS_CUSTOMER_IDS", "GOALBOT_GOOGLE_ADS_LOGIN_CUSTOMER_ID", "GOALBOT_GOOGLE_ADS_DEVELOPER_TOKEN",
	"GOALBOT_GOOGLE_ADS_CONVERSIONS", "GOALBOT_GOOGLE_ADS_API_URL", "GOALBOT_GOOGLE_ADS_TOKEN_URL", "GOALBOT_GOOGLE_ADS_VERSION",
	"GOALBOT_META_ACCESS_TOKEN", "GOALBOT_META_AD_ACCOUNT_IDS", "GOALBOT_META_CONVERSION_ACTIONS", "GOALBOT_META_API_URL",
	"GOALBOT_META_VERSION",
	"GOALBOT_LINKEDIN_CLIENT_ID", "GOALBOT_LINKEDIN_CLIENT_SECRET", "GOALBOT_LINKEDIN_REFRESH_TOKEN",
	"GOALBOT_LINKEDIN_AD_ACCOUNT_IDS", "GOALBOT_LINKEDIN_CONVERSIONS", "GOALBOT_LINKEDIN_API_URL", "GOALBOT_LINKEDIN_TOKEN_URL",
	"GOALBOT_LINKEDIN_VERSION",
	"GOALBOT_HUBSPOT_TOKEN", "GOALBOT_HUBSPOT_API_URL", "GOALBOT_HUBSPOT_VERSION", "GOALBOT_DRIFT_THRESHOLD",
}

func TestEnvDeclaresSpecVariables(t *testing.T) {
	if got := envNames(); !reflect.DeepEqual(got, specVariables) {
		t.Errorf("env declares %v,\nwant the contract's %v", got, specVariables)
	}
}

func TestPrintEnvUsage(t *testing.T) {
	var b bytes.Buffer
	if err := printEnvUsage(&b); err != nil {
		t.Fatal(err)
	}
	defaults := envDefaults()
	for _, name := range envNames() {
		line := lineWith(b.String(), name+" ")
		if line == "" || !strings.Contains(line, defaults[name]) {
			t.Errorf("usage has no line for %s with its default %q:\n%s", name, defaults[name], b.String())
		}
	}
}

// lineWith returns the first line of s that starts with prefix.
func lineWith(s, prefix string) string {
	for line := range strings.Lines(s) {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	return ""
}

func TestWithEnvFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	writeFile(t, path, "# a comment\nGOALBOT_TIMEZONE=Europe/Paris\nGOALBOT_WEEK_START=\"sunday\"\nexport GOALBOT_SETTLE=1h\nGOALBOT_ADMINS=U0FILE\n")
	get, err := withEnvFile(lookup(map[string]string{
		"GOALBOT_TIMEZONE": "Asia/Tokyo", // the environment wins
		"GOALBOT_ADMINS":   "",           // empty counts as unset: the file applies
	}), path)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"GOALBOT_TIMEZONE":   "Asia/Tokyo",
		"GOALBOT_WEEK_START": "sunday",
		"GOALBOT_SETTLE":     "1h",
		"GOALBOT_ADMINS":     "U0FILE",
	} {
		if got, ok := get(key); !ok || got != want {
			t.Errorf("%s = %q, %v; want %q", key, got, ok, want)
		}
	}
	if got, ok := get("GOALBOT_NOW"); ok {
		t.Errorf("GOALBOT_NOW = %q, want unset", got)
	}
}

func TestWithEnvFileMissing(t *testing.T) {
	for _, path := range []string{"", filepath.Join(t.TempDir(), "none.env")} {
		get, err := withEnvFile(lookup(map[string]string{"A": "1"}), path)
		if err != nil {
			t.Fatalf("%q: %v", path, err)
		}
		if v, ok := get("A"); !ok || v != "1" {
			t.Errorf("%q: A = %q, %v; want 1 from the environment", path, v, ok)
		}
	}
}

func TestWithEnvFileInvalid(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	writeFile(t, path, "GOALBOT_TIMEZONE=UTC\nSLACK BOT TOKEN xoxb-1-SECRETBOT\n")
	_, err := withEnvFile(lookup(nil), path)
	if err == nil {
		t.Fatal("an invalid .env file was accepted")
	}
	if !strings.Contains(err.Error(), "line 2") {
		t.Errorf("error %q does not name line 2", err)
	}
	assertNoSecrets(t, err.Error())

	writeFile(t, path, "SLACK_BOT_TOKEN=\"xoxb-1-SECRETBOT\n")
	if _, err = withEnvFile(lookup(nil), path); err == nil {
		t.Fatal("an unterminated quote was accepted")
	}
	assertNoSecrets(t, err.Error())
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
