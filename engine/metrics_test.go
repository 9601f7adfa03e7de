package engine

import (
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/prometheus/client_golang/prometheus"
)

// TestMetrics: every metric is registered once, even when a second engine registers
// on the same registry, and passes, deliveries and the tick move them.
func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	again := NewMetrics(reg) // no panic: shares the registered collectors
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	r.eng.Metrics = m
	r.goal(nil)
	r.metrics("cmp-1", "2026-03-10", 120)
	r.pass()
	r.note.fail = func(a goalbot.Alert) error {
		if a.Event == goalbot.EventThreshold {
			return &goalbot.TransientError{Reason: "ratelimited", RetryAfter: time.Minute}
		}
		return nil
	}
	runner := &Runner{Engine: r.eng, Coord: r.store, Owner: "me"}
	if err := runner.tick(r.ctx); err != nil { // delivers started
		t.Fatal(err)
	}
	if err := runner.tick(r.ctx); err != nil { // paces the threshold
		t.Fatal(err)
	}
	r.later(2 * time.Second)
	if err := runner.tick(r.ctx); err != nil { // the threshold is rate limited
		t.Fatal(err)
	}
	again.failed("channel_not_found")
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	// value returns the value of metric name with label value label ("" for none).
	value := func(name, label string) float64 {
		for _, f := range families {
			if f.GetName() != name {
				continue
			}
			for _, m := range f.GetMetric() {
				if label != "" && (len(m.GetLabel()) == 0 || m.GetLabel()[0].GetValue() != label) {
					continue
				}
				switch {
				case m.GetCounter() != nil:
					return m.GetCounter().GetValue()
				case m.GetGauge() != nil:
					return m.GetGauge().GetValue()
				case m.GetHistogram() != nil:
					return float64(m.GetHistogram().GetSampleCount())
				}
			}
		}
		return -1
	}
	for _, c := range []struct {
		name, label string
		want        float64
	}{
		{"goalbot_pass_duration_seconds", "", 1},
		{"goalbot_goals_measured_total", "", 1},
		{"goalbot_goals_carried_over_total", "", 0},
		{"goalbot_alerts_queued_total", "started", 1},
		{"goalbot_alerts_queued_total", "threshold", 1},
		{"goalbot_alerts_delivered_total", "", 1},
		{"goalbot_alerts_retried_total", "paced", 1},
		{"goalbot_alerts_retried_total", "ratelimited", 1},
		{"goalbot_alerts_failed_total", "channel_not_found", 1}, // counted by the second Metrics
		{"goalbot_outbox_depth", "", 1},
		{"goalbot_outbox_oldest_age_seconds", "", 0}, // the threshold waits for its Retry-After
	} {
		if got := value(c.name, c.label); got != c.want {
			t.Errorf("%s{%s} = %v, want %v", c.name, c.label, got, c.want)
		}
	}
	seen := map[string]bool{}
	for _, f := range families {
		if seen[f.GetName()] {
			t.Errorf("%s gathered twice", f.GetName())
		}
		seen[f.GetName()] = true
	}
}

func TestReasonLabel(t *testing.T) {
	for in, want := range map[string]string{
		"ratelimited": "ratelimited", "is_archived": "is_archived", "paced": "paced", "": "other",
		"500 Internal Server Error": "other", "dial tcp 10.0.0.1:443: connect: connection refused": "other",
		"slack_not_configured": "slack_not_configured",
	} {
		if got := reasonLabel(in); got != want {
			t.Errorf("reasonLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
