package api_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/byregion/byregion/api"
	"github.com/byregion/byregion/api/explorer"
)

// docs/ is what go generate writes: swag's Swagger 2.0 from the annotations (and operations_gen.go, from
// the declarations), and the OpenAPI 3 document built from it. Running main.go's go:generate steps into a
// scratch directory must give the same bytes.
func TestDocsAreUpToDate(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	var operations bytes.Buffer
	if err := api.WriteOperations(&operations); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile("operations_gen.go"); err != nil || !bytes.Equal(got, operations.Bytes()) {
		t.Errorf("api/operations_gen.go is stale (%v): run 'go generate ./...' and commit it with docs/", err)
	}
	args := generateArgs(t, filepath.Join(root, "main.go"))
	out := t.TempDir()
	for i, a := range args {
		if a == "--output" {
			args[i+1] = out
		}
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, b)
	}
	swagger, err := os.ReadFile(filepath.Join(out, "swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	openapi, err := api.OpenAPIDocument(swagger)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{"swagger.json": swagger, "openapi.json": openapi, "docs.go": []byte(api.DocsPackage)} {
		got, err := os.ReadFile(filepath.Join(root, "docs", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("docs/%s is stale: run 'go generate ./...' and commit docs/", name)
		}
	}
}

// generateArgs reads the swag command from main.go's go:generate line, so the test and the developer
// run the same thing.
func generateArgs(t *testing.T, mainFile string) []string {
	f, err := os.Open(mainFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "//go:generate "); ok && strings.Contains(rest, "swag init") {
			return strings.Fields(rest)
		}
	}
	t.Fatal("main.go has no go:generate line for swag")
	return nil
}

// /openapi.json is a valid OpenAPI 3 document that lists exactly the routes Echo serves: none
// undocumented, none documented that do not exist.
func TestSpecListsExactlyTheRoutes(t *testing.T) {
	rec := get(t, http.MethodGet, "/openapi.json")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI 3: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	param := regexp.MustCompile(`:([a-z]+)`)
	var served []string
	for _, r := range server.Routes() {
		if r.Path == "/docs" || r.Path == "/docs/*" || slices.Contains(explorer.Routes, r.Path) { // Swagger UI and pages
			continue
		}
		served = append(served, r.Method+" "+param.ReplaceAllString(r.Path, "{$1}"))
	}
	sort.Strings(documented)
	sort.Strings(served)
	if strings.Join(documented, "\n") != strings.Join(served, "\n") {
		t.Fatalf("spec and router differ\nspec:\n%s\n\nrouter:\n%s", strings.Join(documented, "\n"), strings.Join(served, "\n"))
	}
}

// Every operation documents its parameters with examples and its error answers with the problem type.
func TestSpecDocumentsParametersAndErrors(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(get(t, http.MethodGet, "/openapi.json").Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Summary == "" {
				t.Errorf("%s %s has no summary", method, path)
			}
			for _, p := range op.Parameters {
				if p.Value.Example == nil && p.Value.Schema.Value.Example == nil &&
					p.Value.Schema.Value.Enum == nil {
					t.Errorf("%s %s: parameter %s has no example", method, path, p.Value.Name)
				}
			}
			if op.Description == "" {
				t.Errorf("%s %s has no description", method, path)
			}
			statuses := []string{"400"}
			if strings.HasPrefix(path, "/api/") {
				statuses = append(statuses, "500")
			}
			for _, status := range statuses {
				r := op.Responses.Value(status)
				if r == nil || r.Value.Content.Get("application/problem+json") == nil ||
					r.Value.Content.Get("application/problem+json").Schema.Ref != "#/components/schemas/api.Problem" {
					t.Errorf("%s %s: no %s answer with the Problem schema as application/problem+json", method, path, status)
				}
			}
		}
	}
}

// Swagger UI is at /docs/, showing the OpenAPI 3 document; /docs leads there as a folder's address does.
func TestSwaggerUI(t *testing.T) {
	for _, path := range []string{"/docs/", "/docs/index.html"} {
		rec := get(t, http.MethodGet, path)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "swagger-ui") ||
			!strings.Contains(rec.Body.String(), `url: "\/openapi.json"`) || strings.Contains(rec.Body.String(), "doc.json") {
			t.Errorf("%s: status %d, body %.300s", path, rec.Code, rec.Body.String())
		}
	}
	if rec := get(t, http.MethodGet, "/docs"); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/docs/" {
		t.Errorf("/docs: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := get(t, http.MethodGet, "/docs/swagger-ui-bundle.js"); rec.Code != http.StatusOK {
		t.Errorf("the page's script: %d", rec.Code)
	}
	if rec := get(t, http.MethodGet, "/docs/doc.json"); rec.Code != http.StatusNotFound {
		t.Errorf("Swagger 2.0's doc.json: %d", rec.Code)
	}
}

