package imports

import (
	"reflect"
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

func TestCSV(t *testing.T) {
	file := "\uFEFFmunicipality,year,value,source,note\n" +
		"5501,2027,92900,ssb-07459,\n" +
		"0301,,1,ssb-07459,no date\n" +
		"301,2027,1,ssb-07459,\n" +
		"5532,2027,-3,ssb-07459,\n" +
		"5532,2027,12.5,,\n" +
		"\"5534,2027,1\n"
	rows, errs, skipped, err := Parse("population", "csv", strings.NewReader(file), Defaults{})
	if err != nil || skipped != 0 {
		t.Fatal(err, skipped)
	}
	// No kind column: the kind is the store's to give (official, or what the code history says).
	want := []domain.ImportRow{{Line: 2, Municipality: "5501", ReferenceDate: "2027-01-01", Value: 92900,
		Source: "ssb-07459", Measure: domain.AreaUnknown}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %+v", rows)
	}
	// Every broken rule of every row, each with its line; "0301" keeps its zero, "301" is no code.
	for _, w := range []struct {
		line  int
		field string
	}{{3, "reference_date"}, {4, "municipality"}, {5, "value"}, {6, "value"}, {6, "source"}, {7, "row"}} {
		if !hasError(errs, w.line, w.field) {
			t.Errorf("no error for line %d, %s: %+v", w.line, w.field, errs)
		}
	}
}

func hasError(errs []domain.ImportError, line int, field string) bool {
	for _, e := range errs {
		if e.Line == line && e.Field == field {
			return true
		}
	}
	return false
}

func TestCSVRefusals(t *testing.T) {
	for name, file := range map[string]string{
		"no header":          "",
		"Norwegian Excel":    "municipality;year;value\n5501;2027;1\n",
		"an unknown column":  "municipality,year,value,colour\n",
		"not CSV or JSON":    "",
		"not a JSON dataset": `{"name":"x"}`,
	} {
		format := "csv"
		switch name {
		case "not CSV or JSON":
			format = "xml"
		case "not a JSON dataset":
			format = "json"
		}
		if _, _, _, err := Parse("population", format, strings.NewReader(file), Defaults{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestJSONArray(t *testing.T) {
	file := `[{"region":"tromsoregionen","reference_date":"2015-01-01","value":7240,"kind":"reported","measure":"land","source":"seed"},
		{"municipality":"5501","year":"2025","value":2520.8},
		{"municipality":"5501","year":"2025","value":true},
		{"municipality":"5501","year":"2025","value":1,"colour":"red"},
		{"municipality":"5501","region":"tromsoregionen","year":"2025","value":1},
		{"municipality":"5501","year":"2025","value":1,"kind":"estimate","measure":"sea"}]`
	rows, errs, _, err := Parse("area", "json", strings.NewReader(file), Defaults{Source: "file-source"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Region != "tromsoregionen" || rows[0].Measure != domain.AreaLand || rows[0].Kind != domain.KindReported ||
		rows[1].Source != "file-source" || rows[1].Value != 2520.8 || rows[1].ReferenceDate != "2025-01-01" {
		t.Errorf("rows %+v", rows)
	}
	for line, fields := range map[int][]string{2: {"value"}, 3: {"colour"}, 4: {"region"}, 5: {"kind", "measure"}} {
		for _, f := range fields {
			if !hasError(errs, line, f) {
				t.Errorf("no error for item %d, %s: %+v", line, f, errs)
			}
		}
	}
	if _, _, _, err := Parse("area", "json", strings.NewReader(`[1, 2]`), Defaults{}); err == nil {
		t.Error("an array of numbers was read")
	}
}

// A JSON-stat dataset as SSB's table 07459 gives it: other dimensions (sex) are summed into region and
// year, a cell without a figure is skipped, and "K-" before a code is SSB's and dropped.
func TestJSONStat(t *testing.T) {
	file := `{"version":"2.0","class":"dataset","id":["Region","Kjonn","Tid","ContentsCode"],"size":[2,2,2,1],
		"dimension":{
			"Region":{"category":{"index":{"K-5501":0,"K-0301":1}}},
			"Kjonn":{"category":{"index":["1","2"]}},
			"Tid":{"category":{"index":{"2025":0,"2026":1}}},
			"ContentsCode":{"category":{"index":{"Personer1":0}}}},
		"value":[100,101,50,null, 200,201,300,301]}`
	rows, errs, skipped, err := Parse("population", "json", strings.NewReader(file), Defaults{Source: "ssb-07459"})
	if err != nil || len(errs) != 0 || skipped != 1 {
		t.Fatalf("%v %v skipped %d", err, errs, skipped)
	}
	got := map[string]float64{}
	for _, r := range rows {
		got[r.Municipality+"@"+r.ReferenceDate] = r.Value
		if r.Source != "ssb-07459" || r.Kind != domain.KindOfficial {
			t.Errorf("%+v", r)
		}
	}
	want := map[string]float64{"5501@2025-01-01": 150, "5501@2026-01-01": 101, "0301@2025-01-01": 500, "0301@2026-01-01": 502}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%v, want %v", got, want)
	}
	for name, bad := range map[string]string{
		"no Tid":               `{"id":["Region"],"size":[1],"dimension":{"Region":{"category":{"index":["K-5501"]}}},"value":[1]}`,
		"two measures":         strings.Replace(file, `"size":[2,2,2,1]`, `"size":[2,2,1,2]`, 1),
		"an undescribed id":    strings.Replace(file, `"Kjonn":`, `"Sex":`, 1),
		"too few values":       strings.Replace(file, `"value":[100,101,50,null, 200,201,300,301]`, `"value":[1]`, 1),
		"sizes that differ":    strings.Replace(file, `"size":[2,2,2,1]`, `"size":[2,2,2]`, 1),
		"a category too many":  strings.Replace(file, `"index":["1","2"]`, `"index":["1","2","3"]`, 1),
		"a category too few":   strings.Replace(file, `"index":["1","2"]`, `"index":["1"]`, 1),
		"an index left out":    strings.Replace(file, `{"2025":0,"2026":1}`, `{"2025":0,"2026":0}`, 1),
		"a value not a number": strings.Replace(file, `"value":[100,`, `"value":["x",`, 1),
	} {
		if _, _, _, err := Parse("population", "json", strings.NewReader(bad), Defaults{Source: "s"}); err == nil {
			t.Errorf("%s: read", name)
		}
	}
}
