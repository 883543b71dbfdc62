package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/byregion/byregion/api"
	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/store"
	"github.com/byregion/byregion/internal/store/storetest"
)

// recordTag is a record's ETag: its version and a fingerprint of its answer.
var recordTag = regexp.MustCompile(`^"(v[0-9]+)\.[0-9a-f]{16}"$`)

// tagVersion is the version a record's ETag names ("v3" of "v3.9f86d081884c7d65"), or "" for another tag.
func tagVersion(rec *httptest.ResponseRecorder) string {
	m := recordTag.FindStringSubmatch(rec.Header().Get("ETag"))
	if m == nil {
		return ""
	}
	return m[1]
}

// writable is a server on a database of its own, loaded with the dataset, with a key of each scope.
type writable struct {
	srv                         *api.Server
	st                          *store.Store
	path                        string // the database file
	read, write, admin, revoked string
}

// newWritable is a copy of the template database: migrated, loaded, with its keys. Copying a file is what
// lets the write tests run side by side, each on its own database, without loading the dataset each time.
func newWritable(t *testing.T) *writable {
	t.Helper()
	w := open(t, template.loaded)
	w.read, w.write, w.admin, w.revoked = template.keys[0], template.keys[1], template.keys[2], template.keys[3]
	return w
}

// newEmpty is a server on a migrated database with no dataset and no keys: a replica before its first change.
func newEmpty(t *testing.T) *writable {
	t.Helper()
	return open(t, template.migrated)
}

// open copies a template database and serves the copy.
func open(t *testing.T, from string) *writable {
	t.Helper()
	path := storetest.Copy(t, from)
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &writable{st: st, path: path}
	if w.srv, err = api.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)), cached); err != nil {
		t.Fatal(err)
	}
	return w
}

