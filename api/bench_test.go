package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/byregion/byregion/api"
	"github.com/byregion/byregion/internal/store"
)

// The answers under load, through the router without the network, with the cache off: what a request
// costs when it has to be made. go test -run XXX -bench Answer ./api/ measures the embedded dataset; with
// BYREGION_BENCH_DB naming a database (such as the load benchmark's scale dataset, kept with its
// -scale-db flag), that one.
func BenchmarkAnswerUncached(b *testing.B) {
	st := dbStore
	if path := os.Getenv("BYREGION_BENCH_DB"); path != "" {
		var err error
		if st, err = store.Open(path); err != nil {
			b.Fatal(err)
		}
		defer st.Close()
	}
	srv, err := api.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, path string }{
		{"single-municipality", "/api/v1/municipalities/5501"},
		{"list-of-50", "/api/v1/municipalities?limit=50"},
		{"population-series", "/api/v1/population?municipality=5501"},
		{"region-population", "/api/v1/regions/tromsoregionen/population"},
		{"region-summary", "/api/v1/regions/tromsoregionen/summary"},
		{"csv-export", "/api/v1/population?format=csv&from=2022&to=2026"}, // 100,000 rows on the scale dataset
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.path, nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d", c.path, rec.Code)
				}
			}
		})
	}
}

// The same answers from the cache: what a repeated request costs. go test -run XXX -bench AnswerCached ./api/
func BenchmarkAnswerCached(b *testing.B) {
	for _, c := range []struct{ name, path string }{
		{"single-municipality", "/api/v1/municipalities/5501"},
		{"list-of-50", "/api/v1/municipalities?limit=50"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				rec := httptest.NewRecorder()
				server.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.path, nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d", c.path, rec.Code)
				}
			}
		})
	}
}
