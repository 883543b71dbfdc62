package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/byregion/byregion/api"
)

// names lists one string field of every item of a JSON collection answer.
func names(t *testing.T, url, field string) []string {
	t.Helper()
	rec := get(t, http.MethodGet, url)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", url, rec.Code, rec.Body.String())
	}
	var out []string
	for _, item := range at(decode(t, rec), "data").([]any) {
		out = append(out, at(item, field).(string))
	}
	return out
}

func TestSearchIgnoresCaseAccentsAndLanguage(t *testing.T) {
	for q, want := range map[string]string{
		"tromso": "5501", "TROMS%C3%98": "5501", "troms%C3%B8": "5501",
		"omasvuotna": "5538", "habmer": "1875", "aalesund": "1508", "%C3%A5lesund": "1508",
	} {
		got := names(t, "/api/v1/municipalities?q="+q, "code")
		if !slices.Contains(got, want) {
			t.Errorf("q=%s found %v, want %s among them", q, got, want)
		}
	}
	if got := names(t, "/api/v1/regions?q=namsos", "id"); !slices.Equal(got, []string{"region-namdal"}) {
		t.Errorf("regions q=namsos (an alternative name) found %v", got)
	}
	if got := names(t, "/api/v1/goals?q=VERDISKAPING", "id"); !slices.Equal(got, []string{"tromsoregionen-goal-1"}) {
		t.Errorf("goals q=VERDISKAPING found %v", got)
	}
	if got := names(t, "/api/v1/municipalities?q=zzzzzz", "code"); len(got) != 0 {
		t.Errorf("nonsense found %v", got)
	}
}

// Sorting every municipality by name puts the Ø and Å names after every other name, Ø before Å, as
// Norwegian order does, and the database sorts exactly as the Go collator does.
func TestNorwegianSortOrder(t *testing.T) {
	got := names(t, "/api/v1/municipalities?sort=name&limit=1000", "name")
	if len(got) != 357 {
		t.Fatalf("%d municipalities", len(got))
	}
	first := func(s string) string { return strings.ToUpper(string([]rune(s)[:1])) }
	lastOther, firstØ, lastØ, firstÅ := -1, -1, -1, -1
	for i, name := range got {
		switch {
		case first(name) == "Ø":
			if firstØ < 0 {
				firstØ = i
			}
			lastØ = i
		case first(name) == "Å" || strings.HasPrefix(strings.ToLower(name), "aa"): // "aa" is å
			if firstÅ < 0 {
				firstÅ = i
			}
		default:
			lastOther = i
		}
	}
	if firstØ < 0 || firstÅ < 0 || !(lastOther < firstØ && lastØ < firstÅ) {
		t.Errorf("last other name at %d, Ø names %d..%d, Å names from %d: %v", lastOther, firstØ, lastØ, firstÅ, got[len(got)-20:])
	}
	want := slices.Clone(got)
	c := collate.New(language.MustParse("nn"), collate.IgnoreCase)
	sort.SliceStable(want, func(i, j int) bool { return c.CompareString(want[i], want[j]) < 0 })
	if !slices.Equal(got, want) {
		t.Error("the database's order differs from golang.org/x/text/collate's Norwegian order")
	}
	desc := names(t, "/api/v1/municipalities?sort=-name&limit=1000", "name")
	slices.Reverse(desc)
	if !slices.Equal(desc, got) {
		t.Error("sort=-name is not the reverse of sort=name")
	}
}

