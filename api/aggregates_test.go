package api_test

import (
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// official reads a data file's figures for 2024 codes: population by code and date, or area by code.
func official(t *testing.T) (population map[string]map[string]float64, area map[string]float64) {
	population, area = map[string]map[string]float64{}, map[string]float64{}
	for _, r := range readCSV(t, "ssb07459_population_jan1_by_municipality_2024codes_2005-2026.csv") {
		code := r["kommunenummer_2024"]
		if population[code] == nil {
			population[code] = map[string]float64{}
		}
		population[code][r["year"]+"-01-01"] = number(t, r["population_jan1"])
	}
	for _, r := range readCSV(t, "aprestmo_municipalities_2025_area_population.csv") {
		area[r["kommunenummer"]] = number(t, r["area_km2"])
	}
	return population, area
}

// todayCodes lists the codes in force that a region's members became, through the API.
func todayCodes(t *testing.T, region string) []string {
	var codes []string
	for _, m := range at(decode(t, get(t, http.MethodGet, "/api/v1/regions/"+region)), "members").([]any) {
		for _, today := range at(m, "municipality", "today").([]any) {
			codes = append(codes, at(today, "code").(string))
		}
	}
	return codes
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// The region's population per year is the sum of its members' official figures, counted and complete,
// beside the figure the programme reported (85,510 for 1 January 2015, the only typed constant).
func TestRegionPopulationTotals(t *testing.T) {
	population, _ := official(t)
	codes := todayCodes(t, "tromsoregionen")
	body := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/population?limit=100"))
	rows := at(body, "data").([]any)
	if len(rows) != 22 {
		t.Fatalf("%d years", len(rows))
	}
	for _, row := range rows {
		date := at(row, "reference_date").(string)
		var want float64
		for _, c := range codes {
			want += population[c][date]
		}
		if at(row, "computed", "value") != want || at(row, "computed", "counted") != 5.0 || at(row, "computed", "complete") != true {
			t.Errorf("%s: computed %v (counted %v), want %v from the data file", date, at(row, "computed", "value"), at(row, "computed", "counted"), want)
		}
		if date == "2015-01-01" && (at(row, "reported", "value") != 85510.0 || at(row, "difference") != 0.0) {
			t.Errorf("2015: reported %v, difference %v", at(row, "reported"), at(row, "difference"))
		}
		if ids := at(row, "computed", "derived_from").([]any); len(ids) != 5 || !strings.HasSuffix(ids[0].(string), date+":ssb-07459") {
			t.Errorf("%s: derived from %v", date, ids)
		}
	}
	harstad := decode(t, get(t, http.MethodGet, "/api/v1/regions/harstadregionen/population?from=2015&to=2015"))
	if at(harstad, "data", 0, "computed", "complete") != false || !strings.Contains(at(harstad, "data", 0, "note").(string), "Tjeldsund") {
		t.Errorf("Harstadregionen 2015: %v", at(harstad, "data", 0))
	}
}

// The area is summed from the municipalities' areas and shown beside the reported 7,240 km², however
// different.
func TestRegionAreaTotals(t *testing.T) {
	_, area := official(t)
	var want float64
	for _, c := range todayCodes(t, "tromsoregionen") {
		want += area[c]
	}
	body := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/area?from=2015&to=2015"))
	if at(body, "data", 0, "computed", "value") != round2(want) || at(body, "data", 0, "reported", "value") != 7240.0 ||
		at(body, "data", 0, "difference") != round2(7240-want) {
		t.Errorf("area: %v, want computed %v beside 7240", at(body, "data", 0), round2(want))
	}
}

func TestIndicators(t *testing.T) {
	population, area := official(t)
	codes := todayCodes(t, "tromsoregionen")
	sum := func(date string) (p float64) {
		for _, c := range codes {
			p += population[c][date]
		}
		return p
	}
	var areaSum float64
	for _, c := range codes {
		areaSum += area[c]
	}
	body := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/indicators?from=2015&to=2025"))
	rows := at(body, "data").([]any)
	if len(rows) != 11 {
		t.Fatalf("%d years 2015-2025", len(rows))
	}
	last := rows[10]
	p2025, p2024, p2015 := sum("2025-01-01"), sum("2024-01-01"), sum("2015-01-01")
	for name, c := range map[string][2]any{
		"population":          {at(last, "population"), p2025},
		"density":             {at(last, "density"), round2(p2025 / round2(areaSum))},
		"change":              {at(last, "change", "absolute"), p2025 - p2024},
		"change percent":      {at(last, "change", "percent"), round2((p2025 - p2024) / p2024 * 100)},
		"since start":         {at(last, "since_start", "absolute"), p2025 - p2015},
		"since start percent": {at(last, "since_start", "percent"), round2((p2025 - p2015) / p2015 * 100)},
		"since":               {at(last, "since_start", "since"), "2015-01-01"},
	} {
		if c[0] != c[1] {
			t.Errorf("2025 %s: %v, want %v", name, c[0], c[1])
		}
	}
	if at(rows[0], "change", "since") != "2014-01-01" || at(rows[0], "since_start") != nil {
		t.Errorf("2015 compares with 2014, and is the start: %v %v", at(rows[0], "change"), at(rows[0], "since_start"))
	}
	derived := at(last, "derived_from").([]any)
	if !slices.Contains(derived, any("population:5501:2025-01-01:ssb-07459")) || !slices.Contains(derived, any("area:5501:2025-01-01:aprestmo-norway-geodata")) {
		t.Errorf("2025 derived from %v", derived)
	}
	m := decode(t, get(t, http.MethodGet, "/api/v1/municipalities/5501/indicators?from=2025&to=2025"))
	if at(m, "data", 0, "population") != population["5501"]["2025-01-01"] || at(m, "data", 0, "density") != round2(population["5501"]["2025-01-01"]/area["5501"]) {
		t.Errorf("Tromsø 2025: %v", at(m, "data", 0))
	}
	// An ad-hoc group, with a retired code read as what it became.
	g := decode(t, get(t, http.MethodGet, "/api/v1/aggregates/population?municipalities=1902,5532&from=2015&to=2015"))
	if at(g, "data", 0, "population") != population["5501"]["2015-01-01"]+population["5532"]["2015-01-01"] ||
		at(g, "meta", "mapped", 0, "from") != "1902" || at(g, "data", 0, "subject", "kind") != "group" {
		t.Errorf("group: %v %v", at(g, "data", 0), at(g, "meta"))
	}
	if rec := get(t, http.MethodGet, "/api/v1/aggregates/population?from=2015"); rec.Code != http.StatusBadRequest {
		t.Errorf("no municipalities: %d", rec.Code)
	}
}

func TestRegionSummary(t *testing.T) {
	population, _ := official(t)
	var want float64
	for _, c := range todayCodes(t, "tromsoregionen") {
		want += population[c]["2025-01-01"]
	}
	s := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/summary?year=2025"))
	if at(s, "year") != 2025.0 || at(s, "population", "computed", "value") != want || at(s, "indicators", "since_start", "since") != "2015-01-01" ||
		at(s, "measures_by_status", "ongoing") != 3.0 || len(at(s, "goals").([]any)) != 3 || len(at(s, "partners").([]any)) != 5 ||
		at(s, "region", "lead_municipality", "code") != "1902" || at(s, "area", "reported", "value") != 7240.0 {
		t.Errorf("summary: %v", s)
	}
	latest := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/summary"))
	if at(latest, "year") != 2026.0 {
		t.Errorf("summary without year: %v", at(latest, "year"))
	}
}

// No indicator presents as complete a figure it cannot vouch for: for every municipality and every year,
// a year is complete exactly when its figure is not an apportionment (as every year before a split is),
// and a change or a growth since the start is complete exactly when both its years are, its caveats naming
// the year and the municipality that is not. The same holds for every region's rows, where a year is
// complete only when every member's figure is there, the members hold exactly the region's territory and
// none is apportioned.
func TestIndicatorsSayWhatTheyCannotVouchFor(t *testing.T) {
	kinds := map[string]map[string]string{} // code -> date -> kind
	for url := "/api/v1/population?limit=1000&fields=municipality,reference_date,kind"; url != ""; {
		body := decode(t, get(t, http.MethodGet, url))
		for _, o := range at(body, "data").([]any) {
			code := at(o, "municipality", "code").(string)
			if kinds[code] == nil {
				kinds[code] = map[string]string{}
			}
			kinds[code][at(o, "reference_date").(string)] = at(o, "kind").(string)
		}
		url, _ = at(body, "meta", "next").(string)
	}
	growthOK := func(where string, g any, complete map[string]bool, date string) {
		if g == nil {
			return
		}
		since := at(g, "since").(string)
		want := complete[since] && complete[date]
		caveats, _ := at(g, "caveats").([]any)
		if at(g, "complete") != want || (want != (len(caveats) == 0)) {
			t.Errorf("%s: growth since %s is complete %v with %d caveats; its years are complete %v and %v",
				where, since, at(g, "complete"), len(caveats), complete[since], complete[date])
		}
	}
	incomplete := 0
	for code, byDate := range kinds {
		rows := at(decode(t, get(t, http.MethodGet, "/api/v1/municipalities/"+code+"/indicators?limit=1000")), "data").([]any)
		complete := map[string]bool{}
		for _, r := range rows {
			date := at(r, "reference_date").(string)
			want := byDate[date] != "apportioned"
			complete[date] = want
			caveats, _ := at(r, "caveats").([]any)
			if at(r, "complete") != want || len(caveats) != map[bool]int{true: 0, false: 1}[want] {
				t.Errorf("%s %s (%s): complete %v, caveats %v", code, date, byDate[date], at(r, "complete"), caveats)
			} else if !want {
				incomplete++
				if at(caveats[0], "code") != "apportioned" || at(caveats[0], "date") != date || at(caveats[0], "municipalities", 0, "code") != code {
					t.Errorf("%s %s: caveat %v", code, date, caveats[0])
				}
			}
		}
		for _, r := range rows {
			date := at(r, "reference_date").(string)
			growthOK(code+" "+date+" change", at(r, "change"), complete, date)
			growthOK(code+" "+date+" since_start", at(r, "since_start"), complete, date)
		}
	}
	if incomplete != 137 {
		t.Errorf("%d municipal years are incomplete, want the 137 apportioned", incomplete)
	}
	for _, region := range at(decode(t, get(t, http.MethodGet, "/api/v1/regions?limit=100&fields=id")), "data").([]any) {
		id := at(region, "id").(string)
		rows := at(decode(t, get(t, http.MethodGet, "/api/v1/regions/"+id+"/indicators?limit=1000")), "data").([]any)
		complete := map[string]bool{}
		for _, r := range rows {
			date := at(r, "reference_date").(string)
			caveats, _ := at(r, "caveats").([]any)
			complete[date] = at(r, "complete") == true
			if complete[date] != (len(caveats) == 0) {
				t.Errorf("%s %s: complete %v with caveats %v", id, date, at(r, "complete"), caveats)
			}
			for _, c := range caveats {
				if at(c, "code") == "apportioned" {
					for _, m := range at(c, "municipalities").([]any) {
						if kinds[at(m, "code").(string)][date] != "apportioned" {
							t.Errorf("%s %s: says %v is apportioned", id, date, m)
						}
					}
				}
			}
		}
		for _, r := range rows {
			date := at(r, "reference_date").(string)
			growthOK(id+" "+date+" change", at(r, "change"), complete, date)
			growthOK(id+" "+date+" since_start", at(r, "since_start"), complete, date)
		}
	}
	// Haram's growth since 2015 is from an apportioned year: −70.51 % is shown, and said to be incomplete.
	haram := at(decode(t, get(t, http.MethodGet, "/api/v1/municipalities/1580/indicators?from=2024&to=2024")), "data", 0)
	if at(haram, "since_start", "complete") != false || at(haram, "since_start", "caveats", 0, "date") != "2015-01-01" {
		t.Errorf("Haram 2024 since the start: %v", at(haram, "since_start"))
	}
}
