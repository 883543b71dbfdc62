package api_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/byregion/byregion/api"
	"github.com/byregion/byregion/internal/store"
	"github.com/byregion/byregion/internal/store/storetest"
)

// check is one assertion on a decoded body: the value at path equals want.
type check struct {
	path []any
	want any
}

func p(path ...any) []any { return path }

// Every endpoint's happy path, asserting real content from the dataset.
func TestEndpoints(t *testing.T) {
	tests := []struct {
		name   string
		url    string
		checks []check
	}{
		{"health", "/healthz", []check{{p("status"), "ok"}}},
		{"ready", "/readyz", []check{{p("status"), "ok"}}},
		{"regions", "/api/v1/regions", []check{
			// In Norwegian order, Å last.
			{p("meta", "total"), float64(len(regionRows(t)))}, {p("data", 0, "id"), "alstahaugregionen"},
			{p("data", 32, "name"), "Ålesundregionen"}, {p("data", 32, "alternative_name"), "Region Ålesund"},
			{p("meta", "next"), nil}}},
		{"region", "/api/v1/regions/tromsoregionen", []check{
			{p("name"), "Tromsøregionen"},
			{p("lead_municipality", "code"), "1902"},
			{p("lead_municipality", "today", 0, "code"), "5501"},
			{p("lead_municipality", "today", 0, "reforms", 1), map[string]any{"date": "2024-01-01", "kind": "renumbered", "from": "5401", "to": "5501"}},
			{p("programme", "name"), "Byregionprogrammet"},
			{p("phases", 1), map[string]any{"phase": 2.0, "status": "confirmed"}},
			{p("members", 0, "role"), "lead"},
			{p("members", 0, "phase"), 2.0},
			{p("members", 4, "municipality", "code"), "1939"},
			{p("members", 4, "municipality", "name"), "Storfjord"},
			{p("members", 4, "municipality", "today", 0, "code"), "5538"},
			{p("source", "id"), "tromsoregionen-seed"},
			{p("language"), "nb"}}},
		{"region municipalities", "/api/v1/regions/tromsoregionen/municipalities", []check{
			{p("meta", "total"), 5.0}, {p("data", 0, "role"), "lead"}, {p("data", 0, "municipality", "name"), "Tromsø"},
			{p("data", 0, "listed", "code"), "1902"}, {p("data", 0, "municipality", "code"), "5501"},
			{p("data", 4, "municipality", "names", 1, "name"), "Omasvuotna"}}},
		{"region population reported", "/api/v1/population?region=tromsoregionen&kind=reported", []check{
			{p("meta", "total"), 1.0}, {p("data", 0, "value"), 85510.0}, {p("data", 0, "reference_date"), "2015-01-01"},
			{p("data", 0, "region", "id"), "tromsoregionen"}, {p("data", 0, "source", "publisher"), "Distriktssenteret"}}},
		{"region population members", "/api/v1/population?region=tromsoregionen&kind=official&from=2015&to=2015", []check{
			{p("meta", "total"), 5.0}, {p("data", 0, "municipality", "code"), "5501"}, {p("data", 0, "value"), 72681.0}}},
		{"region population totals", "/api/v1/regions/tromsoregionen/population?from=2015&to=2015", []check{
			{p("data", 0, "computed", "value"), 85510.0}, {p("data", 0, "reported", "value"), 85510.0},
			{p("data", 0, "difference"), 0.0}, {p("data", 0, "computed", "counted"), 5.0}, {p("data", 0, "computed", "complete"), true}}},
		{"region area", "/api/v1/area?region=tromsoregionen&kind=reported", []check{
			{p("data", 0, "value_km2"), 7240.0}, {p("data", 0, "measure"), "unknown"}, {p("data", 0, "unit"), "km2"}}},
		{"region goals", "/api/v1/regions/tromsoregionen/goals", []check{
			{p("meta", "total"), 3.0},
			{p("data", 0, "text"), "Gjennom økt samhandling i Tromsøregionen bidra til økt verdiskaping"},
			{p("data", 2, "text"), "Gjøre næringslivet bedre i stand til å utnytte lokale ressurser"},
			{p("data", 0, "language"), "nb"}, {p("data", 0, "source", "id"), "tromsoregionen-seed"}}},
		{"region results", "/api/v1/regions/tromsoregionen/results", []check{
			{p("meta", "total"), 3.0},
			{p("data", 1, "text"), "Grunnlaget for politisk og administrativt samarbeid er blitt mye bedre"}}},
		{"region lessons", "/api/v1/regions/tromsoregionen/lessons", []check{
			{p("meta", "total"), 3.0}, {p("data", 0, "title"), "Politisk forankring og deltakelse"},
			{p("data", 1, "text"), "Arbeidet og ikke minst det strategiske grunnlaget for utviklingsarbeidet må basere seg på fakta, ikke myter"}}},
		{"region themes", "/api/v1/regions/tromsoregionen/themes", []check{
			{p("meta", "total"), 5.0}, {p("data", 0, "kind"), "quoted"},
			{p("data", 1, "kind"), "summary_label"}, {p("data", 1, "title"), "Innovasjon og næringsutvikling"},
			{p("data", 0, "title"), "Innovasjon og næringsutvikling i Tromsøregionen"}, {p("data", 0, "phase"), 2.0},
			{p("data", 0, "parent"), nil},
			{p("data", 2, "title"), "Mat fra sjø og land"}, {p("data", 2, "parent"), "tromsoregionen-theme-1"},
			{p("data", 4, "title"), "Industrimiljø og næringsklynger"}}},
		{"region measures", "/api/v1/regions/tromsoregionen/measures", []check{
			{p("meta", "total"), 3.0},
			{p("data", 0, "title"), "Oppfølging av regional strategisk næringsplan med tiltak"},
			{p("data", 0, "status"), "ongoing"}, {p("data", 0, "period"), "etter programslutt"},
			{p("data", 2, "partners", 0), "tromsoregionen-partner-4"}}},
		{"region partners", "/api/v1/regions/tromsoregionen/partners", []check{
			{p("meta", "total"), 5.0}, {p("data", 0, "name"), "næringslivsorganisasjoner"},
			{p("data", 0, "kind"), "business_organisation"}, {p("data", 3, "name"), "Nord- Troms regionråd"}, {p("data", 3, "kind_inferred"), true},
			{p("data", 3, "kind"), "regional_council"}}},
		{"region documents", "/api/v1/regions/tromsoregionen/documents", []check{
			{p("meta", "total"), 1.0}, {p("data", 0, "title"), "Tromsøregionen sin søknad til Byregionprogrammet"},
			{p("data", 0, "url"), nil}}},
		{"municipalities", "/api/v1/municipalities", []check{
			{p("meta", "total"), 357.0}, {p("meta", "limit"), 50.0}, {p("data", 0, "code"), "0301"},
			{p("data", 0, "name"), "Oslo"}}},
		{"municipalities by county", "/api/v1/municipalities?county=55", []check{
			{p("meta", "total"), 21.0}, {p("data", 0, "code"), "5501"}, {p("data", 0, "county", "name"), "Troms"}}},
		{"municipality", "/api/v1/municipalities/5538", []check{
			{p("name"), "Storfjord - Omasvuotna - Omasvuono"},
			{p("names", 0), map[string]any{"name": "Storfjord", "language": "no", "source": "kartverket-kommuneinfo", "valid_from": nil, "valid_to": nil}},
			{p("names", 1, "language"), "se"}, {p("names", 2), map[string]any{"name": "Omasvuono", "language": "fkv", "source": "kartverket-kommuneinfo",
				"valid_from": "2015-01-01", "valid_to": nil}},
			{p("codes", 2, "code"), "5425"}, {p("codes", 2, "county", "name"), "Troms og Finnmark"},
			{p("county", "code"), "55"}, {p("source", "id"), "ssb-klass-131"}}},
		{"municipality with leading zero", "/api/v1/municipalities/0301", []check{{p("code"), "0301"}}},
		{"municipality population", "/api/v1/municipalities/5501/population?from=2015&to=2016", []check{
			{p("meta", "total"), 2.0}, {p("data", 0, "value"), 72681.0}, {p("data", 1, "reference_date"), "2016-01-01"},
			{p("data", 0, "source", "id"), "ssb-07459"}, {p("data", 0, "kind"), "official"}}},
		{"municipality area", "/api/v1/municipalities/5501/area", []check{
			{p("meta", "total"), 1.0}, {p("data", 0, "value_km2"), 2520.8}, {p("data", 0, "source", "id"), "aprestmo-norway-geodata"}}},
		{"population by municipality", "/api/v1/population?municipality=5534&from=2015&to=2015", []check{
			{p("data", 0, "value"), 2289.0}, {p("meta", "total"), 1.0}}},
		{"population by region", "/api/v1/population?region=tromsoregionen&from=2026", []check{{p("meta", "total"), 5.0}}},
		// Unfiltered, the municipalities' figures (357 × 22); with kind=reported, the regions' own as well.
		{"population all", "/api/v1/population?limit=1", []check{{p("meta", "total"), 7852.0}}},
		{"population reported", "/api/v1/population?limit=1&kind=reported", []check{{p("meta", "total"), float64(countRows(t, "population"))}}},
		{"area", "/api/v1/area?region=tromsoregionen", []check{{p("meta", "total"), 5.0}}},
		{"goals", "/api/v1/goals?region=tromsoregionen", []check{{p("meta", "total"), 3.0}}},
		{"goal", "/api/v1/goals/tromsoregionen-goal-2", []check{
			{p("text"), "Skape grunnlag for tettere samarbeid mellom kommunene i regionen"}, {p("position"), 2.0}}},
		{"measures", "/api/v1/measures", []check{{p("meta", "total"), 3.0}}},
		{"measure", "/api/v1/measures/tromsoregionen-measure-3", []check{
			{p("title"), "Samtaler med Nord- Troms regionråd om tettere samarbeid, eventuelt sammenslåing"}}},
		{"partners", "/api/v1/partners", []check{{p("meta", "total"), 5.0}}},
		{"partner", "/api/v1/partners/tromsoregionen-partner-3", []check{
			{p("name"), "fylkeskommunen"}, {p("kind"), "county_authority"}}},
		{"sources", "/api/v1/sources", []check{{p("meta", "total"), float64(6 + len(regionRows(t)))}}},
		{"source", "/api/v1/sources/ssb-07459", []check{
			{p("publisher"), "Statistisk sentralbyrå"}, {p("licence"), "NLOD 2.0 / CC BY 4.0"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := tt.url
			for _, c := range tt.checks {
				if fmt.Sprint(c.path) == "[meta total]" { // totals are counted only when asked for
					url += map[bool]string{true: "&", false: "?"}[strings.Contains(url, "?")] + "count=true"
					break
				}
			}
			rec := get(t, http.MethodGet, url)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: status %d\n%s", url, rec.Code, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			body := decode(t, rec)
			for _, c := range tt.checks {
				if got := at(body, c.path...); fmt.Sprint(got) != fmt.Sprint(c.want) {
					t.Errorf("%v: got %#v, want %#v", c.path, got, c.want)
				}
			}
		})
	}
}

// Errors are problem+json naming the parameter and the rule.
func TestErrors(t *testing.T) {
	tests := []struct {
		name, method, url string
		status            int
		typ               string
		field             string // the parameter the answer must name, if any
	}{
		{"unknown region", "GET", "/api/v1/regions/nowhere", 404, "/problems/not-found", ""},
		{"unknown region nested", "GET", "/api/v1/regions/nowhere/goals", 404, "/problems/not-found", ""},
		{"unknown region filter", "GET", "/api/v1/goals?region=nowhere", 404, "/problems/not-found", ""},
		{"unknown municipality", "GET", "/api/v1/municipalities/9998", 404, "/problems/not-found", ""},
		{"code no municipality ever had", "GET", "/api/v1/municipalities/9998/population", 404, "/problems/not-found", ""},
		{"unknown municipality population", "GET", "/api/v1/municipalities/9998/population", 404, "/problems/not-found", ""},
		{"unknown goal", "GET", "/api/v1/goals/tromsoregionen-goal-9", 404, "/problems/not-found", ""},
		{"unknown measure", "GET", "/api/v1/measures/x-measure-1", 404, "/problems/not-found", ""},
		{"unknown partner", "GET", "/api/v1/partners/x-partner-1", 404, "/problems/not-found", ""},
		{"unknown source", "GET", "/api/v1/sources/nope", 404, "/problems/not-found", ""},
		{"unknown route", "GET", "/api/v1/nothing", 404, "/problems/not-found", ""},
		{"wrong method", "PUT", "/api/v1/regions", 405, "/problems/method-not-allowed", ""},
		{"wrong method on item", "POST", "/api/v1/regions/tromsoregionen", 405, "/problems/method-not-allowed", ""},
		{"limit not a number", "GET", "/api/v1/municipalities?limit=abc", 400, "/problems/invalid-parameter", "limit"},
		{"limit zero", "GET", "/api/v1/municipalities?limit=0", 400, "/problems/invalid-parameter", "limit"},
		{"limit too large", "GET", "/api/v1/population?limit=1001", 400, "/problems/invalid-parameter", "limit"},
		{"limit twice", "GET", "/api/v1/population?limit=1&limit=2", 400, "/problems/invalid-parameter", "limit"},
		{"short municipality code", "GET", "/api/v1/population?municipality=12", 400, "/problems/invalid-parameter", "municipality"},
		{"code as number", "GET", "/api/v1/population?municipality=301", 400, "/problems/invalid-parameter", "municipality"},
		{"path code short", "GET", "/api/v1/municipalities/12", 400, "/problems/invalid-parameter", "code"},
		{"path code letters", "GET", "/api/v1/municipalities/abcd/area", 400, "/problems/invalid-parameter", "code"},
		{"bad year", "GET", "/api/v1/population?from=20x5", 400, "/problems/invalid-parameter", "from"},
		{"years reversed", "GET", "/api/v1/population?from=2020&to=2015", 400, "/problems/invalid-parameter", "to"},
		{"bad kind", "GET", "/api/v1/population?kind=guessed", 400, "/problems/invalid-parameter", "kind"},
		{"bad county", "GET", "/api/v1/municipalities?county=5", 400, "/problems/invalid-parameter", "county"},
		{"bad region slug", "GET", "/api/v1/population?region=Troms%C3%B8", 400, "/problems/invalid-parameter", "region"},
		{"bad path slug", "GET", "/api/v1/regions/Bad_Slug", 400, "/problems/invalid-parameter", "slug"},
		{"bad cursor", "GET", "/api/v1/municipalities?cursor=not-a-cursor", 400, "/problems/invalid-parameter", "cursor"},
		{"forged cursor", "GET", "/api/v1/municipalities?cursor=W3t9XQ", 400, "/problems/invalid-parameter", "cursor"},
		{"empty cursor", "GET", "/api/v1/municipalities?cursor=", 400, "/problems/invalid-parameter", "cursor"},
		{"unknown parameter", "GET", "/api/v1/regions?sortby=name", 400, "/problems/unknown-parameter", "sortby"},
		{"subject twice", "GET", "/api/v1/municipalities/5501/population?municipality=5501", 400, "/problems/unknown-parameter", "municipality"},
		{"parameter on item", "GET", "/api/v1/regions/tromsoregionen?limit=1", 400, "/problems/unknown-parameter", "limit"},
		{"parameter on health", "GET", "/healthz?x=1", 400, "/problems/unknown-parameter", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, tt.method, tt.url)
			if rec.Code != tt.status {
				t.Fatalf("%s %s: status %d, want %d\n%s", tt.method, tt.url, rec.Code, tt.status, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
			body := decode(t, rec)
			if got := at(body, "type"); got != tt.typ {
				t.Errorf("type %v, want %s", got, tt.typ)
			}
			if got := at(body, "status"); got != float64(tt.status) {
				t.Errorf("status in body %v", got)
			}
			for _, key := range []string{"title", "detail", "request_id"} {
				if s, _ := at(body, key).(string); s == "" {
					t.Errorf("%s is empty", key)
				}
			}
			if at(body, "request_id") != rec.Header().Get("X-Request-Id") {
				t.Errorf("request_id %v differs from header %q", at(body, "request_id"), rec.Header().Get("X-Request-Id"))
			}
			if tt.field != "" {
				if got := at(body, "errors", 0, "field"); got != tt.field {
					t.Errorf("errors[0].field %v, want %s", got, tt.field)
				}
				if msg, _ := at(body, "errors", 0, "message").(string); msg == "" {
					t.Error("errors[0].message is empty")
				}
				if !strings.Contains(at(body, "detail").(string), tt.field) {
					t.Errorf("detail does not name %s: %v", tt.field, at(body, "detail"))
				}
			}
		})
	}
}

// Every bad parameter is listed in one answer.
func TestAllBadParametersListedAtOnce(t *testing.T) {
	rec := get(t, http.MethodGet, "/api/v1/population?limit=x&from=y&municipality=1")
	body := decode(t, rec)
	errs, _ := at(body, "errors").([]any)
	if rec.Code != 400 || len(errs) != 3 {
		t.Fatalf("status %d, %d errors: %s", rec.Code, len(errs), rec.Body.String())
	}
}

// The unknown-parameter answer names the parameters the endpoint does take.
func TestUnknownParameterNamesAllowed(t *testing.T) {
	rec := get(t, http.MethodGet, "/api/v1/municipalities?countie=55")
	detail, _ := at(decode(t, rec), "detail").(string)
	if !strings.Contains(detail, "county") || !strings.Contains(detail, "countie") {
		t.Fatalf("detail %q should name the unknown and the allowed parameters", detail)
	}
}

// Walking every page by its next link returns each municipality once, in code order.
func TestPagingVisitsEveryRowOnce(t *testing.T) {
	seen := map[string]bool{}
	last := ""
	url := "/api/v1/municipalities?limit=40&count=true"
	pages := 0
	for url != "" {
		rec := get(t, http.MethodGet, url)
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d %s", url, rec.Code, rec.Body.String())
		}
		body := decode(t, rec)
		for _, m := range at(body, "data").([]any) {
			code := at(m, "code").(string)
			if seen[code] || code <= last {
				t.Fatalf("code %s repeated or out of order after %s", code, last)
			}
			seen[code], last = true, code
		}
		if total := at(body, "meta", "total"); total != 357.0 {
			t.Fatalf("total %v on page %d", total, pages)
		}
		url, _ = at(body, "meta", "next").(string)
		pages++
	}
	if len(seen) != 357 || pages != 9 {
		t.Fatalf("saw %d municipalities in %d pages, want 357 in 9", len(seen), pages)
	}
}