// do sends a request with a key (or none), a body of the given media type, and headers.
func (w *writable) do(t *testing.T, method, url, key, media, body string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if media != "" {
		req.Header.Set("Content-Type", media)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := serve(t, w.srv, req)
	return rec
}

const newGoal = `{"region":"tromsoregionen","text":"Styrke samarbeidet om reiseliv i hele regionen","source":"tromsoregionen-seed"}`

// writeRoute is one write request of the matrix: a route with a body it accepts.
type writeRoute struct{ method, url, media, body string }

// writeRoutes are a request for every write route, in an order that works on a fresh database: those a
// write key may send, and those that need an admin key.
func writeRoutes(t *testing.T, w *writable) (routes, adminRoutes []writeRoute) {
	t.Helper()
	routes = []writeRoute{
		{http.MethodPost, "/api/v1/goals", "application/json", newGoal},
		{http.MethodPut, "/api/v1/goals/tromsoregionen-goal-1", "application/json",
			`{"region":"tromsoregionen","position":1,"text":"Ny tekst","language":"nb","source":"tromsoregionen-seed"}`},
		{http.MethodPatch, "/api/v1/goals/tromsoregionen-goal-2", "application/merge-patch+json", `{"text":"Endret"}`},
		{http.MethodDelete, "/api/v1/goals/tromsoregionen-goal-3", "", ""},
		{http.MethodPost, "/api/v1/imports?kind=population", "text/csv", "municipality,year,value,source\n"},
		{http.MethodPost, "/api/v1/sources", "application/json", `{"id":"new-source","title":"T","publisher":"P","licence":"CC BY 4.0"}`},
		{http.MethodPatch, "/api/v1/sources/fylker", "application/merge-patch+json", `{"note":"Endret"}`},
		{http.MethodPut, "/api/v1/sources/kartverket-kommuneinfo", "application/json",
			`{"id":"kartverket-kommuneinfo","title":"Kommuneinfo","publisher":"Kartverket","licence":"CC BY 4.0"}`},
		{http.MethodDelete, "/api/v1/sources/new-source", "", ""}, // made just above
		{http.MethodPost, "/api/v1/population", "application/json", `{"municipality":"5501","reference_date":"2027-01-01","value":1,"source":"tromsoregionen-seed"}`},
		{http.MethodPatch, "/api/v1/population/population:5501:2015-01-01:ssb-07459", "application/merge-patch+json", `{"note":"Kontrollert"}`},
		{http.MethodDelete, "/api/v1/area/area:5532:2025-01-01:aprestmo-norway-geodata", "", ""},
		{http.MethodPut, "/api/v1/population/population:5532:2015-01-01:ssb-07459", "application/json",
			w.do(t, http.MethodGet, "/api/v1/population/population:5532:2015-01-01:ssb-07459", "", "", "").Body.String()},
		{http.MethodDelete, "/api/v1/population/population:5534:2015-01-01:ssb-07459", "", ""},
		{http.MethodPost, "/api/v1/area", "application/json",
			`{"region":"tromsoregionen","reference_date":"2027-01-01","value_km2":7240,"measure":"land","kind":"reported","source":"tromsoregionen-seed"}`},
		{http.MethodPut, "/api/v1/area/area:5501:2025-01-01:aprestmo-norway-geodata", "application/json",
			w.do(t, http.MethodGet, "/api/v1/area/area:5501:2025-01-01:aprestmo-norway-geodata", "", "", "").Body.String()},
		{http.MethodPatch, "/api/v1/area/area:5534:2025-01-01:aprestmo-norway-geodata", "application/merge-patch+json", `{"note":"Kontrollert"}`},
	}
	// Every other kind of region text: create, replace, patch and delete.
	for _, k := range []struct{ path, word, create string }{
		{"results", "result", `{"region":"tromsoregionen","text":"Nytt resultat","source":"tromsoregionen-seed"}`},
		{"lessons", "lesson", `{"region":"tromsoregionen","title":"Tålmodighet","text":"Samarbeid tar tid.","source":"tromsoregionen-seed"}`},
		{"documents", "document", `{"region":"tromsoregionen","title":"Sluttrapport","url":"https://example.org/r.pdf","source":"tromsoregionen-seed"}`},
		{"partners", "partner", `{"region":"tromsoregionen","name":"Tromsø Havn","kind":"other","source":"tromsoregionen-seed"}`},
		{"measures", "measure", `{"region":"tromsoregionen","title":"Nytt tiltak","status":"planned","partners":["tromsoregionen-partner-1"],"source":"tromsoregionen-seed"}`},
		{"themes", "theme", `{"region":"tromsoregionen","title":"Nytt tema","source":"tromsoregionen-seed"}`},
	} {
		first := "/api/v1/" + k.path + "/tromsoregionen-" + k.word + "-1"
		current := w.do(t, http.MethodGet, first, "", "", "")
		view := decode(t, current)
		delete(view.(map[string]any), "source") // replaced by its id below
		body, _ := json.Marshal(view)
		put := strings.TrimSuffix(string(body), "}") + `,"source":"tromsoregionen-seed"}`
		routes = append(routes,
			writeRoute{http.MethodPost, "/api/v1/" + k.path, "application/json", k.create},
			writeRoute{http.MethodPut, first, "application/json", put},
			writeRoute{http.MethodPatch, "/api/v1/" + k.path + "/tromsoregionen-" + k.word + "-2",
				"application/merge-patch+json", `{"language":"nn"}`},
			writeRoute{http.MethodDelete, "/api/v1/" + k.path + "/tromsoregionen-" + k.word + "-3", "", ""},
		)
	}
	// The register and the keys need the admin scope: a write key is a 403 there.
	adminRoutes = []writeRoute{
		{http.MethodPost, "/api/v1/regions", "application/json", newRegion},
		{http.MethodPut, "/api/v1/regions/harstadregionen", "application/json",
			`{"id":"harstadregionen","name":"Harstadregionen","language":"nb","source":"tromsoregionen-seed"}`},
		{http.MethodPatch, "/api/v1/regions/tromsoregionen", "application/merge-patch+json", `{"description":"Ny"}`},
		{http.MethodDelete, "/api/v1/regions/lofotregionen", "", ""}, // made just above
		{http.MethodPost, "/api/v1/memberships", "application/json", newMembership},
		{http.MethodPut, "/api/v1/memberships/tromsoregionen:5532:2", "application/json",
			`{"region":"tromsoregionen","municipality":"5532","phase":2,"role":"partner","source":"tromsoregionen-seed"}`},
		{http.MethodPatch, "/api/v1/memberships/tromsoregionen:5534:2", "application/merge-patch+json", `{"valid_from":"2015-01-01"}`},
		{http.MethodDelete, "/api/v1/memberships/tromsoregionen:5538:2", "", ""},
		{http.MethodPost, "/api/v1/municipalities", "application/json", newMunicipality},
		{http.MethodPut, "/api/v1/municipalities/5699", "application/json", newMunicipality},
		{http.MethodPatch, "/api/v1/municipalities/5524", "application/merge-patch+json", `{"names":[{"name":"Målselv","language":"no"}]}`},
		{http.MethodDelete, "/api/v1/municipalities/5699", "", ""},
		{http.MethodPost, "/api/v1/successions", "application/json",
			`{"predecessor":"5546","successor":"5524","date":"2028-01-01","kind":"part_transferred","source":"ssb-klass-131"}`},
		{http.MethodPut, "/api/v1/successions/5005-2019:5007:2020-01-01", "application/json",
			`{"predecessor":"5005-2019","successor":"5007","date":"2020-01-01","kind":"merger","source":"ssb-klass-131"}`},
		{http.MethodPatch, "/api/v1/successions/5040-2019:5007:2020-01-01", "application/merge-patch+json", `{"kind":"merger"}`},
		{http.MethodDelete, "/api/v1/successions/5546:5524:2028-01-01", "", ""}, // made just above
		{http.MethodPost, "/api/v1/keys", "application/json", `{"name":"ny","scope":"read"}`},
		{http.MethodDelete, "/api/v1/keys/ny", "", ""},
	}
	return routes, adminRoutes
}

// The auth matrix: every write route of the router, with no key, an invalid one, a revoked one, a read key,
// a write key and (where the route needs the admin scope) an admin key.
func TestWriteAuthMatrix(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	etag := w.do(t, http.MethodGet, "/api/v1/goals/tromsoregionen-goal-1", "", "", "").Header().Get("ETag")
	routes, adminRoutes := writeRoutes(t, w)
	// Every write route of the router is in one of the two lists.
	for _, route := range w.srv.Routes() {
		if route.Method == http.MethodGet || route.Method == http.MethodHead || !strings.HasPrefix(route.Path, "/api/") {
			continue
		}
		pattern := regexp.MustCompile("^" + regexp.MustCompile(`:[a-z]+`).ReplaceAllString(route.Path, `[^/]+`) + "$")
		found := false
		for _, r := range append(slices.Clone(routes), adminRoutes...) {
			path, _, _ := strings.Cut(r.url, "?")
			found = found || (r.method == route.Method && pattern.MatchString(path))
		}
		if !found {
			t.Errorf("%s %s is not in the auth matrix", route.Method, route.Path)
		}
	}
	type who struct {
		who    string
		key    string
		status int
	}
	nobody := []who{{"no key", "", 401}, {"invalid key", "byr_000000000000_nope", 401}, {"revoked key", w.revoked, 401},
		{"not a bearer", "", 401}, {"read scope", w.read, 403}}
	for i, r := range append(slices.Clone(routes), adminRoutes...) {
		admin := i >= len(routes)
		everyone := nobody
		if admin {
			everyone = append(slices.Clone(nobody), who{"write scope", w.write, 403})
		}
		for _, c := range everyone {
			headers := []string{"If-Match", etag}
			if c.who == "not a bearer" {
				headers = append(headers, "Authorization", "Basic "+w.write)
			}
			rec := w.do(t, r.method, r.url, c.key, r.media, r.body, headers...)
			if rec.Code != c.status || rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s %s with %s: %d, want %d", r.method, r.url, c.who, rec.Code, c.status)
			}
			if c.status == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), `Bearer realm="byregion"`) {
				t.Errorf("%s %s with %s: WWW-Authenticate %q", r.method, r.url, c.who, rec.Header().Get("WWW-Authenticate"))
			}
			if strings.Contains(rec.Body.String(), w.write) || strings.Contains(rec.Body.String(), w.revoked) {
				t.Errorf("an answer shows a key")
			}
		}
		key, etag := w.write, `"v1"`
		if admin {
			key = w.admin
		}
		if r.method == http.MethodDelete && strings.HasSuffix(r.url, "/5699") {
			etag = `"v2"` // replaced just above
		}
		rec := w.do(t, r.method, r.url, key, r.media, r.body, "If-Match", etag)
		if rec.Code >= 300 && !(rec.Code == 404 && r.method != http.MethodPost) { // some regions have fewer texts
			t.Errorf("%s %s with a %s key: %d %s", r.method, r.url, map[bool]string{false: "write", true: "admin"}[admin], rec.Code, rec.Body.String())
		}
	}
}

