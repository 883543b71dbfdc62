package api_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/byregion/byregion/api"
	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/store"
	"github.com/byregion/byregion/internal/store/storetest"
)

// The API tests share one real database, migrated and loaded with the real embedded dataset: a SQLite file,
// or a PostgreSQL database when BYREGION_TEST_POSTGRES names a server (storetest). They only read, so
// sharing it is safe.
var (
	server  *api.Server
	dbStore *store.Store
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "byregion-api-test")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	address, drop, err := storetest.Make(dir, "")
	if err != nil {
		panic(err)
	}
	defer drop()
	dbStore, err = store.Open(address)
	if err != nil {
		panic(err)
	}
	defer dbStore.Close()
	ctx := context.Background()
	if _, err := dbStore.Migrate(ctx); err != nil {
		panic(err)
	}
	ds, err := dataset.Load()
	if err != nil {
		panic(err)
	}
	if _, err := dbStore.LoadDataset(ctx, ds); err != nil {
		panic(err)
	}
	// Nobody else writes to the shared database: its version need not be polled, which would add a statement
	// now and then to the counts that tests compare.
	dbStore.SetPollInterval(time.Hour)
	server, err = api.NewServer(dbStore, slog.New(slog.NewTextHandler(io.Discard, nil)), cached)
	if err != nil {
		panic(err)
	}
	drops, err := makeTemplates(dir, ds)
	defer func() {
		for _, drop := range drops {
			drop()
		}
	}()
	if err != nil {
		panic(err)
	}
	return m.Run()
}

// template holds the databases the write tests copy: one migrated and empty, one loaded with the dataset
// and a key of each scope (reader, writer, admin, and a writer's key revoked), whose secrets are keys.
var template struct {
	migrated, loaded string
	keys             [4]string
}

func makeTemplates(dir string, ds *domain.Dataset) (drops []func() error, err error) {
	ctx := context.Background()
	for _, name := range []string{"migrated", "loaded"} {
		path, drop, err := storetest.Make(dir, "")
		if err != nil {
			return drops, err
		}
		drops = append(drops, drop)
		st, err := store.Open(path)
		if err != nil {
			return drops, err
		}
		if _, err := st.Migrate(ctx); err != nil {
			return drops, err
		}
		if name == "loaded" {
			if _, err := st.LoadDataset(ctx, ds); err != nil {
				return drops, err
			}
			scopes := []domain.Scope{domain.ScopeRead, domain.ScopeWrite, domain.ScopeAdmin, domain.ScopeWrite}
			for i, name := range []string{"reader", "writer", "admin", "former"} {
				if _, template.keys[i], err = st.CreateKey(ctx, name, scopes[i]); err != nil {
					return drops, err
				}
			}
			if err := st.RevokeKey(ctx, "former"); err != nil {
				return drops, err
			}
			template.loaded = path
		} else {
			template.migrated = path
		}
		if err := st.Close(); err != nil { // the last connection folds the write-ahead log into the file
			return drops, err
		}
	}
	return drops, nil
}

// cached is the configuration of the tests' servers: the answer cache on, as it is by default.
var cached = api.Config{CacheBytes: api.DefaultCacheBytes}

// get sends a request through the real router.
func get(t *testing.T, method, url string) *httptest.ResponseRecorder {
	t.Helper()
	rec := serve(t, server, httptest.NewRequest(method, url, nil))
	return rec
}

// decode parses a JSON body into a generic value for path lookups.
func decode(t *testing.T, rec *httptest.ResponseRecorder) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, rec.Body.String())
	}
	return v
}

// at walks a decoded JSON value: string keys index objects, ints index arrays.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// readCSV reads a data file of the embedded dataset as rows keyed by column, so expectations come from
// the data, not from typed constants.
func readCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open("../internal/dataset/data/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range records[1:] {
		row := map[string]string{}
		for i, h := range records[0] {
			row[h] = r[i]
		}
		out = append(out, row)
	}
	return out
}

// regionRows reads byregioner.csv.
func regionRows(t *testing.T) []map[string]string { return readCSV(t, "byregioner.csv") }

// countRows counts the rows of byregioner.csv whose column is not empty.
func countRows(t *testing.T, column string) int {
	n := 0
	for _, r := range regionRows(t) {
		if r[column] != "" {
			n++
		}
	}
	return n
}

// number parses a figure from a data file.
func number(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return v
}
