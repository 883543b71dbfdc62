package api_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Every XLSX export credits its sources: the sheet Kilder has a header of plain text in bold and one row per
// source the rows cite, in full, as /sources has it: those the rows carry, and those a region's series and
// the indicators name by id only (a reported figure's source, the observations a sum was derived from). Each
// sheet declares its real extent, so openpyxl's read_only mode, which trusts it, reads every row.
func TestXLSXCreditsEverySourceCited(t *testing.T) {
	tests := []struct {
		url  string
		want []string // the sources cited; none: those the JSON-stat answer credits
	}{
		{"/api/v1/regions/tromsoregionen/population", []string{"tromsoregionen-seed", "ssb-07459"}},
		{"/api/v1/regions/tromsoregionen/area", nil},
		{"/api/v1/regions/tromsoregionen/indicators?from=2015", nil},
		{"/api/v1/municipalities/5501/indicators", nil},
		{"/api/v1/aggregates/population?municipalities=5501,1902,5532", nil},
		{"/api/v1/population?municipality=0301,5501&from=2015&to=2016", []string{"ssb-07459"}},
		{"/api/v1/quality", qualitySources(t)},
		// The municipalities' names are Kartverket's, named by id in every name.
		{"/api/v1/municipalities", []string{"ssb-klass-131", "kartverket-kommuneinfo"}},
		{"/api/v1/regions/tromsoregionen/municipalities", []string{"tromsoregionen-seed", "ssb-klass-131", "kartverket-kommuneinfo"}},
		{"/api/v1/regions/tromsoregionen/goals", []string{"tromsoregionen-seed"}},
	}
	dir := t.TempDir()
	var files []string
	for i, tt := range tests {
		sep := map[bool]string{true: "&", false: "?"}[strings.Contains(tt.url, "?")]
		want := tt.want
		if want == nil {
			for _, s := range at(decode(t, get(t, http.MethodGet, tt.url+sep+"format=jsonstat")), "extension", "sources").([]any) {
				want = append(want, at(s, "id").(string))
			}
		}
		items := decode(t, get(t, http.MethodGet, tt.url+sep+"limit=1000"))
		if at(items, "meta", "next") != nil {
			t.Fatalf("%s: more than a page", tt.url)
		}
		rec := get(t, http.MethodGet, tt.url+sep+"format=xlsx")
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", tt.url, rec.Code, rec.Body.String())
		}
		file := filepath.Join(dir, fmt.Sprintf("%d.xlsx", i))
		if err := os.WriteFile(file, rec.Body.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
		f, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatalf("%s: %v", tt.url, err)
		}
		data, _ := f.GetRows("Data")
		if len(data)-1 != len(at(items, "data").([]any)) {
			t.Errorf("%s: %d rows in the sheet, %d items in JSON", tt.url, len(data)-1, len(at(items, "data").([]any)))
		}
		sources, _ := f.GetRows("Kilder")
		if len(sources) == 0 || len(data) == 0 {
			t.Fatalf("%s: %d rows of data, %d of sources", tt.url, len(data), len(sources))
		}
		if !slices.Equal(sources[0], []string{"id", "title", "publisher", "url", "licence", "retrieved", "note", "borders"}) {
			t.Errorf("%s: sources sheet's header %q", tt.url, sources[0])
		}
		for col := 1; col <= len(sources[0]); col++ {
			cell, _ := excelize.CoordinatesToCellName(col, 1)
			typ, _ := f.GetCellType("Kilder", cell)
			id, _ := f.GetCellStyle("Kilder", cell)
			style, err := f.GetStyle(id)
			if (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) || err != nil || style.Font == nil || !style.Font.Bold {
				t.Errorf("%s: the header %s is not bold text: type %v, style %+v %v", tt.url, cell, typ, style, err)
			}
		}
		var got []string
		for _, row := range sources[1:] {
			got = append(got, row[0])
			full := decode(t, get(t, http.MethodGet, "/api/v1/sources/"+row[0]))
			for i, name := range sources[0] {
				want, _ := at(full, name).(string)
				if cell := append(row, make([]string, len(sources[0]))...)[i]; cell != want {
					t.Errorf("%s: source %s's %s is %q, want %q", tt.url, row[0], name, cell, want)
				}
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, slices.Compact(want)) {
			t.Errorf("%s: the sources sheet lists %v, want %v", tt.url, got, slices.Compact(want))
		}
		for sheet, rows := range map[string][][]string{"Data": data, "Kilder": sources} {
			last, _ := excelize.CoordinatesToCellName(len(rows[0]), len(rows))
			if dim, _ := f.GetSheetDimension(sheet); dim != "A1:"+last {
				t.Errorf("%s: sheet %s declares %s, holds A1:%s", tt.url, sheet, dim, last)
			}
		}
		f.Close()
	}
	// openpyxl in read_only mode sizes a sheet by its dimension, and reads no row beyond it.
	python := "/usr/bin/python3"
	if exec.Command(python, "-c", "import openpyxl").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install python3-openpyxl (.ci/run)")
		}
		t.Skip("openpyxl is not installed: apt-get install python3-openpyxl")
	}
	script := `
import json, sys, openpyxl
out = []
for name in sys.argv[1:]:
    sheets = {}
    full = openpyxl.load_workbook(name)
    for ws in openpyxl.load_workbook(name, read_only=True):
        rows = list(ws.iter_rows(values_only=True))
        sheets[ws.title] = {"max_row": ws.max_row, "max_column": ws.max_column, "read": len(rows),
            "header": [str(v) for v in rows[0]] if rows else [], "rows": full[ws.title].max_row}
    out.append(sheets)
print(json.dumps(out))
`
	out, err := exec.Command(python, append([]string{"-c", script}, files...)...).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	var read []map[string]struct {
		MaxRow    int `json:"max_row"`
		MaxColumn int `json:"max_column"`
		Read      int `json:"read"`
		Rows      int `json:"rows"`
		Header    []string
	}
	if err := json.Unmarshal(out, &read); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for i, tt := range tests {
		f, _ := excelize.OpenFile(files[i])
		for _, sheet := range []string{"Data", "Kilder"} {
			rows, _ := f.GetRows(sheet)
			got := read[i][sheet]
			if got.MaxRow != len(rows) || got.Read != len(rows) || got.Rows != len(rows) || got.MaxColumn != len(rows[0]) ||
				!slices.Equal(got.Header, rows[0]) {
				t.Errorf("%s: openpyxl reads sheet %s as %+v; it has %d rows of %d columns, headed %q", tt.url, sheet, got,
					len(rows), len(rows[0]), rows[0])
			}
		}
		f.Close()
	}
}

