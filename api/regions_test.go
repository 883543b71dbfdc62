package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// ssb2015 reads each 2024 municipality's population on 1 January 2015 from the data file.
func ssb2015(t *testing.T) map[string]float64 {
	out := map[string]float64{}
	for _, r := range readCSV(t, "ssb07459_population_jan1_by_municipality_2024codes_2005-2026.csv") {
		if r["year"] == "2015" {
			out[r["kommunenummer_2024"]] = number(t, r["population_jan1"])
		}
	}
	return out
}

// The quality report finds that Region Namdal's reported population includes Snåsa and
// Haugesundregionen's includes Utsira: the gap is exactly that municipality's SSB figure.
func TestQualityFindsTheMissingMunicipality(t *testing.T) {
	pop := ssb2015(t)
	reported := map[string]string{}
	for _, r := range regionRows(t) {
		reported[r["region"]] = r["population"]
	}
	for _, c := range []struct{ slug, row, outside, code2024 string }{
		{"region-namdal", "Region Namdal (Namsosregionen)", "Snåsa", "5041"},
		{"haugesundregionen", "Haugesundregionen", "Utsira", "1151"},
	} {
		body := decode(t, get(t, http.MethodGet, "/api/v1/regions/"+c.slug+"/quality"))
		p := at(body, "population")
		if at(p, "status") != "explained" {
			t.Errorf("%s: status %v: %v", c.slug, at(p, "status"), at(p, "note"))
			continue
		}
		name, _ := at(p, "explanation", "municipality", "name").(string)
		if !strings.Contains(name, c.outside) {
			t.Errorf("%s: explained by %q, want %s", c.slug, name, c.outside)
		}
		if at(p, "explanation", "municipality", "today", 0, "code") != c.code2024 {
			t.Errorf("%s: %s is today %v", c.slug, c.outside, at(p, "explanation", "municipality", "today", 0, "code"))
		}
		if at(p, "difference") != pop[c.code2024] || at(p, "explanation", "value") != pop[c.code2024] {
			t.Errorf("%s: difference %v, %s's SSB 2015 figure %v", c.slug, at(p, "difference"), c.outside, pop[c.code2024])
		}
		if got := at(p, "reported", "value").(float64) - at(p, "computed", "value").(float64); got != pop[c.code2024] {
			t.Errorf("%s: reported − computed = %v", c.slug, got)
		}
		if want := reported[c.row]; at(p, "reported", "value") != number(t, want) {
			t.Errorf("%s: reported %v, byregioner.csv %s", c.slug, at(p, "reported", "value"), want)
		}
	}
}

// No region's reported population is left unexplained: each matches its members, is explained by one
// neighbour, or is marked not comparable because of later reforms; regions that report none say so.
func TestQualitySummaryCoversEveryRegion(t *testing.T) {
	body := decode(t, get(t, http.MethodGet, "/api/v1/quality?limit=1000"))
	rows := regionRows(t)
	data := at(body, "data").([]any)
	if len(data) != len(rows) {
		t.Fatalf("%d reports for %d regions", len(data), len(rows))
	}
	counts := map[string]int{}
	for _, r := range data {
		status := at(r, "population", "status").(string)
		counts[status]++
		if status == "unexplained" {
			t.Errorf("%v: unexplained population: %v", at(r, "region", "id"), at(r, "population", "note"))
		}
		if status == "match" && at(r, "population", "difference") != 0.0 {
			t.Errorf("%v: match with difference %v", at(r, "region", "id"), at(r, "population", "difference"))
		}
	}
	if counts["not_reported"] != len(rows)-countRows(t, "population") || counts["explained"] != 2 || counts["match"] == 0 {
		t.Errorf("statuses %v", counts)
	}
	tromso := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/quality"))
	if at(tromso, "population", "status") != "match" || at(tromso, "area", "status") != "unexplained" ||
		at(tromso, "area", "difference") != -224.82 {
		t.Errorf("Tromsøregionen: population %v, area %v %v", at(tromso, "population", "status"),
			at(tromso, "area", "status"), at(tromso, "area", "difference"))
	}
	harstad := decode(t, get(t, http.MethodGet, "/api/v1/regions/harstadregionen/quality"))
	if note, _ := at(harstad, "population", "note").(string); at(harstad, "population", "status") != "not_comparable" || !strings.Contains(note, "Tjeldsund") {
		t.Errorf("Harstadregionen: %v", at(harstad, "population"))
	}
}

// regionIDs lists the ids of the regions an answer holds.
func regionIDs(t *testing.T, query string) []string {
	t.Helper()
	rec := get(t, http.MethodGet, "/api/v1/regions?limit=1000&"+query)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", query, rec.Code, rec.Body.String())
	}
	var out []string
	for _, r := range at(decode(t, rec), "data").([]any) {
		out = append(out, at(r, "id").(string))
	}
	return out
}

