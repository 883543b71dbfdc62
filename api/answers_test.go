package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/byregion/byregion/api"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/store"
)

// Every GET route answers If-None-Match with the ETag it gave: 304, no body, the same ETag. The health
// probes are the exception: they answer about now, never from a cache.
func TestRevalidationOnEveryGetRoute(t *testing.T) {
	for _, path := range everyGetRoute(t) {
		first := get(t, http.MethodGet, path)
		if path == "/healthz" || path == "/readyz" {
			if first.Header().Get("Cache-Control") != "no-store" || first.Header().Get("ETag") != "" {
				t.Errorf("%s: Cache-Control %q, ETag %q", path, first.Header().Get("Cache-Control"), first.Header().Get("ETag"))
			}
			continue
		}
		etag := first.Header().Get("ETag")
		if first.Code != 200 || etag == "" {
			t.Errorf("%s: %d with ETag %q", path, first.Code, etag)
			continue
		}
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("If-None-Match", etag)
		rec := serve(t, server, req)
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag {
			t.Errorf("%s with If-None-Match: %d, %d bytes, ETag %q", path, rec.Code, rec.Body.Len(), rec.Header().Get("ETag"))
		}
	}
}

// A record's ETag names its version and what its answer shows: it gives 304 until something the answer
// embeds changes (here its source), and after that If-Match with it is a 412.
func TestRecordETagFollowsWhatItShows(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	for _, u := range []string{"/api/v1/goals/tromsoregionen-goal-1", "/api/v1/regions/tromsoregionen", "/api/v1/municipalities/5501",
		"/api/v1/population/population:5501:2015-01-01:ssb-07459"} {
		rec := w.do(t, http.MethodGet, u, "", "", "")
		if tagVersion(rec) != "v1" {
			t.Fatalf("%s: ETag %q", u, rec.Header().Get("ETag"))
		}
		if again := w.do(t, http.MethodGet, u, "", "", "", "If-None-Match", rec.Header().Get("ETag")); again.Code != 304 {
			t.Errorf("%s with its own ETag: %d", u, again.Code)
		}
	}
	goal := w.do(t, http.MethodGet, "/api/v1/goals/tromsoregionen-goal-1", "", "", "")
	region := w.do(t, http.MethodGet, "/api/v1/regions/tromsoregionen", "", "", "")
	// An unrelated write moves the data version, not the record's ETag.
	w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json", newGoal)
	if again := w.do(t, http.MethodGet, "/api/v1/goals/tromsoregionen-goal-1", "", "", "", "If-None-Match", goal.Header().Get("ETag")); again.Code != 304 {
		t.Errorf("after an unrelated write: %d", again.Code)
	}
	if rec := w.do(t, http.MethodPatch, "/api/v1/sources/tromsoregionen-seed", w.write, "application/merge-patch+json",
		`{"title":"Tromsøregionen, ny tittel"}`, "If-Match", `"v1"`); rec.Code != 200 {
		t.Fatalf("patching the source: %d %s", rec.Code, rec.Body.String())
	}
	for _, before := range []*httptest.ResponseRecorder{goal, region} {
		u := "/api/v1/goals/tromsoregionen-goal-1"
		if before == region {
			u = "/api/v1/regions/tromsoregionen"
		}
		rec := w.do(t, http.MethodGet, u, "", "", "", "If-None-Match", before.Header().Get("ETag"))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "ny tittel") || tagVersion(rec) != "v1" ||
			rec.Header().Get("ETag") == before.Header().Get("ETag") {
			t.Errorf("%s after its source changed: %d, ETag %s %.200s", u, rec.Code, rec.Header().Get("ETag"), rec.Body.String())
		}
		stale := w.do(t, http.MethodPatch, u, w.admin, "application/merge-patch+json", `{"language":"nb"}`, "If-Match", before.Header().Get("ETag"))
		if stale.Code != 412 || stale.Header().Get("ETag") != rec.Header().Get("ETag") {
			t.Errorf("%s: If-Match with the ETag from before the source changed: %d, ETag %s", u, stale.Code, stale.Header().Get("ETag"))
		}
	}
}

