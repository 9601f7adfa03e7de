package engine

import (
	"github.com/goalbot/goalbot"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the engine's Prometheus metrics.
type Metrics struct {
	passSeconds prometheus.Histogram
	measured    prometheus.Counter
	queuedN     *prometheus.CounterVec
	deliveredN  prometheus.Counter
	retriedN    *prometheus.CounterVec
	failedN     *prometheus.CounterVec
}

// NewMetrics registers the engine's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		passSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "goalbot_pass_duration_seconds", Help: "Duration of evaluation passes.", Buckets: prometheus.ExponentialBuckets(0.01, 2, 12)}),
		measured:    prometheus.NewCounter(prometheus.CounterOpts{Name: "goalbot_goals_measured_total", Help: "Goals measured by passes."}),
		queuedN:     prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goalbot_alerts_queued_total", Help: "Alerts queued, by event."}, []string{"event"}),
		deliveredN:  prometheus.NewCounter(prometheus.CounterOpts{Name: "goalbot_alerts_delivered_total", Help: "Alerts delivered."}),
		retriedN:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goalbot_alerts_retried_total", Help: "Alert deliveries deferred, by reason."}, []string{"reason"}),
		failedN:     prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goalbot_alerts_failed_total", Help: "Alerts that can never be delivered, by reason."}, []string{"reason"}),
	}
	reg.MustRegister(m.passSeconds, m.measured, m.queuedN, m.deliveredN, m.retriedN, m.failedN)
	return m
}

func (m *Metrics) pass(r PassResult) {
	if m == nil {
		return
	}
	m.passSeconds.Observe(r.Duration.Seconds())
	m.measured.Add(float64(r.Measured))
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

// reasonLabel keeps label values few: Slack error codes pass, anything long is "other".
func reasonLabel(r string) string {
	if len(r) > 40 {
		return "other"
	}
	return r
}