// The members' official 2015 figures, read through the API, add up to the figure the region reports.
func TestRegionPopulationAddsUp(t *testing.T) {
	body := decode(t, get(t, http.MethodGet, "/api/v1/population?region=tromsoregionen&from=2015&to=2015&kind=official,reported"))
	var sum, reported float64
	for _, o := range at(body, "data").([]any) {
		switch at(o, "kind") {
		case "official":
			sum += at(o, "value").(float64)
		case "reported":
			reported = at(o, "value").(float64)
		}
	}
	if sum != reported || reported == 0 {
		t.Fatalf("members' sum %v, reported %v", sum, reported)
	}
}

// Every figure carries its source and reference date.
func TestEveryObservationHasSourceAndDate(t *testing.T) {
	for _, url := range []string{"/api/v1/population?limit=1000", "/api/v1/area?limit=1000"} {
		for url != "" {
			body := decode(t, get(t, http.MethodGet, url))
			for _, o := range at(body, "data").([]any) {
				if at(o, "source", "licence") == "" || at(o, "source", "publisher") == "" || at(o, "reference_date") == "" {
					t.Fatalf("observation without source or date: %v", o)
				}
			}
			url, _ = at(body, "meta", "next").(string)
		}
	}
}

// Population figures from before a merger are sums of the predecessors' SSB figures, labelled so, with the
// predecessors named and no published_code; the five's are SSB's own, under the codes of their day.
func TestMergedMunicipalityFiguresAreMarked(t *testing.T) {
	stavanger := decode(t, get(t, http.MethodGet, "/api/v1/municipalities/1103/population?from=2019&to=2020"))
	if note, _ := at(stavanger, "data", 0, "note").(string); at(stavanger, "data", 0, "kind") != "sum_of_predecessors" ||
		at(stavanger, "data", 0, "published_code") != nil || !strings.Contains(note, "1103 Stavanger, 1141 Finnøy and 1142 Rennesøy") {
		t.Errorf("Stavanger 2019 (before the 2020 merger): %v", at(stavanger, "data", 0))
	}
	if at(stavanger, "data", 1, "note") != "" || at(stavanger, "data", 1, "kind") != "official" || at(stavanger, "data", 1, "published_code") != "1103" {
		t.Errorf("Stavanger 2020: %v", at(stavanger, "data", 1))
	}
	tromso := decode(t, get(t, http.MethodGet, "/api/v1/municipalities/5501/population?from=2005&to=2005"))
	if at(tromso, "data", 0, "note") != "" || at(tromso, "data", 0, "kind") != "official" || at(tromso, "data", 0, "published_code") != "1902" {
		t.Errorf("Tromsø 2005: %v, want SSB's own figure under 1902: its code changes were renumberings", at(tromso, "data", 0))
	}
}

