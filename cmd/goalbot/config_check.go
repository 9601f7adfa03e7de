package main

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// Problem is one invalid variable: its name and what is wrong, with what would be
// right. It never quotes a token.
type Problem struct {
	Variable string
	Message  string
}

// String returns "VARIABLE: message".
func (p Problem) String() string { return p.Variable + ": " + p.Message }

// ConfigError lists every problem found in the configuration.
type ConfigError struct {
	Problems []Problem
}

// Error returns a header line and one line per problem.
func (e *ConfigError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid configuration, %d %s:", len(e.Problems), plural(len(e.Problems), "problem", "problems"))
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// checker parses variables and collects the problems it finds. Each method returns
// the parsed value, or the zero value after recording a problem.
type checker struct {
	problems []Problem
}

func (c *checker) add(variable, format string, args ...any) {
	c.problems = append(c.problems, Problem{Variable: variable, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return &ConfigError{Problems: c.problems}
}

// slackTokens requires both Slack tokens with their prefixes. It never quotes them.
func (c *checker) slackTokens(bot, app string) {
	c.token("SLACK_BOT_TOKEN", bot, "xoxb-", "the Bot User OAuth Token from your Slack app's OAuth & Permissions page")
	c.token("SLACK_APP_TOKEN", app, "xapp-", "an app-level token with the connections:write scope, from your Slack app's Basic Information page")
}

func (c *checker) token(variable, value, prefix, what string) {
	switch {
	case value == "":
		c.add(variable, "is required to run: set it to %s (%s…)", what, prefix)
	case !strings.HasPrefix(value, prefix):
		c.add(variable, "does not start with %s (the value is not shown): set it to %s%s", prefix, what, tokenHint(value))
	}
}

// MinSecretLength is the shortest GOALBOT_INGEST_TOKEN and GOALBOT_API_TOKEN
// accepted, in characters: shorter ones can be guessed.
const MinSecretLength = 16

// secret checks a bearer token of the HTTP API: empty (the endpoint is off) or at
// least MinSecretLength characters. It never quotes the value.
func (c *checker) secret(variable, value string) Secret {
	if n := utf8.RuneCountInString(value); n > 0 && n < MinSecretLength {
		c.add(variable, "has %d characters (the value is not shown): use at least %d, such as a random token made by `openssl rand -hex 32`", n, MinSecretLength)
		return ""
	}
	return Secret(value)
}

// tokenHint names the kind of Slack token a value looks like, from its prefix.
func tokenHint(value string) string {
	switch {
	case strings.HasPrefix(value, "xapp-"):
		return "; it looks like the app-level token, which goes in SLACK_APP_TOKEN"
	case strings.HasPrefix(value, "xoxb-"):
		return "; it looks like the bot token, which goes in SLACK_BOT_TOKEN"
	case strings.HasPrefix(value, "xoxp-"):
		return "; it looks like a user token, which goalbot does not use"
	}
	return ""
}

// slackAPIURL checks an absolute http(s) URL and ends it with "/", since the Slack
// client appends method names to it.
func (c *checker) slackAPIURL(variable, value string) string {
	u, err := url.Parse(value)
	switch {
	case err != nil:
		c.add(variable, "is not a URL: use an absolute http or https URL such as https://slack.com/api/")
		return ""
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		c.add(variable, "%q is not an absolute http or https URL: use one such as https://slack.com/api/", u.Redacted())
		return ""
	case u.RawQuery != "" || u.Fragment != "":
		c.add(variable, "%q has a query or fragment: use a base URL such as https://slack.com/api/", u.Redacted())
		return ""
	}
	if !strings.HasSuffix(value, "/") {
		value += "/"
	}
	return value
}

// redisURLHelp says what a valid REDIS_URL looks like.
const redisURLHelp = "use redis://[user:password@]host:port/db, rediss://… for TLS, " +
	"?master_name=NAME&addr=host:port for Sentinel or several ?addr=host:port for a Cluster"

// redisURL checks REDIS_URL by go-redis's rules (ParseURL, ParseFailoverURL,
// ParseClusterURL): scheme redis or rediss, an optional host:port (localhost:6379
// when absent), an optional numeric database, and host:port addr parameters. It
// never quotes the URL, which may hold a password.
func (c *checker) redisURL(variable, value string) string {
	if value == "" {
		return ""
	}
	u, err := url.Parse(value)
	if err != nil || u.Opaque != "" {
		c.add(variable, "is not a URL (the value is not shown: it may hold a password): %s", redisURLHelp)
		return ""
	}
	if problem := redisURLProblem(u); problem != "" {
		c.add(variable, "%s: %s", problem, redisURLHelp)
		return ""
	}
	return value
}

func redisURLProblem(u *url.URL) string {
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return fmt.Sprintf("has scheme %q", u.Scheme)
	}
	q := u.Query()
	if db := strings.Trim(u.Path, "/"); db != "" && !isNonNegativeInt(db) {
		return fmt.Sprintf("has path %q, which is not a database number", u.Path)
	}
	if db := q.Get("db"); db != "" && !isNonNegativeInt(db) {
		return fmt.Sprintf("has db=%q, which is not a database number", db)
	}
	for _, addr := range q["addr"] {
		if _, port, err := net.SplitHostPort(addr); err != nil || !isNonNegativeInt(port) {
			return fmt.Sprintf("has addr=%q, which is not host:port", addr)
		}
	}
	return ""
}

func isNonNegativeInt(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0
}

// httpAddr checks a listen address, host:port or :port.
func (c *checker) httpAddr(variable, value string) string {
	_, port, err := net.SplitHostPort(value)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		c.add(variable, "%q is not an address to listen on: use host:port or :port, such as :8080 or 127.0.0.1:8080", value)
		return ""
	}
	return value
}

// duration parses a Go duration that must be > 0, or >= 0 when zero is allowed.
func (c *checker) duration(variable, value string, zeroOK bool) time.Duration {
	d, err := time.ParseDuration(value)
	switch {
	case err != nil:
		c.add(variable, "%q is not a duration: use a number with a unit, such as 30s, 15m or 24h", value)
	case zeroOK && d < 0:
		c.add(variable, "%q is negative: use 0s or more, such as 24h", value)
	case !zeroOK && d <= 0:
		c.add(variable, "%q is not positive: use a duration greater than 0, such as 15m", value)
	default:
		return d
	}
	return 0
}

// minStaleAfter is the shortest gap without metrics that may make a goal stale:
// metrics come daily or hourly, so a shorter gap would only make noise.
const minStaleAfter = time.Hour

// staleAfter parses GOALBOT_STALE_AFTER: a duration of minStaleAfter or more.
func (c *checker) staleAfter(variable, value string) time.Duration {
	d, err := time.ParseDuration(value)
	switch {
	case err != nil:
		c.add(variable, "%q is not a duration: use a number with a unit, such as 48h or 72h", value)
	case d < minStaleAfter:
		c.add(variable, "%q is too short: use 1h or more, such as 48h (a goal is stale after this long without metrics)", value)
	default:
		return d
	}
	return 0
}

// timeZone checks an IANA time zone name. "Local" is refused: it would mean a
// different zone on each machine.
func (c *checker) timeZone(variable, value string) string {
	if _, err := goalbot.LoadLocation(value); err != nil || value == "Local" {
		c.add(variable, "%q is not a known time zone: use an IANA name such as UTC, America/New_York or Europe/Berlin", value)
		return ""
	}
	return value
}

// locale reads a language goalbot speaks ("sv", "sv-SE", "en") as its code.
func (c *checker) locale(variable, value string) string {
	code, ok := messages.Supported(value)
	if !ok {
		names := make([]string, 0, len(messages.Codes()))
		for _, l := range messages.Codes() {
			names = append(names, l+" ("+messages.English().LanguageName(l)+")")
		}
		c.add(variable, "%q is not a language goalbot speaks: use %s", value, strings.Join(names, " or "))
		return ""
	}
	return code
}

// month parses a month number, 1 to 12.
func (c *checker) month(variable, value string) time.Month {
	m, err := strconv.Atoi(value)
	if err != nil || m < 1 || m > 12 {
		c.add(variable, "%q is not a month number: use 1 (January) to 12 (December)", value)
		return 0
	}
	return time.Month(m)
}

// weekday parses an English weekday name, in any case.
func (c *checker) weekday(variable, value string) time.Weekday {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(value, d.String()) {
			return d
		}
	}
	c.add(variable, "%q is not a weekday: use monday, tuesday, wednesday, thursday, friday, saturday or sunday", value)
	return 0
}