// The cache never serves an answer older than the data: after every kind of write, every GET route of a
// server with the cache answers exactly as a server without it, on the same database.
func TestCachedAnswersAreNeverStale(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	uncached, err := api.NewServer(w.st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{})
	if err != nil {
		t.Fatal(err)
	}
	paths := everyGetRoute(t)
	paths = append(paths, "/api/v1/goals?region=tromsoregionen&format=csv", "/api/v1/population?municipality=5501&format=jsonstat",
		"/api/v1/regions?include=goals,partners,measures", "/api/v1/municipalities/5699", "/api/v1/regions/lofotregionen",
		"/api/v1/changes", "/api/v1/municipalities?q=oddagavpot")
	// Each path is answered once by the server without a cache, plainly, and twice by the cached one,
	// plainly and gzipped: a kept answer has one ETag whatever its encoding.
	compare := func(after string) {
		t.Helper()
		for _, path := range paths {
			want := serve(t, uncached, httptest.NewRequest(http.MethodGet, path, nil))
			wantBody := strings.Replace(want.Body.String(), want.Header().Get("X-Request-Id"), "", 1)
			for _, encoding := range []string{"", "gzip"} {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header.Set("Accept-Encoding", encoding)
				got := serve(t, w.srv, req)
				body := got.Body.String()
				if got.Header().Get("Content-Encoding") == "gzip" {
					zr, err := gzip.NewReader(got.Body)
					if err != nil {
						t.Fatalf("%s: %v", path, err)
					}
					plain, err := io.ReadAll(zr)
					if err != nil {
						t.Fatalf("%s: %v", path, err)
					}
					body = string(plain)
				}
				// A problem's request id is each request's own.
				gotBody := strings.Replace(body, got.Header().Get("X-Request-Id"), "", 1)
				if got.Code != want.Code || gotBody != wantBody ||
					got.Header().Get("ETag") != want.Header().Get("ETag") {
					t.Errorf("after %s, %s (%q): cached %d %s %.120s, uncached %d %s %.120s", after, path, encoding,
						got.Code, got.Header().Get("ETag"), gotBody, want.Code, want.Header().Get("ETag"), wantBody)
				}
			}
		}
	}
	compare("nothing")
	routes, adminRoutes := writeRoutes(t, w)
	for i, r := range append(routes, adminRoutes...) {
		key := w.write
		if i >= len(routes) {
			key = w.admin
		}
		if rec := w.do(t, r.method, r.url, key, r.media, r.body, "If-Match", `"v1"`); rec.Code >= 300 && rec.Code != 404 && rec.Code != 412 {
			t.Fatalf("%s %s: %d %s", r.method, r.url, rec.Code, rec.Body.String())
		}
		compare(r.method + " " + r.url)
	}
}