// Paging by cursor through a sorted collection gives exactly the rows of one big page, in order, for
// sorts with several keys, descending keys and ties.
func TestKeysetPagingFollowsAnySort(t *testing.T) {
	for _, sortBy := range []string{"name", "-name", "county,-name", "-county,code"} {
		whole := names(t, "/api/v1/municipalities?limit=1000&sort="+sortBy, "code")
		var paged []string
		url := "/api/v1/municipalities?limit=23&sort=" + sortBy
		for url != "" {
			body := decode(t, get(t, http.MethodGet, url))
			for _, m := range at(body, "data").([]any) {
				paged = append(paged, at(m, "code").(string))
			}
			url, _ = at(body, "meta", "next").(string)
		}
		if !slices.Equal(paged, whole) {
			t.Errorf("sort=%s: %d rows paged, %d in one page, or in another order", sortBy, len(paged), len(whole))
		}
	}
	values := names(t, "/api/v1/population?municipality=5501&sort=-value&limit=1000", "id")
	var byPage []string
	url := "/api/v1/population?municipality=5501&sort=-value&limit=5"
	for url != "" {
		body := decode(t, get(t, http.MethodGet, url))
		for _, o := range at(body, "data").([]any) {
			byPage = append(byPage, at(o, "id").(string))
		}
		url, _ = at(body, "meta", "next").(string)
	}
	if !slices.Equal(values, byPage) || len(values) != 22 {
		t.Errorf("population by -value: %d paged, %d whole", len(byPage), len(values))
	}
	// A cursor belongs to its sort.
	next := at(decode(t, get(t, http.MethodGet, "/api/v1/municipalities?limit=2&sort=name")), "meta", "next").(string)
	other := strings.Replace(next, "sort=name", "sort=code", 1)
	if rec := get(t, http.MethodGet, other); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "cursor") {
		t.Errorf("a cursor with another sort: %d %s", rec.Code, rec.Body.String())
	}
}

func TestLinkHeader(t *testing.T) {
	rec := get(t, http.MethodGet, "/api/v1/municipalities?limit=2&county=55")
	link := rec.Header().Get("Link")
	next := at(decode(t, rec), "meta", "next").(string)
	if !strings.HasPrefix(next, "http://example.com/api/v1/municipalities?") || !strings.Contains(link, "<"+next+`>; rel="next"`) ||
		!strings.Contains(link, `<http://example.com/api/v1/municipalities?county=55&limit=2>; rel="first"`) {
		t.Errorf("next %q, Link %q", next, link)
	}
}

// Links are absolute, so a browser app on another origin can follow meta.next as it is: they begin with the
// public URL when one is set, or with the request's scheme and host, as a trusted proxy forwarded them (and
// no one else). An answer kept for one host is never sent with another's links.
func TestAbsoluteLinks(t *testing.T) {
	t.Parallel()
	st := newWritable(t).st
	_, proxy, _ := net.ParseCIDR("10.1.0.0/16")
	behind, err := api.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)),
		api.Config{CacheBytes: api.DefaultCacheBytes, TrustedProxies: []*net.IPNet{proxy}})
	if err != nil {
		t.Fatal(err)
	}
	public, err := api.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)),
		api.Config{CacheBytes: api.DefaultCacheBytes, PublicURL: "https://data.example.no/byregion/"})
	if err != nil {
		t.Fatal(err)
	}
	const path = "/api/v1/regions?limit=1"
	for _, c := range []struct {
		name       string
		srv        http.Handler
		host, peer string
		forwarded  [2]string // X-Forwarded-Proto, X-Forwarded-Host
		want       string
	}{
		{"its own host", behind, "api.local:8080", "192.0.2.1:5000", [2]string{}, "http://api.local:8080/api/v1/regions?"},
		{"forwarded by a stranger", behind, "api.local:8080", "192.0.2.1:5000", [2]string{"https", "evil.example"}, "http://api.local:8080/api/v1/regions?"},
		{"forwarded by the proxy", behind, "api.local:8080", "10.1.2.3:5000", [2]string{"https", "data.example.no"}, "https://data.example.no/api/v1/regions?"},
		{"a forged host from the proxy", behind, "api.local:8080", "10.1.2.3:5000", [2]string{"https", "a b/c"}, "https://api.local:8080/api/v1/regions?"},
		{"the public URL", public, "api.local:8080", "10.1.2.3:5000", [2]string{"http", "evil.example"}, "https://data.example.no/byregion/api/v1/regions?"},
	} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Host, req.RemoteAddr = c.host, c.peer
		if c.forwarded[0] != "" {
			req.Header.Set("X-Forwarded-Proto", c.forwarded[0])
			req.Header.Set("X-Forwarded-Host", c.forwarded[1])
		}
		rec := serve(t, c.srv, req)
		next, _ := at(decode(t, rec), "meta", "next").(string)
		if !strings.HasPrefix(next, c.want) || !strings.Contains(rec.Header().Get("Link"), "<"+c.want) {
			t.Errorf("%s: next %q, Link %q; want them to begin %s", c.name, next, rec.Header().Get("Link"), c.want)
		}
	}
}

