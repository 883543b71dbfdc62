package api_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/byregion/byregion/api"
)

// /metrics serves Prometheus text: requests counted by route and status, latency histograms by route, the
// write queue, the cache and the database pool.
func TestMetrics(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	w.do(t, http.MethodGet, "/api/v1/regions/tromsoregionen", "", "", "")
	w.do(t, http.MethodGet, "/api/v1/regions/nowhere", "", "", "")
	w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json", newGoal)
	rec := w.do(t, http.MethodGet, "/metrics", "", "", "")
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") || rec.Header().Get("ETag") != "" {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	for _, want := range []string{
		`byregion_http_requests_total{method="GET",route="/api/v1/regions/:slug",status="200"} 1`,
		`byregion_http_requests_total{method="GET",route="/api/v1/regions/:slug",status="404"} 1`,
		`byregion_http_requests_total{method="POST",route="/api/v1/goals",status="201"} 1`,
		`byregion_http_request_duration_seconds_bucket{method="GET",route="/api/v1/regions/:slug",le="+Inf"} 2`,
		`byregion_write_queue_wait_seconds_count `, "byregion_write_queue_waiting 0", "byregion_answer_cache_misses_total ",
		"byregion_db_connections_open ", "go_goroutines "} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in /metrics", want)
		}
	}
}

// One line per request: a client's mistake at INFO, a fault of the server at ERROR with its cause (and only
// then); query values that look secret are never written down.
func TestLogLevelsAndRedaction(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	var log bytes.Buffer
	srv, err := api.NewServer(w.st, slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})), api.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/v1/regions?sortby=x", "/api/v1/regions/nowhere", "/api/v1/population?limit=abc",
		"/api/v1/regions?api_key=s3cr3t-value&token=t0k3n", "/api/v1/goals/x%E0%A4"} {
		serve(t, srv, httptest.NewRequest(http.MethodGet, path, nil))
	}
	serve(t, srv, httptest.NewRequest(http.MethodPost, "/api/v1/goals", strings.NewReader("{}")))
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 6 {
		t.Errorf("%d lines for 6 requests:\n%s", len(lines), log.String())
	}
	if strings.Contains(log.String(), "level=ERROR") || strings.Contains(log.String(), "s3cr3t") || strings.Contains(log.String(), "t0k3n") {
		t.Errorf("an ERROR for a client's mistake, or a secret written down:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "api_key=REDACTED") {
		t.Errorf("the redacted query is not in the log:\n%s", log.String())
	}
	// A fault: the database closed under the server. One ERROR line, with the cause; the client sees none of it.
	log.Reset()
	w.st.Close()
	rec := serve(t, srv, httptest.NewRequest(http.MethodGet, "/api/v1/goals/tromsoregionen-goal-1", nil))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "sql") {
		t.Errorf("a fault: %d %s", rec.Code, rec.Body.String())
	}
	if n := strings.Count(log.String(), "level=ERROR"); n != 1 || !strings.Contains(log.String(), "error=") {
		t.Errorf("%d ERROR lines for one fault:\n%s", n, log.String())
	}
}