// Every municipality the CSV lists in two regions belongs to both, whether asked by the code it was
// listed under or by the code it has today.
func TestMunicipalitiesInTwoRegions(t *testing.T) {
	regionsOf := map[string][]string{}
	for _, r := range regionRows(t) {
		for _, n := range strings.Split(r["lead_municipality"]+";"+r["partner_municipalities"], ";") {
			if n != "" {
				regionsOf[n] = append(regionsOf[n], r["region"])
			}
		}
	}
	var twice []string
	for name, regions := range regionsOf {
		if len(regions) == 2 {
			twice = append(twice, name)
		}
	}
	slices.Sort(twice)
	if strings.Join(twice, ",") != "Etne,Sauherad,Seljord,Sveio,Våler" {
		t.Fatalf("names in two regions: %v", twice)
	}
	// Find each one's listed and today's code through the API.
	codes := map[string][2]string{}
	for _, id := range regionIDs(t, "") {
		for _, m := range at(decode(t, get(t, http.MethodGet, "/api/v1/regions/"+id)), "members").([]any) {
			name := at(m, "municipality", "name").(string)
			if slices.Contains(twice, name) {
				codes[name] = [2]string{at(m, "municipality", "code").(string), at(m, "municipality", "today", 0, "code").(string)}
			}
		}
	}
	for _, name := range twice {
		for _, code := range codes[name] {
			got := regionIDs(t, "municipality="+url.QueryEscape(code))
			if len(got) != 2 {
				t.Errorf("%s (%s): regions %v, want the two that list it", name, code, got)
			}
		}
	}
}

func TestRegionFilters(t *testing.T) {
	troms := regionIDs(t, "county=55")
	if !slices.Contains(troms, "tromsoregionen") || slices.Contains(troms, "region-namdal") {
		t.Errorf("county=55: %v", troms)
	}
	// Narvikregionen's Tjeldsund was in Nordland in 2015 and is in Troms today.
	if got := regionIDs(t, "county=19"); !slices.Equal(got, []string{"harstadregionen", "midt-troms", "tromsoregionen"}) ||
		!slices.Contains(troms, "narvikregionen") {
		t.Errorf("county=19 (Troms as listed in 2015) %v, county=55 (Troms today) %v", got, troms)
	}
	phase1, phase2 := regionIDs(t, "phase=1"), regionIDs(t, "phase=2")
	if !slices.Contains(phase1, "moss") || slices.Contains(phase2, "moss") ||
		slices.Contains(phase1, "molderegionen") || !slices.Contains(phase2, "molderegionen") {
		t.Errorf("phase=1 %v\nphase=2 %v", phase1, phase2)
	}
	if got := regionIDs(t, "county=55&phase=2&municipality=5501"); !slices.Equal(got, []string{"tromsoregionen"}) {
		t.Errorf("combined filters: %v", got)
	}
	if got := regionIDs(t, "municipality=0301"); len(got) != 0 {
		t.Errorf("Oslo is in no region: %v", got)
	}
	for _, bad := range []string{"phase=3", "county=5", "municipality=12"} {
		if rec := get(t, http.MethodGet, "/api/v1/regions?"+bad); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d", bad, rec.Code)
		}
	}
}

// A member that merged or split after the programme shows as it was listed and as it maps today.
func TestMembersMapToToday(t *testing.T) {
	namdal := decode(t, get(t, http.MethodGet, "/api/v1/regions/region-namdal"))
	for _, m := range at(namdal, "members").([]any) {
		if at(m, "municipality", "name") == "Namdalseid" {
			// Renumbered when Nord- and Sør-Trøndelag became Trøndelag in 2018, merged into Namsos in 2020.
			reforms, _ := at(m, "municipality", "today", 0, "reforms").([]any)
			if at(m, "municipality", "today", 0, "code") != "5007" || len(reforms) != 2 ||
				at(reforms[0], "kind") != "renumbered" || at(reforms[1], "kind") != "merged" || at(reforms[1], "date") != "2020-01-01" {
				t.Errorf("Namdalseid today: %v", at(m, "municipality", "today"))
			}
		}
	}
	narvik := decode(t, get(t, http.MethodGet, "/api/v1/regions/narvikregionen/municipalities"))
	for _, m := range at(narvik, "data").([]any) {
		if at(m, "listed", "name") == "Tysfjord" {
			today := at(m, "listed", "today").([]any)
			if len(today) != 2 || at(today[0], "reforms", 0, "kind") != "split" {
				t.Errorf("Tysfjord today: %v", today)
			}
			if at(m, "municipality", "valid_to") != "2020-01-01" {
				t.Errorf("Tysfjord identity: %v", at(m, "municipality"))
			}
		}
	}
}