func TestCreateReplacePatchDelete(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	rec := w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json", newGoal)
	if rec.Code != http.StatusCreated || rec.Header().Get("Location") != "/api/v1/goals/tromsoregionen-goal-4" || tagVersion(rec) != "v1" {
		t.Fatalf("create: %d %v %s", rec.Code, rec.Header(), rec.Body.String())
	}
	goal := decode(t, rec)
	if at(goal, "position") != 4.0 || at(goal, "language") != "nb" || at(goal, "source", "publisher") != "Distriktssenteret" {
		t.Errorf("created %v", goal)
	}
	// GET → edit → PUT: the read-only id comes back and is ignored.
	got := w.do(t, http.MethodGet, "/api/v1/goals/tromsoregionen-goal-4", "", "", "")
	if got.Header().Get("ETag") != rec.Header().Get("ETag") {
		t.Errorf("the create's ETag %s is not the GET's %s", rec.Header().Get("ETag"), got.Header().Get("ETag"))
	}
	edited := strings.Replace(got.Body.String(), "Styrke samarbeidet", "Styrke samarbeidet videre", 1)
	rec = w.do(t, http.MethodPut, "/api/v1/goals/tromsoregionen-goal-4", w.write, "application/json", edited, "If-Match", got.Header().Get("ETag"))
	if rec.Code != 200 || tagVersion(rec) != "v2" || !strings.Contains(rec.Body.String(), "samarbeidet videre") {
		t.Fatalf("GET → edit → PUT: %d %s", rec.Code, rec.Body.String())
	}
	// The ETag a write answers with is the one to send next.
	rec = w.do(t, http.MethodPatch, "/api/v1/goals/tromsoregionen-goal-4", w.write, "application/merge-patch+json", `{"position":7}`, "If-Match", rec.Header().Get("ETag"))
	if rec.Code != 200 || at(decode(t, rec), "position") != 7.0 || at(decode(t, rec), "text") != "Styrke samarbeidet videre om reiseliv i hele regionen" {
		t.Fatalf("PATCH: %d %s", rec.Code, rec.Body.String())
	}
	current := w.do(t, http.MethodGet, "/api/v1/goals/tromsoregionen-goal-4", "", "", "").Header().Get("ETag")
	// Stale, missing and malformed If-Match; a well-formed tag this API never gave is stale too (RFC 9110).
	for _, c := range []struct {
		ifMatch string
		status  int
	}{{`"v2"`, 412}, {got.Header().Get("ETag"), 412}, {`"stale"`, 412}, {`"v0"`, 412}, {"W/" + current, 412},
		{"", 428}, {"*", 428}, {"v3", 400}} {
		rec = w.do(t, http.MethodPatch, "/api/v1/goals/tromsoregionen-goal-4", w.write, "application/merge-patch+json", `{"text":"x"}`, "If-Match", c.ifMatch)
		if rec.Code != c.status {
			t.Errorf("If-Match %q: %d, want %d", c.ifMatch, rec.Code, c.status)
		}
		if c.status == 412 && rec.Header().Get("ETag") != current {
			t.Errorf("412 carries ETag %q, want the current %s", rec.Header().Get("ETag"), current)
		}
	}
	rec = w.do(t, http.MethodDelete, "/api/v1/goals/tromsoregionen-goal-4", w.write, "", "", "If-Match", `"v3"`)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodGet, "/api/v1/goals/tromsoregionen-goal-4", "", "", ""); rec.Code != 404 {
		t.Errorf("deleted goal: %d", rec.Code)
	}
	// The feed has the dataset's load and all four, the delete as a tombstone, and the goal's history has
	// them in order.
	feed := decode(t, w.do(t, http.MethodGet, "/api/v1/changes", "", "", ""))
	var ops []string
	for _, c := range at(feed, "data").([]any) {
		ops = append(ops, at(c, "operation").(string)+":"+at(c, "actor").(string))
	}
	if strings.Join(ops, ",") != "create:dataset,create:writer,update:writer,update:writer,delete:writer" || at(feed, "data", 4, "state") != nil ||
		at(feed, "data", 0, "resource") != "datasets" || at(feed, "data", 0, "state", "checksum") == nil {
		t.Errorf("feed: %v", ops)
	}
	next := at(feed, "meta", "next").(string)
	if after := decode(t, w.do(t, http.MethodGet, next, "", "", "")); len(at(after, "data").([]any)) != 0 {
		t.Errorf("after the last change: %v", at(after, "data"))
	}
	history := decode(t, w.do(t, http.MethodGet, "/api/v1/goals/tromsoregionen-goal-4/history", "", "", ""))
	if len(at(history, "data").([]any)) != 4 || at(history, "data", 1, "version") != 2.0 {
		t.Errorf("history: %v", history)
	}
	// A new goal never reuses the deleted one's id.
	rec = w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json", newGoal)
	if rec.Header().Get("Location") != "/api/v1/goals/tromsoregionen-goal-5" {
		t.Errorf("after a delete, the next id is %q", rec.Header().Get("Location"))
	}
}

