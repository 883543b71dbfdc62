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
	"strconv"
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
	for _, want := range []string{"Folketall oppgitt av regionen selv 85 510", "Summen av medlemmenes tall fra SSB 85 510",
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
	if keep := os.Getenv("BYREGION_SCREENSHOTS"); keep != "" { // a folder to keep them in, to look at after the test
		shots = keep
	}
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
	// The pages where the figures carry the most caveats: sums over other territory and estimates, and
	// municipalities whose early figures are sums of their predecessors' or estimates.
	visit("/regioner/narvikregionen", "narvikregionen")
	if n := count("svg.chart circle.hollow"); n < 20 {
		t.Errorf("Narvikregionen's chart draws %d sums as not complete", n)
	}
	visit("/regioner/alesundregionen", "alesundregionen")
	visit("/kommuner/1580", "kommune-1580")
	if n := count("svg.chart circle.hollow"); n < 15 {
		t.Errorf("Haram's chart draws %d figures as estimates", n)
	}
	visit("/kommuner/1103", "kommune-1103")
	if n := count("svg.chart rect.dot"); n < 15 {
		t.Errorf("Stavanger's chart draws %d figures as sums of predecessors'", n)
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

// ---------------------------------------------------------------------------------------------------------
// The rule the pages hold: where a page shows a figure, it shows every caveat the API gives for it, in
// Norwegian. Each test below reads the API's answers for every region (or every municipality whose figures
// are not all SSB's own) and checks the page against them, so it holds over the real data, not examples.

// answer decodes an API answer into v.
func answer(t *testing.T, url string, v any) {
	t.Helper()
	rec := get(t, http.MethodGet, url)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d %.300s", url, rec.Code, rec.Body.String())
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
}

type apiCaveat struct {
	Code           string
	Message        string
	Date           string
	Municipalities []struct{ Code, Name string }
}

type apiRegion struct {
	ID, Name string
	Phases   []struct {
		Phase  int
		Status string
	}
}

type apiTotal struct {
	ReferenceDate string `json:"reference_date"`
	Computed      *struct {
		Value    float64
		Complete bool
		Caveats  []apiCaveat
	}
	Reported *struct{ Value float64 }
	Note     string
}

type apiCheck struct {
	Status   string
	Reported *struct {
		Value float64
	}
	Caveats []apiCaveat
	Note    string
}

func allRegions(t *testing.T) []apiRegion {
	t.Helper()
	var regions struct{ Data []apiRegion }
	answer(t, "/api/v1/regions?limit=100", &regions)
	if len(regions.Data) != 33 {
		t.Fatalf("%d regions", len(regions.Data))
	}
	return regions.Data
}

// caveatWord is what a page's remark calls each caveat.
var caveatWord = map[string]string{"missing_figures": "mangler tall", "territory_differs": "ikke samme område", "apportioned": "anslag"}

// nb writes a number as the pages do (with a plain space, as text gives it): 7 240, 6 519,84.
func nb(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("," + frac)
	}
	return b.String()
}

// chartRows are the rows of a page's table of chart figures, by year: the figure's link, its value and the
// remark beside it, as HTML.
var chartRow = regexp.MustCompile(`<tr><th scope="row">(\d{4})</th><td class="num"><a href="([^"]+)">([^<]+)</a></td>(?:<td>(.*?)</td>)?</tr>`)

type row struct{ href, value, remark string }

func chartRows(body string) map[string]row {
	out := map[string]row{}
	for _, m := range chartRow.FindAllStringSubmatch(body, -1) {
		out[m[1]] = row{href: html.UnescapeString(m[2]), value: text(m[3]), remark: m[4]}
	}
	return out
}

// between is the text of a page from one heading to the next.
func between(words, from, to string) string {
	_, after, ok := strings.Cut(words, from)
	if !ok {
		return ""
	}
	before, _, _ := strings.Cut(after, to)
	return before
}

// englishWords are words a Norwegian page has no use for; the API's caveats and notes are full of them.
var englishWords = regexp.MustCompile(`\b(the|which|of|not|figures?|estimate|apportionment|member|municipality)\b`)

// noEnglish checks that a page says none of the API's English sentences, and no English at all.
func noEnglish(t *testing.T, path, words string, sentences []string) {
	t.Helper()
	for _, s := range sentences {
		if s != "" && strings.Contains(words, s) {
			t.Errorf("%s says the API's English: %q", path, s)
		}
	}
	if m := englishWords.FindAllString(words, 5); m != nil {
		i := englishWords.FindStringIndex(words)
		t.Errorf("%s has English words %v: …%s…", path, m, words[max(i[0]-80, 0):min(i[1]+80, len(words))])
	}
}

// Every summed population the API marks not complete is marked on the region's page, year by year, with
// its reasons in Norwegian naming the municipalities they concern; every check the API finds not comparable
// says why in Norwegian; the home page marks the sums beside the regions' own figures that are not complete
// or not comparable, and its notes say why; and no page says the API's English.
func TestExplorerMarksEveryCaveat(t *testing.T) {
	t.Parallel()
	home := page(t, "/")
	homeWords := text(home)
	var english []string
	marked := 0
	for _, r := range allRegions(t) {
		path := "/regioner/" + r.ID
		body := page(t, path)
		words := text(body)
		var totals struct{ Data []apiTotal }
		answer(t, "/api/v1/regions/"+r.ID+"/population?limit=100", &totals)
		rows := chartRows(body)
		notes := between(words, "Merknader til summene", "Tallene i diagrammet")
		var atReported *apiTotal
		var incomplete []string
		for _, total := range totals.Data {
			english = append(english, total.Note)
			if total.Computed == nil {
				continue
			}
			if total.Reported != nil {
				atReported = &total
			}
			year := total.ReferenceDate[:4]
			got, ok := rows[year]
			if !ok {
				t.Errorf("%s: no figure for %s in the chart's table", path, year)
				continue
			}
			if got.value != nb(total.Computed.Value, 0) {
				t.Errorf("%s: %s is %s, the API's %v", path, year, got.value, total.Computed.Value)
			}
			remark := text(got.remark)
			if total.Computed.Complete {
				if remark != "" && remark != "–" {
					t.Errorf("%s: the complete sum of %s is remarked %q", path, year, remark)
				}
				continue
			}
			incomplete = append(incomplete, year)
			marked++
			if remark == "" || remark == "–" {
				t.Errorf("%s: the sum of %s is not complete, and the page does not say so", path, year)
			}
			for _, c := range total.Computed.Caveats {
				english = append(english, c.Message)
				if !strings.Contains(remark, caveatWord[c.Code]) {
					t.Errorf("%s: %s's remark %q does not say %q (%s)", path, year, remark, caveatWord[c.Code], c.Code)
				}
				for _, m := range c.Municipalities {
					if !strings.Contains(notes, m.Name+" ("+m.Code+")") {
						t.Errorf("%s: the notes do not name %s (%s), of %s's caveat %s", path, m.Name, m.Code, year, c.Code)
					}
				}
			}
		}
		// The quality checks: every caveat said, in Norwegian, with its municipalities.
		var quality struct{ Population, Area apiCheck }
		answer(t, "/api/v1/regions/"+r.ID+"/quality", &quality)
		for what, check := range map[string]apiCheck{"Folketall": quality.Population, "Areal": quality.Area} {
			english = append(english, check.Note)
			section := between(words, "Kvalitet "+what, "Areal")
			if what == "Areal" {
				section = between(words, "Kvalitet", "Last ned")
				_, section, _ = strings.Cut(section, "Areal ")
			}
			if check.Status == "not_comparable" && !strings.Contains(section, "kan ikke sammenlignes") {
				t.Errorf("%s: the %s check is not comparable, and the page does not say so: %s", path, what, section)
			}
			for _, c := range check.Caveats {
				english = append(english, c.Message)
				for _, m := range c.Municipalities {
					if !strings.Contains(section, m.Name+" ("+m.Code+")") {
						t.Errorf("%s: the %s check does not name %s (%s) of its caveat %s: %s", path, what, m.Name, m.Code, c.Code, section)
					}
				}
			}
		}
		// The sum beside the region's own figure, on the region's page and on the home page.
		homeRow := regexp.MustCompile(`(?s)<th scope="row"><a href="/regioner/` + r.ID + `">.*?</tr>`).FindString(home)
		homeCells := regexp.MustCompile(`(?s)<td class="num">(.*?)</td>`).FindAllStringSubmatch(homeRow, -1)
		if len(homeCells) != 2 {
			t.Fatalf("the home page's row of %s: %s", r.ID, homeRow)
		}
		summed := text(homeCells[1][1])
		homeNote := text(regexp.MustCompile(`(?s)<li id="merknad-` + r.ID + `">.*?</ul></li>`).FindString(home))
		if atReported == nil {
			if summed != "–" {
				t.Errorf("/: %s has no figure of its own, yet a sum beside it: %s", r.ID, summed)
			}
		} else {
			fakta := between(words, "Summen av medlemmenes tall fra SSB", "Medlemskommuner")
			notComparable := quality.Population.Status == "not_comparable"
			if atReported.Computed.Complete && !notComparable {
				if summed != nb(atReported.Computed.Value, 0) {
					t.Errorf("/: %s's complete sum is shown as %q", r.ID, summed)
				}
			} else {
				want := "ikke sammenlignbar"
				if !notComparable {
					want = "anslag"
				}
				if !strings.Contains(summed, want) || !strings.Contains(homeCells[1][1], `href="#merknad-`+r.ID+`"`) {
					t.Errorf("/: %s's sum on %s is not marked %q with a link to its note: %s", r.ID, atReported.ReferenceDate, want, summed)
				}
				if !strings.Contains(fakta, want) && !strings.Contains(fakta, "Med anslag") {
					t.Errorf("%s: the sum beside the region's own figure is not marked %q: %s", path, want, fakta)
				}
				for _, c := range atReported.Computed.Caveats {
					for _, m := range c.Municipalities {
						if !strings.Contains(homeNote, m.Name+" ("+m.Code+")") {
							t.Errorf("/: the note on %s does not name %s (%s), of the caveat %s", r.ID, m.Name, m.Code, c.Code)
						}
					}
				}
			}
		}
		// The trend line draws every year's sum: the years not complete are marked beside it.
		if len(incomplete) > 0 && !strings.Contains(text(homeRow), "ikke fullstendig "+incomplete[0]) {
			t.Errorf("/: %s's trend draws sums not complete (%v) with no mark: %s", r.ID, incomplete, text(homeRow))
		}
		noEnglish(t, path, words, nil)
	}
	if marked < 100 {
		t.Errorf("only %d sums not complete: the test reads too little", marked)
	}
	noEnglish(t, "/", homeWords, english)
	for _, r := range allRegions(t) {
		noEnglish(t, "/regioner/"+r.ID, text(page(t, "/regioner/"+r.ID)), english)
	}
	if !strings.Contains(homeWords, "Oppgitt av regionen") {
		t.Error("the home page does not say whose the reported figures are")
	}
}

// Every region's page names every county its members lay in as listed, and lie in today, and the home page
// does too: read from the members' own records (the county of the period of the code they were listed
// under) and from today's municipalities.
func TestExplorerNamesEveryCounty(t *testing.T) {
	t.Parallel()
	var inForce struct {
		Data []struct {
			Code   string
			County struct{ Code, Name string }
		}
	}
	answer(t, "/api/v1/municipalities?limit=1000", &inForce)
	county := map[string]string{}
	for _, m := range inForce.Data {
		county[m.Code] = m.County.Name
	}
	home := page(t, "/")
	crossing := 0
	for _, r := range allRegions(t) {
		var members struct {
			Data []struct {
				Listed struct {
					Code  string
					Today []struct{ Code string }
				}
				Municipality struct {
					Codes []struct {
						Code   string
						County struct{ Code, Name string }
					}
				}
			}
		}
		answer(t, "/api/v1/regions/"+r.ID+"/municipalities?limit=1000", &members)
		want := map[string]bool{}
		codes := map[string]bool{}
		for _, m := range members.Data {
			for _, p := range m.Municipality.Codes {
				if p.Code == m.Listed.Code {
					if p.County.Code != m.Listed.Code[:2] {
						t.Errorf("%s: the county of %s is %s", r.ID, p.Code, p.County.Code)
					}
					want[p.County.Name] = true
					codes[p.County.Code] = true
				}
			}
			for _, today := range m.Listed.Today {
				want[county[today.Code]] = true
				codes[today.Code[:2]] = true
			}
		}
		if len(codes) > 2 || len(want) > 1 {
			crossing++
		}
		words := text(page(t, "/regioner/"+r.ID))
		fakta := between(words, "Hovedtall", "Søkerkommune")
		homeRow := text(regexp.MustCompile(`(?s)<th scope="row"><a href="/regioner/` + r.ID + `">.*?</tr>`).FindString(home))
		for name := range want {
			if !strings.Contains(fakta, name) {
				t.Errorf("/regioner/%s does not name the county %s: %s", r.ID, name, fakta)
			}
			if !strings.Contains(homeRow, name) {
				t.Errorf("/ does not name the county %s of %s: %s", name, r.ID, homeRow)
			}
		}
	}
	if crossing < 5 {
		t.Errorf("only %d regions lie in more than one county, as listed or today", crossing)
	}
}

// Every phase a region's page names says how sure the sources are of it.
func TestExplorerPhasesShowTheirStatus(t *testing.T) {
	t.Parallel()
	words := map[string]string{"confirmed": "bekreftet", "unverified": "ikke bekreftet", "indicated": "antydet, ikke bekreftet"}
	unsure := 0
	for _, r := range allRegions(t) {
		fakta := between(text(page(t, "/regioner/"+r.ID)), "Hovedtall", "Søkerkommune")
		for _, p := range r.Phases {
			want := "fase " + strconv.Itoa(p.Phase) + " (" + words[p.Status] + ")"
			if !strings.Contains(fakta, want) {
				t.Errorf("/regioner/%s does not say %q: %s", r.ID, want, fakta)
			}
			if p.Status != "confirmed" {
				unsure++
			}
		}
	}
	if unsure < 10 {
		t.Errorf("only %d phases not confirmed", unsure)
	}
}

// A region's own area is shown with no date where its source gives none (the answer's note says so), and
// with the decimals its source wrote: 7 240 km², not 7 240,00.
func TestExplorerAreaOnlyAsTheSourceGivesIt(t *testing.T) {
	t.Parallel()
	var areas struct {
		Data []struct {
			Region        *struct{ ID string }
			ValueKM2      float64 `json:"value_km2"`
			ReferenceDate string  `json:"reference_date"`
			Note          string
		}
	}
	answer(t, "/api/v1/area?kind=reported&limit=1000", &areas)
	undated := 0
	for _, a := range areas.Data {
		if a.Region == nil {
			continue
		}
		words := text(page(t, "/regioner/"+a.Region.ID))
		section := between(between(words, "Kvalitet", "Last ned"), "Areal ", "Se API-svaret")
		decimals := 0
		if _, frac, ok := strings.Cut(strconv.FormatFloat(a.ValueKM2, 'f', -1, 64), "."); ok {
			decimals = len(frac)
		}
		shown := "oppgir " + nb(a.ValueKM2, decimals) + " km²"
		_, after, ok := strings.Cut(section, shown)
		if !ok {
			t.Errorf("/regioner/%s does not say %q: %s", a.Region.ID, shown, section)
			continue
		}
		if strings.Contains(a.Note, "gives no date") {
			undated++
			sentence, _, _ := strings.Cut(after, ".")
			if regexp.MustCompile(`\d+\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)|\d{4}-\d\d`).MatchString(sentence) ||
				strings.Contains(sentence, date(a.ReferenceDate)) {
				t.Errorf("/regioner/%s dates an area its source gives no date: %s", a.Region.ID, shown+after)
			}
		}
	}
	if undated < 10 {
		t.Errorf("only %d regions' areas read", undated)
	}
}

// date writes an ISO date as the pages do.
func date(iso string) string {
	months := []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}
	m, _ := strconv.Atoi(iso[5:7])
	d, _ := strconv.Atoi(iso[8:10])
	return strconv.Itoa(d) + ". " + months[m-1] + " " + iso[:4]
}

