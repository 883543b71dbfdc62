package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/byregion/byregion/api/explorer"
	"github.com/byregion/byregion/docs"
)

// Every request the API tests make goes through serve, which holds it and its answer to the served
// OpenAPI document: a request the document rejects must not succeed, and every answer must be one the
// document declares, status, headers and body. So the document cannot drift from what the API does.

// contract is the document, read once, and its router.
var contract = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromData(docs.OpenAPI)
	if err != nil {
		return nil, err
	}
	doc.Servers = nil // match paths alone, whatever host the test request names
	return legacy.NewRouter(doc)
})

// CSV is checked as CSV: every record of one length, in either dialect (a comma, or the Norwegian Excel
// dialect's semicolon after its byte-order mark). The document says no more of it than that it is text.
func init() {
	openapi3filter.RegisterBodyDecoder("text/csv", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef,
		_ openapi3filter.EncodingFn) (any, error) {
		text, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(bytes.NewReader(text))
		if rest, ok := bytes.CutPrefix(text, []byte("\uFEFF")); ok {
			r, text = csv.NewReader(bytes.NewReader(rest)), rest
			r.Comma = ';'
		}
		if _, err := r.ReadAll(); err != nil {
			return nil, err
		}
		return string(text), nil
	})
}

// A spreadsheet is checked as what the document says it is: a file.
func init() {
	openapi3filter.RegisterBodyDecoder("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", openapi3filter.FileBodyDecoder)
}

// serve sends a request through a handler and checks both against the contract.
func serve(t testing.TB, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			t.Fatal(err)
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	// The request as it was sent: the server may change its own copy (HEAD is served as GET).
	sent := req.Clone(context.Background())
	sent.Body = io.NopCloser(bytes.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	checkContract(t, sent, rec)
	return rec
}

// notAPI reports whether a path is one of the pages beside the API: Swagger UI and the explorer's.
func notAPI(path string) bool {
	if strings.HasPrefix(path, "/docs") {
		return true
	}
	for _, route := range explorer.Routes {
		if prefix, _, param := strings.Cut(route, ":"); path == route || param && strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// checkContract holds one request and its answer to the document.
func checkContract(t testing.TB, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	router, err := contract()
	if err != nil {
		t.Fatalf("the served OpenAPI document: %v", err)
	}
	if req.Method == http.MethodHead || req.Method == http.MethodOptions {
		return // HEAD is GET without a body; OPTIONS is CORS
	}
	route, pathParams, err := router.FindRoute(req)
	if err == nil && strings.HasSuffix(req.URL.Path, "/") != strings.HasSuffix(route.Path, "/") {
		err = errors.New("the router matched a path with a trailing slash to one without") // no operation of ours
	}
	if err != nil || rec.Code == http.StatusMethodNotAllowed { // a 405 is about the path, not an operation
		if rec.Code < 400 && !notAPI(req.URL.Path) {
			t.Errorf("%s %s answered %d, but the document has no such operation", req.Method, req.URL, rec.Code)
		}
		return
	}
	options := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	input := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route, Options: options}
	if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil && rec.Code < 300 {
		t.Errorf("%s %s answered %d to a request the document rejects: %v", req.Method, req.URL, rec.Code, err)
	}
	// kin-openapi does not look at these statuses: that they are declared, with their headers, is checked here.
	switch rec.Code {
	case http.StatusNotModified, http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		declared := route.Operation.Responses.Status(rec.Code)
		if declared == nil {
			t.Errorf("%s %s answered %d, which the document does not declare", req.Method, req.URL, rec.Code)
			return
		}
		for name, h := range declared.Value.Headers {
			if h.Value.Required && rec.Header().Get(name) == "" {
				t.Errorf("%s %s answered %d without its %s header", req.Method, req.URL, rec.Code, name)
			}
		}
	}
	answer := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(answer))
		if err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL, err)
		}
		if answer, err = io.ReadAll(zr); err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL, err)
		}
	}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input, Status: rec.Code, Header: rec.Header(), Body: io.NopCloser(bytes.NewReader(answer)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}})
	if err != nil {
		t.Errorf("%s %s answered %d, not as the document says: %.2000v\n%.300s", req.Method, req.URL, rec.Code, err, answer)
	}
}

// liveServer serves a handler on a local port, for clients that are programs of their own (Node, curl),
// holding every request and answer to the contract on the way.
func liveServer(t testing.TB, h http.Handler) *httptest.Server {
	live := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		rec := serve(t, h, req)
		for k, v := range rec.Header() {
			rw.Header()[k] = v
		}
		rw.WriteHeader(rec.Code)
		rw.Write(rec.Body.Bytes())
	}))
	t.Cleanup(live.Close)
	return live
}