func TestWriteValidation(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	for _, c := range []struct {
		name, media, body string
		status            int
		fields            []string
	}{
		{"unknown field", "application/json", `{"region":"tromsoregionen","txet":"x","source":"tromsoregionen-seed"}`, 400, []string{"txet"}},
		{"not an object", "application/json", `[1,2]`, 400, []string{"body"}},
		{"two objects", "application/json", `{} {}`, 400, []string{"body"}},
		{"wrong media", "text/plain", newGoal, 415, nil},
		{"every bad field at once", "application/json", `{"region":"Tromsø!","text":"","language":"norsk","source":""}`, 422,
			[]string{"region", "text", "language", "source"}},
		{"types", "application/json", `{"region":5,"text":["x"],"source":"tromsoregionen-seed","position":"first"}`, 422,
			[]string{"region", "position", "text"}},
		{"missing", "application/json", `{}`, 422, []string{"region", "text", "source"}},
		{"references", "application/json", `{"region":"nowhere","text":"x","source":"no-source"}`, 422, []string{"region", "source"}},
	} {
		rec := w.do(t, http.MethodPost, "/api/v1/goals", w.write, c.media, c.body)
		if rec.Code != c.status {
			t.Errorf("%s: %d, want %d: %s", c.name, rec.Code, c.status, rec.Body.String())
			continue
		}
		body := decode(t, rec)
		var fields []string
		errs, _ := at(body, "errors").([]any)
		for _, e := range errs {
			fields = append(fields, at(e, "field").(string))
		}
		for _, f := range c.fields {
			if !strings.Contains(","+strings.Join(fields, ",")+",", ","+f+",") {
				t.Errorf("%s: errors %v do not name %s", c.name, fields, f)
			}
		}
	}
	taken := `{"region":"tromsoregionen","position":2,"text":"x","language":"nb","source":"tromsoregionen-seed"}`
	if rec := w.do(t, http.MethodPut, "/api/v1/goals/tromsoregionen-goal-1", w.write, "application/json", taken, "If-Match", `"v1"`); rec.Code != 409 {
		t.Errorf("a taken position: %d %s", rec.Code, rec.Body.String())
	}
	big := `{"region":"tromsoregionen","source":"tromsoregionen-seed","text":"` + strings.Repeat("x", 2<<20) + `"}`
	if rec := w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json", big); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB body: %d", rec.Code)
	}
}

