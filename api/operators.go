package api

import (
	"database/sql"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// What an operator sees: one log line per request, and Prometheus metrics at /metrics.
//
// A request's line has its id, method, route, status and time. A client's mistake (4xx) is logged at INFO,
// a fault of the server (5xx) at ERROR with its cause, so an ERROR line always means something to look
// into. Query values whose names look secret (key, token, password…) are written as REDACTED.

// requestLog logs each request once, after the error handler has answered it, and counts it.
func (s *Server) requestLog() echo.MiddlewareFunc {
	logged := middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true, LogRequestID: true, LogError: true,
		HandleError: true, // the error handler sets the status before it is logged
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			s.metrics.observe(route, c.Request().Method, v.Status, v.Latency)
			attrs := []slog.Attr{slog.String("request_id", v.RequestID), slog.String("method", v.Method),
				slog.String("uri", redacted(c.Request().URL)), slog.Int("status", v.Status), slog.Duration("latency", v.Latency)}
			level := slog.LevelInfo
			if v.Status >= http.StatusInternalServerError {
				level = slog.LevelError
				if v.Error != nil {
					attrs = append(attrs, slog.String("error", v.Error.Error()))
				}
			}
			s.log.LogAttrs(c.Request().Context(), level, "request", attrs...)
			return nil
		},
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		h := logged(next)
		return func(c echo.Context) error {
			h(c)       // the error, if any, is answered (HandleError) and logged
			return nil // so Echo does not answer it a second time
		}
	}
}

// secretName is a query parameter name whose value must not be written down.
var secretName = regexp.MustCompile(`(?i)key|token|secret|passw|auth|signature|session|credential`)

// redacted is a request's path and query as the log keeps it.
func redacted(u *url.URL) string {
	values := u.Query()
	changed := false
	for name := range values {
		if secretName.MatchString(name) {
			values[name] = []string{"REDACTED"}
			changed = true
		}
	}
	if !changed {
		return u.RequestURI()
	}
	return (&url.URL{Path: u.Path, RawQuery: values.Encode()}).RequestURI()
}

// metrics are the server's Prometheus metrics.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// PoolStats is what the API reads of the database pool, for metrics.
type PoolStats = sql.DBStats

func newMetrics(st Store, cache *answerCache) *metrics {
	m := &metrics{registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "byregion_http_requests_total",
			Help: "Requests answered, by route, method and status."}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "byregion_http_request_duration_seconds",
			Help: "Time to answer a request, by route and method.", Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}},
			[]string{"route", "method"}),
	}
	writeWaits := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "byregion_write_queue_wait_seconds",
		Help: "Time a write waited for its turn.", Buckets: []float64{.0001, .001, .005, .01, .05, .1, .5, 1, 2.5, 5, 10}})
	st.ObserveWriteWaits(func(d time.Duration) { writeWaits.Observe(d.Seconds()) })
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	counter := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, f)
	}
	m.registry.MustRegister(m.requests, m.latency, writeWaits,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		gauge("byregion_write_queue_waiting", "Writes waiting for their turn now.", func() float64 { return float64(st.WriteQueue().Waiting) }),
		counter("byregion_write_queue_refused_total", "Writes refused as busy (503) after waiting too long.",
			func() float64 { return float64(st.WriteQueue().Refused) }),
		counter("byregion_answer_cache_hits_total", "Answers sent from the cache.", func() float64 { return float64(cache.hits.Load()) }),
		counter("byregion_answer_cache_misses_total", "Answers made afresh.", func() float64 { return float64(cache.misses.Load()) }),
		gauge("byregion_db_connections_open", "Database connections open.", func() float64 { return float64(st.PoolStats().OpenConnections) }),
		gauge("byregion_db_connections_in_use", "Database connections in use.", func() float64 { return float64(st.PoolStats().InUse) }),
		counter("byregion_db_connection_waits_total", "Times a query waited for a free connection.",
			func() float64 { return float64(st.PoolStats().WaitCount) }),
		counter("byregion_db_connection_wait_seconds_total", "Time queries waited for a free connection.",
			func() float64 { return st.PoolStats().WaitDuration.Seconds() }),
	)
	return m
}

func (m *metrics) observe(route, method string, status int, latency time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(latency.Seconds())
}

// serveMetrics godoc
//
//	@Summary		Metrics for Prometheus
//	@Description	The server's metrics in Prometheus's text format: requests by route, method and status, latency histograms by route, the write queue (waiting, waits, refused), the answer cache's hits and misses, the database pool, and the Go runtime. Never rate-limited, like the probes.
//	@ID				getMetrics
//	@Tags			service
//	@Produce		plain
//	@Success		200	{string}	string	"Prometheus text exposition format"
//	@Router			/metrics [get]
func (s *Server) serveMetrics(c echo.Context) error {
	promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}).ServeHTTP(c.Response(), c.Request())
	return nil
}
