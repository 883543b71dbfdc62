package api

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/query"
	"github.com/byregion/byregion/internal/store"
	"github.com/byregion/byregion/internal/store/storetest"
)

// The answers are encoded with goccy/go-json for speed; what it writes must be byte for byte what the
// standard library writes (without HTML escaping), for every kind of answer: ETags fingerprint the bytes,
// and clients compare them.
func TestFastJSONWritesWhatEncodingJSONWrites(t *testing.T) {
	st := loadedStore(t, storetest.New(t))
	ctx := context.Background()
	all := func(spec query.Spec) query.Query { q := spec.All(); q.Page.Limit = query.MaxLimit; return q }
	var values []any
	add := func(v any, err error) {
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, v)
	}
	add(st.ListRegions(ctx, all(query.Regions)))
	add(st.ListMunicipalities(ctx, all(query.Municipalities)))
	add(st.ListPopulation(ctx, all(query.Population)))
	add(st.ListArea(ctx, all(query.Area)))
	add(st.ListQuality(ctx, all(query.Quality)))
	add(measures.list(st, ctx, all(query.Measures)))
	add(themes.list(st, ctx, all(query.Themes)))
	add(st.ListSources(ctx, all(query.Sources)))
	add(st.RegionSummary(ctx, "tromsoregionen", 0))
	add(st.History(ctx, "1902"))
	values = append(values, Problem{Type: "/problems/x", Detail: `<a href="x">&</a> "quoted" \u2028 æøå`, Status: 400})
	for i, v := range values {
		fast, err := encodeJSON(v)
		if err != nil {
			t.Fatal(err)
		}
		var std bytes.Buffer
		enc := json.NewEncoder(&std)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(fast, std.Bytes()) {
			at := 0
			for at < len(fast) && at < std.Len() && fast[at] == std.Bytes()[at] {
				at++
			}
			t.Errorf("value %d: the encodings differ at byte %d: %q against %q", i, at,
				fast[max(0, at-40):min(len(fast), at+40)], std.Bytes()[max(0, at-40):min(std.Len(), at+40)])
		}
	}
}

// loadedStore is a store on a new database at address, migrated and loaded with the embedded dataset; the
// test closes it.
func loadedStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	return st
}
