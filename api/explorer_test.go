package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// The explorer's pages, through the router: what they show, that they are well-formed HTML under 200 KB in
// Norwegian, that every figure links to an API answer that gives it, and that they are cached like the API's
// answers.

// page gets a page and checks what every page must be.
func page(t *testing.T, path string) string {
	t.Helper()
	rec := get(t, http.MethodGet, path)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d %.300s", path, rec.Code, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("%s: Content-Type %s", path, ct)
	}
	body := rec.Body.String()
	if len(body) > 200<<10 {
		t.Errorf("%s: %d bytes, over 200 KB", path, len(body))
	}
	if !strings.Contains(body, `<html lang="nb">`) {
		t.Errorf("%s: not marked as Norwegian bokmål", path)
	}
	if err := wellFormed(body); err != nil {
		t.Errorf("%s: %v", path, err)
	}
	return body
}

// voidElements have no end tag in HTML.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// wellFormed checks that every element the page opens it closes, in order: no unclosed or stray tags (the
// explorer writes every end tag, though HTML would allow some to be left out).
func wellFormed(page string) error {
	z := html.NewTokenizer(strings.NewReader(page))
	var open []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return z.Err()
			}
			if len(open) > 0 {
				return fmt.Errorf("unclosed: %v", open)
			}
			return nil
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				open = append(open, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				return fmt.Errorf("</%s> closes %v", name, open)
			}
			open = open[:len(open)-1]
		}
	}
}

// text is a page's text: tags taken out, entities read, Norwegian no-break spaces and runs of white space as
// one space.
func text(page string) string {
	s := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " "))
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

var apiLink = regexp.MustCompile(`href="(/api/v1/[^"]*)"`)

func TestExplorerHomeListsTheRegions(t *testing.T) {
	t.Parallel()
	body := page(t, "/")
	rows := regexp.MustCompile(`<th scope="row"><a href="/regioner/([a-z0-9-]+)">([^<]+)</a>`).FindAllStringSubmatch(body, -1)
	if len(rows) != 33 {
		t.Fatalf("%d regions listed, want 33", len(rows))
	}
	var names []string
	for _, r := range rows {
		names = append(names, r[2])
	}
	if names[len(names)-1] != "Ålesundregionen" || !strings.Contains(text(body), "Tromsøregionen Troms Tromsø 85 510 85 510") {
		t.Errorf("regions in this order: %v\n%s", names, text(body))
	}
	// A trend line for every region whose members the sources list.
	var regions struct{ Data []struct{ Members []any } }
	json.Unmarshal(get(t, http.MethodGet, "/api/v1/regions?limit=100").Body.Bytes(), &regions)
	withMembers := 0
	for _, r := range regions.Data {
		if len(r.Members) > 0 {
			withMembers++
		}
	}
	if n := strings.Count(body, `<svg class="spark"`); n != withMembers || n < 20 {
		t.Errorf("%d trend lines for %d regions with members", n, withMembers)
	}
	// Search folds as the API does: Omasvuotna is Storfjord's Sámi name, tromso finds Tromsø.
	for q, want := range map[string]string{"omasvuotna": `href="/kommuner/5538"`, "tromso": `href="/regioner/tromsoregionen"`,
		"ALESUND": `href="/kommuner/1508"`} {
		if found := page(t, "/?q="+q); !strings.Contains(found, want) {
			t.Errorf("q=%s does not find %s", q, want)
		}
	}
	if rec := get(t, http.MethodGet, "/?sort=name"); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "sort") {
		t.Errorf("an unknown parameter: %d", rec.Code)
	}
}

