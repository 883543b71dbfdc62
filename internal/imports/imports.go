// Package imports reads observation files (CSV, a JSON array, or a JSON-stat 2.0 dataset as SSB's table
// 07459 download gives it) into rows for the store to import. It checks each row's form; the store checks
// what the row refers to.
package imports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/byregion/byregion/internal/domain"
)

// Kinds are what can be imported.
var Kinds = []string{"population", "area"}

// Defaults fill what a file leaves out: the source (for a JSON-stat dataset, or rows without one).
type Defaults struct {
	Source string
}

// Parse reads a file of the given kind; format is "csv" or "json" (a JSON array or a JSON-stat dataset,
// told apart by the document). Rows whose form is wrong come back as errors with their line.
func Parse(kind, format string, r io.Reader, d Defaults) ([]domain.ImportRow, []domain.ImportError, int, error) {
	switch format {
	case "csv":
		rows, errs, err := parseCSV(kind, r, d)
		return rows, errs, 0, err
	case "json":
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, nil, 0, err
		}
		trimmed := bytes.TrimSpace(data)
		if len(trimmed) > 0 && trimmed[0] == '[' {
			rows, errs, err := parseArray(kind, trimmed, d)
			return rows, errs, 0, err
		}
		return parseJSONStat(kind, trimmed, d)
	}
	return nil, nil, 0, fmt.Errorf("format %q is not csv or json", format)
}

// fields are a row's values by column name, before checking.
type fields map[string]string

// row checks one row's form and makes it an ImportRow.
func row(kind string, line int, f fields, d Defaults) (domain.ImportRow, []domain.ImportError) {
	var errs []domain.ImportError
	bad := func(field, message string) {
		errs = append(errs, domain.ImportError{Line: line, Field: field, Message: message})
	}
	r := domain.ImportRow{Line: line, Municipality: f["municipality"], Region: f["region"],
		Source: f["source"], Note: f["note"], Measure: domain.AreaUnknown}
	switch {
	case r.Municipality == "" && r.Region == "":
		bad("municipality", "is required (or region, for a region's own figure)")
	case r.Municipality != "" && r.Region != "":
		bad("region", "must be left empty when municipality is given")
	case r.Municipality != "" && !isCode(r.Municipality):
		bad("municipality", "must be a municipality code of four digits")
	}
	r.ReferenceDate = f["reference_date"]
	if r.ReferenceDate == "" && f["year"] != "" {
		r.ReferenceDate = f["year"] + "-01-01"
	}
	if _, err := time.Parse(time.DateOnly, r.ReferenceDate); err != nil {
		bad("reference_date", "must be a date YYYY-MM-DD (or give year for 1 January)")
	}
	value, err := strconv.ParseFloat(strings.ReplaceAll(f["value"], ",", "."), 64)
	switch {
	case err != nil:
		bad("value", "must be a number")
	case kind == "population" && (value < 0 || value != float64(int64(value))):
		bad("value", "must be a whole number of persons, not negative")
	case kind == "area" && value <= 0:
		bad("value", "must be a positive number of km²")
	}
	r.Value = value
	if k := f["kind"]; k != "" {
		r.Kind = domain.Kind(k)
		if !slices.Contains(domain.Kinds, r.Kind) {
			bad("kind", "must be official, sum_of_predecessors, apportioned, reported or compiled")
		}
	}
	if m := f["measure"]; m != "" {
		r.Measure = domain.AreaMeasure(m)
		if kind != "area" || (r.Measure != domain.AreaTotal && r.Measure != domain.AreaLand && r.Measure != domain.AreaUnknown) {
			bad("measure", "is for area only, and must be total, land or unknown")
		}
	}
	if r.Source == "" {
		r.Source = d.Source
	}
	if r.Source == "" {
		bad("source", "is required: a column, or the source parameter for the whole file")
	}
	return r, errs
}

func isCode(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Columns are the CSV columns, and the keys of a JSON array's objects.
var Columns = []string{"municipality", "region", "reference_date", "year", "value", "kind", "source", "note", "measure"}

func parseCSV(kind string, r io.Reader, d Defaults) ([]domain.ImportRow, []domain.ImportError, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("the CSV has no header row: %w", err)
	}
	if len(header) == 1 && strings.Contains(header[0], ";") { // Norwegian Excel
		return nil, nil, errors.New("the CSV is separated by semicolons; send it with commas (RFC 4180)")
	}
	index := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		if !contains(Columns, h) {
			return nil, nil, fmt.Errorf("column %q is not one of %s", h, strings.Join(Columns, ", "))
		}
		index[h] = i
	}
	var rows []domain.ImportRow
	var errs []domain.ImportError
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, domain.ImportError{Line: line, Field: "row", Message: "is not valid CSV"})
			continue
		}
		f := fields{}
		for name, i := range index {
			if i < len(rec) {
				f[name] = strings.TrimSpace(rec[i])
			}
		}
		r, rowErrs := row(kind, line, f, d)
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		rows = append(rows, r)
	}
	return rows, errs, nil
}

func parseArray(kind string, data []byte, d Defaults) ([]domain.ImportRow, []domain.ImportError, error) {
	var items []map[string]any
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, nil, errors.New("the JSON is not an array of objects")
	}
	var rows []domain.ImportRow
	var errs []domain.ImportError
	for i, item := range items {
		f := fields{}
		var unknown []string
		for k, v := range item {
			if !contains(Columns, k) {
				unknown = append(unknown, k)
				continue
			}
			switch x := v.(type) {
			case string:
				f[k] = x
			case float64:
				f[k] = strconv.FormatFloat(x, 'f', -1, 64)
			case nil:
			default:
				errs = append(errs, domain.ImportError{Line: i, Field: k, Message: "must be a string or a number"})
			}
		}
		if len(unknown) > 0 {
			errs = append(errs, domain.ImportError{Line: i, Field: strings.Join(unknown, ","), Message: "is not a field; the fields are " + strings.Join(Columns, ", ")})
			continue
		}
		r, rowErrs := row(kind, i, f, d)
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		rows = append(rows, r)
	}
	return rows, errs, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