// Concurrent PATCHes with the same If-Match: exactly one wins, the rest are 412.
func TestNoLostUpdates(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	const n = 12
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body := `{"text":"Versjon ` + string(rune('a'+i)) + `"}`
			codes[i] = w.do(t, http.MethodPatch, "/api/v1/goals/tromsoregionen-goal-1", w.write, "application/merge-patch+json", body, "If-Match", `"v1"`).Code
		}(i)
	}
	wg.Wait()
	won, stale := 0, 0
	for _, c := range codes {
		switch c {
		case 200:
			won++
		case 412:
			stale++
		}
	}
	if won != 1 || stale != n-1 {
		t.Fatalf("codes %v: want one 200 and %d 412", codes, n-1)
	}
}

func TestIdempotentCreate(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	first := w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json", newGoal, "Idempotency-Key", "k-1")
	again := w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json", newGoal, "Idempotency-Key", "k-1")
	if first.Code != 201 || again.Code != 201 || again.Header().Get("Location") != first.Header().Get("Location") ||
		again.Header().Get("Idempotent-Replayed") != "true" || again.Header().Get("ETag") != first.Header().Get("ETag") {
		t.Fatalf("retry: %d %v, first %d %v", again.Code, again.Header(), first.Code, first.Header())
	}
	total := at(decode(t, w.do(t, http.MethodGet, "/api/v1/goals?region=tromsoregionen&count=true", "", "", "")), "meta", "total")
	if total != 4.0 {
		t.Errorf("after a retried create there are %v goals, want 4", total)
	}
	other := w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json", strings.Replace(newGoal, "reiseliv", "havbruk", 1), "Idempotency-Key", "k-1")
	if other.Code != 422 {
		t.Errorf("the same key with another body: %d", other.Code)
	}
}

// Cached answers move with the data: a write changes the data version, so the collection's ETag.
func TestWritesChangeETags(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	before := w.do(t, http.MethodGet, "/api/v1/goals", "", "", "").Header().Get("ETag")
	w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json", newGoal)
	if after := w.do(t, http.MethodGet, "/api/v1/goals", "", "", "").Header().Get("ETag"); after == before {
		t.Error("the collection's ETag did not change after a write")
	}
}

