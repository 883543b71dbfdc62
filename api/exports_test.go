package api_test

import (
	"encoding/csv"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

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
