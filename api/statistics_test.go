package api_test

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// A region's population as rows is its members' figures only: summed by year, as an analyst's pandas
// groupby would, 2015 gives 85,510, the region's total, not twice it. The region's own reported figure is
// at /regions/{id}/population, or asked for with kind=reported.
func TestRegionRowsAreItsMembers(t *testing.T) {
	rec := get(t, http.MethodGet, "/api/v1/population?region=tromsoregionen&format=csv")
	rows, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%v %s", err, rec.Body.String())
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	sum := map[string]int{}
	for _, r := range rows[1:] {
		if r[col["municipality.code"]] == "" {
			t.Errorf("a row without a municipality: %v", r)
		}
		v, _ := strconv.Atoi(r[col["value"]])
		sum[r[col["reference_date"]]] += v
	}
	if sum["2015-01-01"] != 85510 {
		t.Errorf("2015 sums to %d", sum["2015-01-01"])
	}
	own := decode(t, get(t, http.MethodGet, "/api/v1/population?region=tromsoregionen&kind=reported"))
	if data, _ := at(own, "data").([]any); len(data) != 1 || at(data[0], "region", "id") != "tromsoregionen" || at(data[0], "value") != 85510.0 {
		t.Errorf("kind=reported: %v", own)
	}
}

// JSON-stat as SSB writes it: Tid by year, Norwegian content codes with labels and units, only the contents
// that have figures, updated, and a source named in full, for every series, a region's too.
func TestJSONStatAsSSBWritesIt(t *testing.T) {
	for _, path := range []string{"/api/v1/population?municipality=5501", "/api/v1/regions/tromsoregionen/population",
		"/api/v1/regions/tromsoregionen/area", "/api/v1/regions/tromsoregionen/indicators?from=2015", "/api/v1/area?municipality=5501"} {
		sep := map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")]
		d := decode(t, get(t, http.MethodGet, path+sep+"format=jsonstat"))
		tid, _ := at(d, "dimension", "Tid", "category", "index").(map[string]any)
		for id := range tid {
			if len(id) != 4 {
				t.Errorf("%s: Tid %q, not a year", path, id)
			}
		}
		if src, _ := at(d, "source").(string); src == "" || at(d, "updated") == "" || at(d, "updated") == nil {
			t.Errorf("%s: source %q, updated %v", path, src, at(d, "updated"))
		}
		if sources, _ := at(d, "extension", "sources").([]any); len(sources) == 0 || at(sources[0], "licence") == "" {
			t.Errorf("%s: extension.sources %v", path, sources)
		}
		values, _ := at(d, "value").([]any)
		contents, _ := at(d, "dimension", "ContentsCode", "category", "index").(map[string]any)
		for code := range contents {
			if at(d, "dimension", "ContentsCode", "category", "unit", code, "label") == nil {
				t.Errorf("%s: %s has no unit", path, code)
			}
		}
		empty := 0
		for _, v := range values {
			if v == nil {
				empty++
			}
		}
		if strings.HasPrefix(path, "/api/v1/population") && empty > 0 {
			t.Errorf("%s: %d of %d cells empty: a content without figures", path, empty, len(values))
		}
	}
}

// Nothing served calls the municipal areas official: their kind is compiled, and every label, note and
// quality text derived from them says what is known of them.
func TestAreaIsNotCalledOfficial(t *testing.T) {
	body := get(t, http.MethodGet, "/api/v1/area?limit=1000").Body.String()
	if strings.Contains(body, `"kind":"official"`) || !strings.Contains(body, `"kind":"compiled"`) {
		t.Errorf("an area figure is official: %.300s", body)
	}
	for _, path := range []string{"/api/v1/area?municipality=5501&format=jsonstat", "/api/v1/regions/tromsoregionen/area",
		"/api/v1/regions/tromsoregionen/area?format=jsonstat", "/api/v1/regions/tromsoregionen/quality",
		"/api/v1/regions/tromsoregionen/summary", "/api/v1/regions/tromsoregionen/indicators?format=jsonstat"} {
		body := strings.ToLower(get(t, http.MethodGet, path).Body.String())
		area := body
		if strings.Contains(path, "quality") || strings.Contains(path, "summary") {
			if i := strings.Index(body, `"area":`); i >= 0 {
				area = body[i:]
			}
		}
		for _, word := range []string{"official area", "offisiell", "official areas"} {
			if strings.Contains(area, word) && !strings.Contains(path, "indicators") {
				t.Errorf("%s says %q of the area", path, word)
			}
		}
	}
	ind := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/indicators?from=2015&to=2015"))
	if at(ind, "data", 0, "area_reference_date") != "2025-01-01" {
		t.Errorf("density does not say which area it divides by: %v", at(ind, "data", 0))
	}
}