// Over its budget a client gets 429 with Retry-After.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	st := newWritable(t).st
	srv, err := api.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{RatePerSecond: 0.5, RateBurst: 2})
	if err != nil {
		t.Fatal(err)
	}
	var codes []int
	var last *httptest.ResponseRecorder
	for i := 0; i < 3; i++ {
		last = serve(t, srv, httptest.NewRequest(http.MethodGet, "/api/v1/regions", nil))
		codes = append(codes, last.Code)
	}
	if codes[0] != 200 || codes[1] != 200 || codes[2] != http.StatusTooManyRequests || last.Header().Get("Retry-After") != "2" ||
		last.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("codes %v, Retry-After %q", codes, last.Header().Get("Retry-After"))
	}
	// X-Forwarded-For does not buy a new budget.
	req := httptest.NewRequest(http.MethodGet, "/api/v1/regions", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	rec := serve(t, srv, req)
	if rec.Code != http.StatusTooManyRequests {
		t.Errorf("with a forged X-Forwarded-For: %d", rec.Code)
	}
}

// A second database built from the first one's changes feed alone (both starting from the dataset)
// answers the same.
func TestReplicaFromChangesFeed(t *testing.T) {
	t.Parallel()
	primary, replica := newWritable(t), newEmpty(t) // the replica has only what the feed gives it
	p := primary
	rec := p.do(t, http.MethodPost, "/api/v1/goals", p.write, "application/json", newGoal)
	p.do(t, http.MethodPatch, rec.Header().Get("Location"), p.write, "application/merge-patch+json", `{"position":9}`, "If-Match", `"v1"`)
	p.do(t, http.MethodDelete, "/api/v1/goals/tromsoregionen-goal-2", p.write, "", "", "If-Match", `"v1"`)
	p.do(t, http.MethodPatch, "/api/v1/goals/tromsoregionen-goal-1", p.admin, "application/merge-patch+json", `{"text":"Endret av admin"}`, "If-Match", `"v1"`)
	p.do(t, http.MethodPost, "/api/v1/measures", p.write, "application/json",
		`{"region":"tromsoregionen","title":"Reiselivssamarbeid","status":"planned","partners":["tromsoregionen-partner-2"],"source":"tromsoregionen-seed"}`)
	p.do(t, http.MethodPatch, "/api/v1/measures/tromsoregionen-measure-3", p.write, "application/merge-patch+json", `{"partners":[]}`, "If-Match", `"v1"`)
	p.do(t, http.MethodDelete, "/api/v1/partners/tromsoregionen-partner-4", p.write, "", "", "If-Match", `"v1"`)
	p.do(t, http.MethodPost, "/api/v1/lessons", p.write, "application/json", `{"region":"harstadregionen","title":"Tålmodighet","source":"tromsoregionen-seed"}`)
	p.do(t, http.MethodPost, "/api/v1/population", p.write, "application/json", `{"municipality":"5501","reference_date":"2027-01-01","value":1,"source":"tromsoregionen-seed"}`)
	p.do(t, http.MethodPatch, "/api/v1/population/population:5501:2027-01-01:tromsoregionen-seed", p.write, "application/merge-patch+json", `{"value":2}`, "If-Match", `"v1"`)
	p.do(t, http.MethodDelete, "/api/v1/area/area:5532:2025-01-01:aprestmo-norway-geodata", p.write, "", "", "If-Match", `"v1"`)
	p.do(t, http.MethodPost, "/api/v1/regions", p.admin, "application/json", newRegion)
	p.do(t, http.MethodPatch, "/api/v1/regions/tromsoregionen", p.admin, "application/merge-patch+json", `{"alternative_name":"Tromsø-regionen"}`, "If-Match", `"v1"`)
	p.do(t, http.MethodPost, "/api/v1/memberships", p.admin, "application/json", newMembership)
	p.do(t, http.MethodDelete, "/api/v1/memberships/tromsoregionen:5538:2", p.admin, "", "", "If-Match", `"v1"`)
	p.do(t, http.MethodPost, "/api/v1/municipalities", p.admin, "application/json", newMunicipality)
	p.do(t, http.MethodPost, "/api/v1/successions", p.admin, "application/json", kvaenangenIntoNyby)
	p.do(t, http.MethodPatch, "/api/v1/municipalities/5699", p.admin, "application/merge-patch+json", `{"names":[{"name":"Nyby","language":"no"},{"name":"Ođđagávpot","language":"se"}]}`, "If-Match", `"v1"`)
	figures := fivePopulation2026(t)
	csv := fmt.Sprintf("municipality,year,value,source\n5501,2026,%v,tromsoregionen-seed\n5532,2026,%v,tromsoregionen-seed\n", figures["5501"], figures["5532"])
	p.do(t, http.MethodPost, "/api/v1/imports?kind=population", p.write, "text/csv", csv)
	p.do(t, http.MethodPost, "/api/v1/imports?kind=population", p.write, "text/csv", strings.Replace(csv, fmt.Sprint(figures["5501"]), "1", 1))

	// Read the whole feed page by page, as a syncing system would.
	var feed []domain.Change
	url := "/api/v1/changes?limit=2"
	for {
		var page struct {
			Data []domain.Change       `json:"data"`
			Meta struct{ Next string } `json:"meta"`
		}
		if err := json.Unmarshal(p.do(t, http.MethodGet, url, "", "", "").Body.Bytes(), &page); err != nil {
			t.Fatal(err)
		}
		if len(page.Data) == 0 {
			break
		}
		feed, url = append(feed, page.Data...), page.Meta.Next
	}
	if len(feed) != 22 || feed[0].Resource != "datasets" {
		t.Fatalf("%d changes in the feed, want the dataset's load and 21", len(feed))
	}
	ds, err := dataset.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := replica.st.ApplyChanges(context.Background(), feed, ds); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"/api/v1/goals?limit=1000", "/api/v1/population?municipality=5501,5532&from=2026&limit=1000",
		"/api/v1/population/population:5501:2027-01-01:tromsoregionen-seed",
		"/api/v1/goals/tromsoregionen-goal-1/history", "/api/v1/measures?limit=1000", "/api/v1/partners?limit=1000",
		"/api/v1/lessons?limit=1000", "/api/v1/measures/tromsoregionen-measure-3/history",
		"/api/v1/regions?limit=1000", "/api/v1/regions/tromsoregionen", "/api/v1/regions/lofotregionen",
		"/api/v1/memberships?region=tromsoregionen", "/api/v1/memberships/tromsoregionen:5524/history",
		"/api/v1/municipalities/5699", "/api/v1/municipalities?q=oddagavpot", "/api/v1/municipalities/5699/versions",
		"/api/v1/changes?limit=1000", "/api/v1/municipalities?limit=1000", "/api/v1/sources", "/api/v1/themes?limit=1000",
		"/api/v1/regions/tromsoregionen/summary", "/api/v1/quality", "/api/v1/successions?successor=5699",
		"/api/v1/municipalities/5546/history", "/api/v1/area?municipality=5532&limit=1000"} {
		a, b := p.do(t, http.MethodGet, u, "", "", "").Body.String(), replica.do(t, http.MethodGet, u, "", "", "").Body.String()
		if a != b {
			t.Errorf("%s differs:\nprimary %.300s\nreplica %.300s", u, a, b)
		}
	}
	if p.do(t, http.MethodGet, "/api/v1/goals/tromsoregionen-goal-2", "", "", "").Code != 404 ||
		replica.do(t, http.MethodGet, "/api/v1/goals/tromsoregionen-goal-2", "", "", "").Code != 404 {
		t.Error("the deleted goal is in one of them")
	}
}

