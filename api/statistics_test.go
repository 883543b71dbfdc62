package api_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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

// JSON-stat as SSB writes it: the dimensions in SSB's order (Region, ContentsCode, Tid), Tid by year,
// Norwegian content codes with labels and units, only the contents that have figures, a status for every
// figure that is not SSB's own, each code used explained in the notes and in extension.status, updated the
// date the latest source was retrieved (not when the server loaded its data), SSB's table id where every
// figure is one SSB table's, and a source named in full, for every series, a region's too.
func TestJSONStatAsSSBWritesIt(t *testing.T) {
	retrieved := map[string]string{}
	for _, s := range readCSV(t, "sources.csv") {
		retrieved[s["id"]] = s["retrieved"]
	}
	if retrieved["ssb-07459"] != "2026-07-01" {
		t.Fatalf("the SSB 07459 snapshot is dated %q", retrieved["ssb-07459"])
	}
	const ssb, areas = "ssb-07459", "aprestmo-norway-geodata"
	cases := []struct {
		path    string
		status  []string // codes some value must have: a compiled area is c, a region's own figure r
		updated string   // the source whose retrieved date is updated: the latest
		tableid string   // extension.px.tableid; "" where the figures are not all one SSB table's
	}{
		{path: "/api/v1/population?municipality=5501", updated: ssb, tableid: "07459"},
		{path: "/api/v1/area?municipality=5501", status: []string{"c"}, updated: areas},
		{path: "/api/v1/municipalities/5501/population", updated: ssb, tableid: "07459"},
		{path: "/api/v1/municipalities/5501/area", status: []string{"c"}, updated: areas},
		{path: "/api/v1/municipalities/5501/indicators", updated: ssb},
		{path: "/api/v1/regions/tromsoregionen/population", status: []string{"r"}, updated: ssb},
		{path: "/api/v1/regions/tromsoregionen/area", status: []string{"r"}, updated: areas},
		{path: "/api/v1/regions/tromsoregionen/indicators?from=2015", updated: ssb},
		{path: "/api/v1/aggregates/population?municipalities=5501,5503", updated: ssb},
	}
	for _, c := range cases {
		path := c.path
		sep := map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")]
		d := decode(t, get(t, http.MethodGet, path+sep+"format=jsonstat"))
		id, _ := at(d, "id").([]any)
		if len(id) != 3 || id[0] != "Region" || id[1] != "ContentsCode" || id[2] != "Tid" {
			t.Errorf("%s: id %v, want SSB's order [Region ContentsCode Tid]", path, id)
		}
		for i, dim := range id {
			index, _ := at(d, "dimension", dim, "category", "index").(map[string]any)
			if size := at(d, "size", i); size != float64(len(index)) {
				t.Errorf("%s: size of %v is %v, its categories %d", path, dim, size, len(index))
			}
		}
		tid, _ := at(d, "dimension", "Tid", "category", "index").(map[string]any)
		for id := range tid {
			if len(id) != 4 {
				t.Errorf("%s: Tid %q, not a year", path, id)
			}
		}
		if src, _ := at(d, "source").(string); src == "" {
			t.Errorf("%s: source %q", path, src)
		}
		sources, _ := at(d, "extension", "sources").([]any)
		if len(sources) == 0 || at(sources[0], "licence") == "" {
			t.Errorf("%s: extension.sources %v", path, sources)
		}
		// updated is the source's date, the latest of them, and a note says what it is.
		updated, _ := at(d, "updated").(string)
		latest := ""
		for _, s := range sources {
			if r, _ := at(s, "retrieved").(string); r > latest {
				latest = r
			}
		}
		if updated != retrieved[c.updated] || updated != latest {
			t.Errorf("%s: updated %q, want %s's retrieved %q, the latest of the sources' %q", path, updated, c.updated, retrieved[c.updated], latest)
		}
		if notes := fmt.Sprint(at(d, "note")); !strings.Contains(notes, "updated ("+updated+")") {
			t.Errorf("%s: no note says what updated is: %s", path, notes)
		}
		// SSB's extension names the table where every figure is one SSB table's, and is absent elsewhere.
		if px := at(d, "extension", "px"); (c.tableid == "") != (px == nil) || (px != nil && at(px, "tableid") != c.tableid) {
			t.Errorf("%s: extension.px %v, want tableid %q", path, px, c.tableid)
		}
		values, _ := at(d, "value").([]any)
		contents, _ := at(d, "dimension", "ContentsCode", "category", "index").(map[string]any)
		// Each content's unit as SSB writes it: the base of what is counted, and decimals.
		decimals := map[string]float64{"personer": 0, "km²": 2, "innbyggere per km²": 2, "prosent": 2}
		for code := range contents {
			unit := at(d, "dimension", "ContentsCode", "category", "unit", code)
			base, _ := at(unit, "base").(string)
			if want, ok := decimals[base]; !ok || at(unit, "decimals") != want || at(unit, "label") == nil {
				t.Errorf("%s: %s has unit %v", path, code, unit)
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
		// The codes the values use are the labelling model's, each explained once in a note and by code in
		// extension.status, and no other is explained.
		used := map[string]bool{}
		status, _ := at(d, "status").(map[string]any)
		for _, code := range status {
			if !slices.Contains([]any{"s", "e", "r", "c", "u"}, code) {
				t.Errorf("%s: status %v", path, code)
			}
			used[code.(string)] = true
		}
		for _, code := range c.status {
			if !used[code] {
				t.Errorf("%s: no value has status %s: %v", path, code, status)
			}
		}
		meanings, _ := at(d, "extension", "status").(map[string]any)
		explained := map[string]bool{}
		notes, _ := at(d, "note").([]any)
		for _, note := range notes {
			if code, meaning, ok := strings.Cut(strings.TrimPrefix(note.(string), "Status "), ": "); ok && len(code) == 1 {
				explained[code] = true
				if m, _ := meanings[code].(string); m == "" || !strings.HasPrefix(meaning, m) {
					t.Errorf("%s: note %q, extension.status %q", path, note, meanings[code])
				}
			}
		}
		if len(explained) != len(used) || len(meanings) != len(used) {
			t.Errorf("%s: codes used %v, explained in the notes %v, in extension.status %v", path, used, explained, meanings)
		}
		for code := range used {
			if !explained[code] {
				t.Errorf("%s: status %s is not explained: %v", path, code, notes)
			}
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

// format=xlsx is a spreadsheet a person can open: a header row, codes as text (0301 keeps its zero),
// figures as numbers, dates as dates, and a second sheet with the sources and their licences.
func TestXLSXExport(t *testing.T) {
	rec := get(t, http.MethodGet, "/api/v1/population?municipality=0301,5501&from=2015&to=2016&format=xlsx")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	f, err := excelize.OpenReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 2 || sheets[0] != "Data" || sheets[1] != "Kilder" {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := f.GetRows("Data")
	if err != nil || len(rows) != 5 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	cell := func(row int, name string) string {
		c, _ := excelize.CoordinatesToCellName(col[name]+1, row)
		return c
	}
	for _, c := range []struct {
		name string
		want excelize.CellType
	}{{"municipality.code", excelize.CellTypeSharedString}, {"value", excelize.CellTypeUnset}} {
		typ, err := f.GetCellType("Data", cell(2, c.name))
		if err != nil || (c.name == "municipality.code" && typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) ||
			(c.name == "value" && typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) {
			t.Errorf("%s: cell type %v %v", c.name, typ, err)
		}
	}
	if code, _ := f.GetCellValue("Data", cell(2, "municipality.code")); code != "0301" {
		t.Errorf("Oslo's code %q", code)
	}
	if v, _ := f.GetCellValue("Data", cell(2, "value"), excelize.Options{RawCellValue: true}); strings.Trim(v, "0123456789") != "" {
		t.Errorf("a figure that is not a number: %q", v)
	}
	if d, _ := f.GetCellValue("Data", cell(2, "reference_date")); d != "2015-01-01" {
		t.Errorf("a date shown as %q", d)
	}
	if raw, _ := f.GetCellValue("Data", cell(2, "reference_date"), excelize.Options{RawCellValue: true}); raw != "42005" {
		t.Errorf("a date stored as %q, not as a date", raw)
	}
	sources, _ := f.GetRows("Kilder")
	if len(sources) != 2 || sources[1][0] != "ssb-07459" || sources[1][4] == "" {
		t.Errorf("sources sheet %v", sources)
	}
}

// The spreadsheet opens in openpyxl, the Python library analysts read XLSX with (Debian's, which CI
// installs): 0301 is a text cell, the figures are numbers, the dates are dates.
func TestXLSXOpensInOpenpyxl(t *testing.T) {
	python := "/usr/bin/python3"
	if exec.Command(python, "-c", "import openpyxl").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install python3-openpyxl (.ci/run)")
		}
		t.Skip("openpyxl is not installed: apt-get install python3-openpyxl")
	}
	file := filepath.Join(t.TempDir(), "population.xlsx")
	rec := get(t, http.MethodGet, "/api/v1/population?municipality=0301&from=2015&to=2015&format=xlsx")
	if err := os.WriteFile(file, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Data"]
head = [c.value for c in ws[1]]
row = ws[2]
cell = lambda name: row[head.index(name)]
print(cell("municipality.code").data_type, repr(cell("municipality.code").value), cell("value").data_type,
      cell("reference_date").is_date, openpyxl.load_workbook(sys.argv[1]).sheetnames)
`
	out, err := exec.Command(python, "-c", script, file).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "s '0301' n True ['Data', 'Kilder']" {
		t.Errorf("openpyxl reads: %s", got)
	}
}

// county= on /population reads each figure's municipality in the county it lay in on the figure's date
// (a figure from before the municipality began, in the county of its first period), so every one of the
// 7,852 municipal figures is in exactly one county, whichever counties they are summed by; with at= the
// counties are read on that date. Checked for every county, against each municipality's code history.
func TestPopulationByCountyOnTheFiguresDate(t *testing.T) {
	histories := map[string][]any{} // code in force -> its code periods
	countyOn := func(code, date string) string {
		periods, ok := histories[code]
		if !ok {
			periods = at(decode(t, get(t, http.MethodGet, "/api/v1/municipalities/"+code+"/history")), "codes").([]any)
			histories[code] = periods
		}
		for _, p := range periods {
			from, _ := at(p, "valid_from").(string)
			to, _ := at(p, "valid_to").(string)
			if from <= date && (to == "" || to > date) {
				return at(p, "county", "code").(string)
			}
		}
		return at(periods[0], "county", "code").(string) // before the municipality began
	}
	seen := map[string]string{} // figure id -> county
	for c := 1; c <= 56; c++ {
		county := fmt.Sprintf("%02d", c)
		rec := get(t, http.MethodGet, "/api/v1/population?county="+county+"&format=csv")
		rows, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
		if err != nil || rec.Code != 200 {
			t.Fatalf("county=%s: %d %v", county, rec.Code, err)
		}
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		for _, r := range rows[1:] {
			id, code, date := r[col["id"]], r[col["municipality.code"]], r[col["reference_date"]]
			if got := countyOn(code, date); got != county {
				t.Errorf("county=%s lists %s, whose municipality was in county %s on %s", county, id, got, date)
			}
			if other, ok := seen[id]; ok {
				t.Errorf("%s is in county %s and county %s", id, other, county)
			}
			seen[id] = county
		}
	}
	if len(seen) != 7852 {
		t.Errorf("%d figures found by county, want all 7,852", len(seen))
	}
	// Troms (19) has no figure after 2019; read on 2024-01-01, Troms (55) has its 21 municipalities' every year.
	old := decode(t, get(t, http.MethodGet, "/api/v1/population?county=19&from=2021"))
	if hint, _ := at(old, "meta", "hint").(string); !strings.Contains(hint, "until 2020-01-01") || !strings.Contains(hint, "55 (Troms)") {
		t.Errorf("county=19 from 2021: hint %q", hint)
	}
	today := decode(t, get(t, http.MethodGet, "/api/v1/population?county=55&at=2024-01-01&from=2015&to=2015&count=true&limit=1"))
	if at(today, "meta", "total") != 21.0 {
		t.Errorf("county=55 read on 2024-01-01, 2015: %v figures, want 21", at(today, "meta", "total"))
	}
	municipalities := decode(t, get(t, http.MethodGet, "/api/v1/municipalities?county=19"))
	if hint, _ := at(municipalities, "meta", "hint").(string); len(at(municipalities, "data").([]any)) != 0 || !strings.Contains(hint, "at=2019-12-31") {
		t.Errorf("/municipalities?county=19 today: hint %q", hint)
	}
}