// A client that knows only /openapi.json calls every GET operation with the document's own examples, on
// a server with the default settings (rate limits and cache as `byregion serve` has them): with the
// required parameters alone, and then with each other parameter's example added. Every answer must be one
// the document declares (serve checks it), and the examples must make the required-only call succeed.
func TestEveryGetOperationAnswersItsExamples(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	srv, err := api.NewServer(w.st, slog.New(slog.NewTextHandler(io.Discard, nil)),
		api.Config{RatePerSecond: api.DefaultRate, RateBurst: api.DefaultBurst, CacheBytes: api.DefaultCacheBytes})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(serve(t, srv, httptest.NewRequest(http.MethodGet, "/openapi.json", nil)).Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	operations := 0
	for path, item := range doc.Paths.Map() {
		op := item.Get
		if op == nil {
			continue
		}
		operations++
		base, required, optional := path, url.Values{}, []*openapi3.Parameter{}
		for _, ref := range op.Parameters {
			p := ref.Value
			example := p.Example
			if example == nil && p.Schema != nil {
				example = p.Schema.Value.Example
			}
			if example == nil {
				t.Errorf("GET %s: parameter %s has no example", path, p.Name)
				continue
			}
			value := fmt.Sprint(example)
			if list, ok := example.([]any); ok { // a list filter: comma-separated
				var items []string
				for _, v := range list {
					items = append(items, fmt.Sprint(v))
				}
				value = strings.Join(items, ",")
			}
			switch {
			case p.In == "path":
				base = strings.Replace(base, "{"+p.Name+"}", url.PathEscape(value), 1)
			case p.In == "query" && p.Required:
				required.Set(p.Name, value)
			case p.In == "query":
				optional = append(optional, p)
			}
		}
		call := func(values url.Values) *httptest.ResponseRecorder {
			target := base
			if len(values) > 0 {
				target += "?" + values.Encode()
			}
			return serve(t, srv, httptest.NewRequest(http.MethodGet, target, nil))
		}
		rec := call(required)
		if want := http.StatusOK; path == "/api/v1/keys" {
			want = http.StatusUnauthorized // a client with no key
			if rec.Code != want {
				t.Errorf("GET %s: %d, want %d", base, rec.Code, want)
			}
		} else if rec.Code != want {
			t.Errorf("GET %s with its required parameters %v: %d %.300s", base, required, rec.Code, rec.Body.String())
		}
		for _, p := range optional {
			values := url.Values{}
			for k, v := range required {
				values[k] = v
			}
			example := p.Example
			if example == nil {
				example = p.Schema.Value.Example
			}
			value := fmt.Sprint(example)
			if list, ok := example.([]any); ok {
				value = fmt.Sprint(list[0])
			}
			values.Set(p.Name, value)
			call(values)
		}
	}
	if operations < 60 {
		t.Errorf("only %d GET operations in the document", operations)
	}
}

// In a real browser, /docs/ shows Swagger UI on the OpenAPI 3.0 document: its badge says OAS 3.0, the
// reads' tags come before the writes', and the page reports no error.
func TestSwaggerUIShowsOpenAPI3InABrowser(t *testing.T) {
	t.Parallel()
	ctx, consoleErrors := browser(t)
	live := httptest.NewServer(server)
	defer live.Close()
	err := chromedp.Do(ctx, chromedp.Navigate(live.URL+"/docs"),
		chromedp.WaitVisible(chromedp.CSS(".information-container .version-stamp")))
	if err != nil {
		t.Fatalf("Swagger UI did not load: %v", err)
	}
	badge, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".information-container .version-stamp")))
	if err != nil {
		t.Fatal(err)
	}
	tags, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll(".opblock-tag-section h3")].map(h => h.getAttribute("data-tag"))`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(t.TempDir(), "docs.jpg"), shot, 0o600)
	if !strings.Contains(badge, "OAS 3.0") {
		t.Errorf("the badge says %q, not OAS 3.0", badge)
	}
	if len(tags) < 3 || tags[0] != "regions" || tags[1] != "municipalities" {
		t.Errorf("tags in this order: %v", tags)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("errors in the console: %v", errs)
	}
}