// qualitySources are the sources the quality reports name, by id.
func qualitySources(t *testing.T) []string {
	var ids []string
	for _, r := range at(decode(t, get(t, http.MethodGet, "/api/v1/quality?limit=1000")), "data").([]any) {
		for _, figure := range []string{"population", "area"} {
			for _, side := range []string{"reported", "computed"} {
				if id, ok := at(r, figure, side, "source").(string); ok {
					ids = append(ids, id)
				}
			}
		}
	}
	return ids
}

// In the excel-nb dialect every cell of a column of codes or ids is a formula of text, ="0301" and ="5501"
// alike, so that Excel gives the column one type: read plainly, 5501 would be a number beside the text 0301,
// and the group 5501,1902 a decimal number. Empty cells stay empty, figures stay numbers with decimal commas,
// and every code reads back as the rfc4180 answer has it.
func TestExcelDialectWritesEveryCodeAsText(t *testing.T) {
	const (
		municipalityCode = `^[0-9]{4}$`
		sourceID         = `^[a-z0-9]+(-[a-z0-9]+)*$`
		empty            = `^$` // the column holds nothing in this answer
	)
	tests := []struct {
		url  string
		rows int // 0: as many as the rfc4180 answer
		// codes are the columns of codes or ids, and what each of their cells holds; figures the columns of numbers.
		codes   map[string]string
		figures []string
	}{
		{"/api/v1/population?region=tromsoregionen", 0, map[string]string{
			"id": `^population:[0-9]{4}:[0-9-]{10}:ssb-07459$`, "municipality.code": municipalityCode, "region.id": empty,
			"published_code": municipalityCode, "source.id": sourceID}, []string{"value"}},
		{"/api/v1/municipalities", 357, map[string]string{
			"id": municipalityCode, "code": municipalityCode, "county.code": `^[0-9]{2}$`,
			"codes": `^[0-9]{4} [^;]+(; [0-9]{4} [^;]+)*$`, "source.id": sourceID}, nil},
		{"/api/v1/aggregates/population?municipalities=5501,1902&from=2015", 0, map[string]string{
			"subject.id": `^5501,1902$`, "subject.municipalities": `^5501 Tromsø$`, "derived_from": `^((population|area):5501:.*)+$`},
			[]string{"population", "area_km2", "density", "change.absolute", "change.percent"}},
		// Ten observation ids in a row, longer than a formula's text constant (255 characters) holds.
		{"/api/v1/regions/tromsoregionen/indicators", 0, map[string]string{
			"subject.id": `^tromsoregionen$`, "subject.municipalities": `^[0-9]{4} .+`, "derived_from": `^.{256,}$`},
			[]string{"population", "density"}},
		// Caveats, whose codes are words of the API's (territory_differs), not identifiers: no formula.
		{"/api/v1/regions/narvikregionen/indicators", 0, map[string]string{
			"subject.id": `^narvikregionen$`, "subject.municipalities": `^[0-9]{4} .+`, "derived_from": `^.+$`},
			[]string{"population", "density"}},
		// The predecessors of a sum, by code and name, are codes; an official year has none.
		{"/api/v1/population?municipality=1103", 0, map[string]string{
			"id": `^population:1103:[0-9-]{10}:ssb-07459$`, "municipality.code": `^1103$`, "region.id": empty,
			"published_code": `^1103$`, "predecessors": `^1103 Stavanger; 1141 Finnøy; 1142 Rennesøy$`, "source.id": sourceID},
			[]string{"value"}},
	}
	nameOfCode := regexp.MustCompile(`(^|\.)(id|code)$|_code$`)
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			sep := map[bool]string{true: "&", false: "?"}[strings.Contains(tt.url, "?")]
			excel := readCSVAnswer(t, tt.url+sep+"format=csv&dialect=excel-nb", ';')
			plain := readCSVAnswer(t, tt.url+sep+"format=csv", ',')
			want := tt.rows
			if want == 0 {
				want = len(plain) - 1
			}
			if len(excel)-1 != want || len(plain) != len(excel) || want == 0 {
				t.Fatalf("%d rows in excel-nb, %d in rfc4180, want %d", len(excel)-1, len(plain)-1, want)
			}
			filled := map[string]int{}
			for c, name := range excel[0] {
				pattern, isCode := tt.codes[name]
				if nameOfCode.MatchString(name) && !isCode {
					t.Errorf("%s is named as a code column, but the test does not check it", name)
				}
				isFigure := false
				for _, f := range tt.figures {
					isFigure = isFigure || f == name
				}
				for r := 1; r < len(excel); r++ {
					cell, asPlain := excel[r][c], plain[r][c]
					switch {
					case isCode && cell == "":
						if asPlain != "" {
							t.Fatalf("row %d, %s: empty, where rfc4180 has %q", r, name, asPlain)
						}
					case isCode:
						text, ok := excelTextValue(t, cell)
						if !ok || text != asPlain || !regexp.MustCompile(pattern).MatchString(text) {
							t.Fatalf("row %d, %s: %q is not text to Excel holding %q (%s)", r, name, cell, asPlain, pattern)
						}
						filled[name]++
					case strings.HasPrefix(cell, "="):
						t.Fatalf("row %d, %s: %q is a formula in a column of neither codes nor ids", r, name, cell)
					case isFigure && cell != "":
						if _, err := strconv.ParseFloat(strings.Replace(cell, ",", ".", 1), 64); err != nil || strings.Contains(cell, ".") ||
							strings.Replace(cell, ",", ".", 1) != asPlain {
							t.Fatalf("row %d, %s: %q is not the number %s with a decimal comma", r, name, cell, asPlain)
						}
						filled[name]++
					}
				}
			}
			for name, pattern := range tt.codes {
				if (filled[name] == 0) != (pattern == empty) {
					t.Errorf("%s: %d cells filled", name, filled[name])
				}
			}
			for _, name := range tt.figures {
				if filled[name] == 0 {
					t.Errorf("%s: no figure", name)
				}
			}
		})
	}
}