func TestFilters(t *testing.T) {
	for _, c := range []struct {
		url   string
		field string
		check func([]string) bool
	}{
		{"/api/v1/municipalities?county=55,56&limit=1000", "code", func(v []string) bool {
			return len(v) > 30 && !slices.ContainsFunc(v, func(c string) bool { return c[:2] != "55" && c[:2] != "56" })
		}},
		{"/api/v1/municipalities?code=0301,5501", "code", func(v []string) bool { return slices.Equal(v, []string{"0301", "5501"}) }},
		{"/api/v1/population?municipality=5501,5532&from=2015&to=2015", "id", func(v []string) bool { return len(v) == 2 }},
		{"/api/v1/population?municipality=5501&value=..73000", "reference_date", func(v []string) bool {
			return len(v) > 5 && !slices.ContainsFunc(v, func(d string) bool { return d > "2016-01-01" })
		}},
		{"/api/v1/area?value_km2=2500..2600&limit=1000", "id", func(v []string) bool { return slices.Contains(v, "area:5501:2025-01-01:aprestmo-norway-geodata") }},
		{"/api/v1/area?kind=reported&measure=unknown&limit=1000", "id", func(v []string) bool { return len(v) == countRows(t, "area_km2") }},
		{"/api/v1/population?municipality=1103&adjusted=true&limit=100", "reference_date", func(v []string) bool {
			return len(v) == 15 && !slices.ContainsFunc(v, func(d string) bool { return d >= "2020-01-01" })
		}},
		{"/api/v1/population?municipality=1103&adjusted=false&limit=100", "reference_date", func(v []string) bool { return len(v) == 7 }},
		{"/api/v1/partners?kind=regional_council", "name", func(v []string) bool { return slices.Equal(v, []string{"Nord- Troms regionråd"}) }},
		{"/api/v1/measures?status=completed", "id", func(v []string) bool { return len(v) == 0 }},
	} {
		if got := names(t, c.url, c.field); !c.check(got) {
			t.Errorf("%s: %v", c.url, got)
		}
	}
	rec := get(t, http.MethodGet, "/api/v1/population?population=5")
	if detail, _ := at(decode(t, rec), "detail").(string); rec.Code != 400 || !strings.Contains(detail, "municipality") || !strings.Contains(detail, "value") {
		t.Errorf("an unknown filter: %d %s", rec.Code, detail)
	}
	for _, bad := range []string{"value=5..1", "value=x..", "value=..", "kind=official,guess", "sort=nope", "county=5", "at=2024", "fields=secret", "include=population", "adjusted=yes"} {
		if rec := get(t, http.MethodGet, "/api/v1/population?"+bad); rec.Code != 400 {
			t.Errorf("%s: %d", bad, rec.Code)
		}
	}
}

func TestFieldsSelectTopLevelFields(t *testing.T) {
	body := decode(t, get(t, http.MethodGet, "/api/v1/municipalities?fields=code,name&limit=1"))
	item := at(body, "data", 0).(map[string]any)
	if len(item) != 2 || item["code"] != "0301" || item["name"] != "Oslo" {
		t.Errorf("fields=code,name: %v", item)
	}
	one := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen?fields=name"))
	if m := one.(map[string]any); len(m) != 1 || m["name"] != "Tromsøregionen" {
		t.Errorf("region fields=name: %v", m)
	}
}

// Embedding costs a fixed number of SQL statements, whatever the number of rows.
func TestIncludeUsesAFixedNumberOfStatements(t *testing.T) {
	statements := func(url string) int64 {
		before := dbStore.Statements()
		if rec := get(t, http.MethodGet, url); rec.Code != 200 {
			t.Fatalf("%s: %d %s", url, rec.Code, rec.Body.String())
		}
		return dbStore.Statements() - before
	}
	for _, pair := range [][2]string{
		{"/api/v1/municipalities?include=population,area&from=2015&limit=5", "/api/v1/municipalities?include=population,area&from=2015&limit=200"},
		// Both pages hold a region with measures, so both read their link tables.
		{"/api/v1/regions?include=goals,measures,partners,municipalities,population,quality&id=tromsoregionen,salten", "/api/v1/regions?include=goals,measures,partners,municipalities,population,quality&limit=1000"},
	} {
		statements(pair[1] + "&count=true") // what is derived once (the lineage, the totals' states) is derived before counting
		small, large := statements(pair[0]), statements(pair[1])
		if small != large {
			t.Errorf("%d statements for %s, %d for %s", small, pair[0], large, pair[1])
		}
	}
	body := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen?include=municipalities,goals,measures,partners"))
	if at(body, "goals", 0, "text") != "Gjennom økt samhandling i Tromsøregionen bidra til økt verdiskaping" ||
		at(body, "municipalities", 4, "listed", "name") != "Storfjord" || len(at(body, "measures").([]any)) != 3 ||
		at(body, "partners", 3, "name") != "Nord- Troms regionråd" || at(body, "results") != nil {
		t.Errorf("included: %v", body)
	}
	m := decode(t, get(t, http.MethodGet, "/api/v1/municipalities?code=5501&include=population&from=2025"))
	if pop := at(m, "data", 0, "population").([]any); len(pop) != 2 || at(pop[0], "reference_date") != "2025-01-01" {
		t.Errorf("Tromsø's population from 2025: %v", pop)
	}
}