// Every field of every write body, given a value of the wrong type, out of range or malformed, is a 4xx
// problem+json naming what is wrong: never a 5xx, whatever layer (decoding, validation, the store's
// constraints) meets it first.
func TestHostileWriteBodiesAreRefused(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	routes, adminRoutes := writeRoutes(t, w)
	hostile := []string{`0`, `-1`, `1.5`, `1e308`, `""`, `"` + strings.Repeat("å", 20000) + `"`, `"x\u0000y"`,
		`[]`, `[1,{}]`, `{}`, `{"id":{}}`, `true`, `null`, `"2016-02-30"`, `"0301"`, `"../../etc"`}
	for _, r := range append(routes, adminRoutes...) {
		var body map[string]json.RawMessage
		if r.media == "text/csv" || json.Unmarshal([]byte(r.body), &body) != nil {
			continue // the imports have their own tests; a DELETE has no body
		}
		send := func(field, value string, changed map[string]json.RawMessage) {
			b, _ := json.Marshal(changed)
			rec := w.do(t, r.method, r.url, w.admin, r.media, string(b), "If-Match", `"v1"`)
			if rec.Code >= 500 || (rec.Code >= 400 && rec.Header().Get("Content-Type") != "application/problem+json") {
				t.Errorf("%s %s with %s = %.40s: %d %.300s", r.method, r.url, field, value, rec.Code, rec.Body.String())
			}
		}
		for field, valid := range body {
			var list []map[string]json.RawMessage // a list of objects (phases, codes, names): each of their fields too
			json.Unmarshal(valid, &list)
			for _, value := range hostile {
				changed := maps.Clone(body)
				changed[field] = json.RawMessage(value)
				send(field, value, changed)
				if len(list) == 0 {
					continue
				}
				for inner := range list[0] {
					item := maps.Clone(list[0])
					item[inner] = json.RawMessage(value)
					b, _ := json.Marshal(append(slices.Clone(list), item))
					changed[field] = b
					send(field+"[]."+inner, value, changed)
				}
			}
		}
	}
}