func TestExplorerRegionPage(t *testing.T) {
	t.Parallel()
	body := page(t, "/regioner/tromsoregionen")
	words := text(body)
	for _, want := range []string{"Folketall oppgitt av regionen 85 510", "Summen av medlemmenes offisielle tall 85 510",
		"Tromsø (1902)", "Karlsøy (1936)", "Balsfjord (1933)", "Lyngen (1938)", "Storfjord (1939)",
		"Gjennom økt samhandling i Tromsøregionen bidra til økt verdiskaping", "Nord- Troms regionråd"} {
		if !strings.Contains(words, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(body, `<a href="/kommuner/55`); n < 10 { // members today, and the map's five
		t.Errorf("%d links to today's municipalities", n)
	}
	if !strings.Contains(body, `<svg class="chart"`) || !strings.Contains(body, `<svg class="map"`) || !strings.Contains(body, "Kartverket") {
		t.Error("no chart, or no credited map")
	}
	for _, format := range []string{"format=csv", "format=xlsx", "format=jsonstat"} {
		if !strings.Contains(body, format) {
			t.Errorf("no download link with %s", format)
		}
	}
	// Every API link on the page answers, and the figure the page shows for 2015 is the one its link gives.
	links := apiLink.FindAllStringSubmatch(body, -1)
	if len(links) < 25 {
		t.Fatalf("only %d links to the API", len(links))
	}
	seen := map[string]bool{}
	for _, l := range links {
		href := html.UnescapeString(l[1])
		if seen[href] {
			continue
		}
		seen[href] = true
		if rec := get(t, http.MethodGet, href); rec.Code != http.StatusOK {
			t.Errorf("%s answers %d", href, rec.Code)
		}
	}
	var totals struct {
		Data []struct {
			Computed struct{ Value float64 }
			Reported struct{ Value float64 }
		}
	}
	json.Unmarshal(get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/population?from=2015&to=2015").Body.Bytes(), &totals)
	if len(totals.Data) != 1 || totals.Data[0].Computed.Value != 85510 || totals.Data[0].Reported.Value != 85510 {
		t.Errorf("the answer the 2015 figure links to: %+v", totals)
	}

	namdal := text(page(t, "/regioner/region-namdal"))
	if !strings.Contains(namdal, "Snåsa") || !strings.Contains(namdal, "38 843") {
		t.Errorf("Region Namdal's quality finding does not name Snåsa:\n%s", namdal)
	}
	if haugesund := text(page(t, "/regioner/haugesundregionen")); !strings.Contains(haugesund, "Utsira") {
		t.Errorf("Haugesundregionen's quality finding does not name Utsira:\n%s", haugesund)
	}
	if rec := get(t, http.MethodGet, "/regioner/nowhere"); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "<h1>") {
		t.Errorf("an unknown region: %d", rec.Code)
	}
}

func TestExplorerMunicipalityPage(t *testing.T) {
	t.Parallel()
	rec := get(t, http.MethodGet, "/kommuner/1902")
	if rec.Code != http.StatusPermanentRedirect || rec.Header().Get("Location") != "/kommuner/5501" {
		t.Fatalf("an old code: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	body := page(t, "/kommuner/5501")
	words := text(body)
	for _, want := range []string{"Tromsø", "Kommunenummer 1902", "Kommunenummer 5401", "Kommunenummer 5501", "Tromsøregionen"} {
		if !strings.Contains(words, want) {
			t.Errorf("Tromsø's page lacks %q", want)
		}
	}
	storfjord := text(page(t, "/kommuner/5538"))
	for _, want := range []string{"Omasvuotna nordsamisk", "Omasvuono kvensk", "Storfjord norsk"} {
		if !strings.Contains(storfjord, want) {
			t.Errorf("Storfjord's page lacks %q", want)
		}
	}
	if !strings.Contains(body, `<svg class="chart"`) || !strings.Contains(body, `href="/api/v1/population/population:5501:2015-01-01:ssb-07459"`) {
		t.Error("no chart, or its 2015 figure does not link to its observation")
	}
	// Tysfjord's code: the municipality was split in 2020, and the page lets the reader choose, as the API does.
	if rec := get(t, http.MethodGet, "/kommuner/1850"); rec.Code != http.StatusMultipleChoices ||
		!strings.Contains(rec.Body.String(), `href="/kommuner/1806"`) || !strings.Contains(rec.Body.String(), `href="/kommuner/1875"`) {
		t.Errorf("a code that became two municipalities: %d %.500s", rec.Code, rec.Body.String())
	}
	for path, status := range map[string]int{"/kommuner/9999": 404, "/kommuner/abc": 404, "/kommuner/5501?x=1": 400} {
		if rec := get(t, http.MethodGet, path); rec.Code != status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s, want %d as a page", path, rec.Code, rec.Header().Get("Content-Type"), status)
		}
	}
}

// The pages are answers like the API's: the second asking is served from the cache, and its ETag gives a
// 304 until the data change.
func TestExplorerPagesAreCached(t *testing.T) {
	t.Parallel()
	first := get(t, http.MethodGet, "/regioner/tromsoregionen")
	req := httptest.NewRequest(http.MethodGet, "/regioner/tromsoregionen", nil)
	req.Header.Set("If-None-Match", first.Header().Get("ETag"))
	if rec := serve(t, server, req); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the page's ETag: %d", rec.Code)
	}
}

// In a real browser: the pages load with no console error, show what they must, pass axe-core's
// accessibility rules where axe-core is installed (npm ci --prefix .ci/axe; CI requires it), and each is
// photographed into the test's temporary folder for a person to look at.
func TestExplorerInABrowser(t *testing.T) {
	t.Parallel()
	ctx, consoleErrors := browser(t)
	live := httptest.NewServer(server)
	defer live.Close()
	axe, err := os.ReadFile("../.ci/axe/node_modules/axe-core/axe.min.js")
	if err != nil && os.Getenv("CI") != "" {
		t.Fatal("CI must install axe-core: npm ci --prefix .ci/axe")
	}
	shots := t.TempDir()
	t.Logf("screenshots in %s", shots)
	visit := func(path, name string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(live.URL+path), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(shots, name+".jpg"), shot, 0o600)
		if axe == nil {
			return
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
			t.Fatal(err)
		}
		violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document).then(r => r.violations.map(v =>
			v.id + ": " + v.help + " (" + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join("; ") + ")"))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range violations {
			t.Errorf("%s: %s", path, v)
		}
	}
	count := func(selector string) int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(selector)+`).length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	pageText := func() string {
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(s, "\u00a0", " ")
	}

	visit("/", "home")
	if n := count(`table tbody tr th a[href^="/regioner/"]`); n != 33 {
		t.Errorf("the home page lists %d regions", n)
	}
	visit("/regioner/tromsoregionen", "tromsoregionen")
	if words := pageText(); strings.Count(words, "85 510") < 2 {
		t.Error("Tromsøregionen's page does not show 85 510 beside 85 510")
	}
	if n := count("svg.chart circle"); n < 20 {
		t.Errorf("the chart has %d points", n)
	}
	if n := count(`svg.map a[href^="/kommuner/"]`); n != 5 {
		t.Errorf("the map links %d municipalities", n)
	}
	visit("/regioner/region-namdal", "region-namdal")
	if !strings.Contains(pageText(), "Snåsa") {
		t.Error("Region Namdal's page does not name Snåsa")
	}
	visit("/kommuner/1902", "kommune-1902")
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	h1, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if !strings.HasSuffix(location, "/kommuner/5501") || h1 != "Tromsø" {
		t.Errorf("/kommuner/1902 ends at %s, %q", location, h1)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("errors in the console: %v", errs)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(bytes.TrimSpace(b))
}
