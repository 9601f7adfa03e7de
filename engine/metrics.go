package engine

import (
	"errors"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the engine's Prometheus metrics:
//
//	goalbot_pass_duration_seconds            histogram  evaluation passes
//	goalbot_goals_measured_total             counter    goals measured by passes and ingests
//	goalbot_goals_carried_over_total         counter    of which carried over unchanged
//	goalbot_alerts_queued_total{event}       counter    alerts queued
//	goalbot_alerts_delivered_total           counter    alerts handed to the notifier
//	goalbot_alerts_retried_total{reason}     counter    deliveries deferred (rate limit, server error, pacing…)
//	goalbot_alerts_failed_total{reason}      counter    alerts that can never be delivered
//	goalbot_outbox_depth                     gauge      alerts queued or in flight
//	goalbot_outbox_oldest_age_seconds        gauge      how long the oldest due alert has waited
//
// The outbox gauges are set by the runner's tick, which only the leader runs: take
// the maximum across replicas.
type Metrics struct {
	passSeconds  prometheus.Histogram
	measured     prometheus.Counter
	carriedOver  prometheus.Counter
	queuedN      *prometheus.CounterVec
	deliveredN   prometheus.Counter
	retriedN     *prometheus.CounterVec
	failedN      *prometheus.CounterVec
	outboxDepth  prometheus.Gauge
	outboxOldest prometheus.Gauge
}

// NewMetrics registers the engine's metrics with reg. On a registry that has them
// already (a second engine in one process) it shares the registered ones, so that
// each is registered once.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	return &Metrics{
		passSeconds: register(reg, prometheus.NewHistogram(prometheus.HistogramOpts{Name: "goalbot_pass_duration_seconds",
			Help: "Duration of evaluation passes.", Buckets: prometheus.ExponentialBuckets(0.01, 2, 12)})),
		measured: register(reg, prometheus.NewCounter(prometheus.CounterOpts{Name: "goalbot_goals_measured_total",
			Help: "Goals measured, by passes and after ingests."})),
		carriedOver: register(reg, prometheus.NewCounter(prometheus.CounterOpts{Name: "goalbot_goals_carried_over_total",
			Help: "Goals measured whose figures were carried over unchanged (nothing they depend on changed)."})),
		queuedN: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goalbot_alerts_queued_total",
			Help: "Alerts queued, by event."}, []string{"event"})),
		deliveredN: register(reg, prometheus.NewCounter(prometheus.CounterOpts{Name: "goalbot_alerts_delivered_total",
			Help: "Alerts handed to the notifier."})),
		retriedN: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goalbot_alerts_retried_total",
			Help: "Alert deliveries deferred, by reason."}, []string{"reason"})),
		failedN: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goalbot_alerts_failed_total",
			Help: "Alerts that can never be delivered, by reason."}, []string{"reason"})),
		outboxDepth: register(reg, prometheus.NewGauge(prometheus.GaugeOpts{Name: "goalbot_outbox_depth",
			Help: "Alerts queued or in flight (set by the leader)."})),
		outboxOldest: register(reg, prometheus.NewGauge(prometheus.GaugeOpts{Name: "goalbot_outbox_oldest_age_seconds",
			Help: "How long the oldest due alert has waited (set by the leader)."})),
	}
}

// register registers c with reg, or returns the collector registered already under
// its name.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	err := reg.Register(c)
	var dup prometheus.AlreadyRegisteredError
	switch {
	case err == nil:
		return c
	case errors.As(err, &dup):
		if existing, ok := dup.ExistingCollector.(C); ok {
			return existing
		}
	}
	panic(err) // a metric of the same name and another kind: a programming error
}

func (m *Metrics) pass(r PassResult) {
	if m == nil {
		return
	}
	m.passSeconds.Observe(r.Duration.Seconds())
	m.measuredGoals(r)
}

func (m *Metrics) measuredGoals(r PassResult) {
	if m == nil {
		return
	}
	m.measured.Add(float64(r.Measured))
	m.carriedOver.Add(float64(r.Retimed))
}

func (m *Metrics) queued(as []goalbot.Alert) {
	if m == nil {
		return
	}
	for _, a := range as {
		m.queuedN.WithLabelValues(string(a.Event)).Inc()
	}
}

func (m *Metrics) delivered() {
	if m != nil {
		m.deliveredN.Inc()
	}
}

func (m *Metrics) retried(reason string) {
	if m != nil {
		m.retriedN.WithLabelValues(reasonLabel(reason)).Inc()
	}
}

func (m *Metrics) failed(reason string) {
	if m != nil {
		m.failedN.WithLabelValues(reasonLabel(reason)).Inc()
	}
}

func (m *Metrics) outbox(depth int, oldest time.Duration) {
	if m != nil {
		m.outboxDepth.Set(float64(depth))
		m.outboxOldest.Set(oldest.Seconds())
	}
}

// reasonLabel keeps label values few: a reason that looks like an error code (Slack's
// ratelimited, is_archived; the engine's paced) passes, anything else (an error's
// text) is "other".
func reasonLabel(r string) string {
	if r == "" || len(r) > 40 {
		return "other"
	}
	for _, c := range r {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return "other"
		}
	}
	return r
}