// One computation says who is in and who is not, and every answer about a region says the same: its
// population and area rows, its summary and its quality report, computed from the data files. Narvik and
// Tjeldsund are members and Skånland and Hamarøy are not; in Salten, Hamarøy is a member and Tysfjord's
// part is not; Ålesundregionen's five members of 1507 are, by Klass, each both 1508 and 1580 (Klass records
// 1507 → 1508 and 1580, not which part each old municipality became), and with Sula and Giske its members
// hold exactly today's 1508, 1580, 1531 and 1532: its territory is exact, but its 2015 sum is not
// complete, since 1508's and 1580's figures of 2015 are the source's apportionments.
func TestWhoIsInAgreesEverywhere(t *testing.T) {
	for _, c := range []struct {
		region          string
		names, notNamed []string
		complete        bool
	}{
		{"narvikregionen", []string{"Skånland, not a member", "Hábmer - Hamarøy, not a member"}, []string{"Narvik, not a member", "Tjeldsund, not a member"}, false},
		{"salten", []string{"Tysfjord - Divtasvuodna, not a member"}, []string{"Hamarøy, not a member"}, false},
		{"alesundregionen", []string{"1508 Ålesund and 1580 Haram on 2015-01-01 are the source's apportionment"}, []string{"not a member"}, false},
		{"harstadregionen", []string{"Tjeldsund, not a member"}, nil, false},
		{"region-namdal", nil, []string{"not a member"}, true},
		{"haugesundregionen", nil, []string{"not a member"}, true},
		{"notodden-regionen", nil, nil, false},
	} {
		totals := decode(t, get(t, http.MethodGet, "/api/v1/regions/"+c.region+"/population?from=2015&to=2015"))
		note, _ := at(totals, "data", 0, "note").(string)
		complete, _ := at(totals, "data", 0, "computed", "complete").(bool)
		quality := decode(t, get(t, http.MethodGet, "/api/v1/regions/"+c.region+"/quality"))
		qnote, _ := at(quality, "population", "note").(string)
		summary := decode(t, get(t, http.MethodGet, "/api/v1/regions/"+c.region+"/summary?year=2015"))
		snote, _ := at(summary, "population", "note").(string)
		for _, n := range c.names {
			if !strings.Contains(note, n) || !strings.Contains(snote, n) {
				t.Errorf("%s: %q is not in the notes: population %q, summary %q", c.region, n, note, snote)
			}
			if at(quality, "population", "status") == "not_comparable" && !strings.Contains(qnote, n) {
				t.Errorf("%s: %q is not in the quality note %q", c.region, n, qnote)
			}
		}
		for _, n := range c.notNamed {
			for _, text := range []string{note, snote, qnote} {
				if strings.Contains(text, n) {
					t.Errorf("%s: %q is said wrongly: %q", c.region, n, text)
				}
			}
		}
		if c.region != "notodden-regionen" && complete != c.complete {
			t.Errorf("%s: complete %v, want %v (%q)", c.region, complete, c.complete, note)
		}
	}
	today := decode(t, get(t, http.MethodGet, "/api/v1/regions/alesundregionen/municipalities?limit=50"))
	for _, m := range at(today, "data").([]any) {
		name, _ := at(m, "listed", "name").(string)
		codes := []string{}
		for _, tm := range at(m, "listed", "today").([]any) {
			codes = append(codes, at(tm, "code").(string))
		}
		want := map[string]string{"Ålesund": "1508,1580", "Ørskog": "1508,1580", "Skodje": "1508,1580", "Sandøy": "1508,1580",
			"Haram": "1508,1580", "Sula": "1531", "Giske": "1532"}[name]
		if want != "" && strings.Join(codes, ",") != want {
			t.Errorf("Ålesundregionen's %s is today %v, want %s", name, codes, want)
		}
	}
}

// county= finds a region by any county its members lay in, at any date: Troms og Finnmark (54, 2020-2023)
// finds Tromsøregionen as Troms (19, and 55 from 2024) does. Growth since the start is since 2015, whatever
// from= says.
func TestCountiesAtAnyDateAndGrowthSinceTheStart(t *testing.T) {
	for _, county := range []string{"19", "54", "55"} {
		body := get(t, http.MethodGet, "/api/v1/regions?county="+county+"&fields=id&limit=100").Body.String()
		if !strings.Contains(body, `"tromsoregionen"`) {
			t.Errorf("county=%s does not find Tromsøregionen: %s", county, body)
		}
	}
	rows := at(decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/indicators?from=2020&to=2021")), "data").([]any)
	if at(rows[0], "since_start", "since") != "2015-01-01" {
		t.Errorf("since_start of 2020 is since %v", at(rows[0], "since_start", "since"))
	}
}

// A membership the sources list without dates is none before the programme began in 2014.
func TestNoMembersBeforeTheProgramme(t *testing.T) {
	before := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen?at=2012-06-01"))
	if members, _ := at(before, "members").([]any); len(members) != 0 || at(before, "lead_municipality") != nil {
		t.Errorf("members in 2012: %v, lead %v", members, at(before, "lead_municipality"))
	}
	during := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen?at=2016-06-01"))
	if members, _ := at(during, "members").([]any); len(members) != 5 {
		t.Errorf("members in 2016: %v", members)
	}
}