// A write by another process on the same database (here another store on the file, as the import command
// opens) is in the answers within the poll interval, cache or no cache.
func TestWriteByAnotherProcessIsSeen(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	url := "/api/v1/population?municipality=5501&from=2030"
	if rec := w.do(t, http.MethodGet, url, "", "", ""); !strings.Contains(rec.Body.String(), `"data":[]`) {
		t.Fatalf("before: %s", rec.Body.String())
	}
	other, err := store.Open(w.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	report, err := other.ImportObservations(context.Background(), "cli", "population",
		[]domain.ImportRow{{Line: 2, Municipality: "5501", ReferenceDate: "2030-01-01", Value: 1, Kind: domain.KindOfficial, Source: "ssb-07459"}}, nil, 0, false)
	if err != nil || report.Inserted != 1 {
		t.Fatalf("import: %v %+v", err, report)
	}
	wrote := time.Now()
	for !strings.Contains(w.do(t, http.MethodGet, url, "", "", "").Body.String(), "2030-01-01") {
		if time.Since(wrote) > 2*store.DefaultPollInterval {
			t.Fatalf("the import is not seen after %v", time.Since(wrote))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Kept answers are served gzipped to clients that accept it, and plain to the others, with one ETag.
func TestCachedGzip(t *testing.T) {
	path := "/api/v1/municipalities?limit=100&fields=code,name"
	plain := get(t, http.MethodGet, path)
	for i := 0; i < 2; i++ { // a miss, then a hit
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Encoding", "br;q=1, gzip;q=0.8")
		rec := serve(t, server, req)
		zr, err := gzip.NewReader(rec.Body)
		if err != nil || rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("ETag") != plain.Header().Get("ETag") {
			t.Fatalf("gzip: %v, %q, ETag %s (plain %s)", err, rec.Header().Get("Content-Encoding"), rec.Header().Get("ETag"), plain.Header().Get("ETag"))
		}
		body, _ := io.ReadAll(zr)
		if !bytes.Equal(body, plain.Body.Bytes()) {
			t.Error("the gzip body is not the plain one")
		}
	}
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip;q=0")
	rec := serve(t, server, req)
	if rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got Content-Encoding %q", rec.Header().Get("Content-Encoding"))
	}
}

// An answer larger than any kept one is streamed, compressed on the way when the client accepts gzip.
func TestLargeAnswersStream(t *testing.T) {
	t.Parallel()
	st := newWritable(t).st
	small, err := api.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{CacheBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, encoding := range []string{"", "gzip"} {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/population?format=csv", nil)
		req.Header.Set("Accept-Encoding", encoding)
		rec := serve(t, small, req)
		body := rec.Body.Bytes()
		if encoding == "gzip" {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(zr)
		}
		if rec.Code != 200 || rec.Header().Get("Content-Length") != "" || rec.Header().Get("ETag") == "" ||
			bytes.Count(body, []byte("\n")) < 7800 {
			t.Errorf("%q: %d, Content-Length %q, ETag %q, %d lines", encoding, rec.Code, rec.Header().Get("Content-Length"),
				rec.Header().Get("ETag"), bytes.Count(body, []byte("\n")))
		}
	}
}

// With the default limits, a client reading steadily is never throttled, and the health probes answer
// however hard someone else floods the API.
func TestDefaultLimitsLetReadersRead(t *testing.T) {
	srv, err := api.NewServer(dbStore, slog.New(slog.NewTextHandler(io.Discard, nil)),
		api.Config{CacheBytes: api.DefaultCacheBytes, RatePerSecond: api.DefaultRate, RateBurst: api.DefaultBurst})
	if err != nil {
		t.Fatal(err)
	}
	paths := everyGetRoute(t)
	for i := 0; i < 500; i++ {
		rec := serve(t, srv, httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil))
		if rec.Code == http.StatusTooManyRequests {
			t.Fatalf("request %d (%s) got 429", i+1, paths[i%len(paths)])
		}
	}
	tight, err := api.NewServer(dbStore, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{RatePerSecond: 1, RateBurst: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		serve(t, tight, httptest.NewRequest(http.MethodGet, "/api/v1/regions", nil))
	}
	for _, probe := range []string{"/healthz", "/readyz"} {
		rec := serve(t, tight, httptest.NewRequest(http.MethodGet, probe, nil))
		if rec.Code != 200 {
			t.Errorf("%s during a flood: %d", probe, rec.Code)
		}
	}
}

// Failed authentication has a small budget per client: past it, 429 instead of 401.
func TestFailedAuthenticationIsLimited(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	srv, err := api.NewServer(w.st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{RatePerSecond: api.DefaultRate, RateBurst: api.DefaultBurst})
	if err != nil {
		t.Fatal(err)
	}
	var codes []int
	for i := 0; i < 30; i++ {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/goals", strings.NewReader(newGoal))
		req.Header.Set("Authorization", "Bearer byr_000000000000_guess")
		req.Header.Set("Content-Type", "application/json")
		rec := serve(t, srv, req)
		codes = append(codes, rec.Code)
	}
	if codes[0] != 401 || codes[len(codes)-1] != 429 || slices.Index(codes, 429) < 15 {
		t.Errorf("codes %v", codes)
	}
	// Another client is not held back by the first one's failures, and a right key in lower case works.
	req := httptest.NewRequest(http.MethodPost, "/api/v1/goals", strings.NewReader(newGoal))
	req.RemoteAddr = "198.51.100.7:4321"
	req.Header.Set("Authorization", "bearer "+w.write)
	req.Header.Set("Content-Type", "application/json")
	rec := serve(t, srv, req)
	if rec.Code != 201 {
		t.Errorf("another client with a right key: %d %s", rec.Code, rec.Body.String())
	}
}

// Behind a trusted proxy, the address it forwards is the client's; from anyone else X-Forwarded-For is
// ignored.
func TestTrustedProxies(t *testing.T) {
	_, proxies, _ := net.ParseCIDR("10.0.0.0/8")
	srv, err := api.NewServer(dbStore, slog.New(slog.NewTextHandler(io.Discard, nil)),
		api.Config{RatePerSecond: 0.01, RateBurst: 1, TrustedProxies: []*net.IPNet{proxies}})
	if err != nil {
		t.Fatal(err)
	}
	send := func(remote, forwarded string) int {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/regions", nil)
		req.RemoteAddr = remote
		if forwarded != "" {
			req.Header.Set("X-Forwarded-For", forwarded)
		}
		rec := serve(t, srv, req)
		return rec.Code
	}
	if send("10.1.1.1:1000", "203.0.113.1") != 200 || send("10.1.1.1:1000", "203.0.113.2") != 200 {
		t.Error("two clients behind the proxy share a budget")
	}
	if send("10.1.1.1:1000", "203.0.113.1") != 429 {
		t.Error("a client behind the proxy is not limited")
	}
	if send("192.0.2.5:1000", "203.0.113.3") != 200 || send("192.0.2.5:1000", "203.0.113.4") != 429 {
		t.Error("X-Forwarded-For from an untrusted address was believed")
	}
}
