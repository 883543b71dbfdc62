package api_test

import (
	"regexp"
	"strings"
	"testing"
)

// Every caveat the API gives for a figure is on the page that shows it, in Norwegian, over every region and
// every municipality whose figures are not all SSB's own.

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
				// An incomplete total and the quality check's "not comparable" reckon from the same caveats.
				if !notComparable || atReported.Computed.Complete {
					t.Errorf("%s: the total on %s is complete %v, the quality check %s: they disagree", r.ID,
						atReported.ReferenceDate, atReported.Computed.Complete, quality.Population.Status)
				}
				want := "ikke sammenlignbar"
				if !strings.Contains(summed, want) || !strings.Contains(homeCells[1][1], `href="#merknad-`+r.ID+`"`) {
					t.Errorf("/: %s's sum on %s is not marked %q with a link to its note: %s", r.ID, atReported.ReferenceDate, want, summed)
				}
				if !strings.Contains(fakta, want) {
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
				Predecessors  []struct{ Code, Name string }
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
			if len(o.Predecessors) == 0 && o.Kind == "sum_of_predecessors" {
				t.Errorf("%s: the sum of %s names no predecessors", path, year)
			}
			for _, p := range o.Predecessors {
				if !strings.Contains(notes, p.Name+" ("+p.Code+")") {
					t.Errorf("%s: the figure for %s is built from %s %s's, and the page does not say so: %s", path, year, p.Code, p.Name, notes)
				}
			}
		}
		noEnglish(t, path, words, english)
	}
}