// An export reads its rows in one query of its own: each of its rows holds what the JSON pages hold, field
// by field, for both kinds of observation.
func TestExportsHoldWhatPagesHold(t *testing.T) {
	for _, path := range []string{"/api/v1/population?region=tromsoregionen", "/api/v1/population?region=alesundregionen,narvikregionen", "/api/v1/area"} {
		var pages []map[string]string
		for next := path + "&limit=1000"; next != ""; {
			if !strings.Contains(path, "?") {
				next = strings.Replace(next, "&", "?", 1)
			}
			page := decode(t, get(t, http.MethodGet, next))
			for _, item := range at(page, "data").([]any) {
				row := map[string]string{}
				flatten(row, "", item)
				pages = append(pages, row)
			}
			next, _ = at(page, "meta", "next").(string)
		}
		sep := "&"
		if !strings.Contains(path, "?") {
			sep = "?"
		}
		records, err := csv.NewReader(get(t, http.MethodGet, path+sep+"format=csv").Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(records)-1 != len(pages) || len(pages) < 100 {
			t.Fatalf("%s: %d CSV rows, %d on the pages", path, len(records)-1, len(pages))
		}
		for i, record := range records[1:] {
			for j, column := range records[0] {
				if column == "value" && pages[i]["value"] == "" {
					column = "value_km2" // every figure is "value" in CSV
				}
				if want := pages[i][column]; record[j] != want {
					t.Fatalf("%s, row %d, %s: CSV %q, JSON %q", path, i+1, column, record[j], want)
				}
			}
		}
	}
}

// flatten writes a decoded JSON item as the CSV writes it: nested fields as dotted columns, null as "".
func flatten(out map[string]string, prefix string, v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, sub := range x {
			flatten(out, prefix+k+".", sub)
		}
	case nil:
		out[strings.TrimSuffix(prefix, ".")] = ""
	case []any: // as CSV joins a list: each item, a record by its code and name, with "; "
		var items []string
		for _, item := range x {
			if m, ok := item.(map[string]any); ok {
				items = append(items, fmt.Sprint(m["code"], " ", m["name"]))
			} else {
				items = append(items, fmt.Sprint(item))
			}
		}
		out[strings.TrimSuffix(prefix, ".")] = strings.Join(items, "; ")
	case float64:
		out[strings.TrimSuffix(prefix, ".")] = strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		out[strings.TrimSuffix(prefix, ".")] = strconv.FormatBool(x)
	default:
		out[strings.TrimSuffix(prefix, ".")] = fmt.Sprint(x)
	}
}

