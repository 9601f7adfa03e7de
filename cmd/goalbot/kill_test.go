package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/goalbot/goalbot/store"
)

// The kill test runs goalbot as a child process (this test binary, which runs as
// goalbot when started with a command: TestMain) on the embedded store, ingests over HTTP from several clients, kills
// the child with SIGKILL right after one of them got a 200 (or a 201 for a goal
// created meanwhile), and checks that every row and goal acknowledged so far is in
// the store; then again, on the same directory. It
// runs 5 kills; GOALBOT_KILL_ROUNDS asks for more:
//
//	GOALBOT_KILL_ROUNDS=40 go test -run TestAcknowledgedWritesSurviveKill9 -v ./cmd/goalbot

// ackedGoal is a goal that goalbot answered 201 for.
type ackedGoal struct{ id, name string }

// ackedRow is a metrics row that goalbot answered 200 for.
type ackedRow struct {
	campaign    string
	date        goalbot.Date
	conversions int64
}

func TestAcknowledgedWritesSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts goalbot processes and kills them")
	}
	rounds := 5
	if n, err := strconv.Atoi(os.Getenv("GOALBOT_KILL_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	fake := slacktest.NewT(t, slacktest.WithTokens(validTokens["SLACK_BOT_TOKEN"], validTokens["SLACK_APP_TOKEN"]))
	dir := t.TempDir()
	var acked ackedWrites
	for round := range rounds {
		url, child := startChild(t, fake.APIURL(), dir)
		acked.add(ingestUntilKilled(t, url, child, round))
		lost := acked.missing(t, dir)
		if temps, _ := filepath.Glob(filepath.Join(dir, "*.tmp*")); len(temps) > 0 {
			t.Errorf("round %d: temporary files left after the restart: %v", round, temps)
		}
		if len(lost) > 0 {
			t.Fatalf("round %d: %d of %d acknowledged writes lost, such as %s", round, len(lost), acked.count(), lost[0])
		}
	}
	t.Logf("acknowledged writes lost: 0 of %d (%d metrics rows, %d goals) over %d kills (kill -9 right after a 200 or 201)",
		acked.count(), len(acked.rows), len(acked.goals), rounds)
}

// ackedWrites are the writes that goalbot acknowledged.
type ackedWrites struct {
	rows  []ackedRow
	goals []ackedGoal
}

func (a *ackedWrites) add(b ackedWrites) {
	a.rows = append(a.rows, b.rows...)
	a.goals = append(a.goals, b.goals...)
}

func (a *ackedWrites) count() int { return len(a.rows) + len(a.goals) }

// startChild starts goalbot on dir and returns its base URL once it serves.
func startChild(t *testing.T, slackURL, dir string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "run")
	cmd.Env = append(os.Environ(),
		"SLACK_BOT_TOKEN="+validTokens["SLACK_BOT_TOKEN"], "SLACK_APP_TOKEN="+validTokens["SLACK_APP_TOKEN"],
		"SLACK_API_URL="+slackURL, "REDIS_URL=", "GOALBOT_DATA_DIR="+dir, "GOALBOT_HTTP_ADDR=127.0.0.1:0",
		"GOALBOT_INGEST_TOKEN="+e2eIngestToken, "GOALBOT_API_TOKEN="+e2eAPIToken, "GOALBOT_NOW=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "http server listening" {
				addr <- line.Addr
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	select {
	case a := <-addr:
		return "http://" + a, cmd
	case <-time.After(30 * time.Second):
		t.Fatal("the child did not serve HTTP within 30s")
	}
	return "", nil
}

// ingestUntilKilled ingests from 3 clients, each request 2 rows of a new campaign,
// creates goals from a fourth, and kills the child with SIGKILL as soon as a request
// is answered after a count chosen by the round. It returns what was acknowledged.
func ingestUntilKilled(t *testing.T, url string, child *exec.Cmd, round int) ackedWrites {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	first := requestRows(round, 9, 0) // the goals' campaign
	if !postRows(client, url, first) {
		t.Fatal("the first ingest of the round was refused")
	}
	killAfter := int64(3 + round*7%40)
	var (
		mu     sync.Mutex
		acked  = ackedWrites{rows: first}
		n      atomic.Int64
		killed atomic.Bool
		wg     sync.WaitGroup
	)
	answered := func() {
		if n.Add(1) == killAfter {
			_ = child.Process.Signal(syscall.SIGKILL) // right after the answer
			killed.Store(true)
		}
	}
	for w := range 3 {
		wg.Go(func() {
			for seq := 0; !killed.Load(); seq++ {
				rows := requestRows(round, w, seq)
				if postRows(client, url, rows) {
					mu.Lock()
					acked.rows = append(acked.rows, rows...)
					mu.Unlock()
					answered()
				}
			}
		})
	}
	wg.Go(func() {
		for seq := 0; !killed.Load(); seq++ {
			name := fmt.Sprintf("Kill %d-%d", round, seq)
			if id := postGoal(client, url, first[0].campaign, name); id != "" {
				mu.Lock()
				acked.goals = append(acked.goals, ackedGoal{id, name})
				mu.Unlock()
				answered()
			}
		}
	})
	wg.Wait()
	_ = child.Wait()
	return acked
}

// postGoal creates a goal on campaign and returns its id, or "" when not answered 201.
func postGoal(client *http.Client, url, campaign, name string) string {
	now := time.Now().UTC()
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	body, _ := json.Marshal(map[string]any{
		"name": name, "goal_type": "network_conversions", "ad_campaigns": []string{campaign}, "duration": "monthly",
		"start_date": start.Format(time.DateOnly), "end_date": start.AddDate(0, 1, -1).Format(time.DateOnly),
		"target": 100, "creator": "U1",
	})
	req, _ := http.NewRequest(http.MethodPost, url+"/v1/goals", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+e2eAPIToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var g struct{ ID string }
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&g) != nil {
		return ""
	}
	return g.ID
}

// requestRows are the rows of one request: a campaign of its own, two days.
func requestRows(round, worker, seq int) []ackedRow {
	c := fmt.Sprintf("k%d-%d-%d", round, worker, seq)
	return []ackedRow{
		{c, goalbot.Date{Year: 2025, Month: 6, Day: 1}, int64(seq + 1)},
		{c, goalbot.Date{Year: 2025, Month: 6, Day: 2}, int64(seq + 2)},
	}
}

// postRows posts rows to /v1/metrics and reports whether they were answered 200.
func postRows(client *http.Client, url string, rows []ackedRow) bool {
	var b strings.Builder
	b.WriteString("[")
	for i, r := range rows {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"date":%q,"network":"google","account_id":"act-1","account_name":"Acme","campaign_id":%q,`+
			`"campaign_name":"Kill","currency":"USD","spend":1,"conversions":%d}`, r.date.String(), r.campaign, r.conversions)
	}
	b.WriteString("]")
	req, _ := http.NewRequest(http.MethodPost, url+"/v1/metrics", strings.NewReader(b.String()))
	req.Header.Set("Authorization", "Bearer "+e2eIngestToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK
}

// missing opens the store in dir, as a restart does, and returns the acknowledged
// writes it lacks.
func (a *ackedWrites) missing(t *testing.T, dir string) []string {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{DataDir: dir, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("open the store after the kill: %v", err)
	}
	defer s.Close()
	qs := make([]store.RangeQuery, len(a.rows))
	for i, r := range a.rows {
		qs[i] = store.RangeQuery{Campaign: r.campaign, From: r.date, To: r.date}
	}
	sums, err := s.SumRanges(context.Background(), qs)
	if err != nil {
		t.Fatal(err)
	}
	var lost []string
	for i, r := range a.rows {
		if sums[i].Conversions != goalbot.Micro(r.conversions)*goalbot.MicroUnit {
			lost = append(lost, fmt.Sprintf("row %+v", r))
		}
	}
	for _, g := range a.goals {
		if got, err := s.Goal(context.Background(), g.id); err != nil || got.Name != g.name {
			lost = append(lost, fmt.Sprintf("goal %s %q (%v)", g.id, g.name, err))
		}
	}
	return lost
}
