package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The explorer's pages one by one, through the router: the home page, a region's and a municipality's, what
// each shows and how.

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
	// A search the API refuses is said in Norwegian, not in the API's English.
	rec := get(t, http.MethodGet, "/?q=!!!")
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "minst én bokstav") {
		t.Errorf("a search of no letters: %d %.300s", rec.Code, rec.Body.String())
	}
	noEnglish(t, "/?q=!!!", text(rec.Body.String()), []string{"must contain at least one letter or digit"})
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
		// The API's caveat that the two may not measure the same thing is said too, in Norwegian.
		var check struct{ Area struct{ Status string } }
		answer(t, "/api/v1/regions/"+a.Region.ID+"/quality", &check)
		if check.Area.Status == "unexplained" && !strings.Contains(section, "måler kanskje ikke det samme") {
			t.Errorf("/regioner/%s does not say the areas may not measure the same thing: %s", a.Region.ID, section)
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