func TestCSV(t *testing.T) {
	rec := get(t, http.MethodGet, "/api/v1/population?format=csv&kind=official")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		rec.Header().Get("Content-Disposition") != `attachment; filename="population.csv"` {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	total := at(decode(t, get(t, http.MethodGet, "/api/v1/population?kind=official&count=true")), "meta", "total").(float64)
	if len(rows)-1 != int(total) || total <= 1000 {
		t.Errorf("%d CSV rows for a total of %v: want the whole result, beyond the largest page", len(rows)-1, total)
	}
	header := strings.Join(rows[0], ",")
	for _, col := range []string{"municipality.code", "reference_date", "value", "source.publisher", "source.licence"} {
		if !strings.Contains(header, col) {
			t.Errorf("header lacks %s: %s", col, header)
		}
	}
	// Accept picks CSV too, and the Excel dialect has a BOM, semicolons and decimal commas.
	req := httptest.NewRequest(http.MethodGet, "/api/v1/municipalities/5501/area?dialect=excel-nb", nil)
	req.Header.Set("Accept", "text/csv")
	w := serve(t, server, req)
	body := w.Body.String()
	if !strings.HasPrefix(body, "\uFEFFid;") || !strings.Contains(body, ";2520,8;") {
		t.Errorf("excel-nb: %q", body[:min(len(body), 200)])
	}
	// limit= gives a preview: the first rows.
	preview, err := csv.NewReader(get(t, http.MethodGet, "/api/v1/population?format=csv&limit=10").Body).ReadAll()
	if err != nil || len(preview) != 11 {
		t.Errorf("limit=10 with CSV: %d rows, %v", len(preview)-1, err)
	}
	// In the Excel dialect a code keeps its leading zero: ="0301"; lists of records are readable, not JSON.
	excel := get(t, http.MethodGet, "/api/v1/municipalities?county=03&format=csv&dialect=excel-nb").Body.String()
	if !strings.Contains(excel, `;"=""0301"""`) && !strings.Contains(excel, `;="0301"`) && !strings.HasPrefix(strings.SplitN(excel, "\n", 3)[1], `"=""0301"""`) {
		t.Errorf("Oslo's code in the Excel dialect: %.300q", excel)
	}
	if strings.Contains(excel, `[{`) {
		t.Errorf("JSON in a cell: %.300q", excel)
	}
}

func TestJSONStat(t *testing.T) {
	rec := get(t, http.MethodGet, "/api/v1/population?region=tromsoregionen&format=jsonstat")
	body := decode(t, rec)
	if at(body, "version") != "2.0" || at(body, "class") != "dataset" || at(body, "role", "time", 0) != "Tid" {
		t.Fatalf("not a JSON-stat 2.0 dataset: %.300s", rec.Body.String())
	}
	size := at(body, "size").([]any)
	if len(at(body, "value").([]any)) != int(size[0].(float64)*size[1].(float64)*size[2].(float64)) {
		t.Errorf("value has not size's product of cells")
	}
	if at(body, "dimension", "Region", "category", "label", "5501") != "Tromsø" || !strings.Contains(at(body, "source").(string), "Statistisk sentralbyrå") {
		t.Errorf("labels or source missing")
	}
	if rec := get(t, http.MethodGet, "/api/v1/regions?format=jsonstat"); rec.Code != 400 {
		t.Errorf("JSON-stat of regions: %d", rec.Code)
	}
}

// The JSON-stat reference library (jsonstat-toolkit, under Node) reads our answers, and its values equal
// the JSON answers'. CI installs the library (.ci/run); elsewhere the test is skipped without it.
func TestJSONStatReadsInReferenceLibrary(t *testing.T) {
	dir, _ := filepath.Abs("../.ci/jsonstat")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "jsonstat-toolkit")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install jsonstat-toolkit: npm ci --prefix .ci/jsonstat")
		}
		t.Skip("jsonstat-toolkit is not installed: npm ci --prefix .ci/jsonstat")
	}
	for _, series := range []string{"/api/v1/population?region=tromsoregionen", "/api/v1/population?municipality=1103,5501&from=2018&to=2021",
		"/api/v1/area?region=region-namdal", "/api/v1/municipalities/5538/population", "/api/v1/regions/tromsoregionen/population",
		"/api/v1/regions/harstadregionen/area", "/api/v1/regions/tromsoregionen/indicators?from=2015",
		"/api/v1/aggregates/population?municipalities=5501,1902,5532"} {
		sep := map[bool]string{true: "&", false: "?"}[strings.Contains(series, "?")]
		stat := get(t, http.MethodGet, series+sep+"format=jsonstat").Body.Bytes()
		data, _ := json.Marshal(at(decode(t, get(t, http.MethodGet, series+sep+"limit=1000")), "data"))
		tmp := t.TempDir()
		os.WriteFile(filepath.Join(tmp, "stat.json"), stat, 0o600)
		os.WriteFile(filepath.Join(tmp, "data.json"), data, 0o600)
		out, err := exec.Command("node", filepath.Join(dir, "check.mjs"), filepath.Join(tmp, "stat.json"), filepath.Join(tmp, "data.json")).CombinedOutput()
		if err != nil {
			t.Errorf("%s: %v\n%s", series, err, out)
		}
	}
}

