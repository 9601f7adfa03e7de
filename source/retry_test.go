package source

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

func TestRetrierHonoursTheNetwork(t *testing.T) {
	var waits []time.Duration
	r := &Retrier{Attempts: 4, Base: time.Second, MaxWait: time.Minute,
		Sleep: func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	errs := []error{
		&Error{Kind: RateLimited, Message: goalbot.Text("slow down"), RetryAfter: 30 * time.Second},
		errors.New("connection reset"),
		nil,
	}
	calls := 0
	if err := r.Do(context.Background(), func() error { calls++; return errs[calls-1] }); err != nil {
		t.Fatal(err)
	}
	if calls != 3 || waits[0] != 30*time.Second || waits[1] < 2*time.Second || waits[1] > 3*time.Second {
		t.Fatalf("calls %d, waits %v: want the network's 30s, then a jittered backoff", calls, waits)
	}

	for _, k := range []Kind{Auth, Permanent} {
		calls = 0
		err := r.Do(context.Background(), func() error { calls++; return &Error{Kind: k, Message: goalbot.Text("no")} })
		if calls != 1 || KindOf(err) != k {
			t.Errorf("%v: %d calls, err %v: want no retry", k, calls, err)
		}
	}
	calls = 0
	err := r.Do(context.Background(), func() error {
		calls++
		return &Error{Kind: RateLimited, Message: goalbot.Text("come back in an hour"), RetryAfter: time.Hour}
	})
	if calls != 1 || KindOf(err) != RateLimited {
		t.Errorf("a wait beyond MaxWait: %d calls, %v", calls, err)
	}
	calls = 0
	_ = r.Do(context.Background(), func() error { calls++; return errors.New("down") })
	if calls != 4 {
		t.Errorf("%d calls, want Attempts (4)", calls)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{"": 0, "17": 17 * time.Second, "Tue, 10 Mar 2026 12:01:00 GMT": time.Minute, "soon": 0} {
		if got := RetryAfter(http.Header{"Retry-After": {v}}, at); got != want {
			t.Errorf("Retry-After %q = %v, want %v", v, got, want)
		}
	}
}

func TestAmounts(t *testing.T) {
	ok := map[string]int64{"123.45": 123_450_000, "0": 0, "": 0, "7": 7_000_000, "0.0000005": 1, "0.1234564": 123_456, "42.17": 42_170_000,
		"1e5": 100_000_000_000, "1.2345e2": 123_450_000, "5e-7": 1, "1e-7": 0}
	for s, want := range ok {
		got, err := Amount(s)
		if err != nil || int64(got) != want {
			t.Errorf("Amount(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"12,5", "abc", "1.2.3", "1e", "e5", "1e9999999999999999999"} {
		if _, err := Amount(s); err == nil {
			t.Errorf("Amount(%q) accepted", s)
		}
	}
	if m, err := Micros("12345670000"); err != nil || m != 12_345_670_000 {
		t.Errorf("Micros = %d, %v", m, err)
	}
	if _, err := Micros("12.5"); err == nil {
		t.Error("Micros accepted a fraction")
	}
	if m, err := Count(4.5); err != nil || m != 4_500_000 {
		t.Errorf("Count = %d, %v", m, err)
	}
	if got := slices.Collect(func(yield func(string) bool) { yield(cleanName("a\nb", "x")); yield(cleanName("  ", "x")) }); !slices.Equal(got, []string{"a b", "x"}) {
		t.Errorf("cleanName %q", got)
	}
}