// userIDPattern matches a Slack user id: U or W (Enterprise Grid) and letters and
// digits.
var userIDPattern = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// userIDs parses a comma-separated list of Slack user ids; spaces and empty items
// are ignored.
func (c *checker) userIDs(variable, value string) []string {
	var ids, bad []string
	for item := range strings.SplitSeq(value, ",") {
		item = strings.TrimSpace(item)
		switch {
		case item == "":
		case userIDPattern.MatchString(item):
			ids = append(ids, item)
		default:
			bad = append(bad, strconv.Quote(item))
		}
	}
	if len(bad) > 0 {
		c.add(variable, "%s %s: use member ids such as U012AB3CD or W012AB3CD (profile → ⋮ → Copy member ID), separated by commas",
			strings.Join(bad, ", "), plural(len(bad), "is not a Slack user id", "are not Slack user ids"))
		return nil
	}
	return ids
}

// keyPrefix checks a Redis key prefix: goalbot adds the hash tag {gb} itself, so the
// prefix must hold no braces.
func (c *checker) keyPrefix(variable, value string) string {
	if strings.ContainsAny(value, "{}") {
		c.add(variable, "%q contains { or }: use a prefix without braces, such as goalbot (goalbot adds the hash tag {gb} itself)", value)
		return ""
	}
	return value
}

// positiveInt parses a whole number greater than 0.
func (c *checker) positiveInt(variable, value string) int64 {
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil || n <= 0 {
		c.add(variable, "%q is not a positive whole number of bytes: use one such as 8388608 (8 MiB)", value)
		return 0
	}
	return n
}

// perMinute parses a rate a minute from 1 to most.
func (c *checker) perMinute(variable, value string, most int) int {
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 || n > most {
		c.add(variable, "%q is not a whole number from 1 to %d (calls a minute; Slack's views.publish allows about 100)", value, most)
		return 0
	}
	return n
}

// instant parses an RFC 3339 time; empty is the zero time.
func (c *checker) instant(variable, value string) time.Time {
	if value == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		c.add(variable, "%q is not an RFC 3339 time: use one such as 2026-03-01T09:00:00Z or 2026-03-01T09:00:00+01:00", value)
		return time.Time{}
	}
	return t
}