// readCSVAnswer reads a CSV answer, without the byte order mark the excel-nb dialect begins with.
func readCSVAnswer(t *testing.T, url string, comma rune) [][]string {
	t.Helper()
	rec := get(t, http.MethodGet, url)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", url, rec.Code, rec.Body.String())
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\uFEFF")))
	r.Comma = comma
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return rows
}

// excelTextValue is the text of a formula as Excel reads it, when it is only text constants, each of at most
// 255 characters, joined by &: ="0301", ="a"&"b".
func excelTextValue(t *testing.T, formula string) (string, bool) {
	rest, ok := strings.CutPrefix(formula, "=")
	var text strings.Builder
	for ok {
		if rest, ok = strings.CutPrefix(rest, `"`); !ok {
			break
		}
		var constant strings.Builder
		for {
			i := strings.IndexByte(rest, '"')
			if i < 0 {
				return "", false
			}
			constant.WriteString(rest[:i])
			rest = rest[i+1:]
			if !strings.HasPrefix(rest, `"`) {
				break
			}
			constant.WriteByte('"')
			rest = rest[1:]
		}
		if n := len([]rune(constant.String())); n > 255 {
			t.Errorf("a text constant of %d characters, more than Excel takes: %.80q…", n, formula)
		}
		text.WriteString(constant.String())
		if rest == "" {
			return text.String(), true
		}
		rest, ok = strings.CutPrefix(rest, "&")
	}
	return "", false
}