// Every municipality whose figures are not all SSB's own (1103 Stavanger, 5001 Trondheim, 1580 Haram, 1508
// Ålesund, 1806 Narvik and the rest): each year's figure is labelled by its kind, in the chart and in the
// table behind it, "offisielt" only where it is SSB's own, with the code SSB published it under; a sum or an
// estimate names the municipalities it is built from; and no page says the API's English.
func TestExplorerLabelsEveryFigureByKind(t *testing.T) {
	t.Parallel()
	var adjusted struct {
		Data []struct{ Municipality struct{ Code string } }
	}
	answer(t, "/api/v1/population?adjusted=true&limit=1000", &adjusted)
	codes := map[string]bool{"5501": true} // and one whose figures are all SSB's own, under three codes
	for _, o := range adjusted.Data {
		codes[o.Municipality.Code] = true
	}
	for _, want := range []string{"1103", "5001", "1580", "1508", "1806"} {
		if !codes[want] {
			t.Errorf("%s has no figure that is not SSB's own", want)
		}
	}
	if len(codes) < 40 {
		t.Errorf("only %d municipalities", len(codes))
	}
	list := regexp.MustCompile(`figures on \d{4}-\d\d-\d\d for (.+?), (?:which together|for the part)`)
	kindWord := map[string]string{"sum_of_predecessors": "sum av forgjengernes tall (SSB)", "apportioned": "anslag (fordelt av kilden)"}
	for code := range codes {
		path := "/kommuner/" + code
		body := page(t, path)
		words := text(body)
		var figures struct {
			Data []struct {
				ID            string
				ReferenceDate string  `json:"reference_date"`
				PublishedCode *string `json:"published_code"`
				Value         float64
				Kind          string
				Note          string
			}
		}
		answer(t, "/api/v1/municipalities/"+code+"/population?limit=1000", &figures)
		rows := chartRows(body)
		notes := between(words, "Hva tallene er", "Tallene i diagrammet")
		var english []string
		seen := map[string]bool{}
		for _, o := range figures.Data {
			year := o.ReferenceDate[:4]
			if seen[year] {
				continue
			}
			seen[year] = true
			english = append(english, o.Note)
			got, ok := rows[year]
			if !ok {
				t.Errorf("%s: no figure for %s (%s)", path, year, o.Kind)
				continue
			}
			if got.value != nb(o.Value, 0) || got.href != "/api/v1/population/"+o.ID {
				t.Errorf("%s: %s is %s at %s, the API's %v at %s", path, year, got.value, got.href, o.Value, o.ID)
			}
			remark := text(got.remark)
			point := regexp.MustCompile(`<a href="` + regexp.QuoteMeta(strings.ReplaceAll(got.href, "&", "&amp;")) + `"><(?:circle|rect) [^>]*><title>([^<]*)</title>`).FindStringSubmatch(body)
			if point == nil {
				t.Errorf("%s: no point in the chart for %s", path, year)
				continue
			}
			title := text(point[1])
			if o.Kind == "official" {
				want := "offisielt folketall (SSB), kommunenummer " + *o.PublishedCode
				if !strings.Contains(remark, want) || !strings.Contains(title, want) {
					t.Errorf("%s: SSB's own figure for %s is not labelled %q: %q, %q", path, year, want, remark, title)
				}
				continue
			}
			for _, label := range []string{remark, title} {
				if strings.Contains(strings.ToLower(label), "offisiel") || !strings.Contains(label, kindWord[o.Kind]) {
					t.Errorf("%s: the %s figure for %s is labelled %q", path, o.Kind, year, label)
				}
			}
			if m := list.FindStringSubmatch(o.Note); m != nil {
				for _, c := range regexp.MustCompile(`\b(\d{4}) `).FindAllStringSubmatch(m[1], -1) {
					if !strings.Contains(notes, "("+c[1]+")") {
						t.Errorf("%s: the figure for %s is built from %s's, and the page does not say so: %s", path, year, c[1], notes)
					}
				}
			} else if o.Kind == "sum_of_predecessors" {
				t.Errorf("%s: the note on %s names no predecessors the test can read: %s", path, year, o.Note)
			}
		}
		noEnglish(t, path, words, english)
	}
}
