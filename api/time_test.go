package api_test

import (
	"encoding/csv"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestHistoryShowsTheLineage(t *testing.T) {
	for _, code := range []string{"1902", "5401", "5501"} {
		h := decode(t, get(t, http.MethodGet, "/api/v1/municipalities/"+code+"/history"))
		var codes []string
		for _, p := range at(h, "codes").([]any) {
			codes = append(codes, at(p, "code").(string))
		}
		if strings.Join(codes, " → ") != "1902 → 5401 → 5501" || at(h, "today", 0, "code") != "5501" {
			t.Errorf("history of %s: %v, today %v", code, codes, at(h, "today"))
		}
	}
	namsos := decode(t, get(t, http.MethodGet, "/api/v1/municipalities/5007/history"))
	var merged []string
	for _, p := range at(namsos, "predecessors").([]any) {
		merged = append(merged, at(p, "name").(string)+"@"+at(p, "date").(string)+":"+at(p, "kind").(string))
	}
	if !slices.Contains(merged, "Namdalseid@2020-01-01:merger") || !slices.Contains(merged, "Fosnes@2020-01-01:merger") {
		t.Errorf("Namsos's predecessors: %v", merged)
	}
	tysfjord := decode(t, get(t, http.MethodGet, "/api/v1/municipalities/1850/history"))
	if len(at(tysfjord, "successors").([]any)) != 2 || at(tysfjord, "successors", 0, "kind") != "split" || at(tysfjord, "valid_to") != "2020-01-01" {
		t.Errorf("Tysfjord's successors: %v", at(tysfjord, "successors"))
	}
	if rec := get(t, http.MethodGet, "/api/v1/municipalities/9998/history"); rec.Code != http.StatusNotFound {
		t.Errorf("history of a code never used: %d", rec.Code)
	}
}

func TestRetiredCodesRedirect(t *testing.T) {
	for from, to := range map[string]string{
		"/api/v1/municipalities/1902":                              "/api/v1/municipalities/5501",
		"/api/v1/municipalities/1902?at=2016-06-01":                "/api/v1/municipalities/5501?at=2016-06-01",
		"/api/v1/municipalities/5401/population?from=2015&to=2016": "/api/v1/municipalities/5501/population?from=2015&to=2016",
		"/api/v1/municipalities/1939/area":                         "/api/v1/municipalities/5538/area",
	} {
		rec := get(t, http.MethodGet, from)
		if rec.Code != http.StatusPermanentRedirect || rec.Header().Get("Location") != to {
			t.Errorf("%s: %d to %q, want 308 to %s", from, rec.Code, rec.Header().Get("Location"), to)
		}
	}
	rec := get(t, http.MethodGet, "/api/v1/municipalities/1850")
	body := decode(t, rec)
	if rec.Code != http.StatusMultipleChoices || rec.Header().Get("Content-Type") != "application/problem+json" ||
		at(body, "type") != "/problems/multiple-choices" {
		t.Fatalf("a split code: %d %s", rec.Code, rec.Body.String())
	}
	var choices []string
	for _, c := range at(body, "choices").([]any) {
		choices = append(choices, at(c, "code").(string)+" "+at(c, "name").(string))
	}
	slices.Sort(choices)
	if strings.Join(choices, ", ") != "1806 Narvik, 1875 Hábmer - Hamarøy" {
		t.Errorf("Tysfjord's successors: %v", choices)
	}
}

func TestFiltersMapRetiredCodes(t *testing.T) {
	pop := ssb2015(t)
	rec := get(t, http.MethodGet, "/api/v1/population?municipality=1902&from=2015&to=2015")
	body := decode(t, rec)
	if at(body, "data", 0, "value") != pop["5501"] || at(body, "data", 0, "municipality", "code") != "5501" {
		t.Errorf("municipality=1902: %v", at(body, "data"))
	}
	if at(body, "meta", "mapped", 0, "from") != "1902" || at(body, "meta", "mapped", 0, "to", 0) != "5501" ||
		rec.Header().Get("Code-Mapping") != "1902=5501" {
		t.Errorf("the mapping is not reported: %v %q", at(body, "meta"), rec.Header().Get("Code-Mapping"))
	}
	split := decode(t, get(t, http.MethodGet, "/api/v1/municipalities?code=1850"))
	if got := len(at(split, "data").([]any)); got != 2 {
		t.Errorf("code=1850 (split) lists %d municipalities, want both successors", got)
	}
	if rec := get(t, http.MethodGet, "/api/v1/population?municipality=9998"); rec.Code != http.StatusNotFound {
		t.Errorf("a code never used: %d", rec.Code)
	}
}

func TestPointInTime(t *testing.T) {
	m := decode(t, get(t, http.MethodGet, "/api/v1/municipalities/5501?at=2016-06-01"))
	if at(m, "code") != "1902" || at(m, "county", "code") != "19" || at(m, "county", "name") != "Troms" {
		t.Errorf("Tromsø on 2016-06-01: %v %v", at(m, "code"), at(m, "county"))
	}
	if m := decode(t, get(t, http.MethodGet, "/api/v1/municipalities/5501?at=2021-06-01")); at(m, "code") != "5401" || at(m, "county", "name") != "Troms og Finnmark" {
		t.Errorf("Tromsø on 2021-06-01: %v", at(m, "code"))
	}
	if rec := get(t, http.MethodGet, "/api/v1/municipalities/1508?at=2016-06-01"); rec.Code != http.StatusNotFound {
		t.Errorf("Ålesund of 2024 in 2016: %d", rec.Code)
	}
	// Every municipality of SSB's 2015 classification, and only those, on a date in 2016.
	want := 0
	for _, r := range readCSV(t, "ssb_klass131_kommuneinndeling_2015-2024.csv") {
		if r["version"] == "Kommuneinndeling 2015" && r["kommunenummer"] != "9999" {
			want++
		}
	}
	list := decode(t, get(t, http.MethodGet, "/api/v1/municipalities?at=2016-06-01&count=true&county=19&fields=code"))
	if total := at(decode(t, get(t, http.MethodGet, "/api/v1/municipalities?at=2016-06-01&count=true")), "meta", "total"); total != float64(want) {
		t.Errorf("municipalities on 2016-06-01: %v, SSB's 2015 version has %d", total, want)
	}
	if codes := at(list, "data").([]any); at(codes[0], "code") != "1902" {
		t.Errorf("Troms in 2016 begins with %v", codes[0])
	}
	r := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen?at=2021-06-01"))
	if at(r, "members", 0, "at", "code") != "5401" || at(r, "members", 0, "municipality", "code") != "1902" {
		t.Errorf("Tromsøregionen's lead on 2021-06-01: %v", at(r, "members", 0))
	}
	if rec := get(t, http.MethodGet, "/api/v1/municipalities?at=2016-13-01"); rec.Code != http.StatusBadRequest {
		t.Errorf("at=2016-13-01: %d", rec.Code)
	}
}

// Tromsø's series runs 2005-2026 across its three codes, each value with the code it was published under.
func TestContinuousSeriesAcrossCodes(t *testing.T) {
	want := map[string]float64{}
	for _, r := range readCSV(t, "ssb07459_population_jan1_by_municipality_2024codes_2005-2026.csv") {
		if r["kommunenummer_2024"] == "5501" {
			want[r["year"]+"-01-01"] = number(t, r["population_jan1"])
		}
	}
	body := decode(t, get(t, http.MethodGet, "/api/v1/municipalities/5501/population?limit=100"))
	data := at(body, "data").([]any)
	if len(data) != 22 || len(want) != 22 {
		t.Fatalf("%d values, %d in the file", len(data), len(want))
	}
	for _, o := range data {
		date := at(o, "reference_date").(string)
		code := "1902"
		switch {
		case date >= "2024-01-01":
			code = "5501"
		case date >= "2020-01-01":
			code = "5401"
		}
		if at(o, "published_code") != code || at(o, "value") != want[date] {
			t.Errorf("%s: published under %v with %v, want %s with %v", date, at(o, "published_code"), at(o, "value"), code, want[date])
		}
	}
}

// A code no longer in force resolves to exactly the municipalities SSB's change table leads it to, and to
// nothing it does not: one is a 308 to it, several a 300 listing every one, with no rule beyond Klass (Klass
// records 1507 Ålesund → 1508 Ålesund and 1580 Haram, so old Haram's 1534 is a 300 of both, not a guess by
// name). Checked for every code the change table retires, against the table itself, read here from the
// dataset's file: each change after the code was last given leads on, until the codes in force.
func TestEveryRetiredCodeResolvesAsKlassSays(t *testing.T) {
	f, err := os.Open("../internal/dataset/data/ssb_klass131_changes_1972-2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type change struct{ date, old, new string }
	var changes []change
	for _, r := range rows[1:] {
		changes = append(changes, change{r[0], r[1], r[3]})
	}
	inForce := map[string]bool{}
	for _, m := range at(decode(t, get(t, http.MethodGet, "/api/v1/municipalities?limit=1000&fields=code")), "data").([]any) {
		inForce[at(m, "code").(string)] = true
	}
	// leads says which codes in force code leads to, from its changes after since.
	var leads func(code, since string, seen map[string]bool) map[string]bool
	leads = func(code, since string, seen map[string]bool) map[string]bool {
		out := map[string]bool{}
		next := ""
		for _, c := range changes {
			if c.old == code && c.date > since && (next == "" || c.date < next) {
				next = c.date
			}
		}
		if next == "" {
			if inForce[code] {
				out[code] = true
			}
			return out
		}
		key := code + "@" + next
		if seen[key] {
			return out
		}
		seen[key] = true
		for _, c := range changes {
			if c.old == code && c.date == next {
				for to := range leads(c.new, next, seen) {
					out[to] = true
				}
			}
		}
		return out
	}
	tested := 0
	retired := map[string]string{} // code -> the date of its last change
	for _, c := range changes {
		if !inForce[c.old] && c.date > retired[c.old] {
			retired[c.old] = c.date
		}
	}
	for _, code := range slices.Sorted(maps.Keys(retired)) {
		since := "" // the code's last use: from the last change that gave it or kept it, before it was retired
		for _, d := range changes {
			if d.new == code && d.date > since && d.date < retired[code] {
				since = d.date
			}
		}
		want := leads(code, since, map[string]bool{})
		var wantCodes []string
		for w := range want {
			wantCodes = append(wantCodes, w)
		}
		slices.Sort(wantCodes)
		rec := get(t, http.MethodGet, "/api/v1/municipalities/"+code)
		var got []string
		switch rec.Code {
		case http.StatusPermanentRedirect:
			got = []string{rec.Header().Get("Location")[strings.LastIndex(rec.Header().Get("Location"), "/")+1:]}
		case http.StatusMultipleChoices:
			for _, ch := range at(decode(t, rec), "choices").([]any) {
				got = append(got, at(ch, "code").(string))
			}
			slices.Sort(got)
		default:
			t.Errorf("%s: %d", code, rec.Code)
			continue
		}
		tested++
		if !slices.Equal(got, wantCodes) {
			t.Errorf("%s (retired %s) resolves to %v; the change table leads it to %v", code, retired[code], got, wantCodes)
		}
	}
	if tested < 300 {
		t.Errorf("only %d retired codes tested", tested)
	}
	for code, want := range map[string]string{"1534": "1508,1580", "1501": "1508,1531,1580", "1527": "1508,1578,1580", "1850": "1806,1875"} {
		var got []string
		for _, ch := range at(decode(t, get(t, http.MethodGet, "/api/v1/municipalities/"+code)), "choices").([]any) {
			got = append(got, at(ch, "code").(string))
		}
		slices.Sort(got)
		if strings.Join(got, ",") != want {
			t.Errorf("%s: choices %v, want %s", code, got, want)
		}
	}
}
