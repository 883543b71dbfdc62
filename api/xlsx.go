package api

import (
	"fmt"
	"net/http"
	"path"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// An XLSX answer (format=xlsx) is the collection as a spreadsheet: the same columns as CSV, a header row,
// and cells of their own type, so a spreadsheet reads them right without being told: codes and ids as text
// (0301 keeps its zero), figures as numbers, dates as dates. A second sheet lists the sources of the rows
// with their licences. It is written with excelize's streaming writer, row by row.

const (
	formatXLSX = "xlsx"
	mediaXLSX  = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// isDate is a field that holds a date: YYYY-MM-DD.
var isDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// streamXLSX writes every item of rows as a spreadsheet.
func streamXLSX[T any](c echo.Context, q query.Query, rows domain.Rows[T]) error {
	var zero T
	columns := csvColumns(reflect.TypeOf(zero), "", nil, q.Fields)
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Data"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14, CustomNumFmt: ptrTo("yyyy-mm-dd")})
	if err != nil {
		return err
	}
	header := make([]any, len(columns))
	for i, col := range columns {
		header[i] = excelize.Cell{StyleID: bold, Value: csvHeader(col.name)}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	sources := map[string]domain.Source{}
	var order []string
	line := 1
	err = rows.Each(func(item T) error {
		line++
		v := reflect.ValueOf(item)
		cells := make([]any, len(columns))
		for i, col := range columns {
			cells[i] = xlsxCell(v, col, dateStyle)
		}
		collectSources(v, sources, &order)
		cell, _ := excelize.CoordinatesToCellName(1, line)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := sourcesSheet(f, bold, sources, order); err != nil {
		return err
	}
	name := strings.Trim(strings.ReplaceAll(strings.TrimPrefix(c.Request().URL.Path, "/api/v1/"), "/", "-"), "-")
	res := c.Response()
	codeMappingHeader(c, rows.Mapped)
	res.Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.xlsx"`, path.Base("/"+name)))
	res.Header().Set(echo.HeaderContentType, mediaXLSX)
	res.WriteHeader(http.StatusOK)
	_, err = f.WriteTo(res)
	return err
}

func ptrTo[T any](v T) *T { return &v }

// xlsxCell is the value at the column's path as a typed cell: a number as a number, a date as a date, a
// code or any other text as text, a list as the CSV writes it.
func xlsxCell(item reflect.Value, col csvColumn, dateStyle int) any {
	v, ok := col.at(item)
	if !ok {
		return nil
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int64:
		return v.Int()
	case reflect.Float64:
		return v.Float()
	case reflect.Bool:
		return v.Bool()
	case reflect.String:
		s := v.String()
		if isDate.MatchString(s) {
			if t, err := time.Parse(time.DateOnly, s); err == nil {
				return excelize.Cell{StyleID: dateStyle, Value: t}
			}
		}
		return s
	}
	return csvText(v, false)
}

// collectSources gathers the sources an item names, each once, in the order met.
func collectSources(v reflect.Value, into map[string]domain.Source, order *[]string) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if s, ok := v.Interface().(domain.Source); ok {
			if _, seen := into[s.ID]; !seen && s.ID != "" {
				into[s.ID] = s
				*order = append(*order, s.ID)
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				collectSources(v.Field(i), into, order)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			collectSources(v.Index(i), into, order)
		}
	}
}

// sourcesSheet lists the sources with their licences, as their licences ask to be credited.
func sourcesSheet(f *excelize.File, bold int, sources map[string]domain.Source, order []string) error {
	const sheet = "Kilder"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	header := []any{"id", "title", "publisher", "url", "licence", "retrieved", "note"}
	for i := range header {
		header[i] = excelize.Cell{StyleID: bold, Value: header[i]}
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	for i, id := range order {
		s := sources[id]
		row := []any{s.ID, s.Title, s.Publisher, deref(s.URL), s.Licence, deref(s.Retrieved), s.Note}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
