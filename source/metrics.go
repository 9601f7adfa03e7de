package source

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the pulls' Prometheus metrics:
//
//	goalbot_source_pulls_total{source,result}          counter    pulls, result ok or error
//	goalbot_source_rows_total{source}                  counter    campaign-day rows written
//	goalbot_source_errors_total{source,kind}           counter    failures (auth, rate_limited, transient, permanent)
//	goalbot_source_pull_duration_seconds{source}       histogram  how long a pull took
type Metrics struct {
	pulls    *prometheus.CounterVec
	rows     *prometheus.CounterVec
	errs     *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the pulls' metrics with reg (sharing them when reg has them
// already).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	return &Metrics{
		pulls: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goalbot_source_pulls_total",
			Help: "Pulls from the ad networks, by source and result (ok, error)."}, []string{"source", "result"})),
		rows: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goalbot_source_rows_total",
			Help: "Campaign-day rows written by pulls, by source."}, []string{"source"})),
		errs: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goalbot_source_errors_total",
			Help: "Pull failures, by source and kind (auth, rate_limited, transient, permanent)."}, []string{"source", "kind"})),
		duration: register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "goalbot_source_pull_duration_seconds",
			Help: "Duration of pulls, by source.", Buckets: prometheus.ExponentialBuckets(0.1, 2, 14)}, []string{"source"})),
	}
}

func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	err := reg.Register(c)
	var dup prometheus.AlreadyRegisteredError
	if errors.As(err, &dup) {
		if existing, ok := dup.ExistingCollector.(C); ok {
			return existing
		}
	}
	if err != nil {
		panic(err) // a metric of the same name and another kind: a programming error
	}
	return c
}

func (m *Metrics) pulled(source string, rows int64, d time.Duration, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.pulls.WithLabelValues(source, result).Inc()
	m.rows.WithLabelValues(source).Add(float64(rows))
	m.duration.WithLabelValues(source).Observe(d.Seconds())
}

func (m *Metrics) failed(source string, k Kind) {
	if m != nil {
		m.errs.WithLabelValues(source, k.String()).Inc()
	}
}
