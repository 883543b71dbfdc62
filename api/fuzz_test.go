package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Hostile query strings on every collection: the answer is 200, 304 or a 4xx; never a 5xx or a panic,
// never SQL or driver text, never a header carrying a line break.
func FuzzQueryString(f *testing.F) {
	for _, seed := range []string{
		"", "limit=abc", "limit=-1", "limit=99999999999999999999", "cursor=%00", "cursor=eyJzIjoiIiwidiI6W119",
		"q=%27%3B%20DROP%20TABLE%20regions%3B--", "q=%25%25%25", "q=_", "sort=-", "sort=,,", "sort=name,-name",
		"county=55,,56", "value=1..2..3", "value=..", "value=1e309..", "municipality=0301%0d%0aX-Evil:%201",
		"format=jsonstat", "format=csv&dialect=excel-nb", "fields=", "include=population,population",
		"from=0000&to=9999", "region=a--b", "q=%C3%A5%C3%A6%C3%B8" + strings.Repeat("x", 300), "count=true&count=false",
		"id=tromsoregionen&sort=-name&fields=name", "kind=official&kind=reported", "%zz=1", "a=%",
	} {
		f.Add(seed)
	}
	paths := []string{"/api/v1/municipalities", "/api/v1/regions", "/api/v1/population", "/api/v1/area",
		"/api/v1/goals", "/api/v1/measures", "/api/v1/partners", "/api/v1/sources", "/api/v1/quality",
		"/api/v1/regions/tromsoregionen", "/api/v1/regions/tromsoregionen/themes", "/api/v1/regions/tromsoregionen/population",
		"/api/v1/municipalities/5501/population", "/api/v1/regions/tromsoregionen/municipalities"}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, path := range paths {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.URL.Path, req.URL.RawQuery = path, raw
			req.RequestURI = req.URL.RequestURI()
			w := serve(t, server, req)
			if w.Code >= 500 {
				t.Fatalf("%s?%s: %d %s", path, raw, w.Code, w.Body.String())
			}
			// The request id is random letters; it may spell anything.
			body := strings.ToLower(strings.ReplaceAll(w.Body.String(), w.Header().Get("X-Request-Id"), ""))
			for _, leak := range []string{"sqlite", "sql logic", "syntax error", "gorm", "no such column", "panic"} {
				if strings.Contains(body, leak) {
					t.Fatalf("%s?%s: the answer mentions %q: %.300s", path, raw, leak, body)
				}
			}
			for name, values := range w.Header() {
				for _, v := range values {
					if strings.ContainsAny(v, "\r\n") {
						t.Fatalf("%s?%s: header %s carries a line break: %q", path, raw, name, v)
					}
				}
			}
		}
	})
}

// Hostile path segments: a 4xx, never a 5xx.
func FuzzPath(f *testing.F) {
	for _, seed := range []string{"tromsoregionen", "0301", "..", "%2e%2e", "a%00b", "Tromsø", strings.Repeat("a", 2000), "5501%3Fx=1"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, segment string) {
		for _, prefix := range []string{"/api/v1/regions/", "/api/v1/municipalities/", "/api/v1/goals/", "/api/v1/sources/"} {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.URL.Path = prefix + segment
			w := serve(t, server, req)
			if w.Code >= 500 {
				t.Fatalf("%s: %d %s", req.URL.Path, w.Code, w.Body.String())
			}
		}
	})
}
