package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

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

// date writes an ISO date as the pages do.
func date(iso string) string {
	months := []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}
	m, _ := strconv.Atoi(iso[5:7])
	d, _ := strconv.Atoi(iso[8:10])
	return strconv.Itoa(d) + ". " + months[m-1] + " " + iso[:4]
}
