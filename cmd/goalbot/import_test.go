package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/store"
)

// commandVars is the environment of the one-shot commands in tests: no Slack
// tokens, a frozen clock, the embedded store in dir.
func commandVars(dir string) map[string]string {
	return map[string]string{"GOALBOT_DATA_DIR": dir, "GOALBOT_NOW": "2026-11-28T12:00:00Z"}
}

// runCommand runs goalbot with args on vars and stdin, and returns what it printed.
func runCommand(t *testing.T, vars map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	m, out, errOut := newTestMain(vars)
	m.Stdin = strings.NewReader(stdin)
	err = m.Run(context.Background(), args)
	return out.String(), errOut.String(), err
}

// openStore opens the store that vars configure, closed when t ends.
func openStore(t *testing.T, vars map[string]string) *store.Redis {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{URL: vars["REDIS_URL"], DataDir: vars["GOALBOT_DATA_DIR"], Logger: newLogger(io.Discard)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// storedSpend returns the spend of campaign in November 2026 in the store vars
// configure (opened and closed again, so that a command may open it next).
func storedSpend(t *testing.T, vars map[string]string, campaign string) goalbot.Micro {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{URL: vars["REDIS_URL"], DataDir: vars["GOALBOT_DATA_DIR"], Logger: newLogger(io.Discard)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sums, err := s.SumRanges(context.Background(), []goalbot.CampaignRange{{Campaign: campaign,
		From: goalbot.Date{Year: 2026, Month: 11, Day: 1}, To: goalbot.Date{Year: 2026, Month: 11, Day: 30}}})
	if err != nil {
		t.Fatal(err)
	}
	return sums[0].Spend
}

const validCSV = "date,network,account_id,account_name,campaign_id,campaign_name,currency,spend,conversions,contacts_lead\r\n" +
	"2026-11-01,google,act-1,Acme,cmp-1,\"Spring, sale\",USD,10.5,2,3\r\n" +
	"2026-11-02,google,act-1,Acme,cmp-1,\"Spring, sale\",USD,11,2,3\r\n" +
	"2026-11-02,meta,act-2,Acme Social,cmp-2,Retargeting,USD,4,1,0\r\n"

// summary is the import's last line.
var summary = regexp.MustCompile(`^imported 3 rows for 2 campaigns from (.+) in \d+\.\ds\n$`)

func tempFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCommand(t *testing.T) {
	vars := commandVars(t.TempDir())
	path := tempFile(t, "metrics.csv", validCSV)
	stdout, stderr, err := runCommand(t, vars, "", "import", path)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if m := summary.FindStringSubmatch(stdout); m == nil || m[1] != path {
		t.Errorf("stdout = %q, want the summary line naming %s", stdout, path)
	}
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing (no bar off a terminal, no info log)", stderr)
	}
	if got := storedSpend(t, vars, "cmp-1"); got != 21_500_000 {
		t.Fatalf("cmp-1 spend after the import = %s, want 21.5", got)
	}

	// An invalid file prints every problem, one a line, exits 1 and applies nothing,
	// not even its valid rows.
	bad := tempFile(t, "bad.csv", "date,account_id,campaign_id,currency,spend\n"+
		"2026-11-01,act-1,cmp-1,USD,99\n"+
		"2026-11-02,act-1,cmp-1,USD,-1\n"+
		"2026-11-03,act-1,cmp-1,usd,1\n"+
		"2026-11-04,act-9,cmp-2,USD,1\n")
	stdout, stderr, err = runCommand(t, vars, "", "import", bad)
	if err == nil || exitCode(err, io.Discard) != 1 || stdout != "" {
		t.Fatalf("invalid import: err %v, stdout %q; want exit code 1 and no summary", err, stdout)
	}
	for _, want := range []string{
		"row 2 (line 3) spend: spend must not be negative\n",
		"row 3 (line 4) currency: currency \"usd\" is not an ISO 4217 code",
		"row 4 (line 5) account_id: campaign cmp-2 belongs to account act-2 in the catalog, not act-9",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(err.Error(), "3 problems in the file, so nothing was imported") {
		t.Errorf("error = %q", err)
	}
	if got := storedSpend(t, vars, "cmp-1"); got != 21_500_000 {
		t.Errorf("cmp-1 spend after the invalid import = %s, want it unchanged at 21.5", got)
	}
}

func TestImportStdin(t *testing.T) {
	vars := commandVars(t.TempDir())
	stdout, stderr, err := runCommand(t, vars, validCSV, "import", "-")
	if err != nil {
		t.Fatalf("import -: %v\n%s", err, stderr)
	}
	if m := summary.FindStringSubmatch(stdout); m == nil || m[1] != "standard input" {
		t.Errorf("stdout = %q, want the summary line naming standard input", stdout)
	}
	if got := storedSpend(t, vars, "cmp-2"); got != 4_000_000 {
		t.Errorf("cmp-2 spend = %s, want 4", got)
	}
}

func TestImportRedis(t *testing.T) {
	vars := commandVars(t.TempDir())
	vars["REDIS_URL"] = "redis://" + e2eRedis(t) + "/0"
	_, stderr, err := runCommand(t, vars, validCSV, "import", "-")
	if err != nil {
		t.Fatalf("import on Redis: %v\n%s", err, stderr)
	}
	if got := storedSpend(t, vars, "cmp-1"); got != 21_500_000 {
		t.Errorf("cmp-1 spend on Redis = %s, want 21.5", got)
	}
	if _, err := os.Stat(filepath.Join(vars["GOALBOT_DATA_DIR"], "store.gob")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an import on REDIS_URL wrote the embedded store (%v)", err)
	}
}

func TestImportRefusesALockedDataDir(t *testing.T) {
	vars := commandVars(t.TempDir())
	openStore(t, vars) // a running goalbot holds the directory
	_, _, err := runCommand(t, vars, validCSV, "import", "-")
	if err == nil || !strings.Contains(err.Error(), "is in use by another goalbot process") || exitCode(err, io.Discard) != 1 {
		t.Fatalf("import into a locked data dir = %v, want a clear refusal and exit code 1", err)
	}
}

func TestImportUsage(t *testing.T) {
	for _, args := range [][]string{{"import"}, {"import", "a.csv", "b.csv"}, {"import", "--nope", "a.csv"}} {
		_, stderr, err := runCommand(t, commandVars(t.TempDir()), "", args...)
		if !errors.Is(err, ErrUsage) || !strings.Contains(stderr, "import FILE.csv") {
			t.Errorf("%q: err %v, stderr %q; want a usage error with the usage", args, err, stderr)
		}
	}
	_, _, err := runCommand(t, commandVars(t.TempDir()), "", "import", filepath.Join(t.TempDir(), "missing.csv"))
	if err == nil || !strings.Contains(err.Error(), "missing.csv: no such file or directory") {
		t.Errorf("import of a missing file = %v", err)
	}
}