func TestNotAcceptable(t *testing.T) {
	for url, accept := range map[string]string{"/api/v1/regions": "application/xml", "/api/v1/regions/tromsoregionen": "text/csv"} {
		req := httptest.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Accept", accept)
		w := serve(t, server, req)
		if w.Code != http.StatusNotAcceptable || w.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s with Accept %s: %d", url, accept, w.Code)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/regions", nil)
	req.Header.Set("Accept", "text/html, application/json;q=0.5")
	w := serve(t, server, req)
	if w.Code != 200 {
		t.Errorf("a browser's Accept with JSON in it: %d", w.Code)
	}
}

func TestConditionalRequests(t *testing.T) {
	url := "/api/v1/regions/tromsoregionen/goals"
	first := get(t, http.MethodGet, url)
	etag := first.Header().Get("ETag")
	if !regexp.MustCompile(`^"[0-9a-f]{32}"$`).MatchString(etag) || first.Header().Get("Cache-Control") != "public, max-age=60" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, first.Header().Get("Cache-Control"))
	}
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("If-None-Match", etag)
	w := serve(t, server, req)
	if w.Code != http.StatusNotModified || w.Body.Len() != 0 || w.Header().Get("ETag") != etag {
		t.Errorf("If-None-Match: %d, %d bytes", w.Code, w.Body.Len())
	}
	if other := get(t, http.MethodGet, url+"?sort=-position").Header().Get("ETag"); other == etag || other == "" {
		t.Errorf("another query has ETag %q", other)
	}
	if again := get(t, http.MethodGet, url).Header().Get("ETag"); again != etag {
		t.Errorf("the same request has ETag %q, then %q", etag, again)
	}
	for _, u := range []string{"/api/v1/municipalities", "/api/v1/population?format=csv&municipality=5501", "/api/v1/quality"} {
		if get(t, http.MethodGet, u).Header().Get("ETag") == "" {
			t.Errorf("%s has no ETag", u)
		}
	}
	if e := get(t, http.MethodGet, "/api/v1/regions/nowhere").Header().Get("ETag"); e != "" {
		t.Errorf("a 404 has ETag %q", e)
	}
}

func TestGzip(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/api/v1/municipalities?limit=100", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := serve(t, server, req)
	if w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", w.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Contains(plain, []byte(`"Oslo"`)) {
		t.Error("the gzip body does not hold the answer")
	}
}

func TestCORSPreflightAndExposedHeaders(t *testing.T) {
	req := httptest.NewRequest(http.MethodOptions, "/api/v1/population", nil)
	req.Header.Set("Origin", "https://kart.example.no")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "if-none-match")
	w := serve(t, server, req)
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("preflight: %d %v", w.Code, w.Header())
	}
	req = httptest.NewRequest(http.MethodGet, "/api/v1/population", nil)
	req.Header.Set("Origin", "https://kart.example.no")
	w = serve(t, server, req)
	exposed := w.Header().Get("Access-Control-Expose-Headers")
	if !strings.Contains(exposed, "ETag") || !strings.Contains(exposed, "Link") {
		t.Errorf("exposed headers %q", exposed)
	}
}

// HEAD answers every GET route with the GET's status and headers and no body.
func TestHeadOnEveryGetRoute(t *testing.T) {
	for _, path := range everyGetRoute(t) {
		getRec, headRec := get(t, http.MethodGet, path), get(t, http.MethodHead, path)
		if getRec.Code != 200 || headRec.Code != getRec.Code || headRec.Body.Len() != 0 ||
			headRec.Header().Get("Content-Type") != getRec.Header().Get("Content-Type") {
			t.Errorf("%s: GET %d, HEAD %d with %d bytes", path, getRec.Code, headRec.Code, headRec.Body.Len())
		}
	}
}

