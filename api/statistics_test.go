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