// Bodies are bounded in time and size, over a real connection: one cut short is a 400, one that arrives
// too slowly is cut off with a 408, one over the limit is a 413 with its problem type, and a request whose
// body is still pending gets its 401 at once.
func TestBodiesBoundedInTimeAndSize(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	srv, err := api.NewServer(w.st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{BodyTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	live := httptest.NewServer(srv)
	defer live.Close()
	send := func(head, body string, closeWrite bool) (status int, problem string, took time.Duration) {
		t.Helper()
		conn, err := net.Dial("tcp", strings.TrimPrefix(live.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		conn.SetDeadline(start.Add(5 * time.Second))
		fmt.Fprintf(conn, "%s\r\nHost: byregion\r\n\r\n%s", head, body)
		if closeWrite {
			conn.(*net.TCPConn).CloseWrite()
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: no answer: %v", head, err)
		}
		defer res.Body.Close()
		var p struct{ Type string }
		json.NewDecoder(res.Body).Decode(&p)
		return res.StatusCode, p.Type, time.Since(start)
	}
	headers := "POST /api/v1/goals HTTP/1.1\r\nAuthorization: Bearer " + w.write + "\r\nContent-Type: application/json"
	if status, typ, _ := send(headers+"\r\nContent-Length: 200", `{"region":"tromsoregionen",`, true); status != 400 || typ != "/problems/invalid-parameter" {
		t.Errorf("a body cut short: %d %s", status, typ)
	}
	if status, typ, took := send(headers+"\r\nContent-Length: 200", `{"region":`, false); status != 408 || typ != "/problems/body-timeout" || took > 3*time.Second {
		t.Errorf("a slow body: %d %s after %v", status, typ, took)
	}
	if status, typ, _ := send(headers+"\r\nContent-Length: 2000000", "", false); status != 413 || typ != "/problems/too-large" {
		t.Errorf("a body over the limit: %d %s", status, typ)
	}
	if status, _, took := send("POST /api/v1/goals HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 1000", "", false); status != 401 || took > 2*time.Second {
		t.Errorf("no key, the body pending: %d after %v", status, took)
	}
}

// Writes that must not pass: a record moved to another region, text with control characters or not in
// UTF-8, a JSON body in another charset, an Idempotency-Key too long; the bearer scheme in any case does
// pass, and a key's answer has its time.
func TestTighterWrites(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	patch := func(body string) *httptest.ResponseRecorder {
		return w.do(t, http.MethodPatch, "/api/v1/goals/tromsoregionen-goal-1", w.write, "application/merge-patch+json", body, "If-Match", `"v1"`)
	}
	if rec := patch(`{"region":"salten"}`); rec.Code != 422 || !strings.Contains(rec.Body.String(), "cannot move") {
		t.Errorf("a goal moved to another region: %d %s", rec.Code, rec.Body.String())
	}
	for _, text := range []string{`"Mål\u0000"`, `"Mål\u001b[31m"`, `"Mål\r"`, `"Mål\u0085"`} {
		if rec := patch(`{"text":` + text + `}`); rec.Code != 422 || !strings.Contains(rec.Body.String(), `"field":"text"`) {
			t.Errorf("text %s: %d %s", text, rec.Code, rec.Body.String())
		}
	}
	if rec := patch("{\"text\":\"M\xe5l\"}"); rec.Code != 400 || !strings.Contains(rec.Body.String(), "UTF-8") {
		t.Errorf("a body in Latin-1: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json; charset=latin1", newGoal); rec.Code != 415 {
		t.Errorf("a JSON body declared latin1: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/goals", w.write, "application/json", newGoal, "Idempotency-Key", strings.Repeat("k", 256)); rec.Code != 400 ||
		!strings.Contains(rec.Body.String(), `"field":"Idempotency-Key"`) {
		t.Errorf("an Idempotency-Key of 256 characters: %d %s", rec.Code, rec.Body.String())
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v1/goals", strings.NewReader(newGoal))
	req.Header.Set("Authorization", "bEaReR "+w.write)
	req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	if rec := serve(t, w.srv, req); rec.Code != 201 {
		t.Errorf("the scheme in mixed case, charset=UTF-8: %d %s", rec.Code, rec.Body.String())
	}
	rec := w.do(t, http.MethodPost, "/api/v1/keys", w.admin, "application/json", `{"name":"ny","scope":"read"}`)
	var key struct {
		CreatedAt string `json:"created_at"`
	}
	if json.Unmarshal(rec.Body.Bytes(), &key); rec.Code != 201 || key.CreatedAt == "" {
		t.Errorf("a new key: %d %s", rec.Code, rec.Body.String())
	}
}