// everyGetRoute is a request for each GET route of the router, with sample values for its parameters,
// that answers 200 on the embedded dataset. The keys need an admin key, so they are left out.
func everyGetRoute(t *testing.T) []string {
	t.Helper()
	sample := strings.NewReplacer(":slug", "tromsoregionen", ":code", "5501", "*", "index.html")
	var out []string
	for _, r := range server.Routes() {
		// /docs redirects to /docs/; /metrics changes with every request (TestMetrics has it)
		if r.Method != http.MethodGet || r.Path == "/api/v1/keys" || r.Path == "/docs" || r.Path == "/metrics" {
			continue
		}
		path := sample.Replace(r.Path)
		if kind, _, ok := strings.Cut(strings.TrimPrefix(path, "/api/v1/"), "/:id"); ok {
			id := "tromsoregionen-" + strings.TrimSuffix(kind, "s") + "-1" // the region's first of the kind
			switch kind {
			case "sources":
				id = "ssb-07459"
			case "population":
				id = "population:5501:2015-01-01:ssb-07459"
			case "area":
				id = "area:5501:2025-01-01:aprestmo-norway-geodata"
			case "memberships":
				id = "tromsoregionen:5501:2"
			case "successions":
				id = "5005-2019:5007:2020-01-01"
			}
			path = strings.Replace(path, ":id", id, 1)
		} else if path == "/api/v1/aggregates/population" {
			path += "?municipalities=5501"
		}
		out = append(out, path)
	}
	return out
}

// An id percent-encoded, as generated clients send it (population%3A5501%3A…, even %2D for a hyphen),
// names the same record as the raw one, on every route that takes one; writes too.
func TestEncodedIDsNameTheSameRecord(t *testing.T) {
	encode := strings.NewReplacer(":", "%3A", "-", "%2D", "ø", "%C3%B8")
	for _, path := range everyGetRoute(t) {
		encoded := encode.Replace(path)
		if encoded == path {
			continue
		}
		raw, enc := get(t, http.MethodGet, path), get(t, http.MethodGet, encoded)
		if raw.Code != http.StatusOK || enc.Code != raw.Code || enc.Body.String() != raw.Body.String() {
			t.Errorf("%s: raw %d, encoded %d %.200s", encoded, raw.Code, enc.Code, enc.Body.String())
		}
	}
	w := newWritable(t)
	rec := w.do(t, http.MethodPatch, "/api/v1/population/population%3A5501%3A2015-01-01%3Assb-07459", w.write,
		"application/merge-patch+json", `{"note":"kontrollert"}`, "If-Match", `"v1"`)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"id":"population:5501:2015-01-01:ssb-07459"`) {
		t.Errorf("PATCH by an encoded id: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodGet, "/api/v1/goals/tromsoregionen%E0%A4", "", "", ""); rec.Code != http.StatusBadRequest {
		t.Errorf("an id that decodes to no UTF-8: %d", rec.Code)
	}
}

// An address over 8,192 characters is a 414, so no redirect or link ever echoes a huge query back.
func TestLongAddressesAreRefused(t *testing.T) {
	long := "/api/v1/municipalities/1902/population?from=2015&x=" + strings.Repeat("a", 9000)
	if rec := get(t, http.MethodGet, long); rec.Code != http.StatusRequestURITooLong || len(rec.Header().Get("Location")) > 0 {
		t.Errorf("%d, Location %.80q", rec.Code, rec.Header().Get("Location"))
	}
}

// Errors and empty answers that help: a name where a code belongs points to q=; a region id that names
// none suggests the nearest; years beyond the data say where the data begin and end.
func TestHelpfulErrorsAndEmptyAnswers(t *testing.T) {
	rec := get(t, http.MethodGet, "/api/v1/population?municipality=Troms%C3%B8")
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "q=Troms") {
		t.Errorf("a name for a code: %d %s", rec.Code, rec.Body.String())
	}
	rec = get(t, http.MethodGet, "/api/v1/regions/tromso")
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "Did you mean tromsoregionen") {
		t.Errorf("a near slug: %d %s", rec.Code, rec.Body.String())
	}
	body := decode(t, get(t, http.MethodGet, "/api/v1/population?municipality=5501&from=2030"))
	if data, _ := at(body, "data").([]any); len(data) != 0 || at(body, "meta", "coverage", "from") != "2005-01-01" ||
		at(body, "meta", "coverage", "to") != "2026-01-01" {
		t.Errorf("years beyond the data: %v", at(body, "meta"))
	}
	if at(decode(t, get(t, http.MethodGet, "/api/v1/population?municipality=5501&from=2020")), "meta", "coverage") != nil {
		t.Error("coverage on an answer that is not empty")
	}
}