// Browsers may read the API from any origin by default.
func TestCORS(t *testing.T) {
	req := func(method string) *http.Request {
		r, _ := http.NewRequest(method, "/api/v1/regions", nil)
		r.Header.Set("Origin", "https://example.org")
		if method == http.MethodOptions {
			r.Header.Set("Access-Control-Request-Method", "GET")
		}
		return r
	}
	for _, method := range []string{http.MethodGet, http.MethodOptions} {
		w := serve(t, server, req(method))
		if got := w.Header().Get("Access-Control-Allow-Origin"); got != "*" {
			t.Errorf("%s: Access-Control-Allow-Origin %q", method, got)
		}
		if method == http.MethodOptions && w.Code != http.StatusNoContent {
			t.Errorf("preflight status %d", w.Code)
		}
	}
}

// /readyz answers 503 while the database is not migrated; /healthz still answers 200.
func TestReadyzUnavailableBeforeMigration(t *testing.T) {
	st, err := store.Open(storetest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := api.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for url, want := range map[string]int{"/readyz": http.StatusServiceUnavailable, "/healthz": http.StatusOK} {
		rec := serve(t, srv, httptest.NewRequest(http.MethodGet, url, nil))
		if rec.Code != want {
			t.Errorf("%s: status %d, want %d", url, rec.Code, want)
		}
	}
}
