package api

import (
	"context"
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
// (0301 keeps its zero), figures as numbers, dates as dates. A second sheet, Kilder, lists every source the
// rows cite, once each, in full with its licence, as the licences ask to be credited: the sources the rows
// carry whole, and those they name by id only (a region's reported figure, the observations a sum was
// derived from), read from the store.
//
// Each sheet declares its extent (<dimension ref="A1:L23">), which readers in streaming mode (openpyxl's
// read_only) trust for its size. excelize's stream writer writes that element before the rows, so the rows
// are read first and the sheets written after. A result a spreadsheet cannot hold (too many rows, a cell
// too long) is refused before anything is written, rather than cut short.

const (
	formatXLSX = "xlsx"
	mediaXLSX  = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// isDate is a field that holds a date: YYYY-MM-DD.
var isDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// answerXLSX answers every item of rows as a spreadsheet, and the sources they cite.
func answerXLSX[T any](c echo.Context, q query.Query, rows domain.Rows[T],
	inFull func(context.Context, []domain.Source) ([]domain.Source, error)) error {
	var zero T
	columns := csvColumns(reflect.TypeOf(zero), "", nil, q.Fields)
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14, CustomNumFmt: ptrTo("yyyy-mm-dd")})
	if err != nil {
		return err
	}
	data, cited, err := xlsxRows(rows, columns, dateStyle, excelize.TotalRows-1)
	if err != nil {
		return err
	}
	credited, err := inFull(c.Request().Context(), cited.list())
	if err != nil {
		return err
	}
	// The sources sheet is the sources as /sources?format=xlsx has them: the same columns, the same cells.
	sourceColumns := csvColumns(reflect.TypeFor[domain.Source](), "", nil, nil)
	sources, _, err := xlsxRows(domain.Rows[domain.Source]{Each: func(yield func(domain.Source) error) error {
		for _, src := range credited {
			if err := yield(src); err != nil {
				return err
			}
		}
		return nil
	}}, sourceColumns, dateStyle, excelize.TotalRows-1)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "Data"); err != nil {
		return err
	}
	if _, err := f.NewSheet("Kilder"); err != nil {
		return err
	}
	if err := writeSheet(f, "Data", headerOf(columns), data, bold); err != nil {
		return err
	}
	if err := writeSheet(f, "Kilder", headerOf(sourceColumns), sources, bold); err != nil {
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

// xlsxRows reads every item as a row of typed cells, and the sources the items cite. More than most rows is
// refused: a sheet holds no more.
func xlsxRows[T any](rows domain.Rows[T], columns []csvColumn, dateStyle, most int) ([][]any, *citations, error) {
	var out [][]any
	cited := &citations{known: map[string]domain.Source{}}
	err := rows.Each(func(item T) error {
		if len(out) == most {
			return domain.Invalid("query", "format", fmt.Sprintf(
				"cannot be xlsx for this result: it has more than %d rows, the most a sheet holds below its header; "+
					"ask for format=csv, or filter the result", most))
		}
		v := reflect.ValueOf(item)
		cells := make([]any, len(columns))
		for i, col := range columns {
			cell, err := xlsxCell(v, col, dateStyle)
			if err != nil {
				return err
			}
			cells[i] = cell
		}
		out = append(out, cells)
		cited.add(v)
		return nil
	})
	return out, cited, err
}

// xlsxCell is the value at the column's path as a typed cell: a number as a number, a date as a date, a
// code or any other text as text, a list as the CSV writes it. A text longer than a cell holds is refused,
// where excelize would cut it short.
func xlsxCell(item reflect.Value, col csvColumn, dateStyle int) (any, error) {
	v, ok := col.at(item)
	if !ok {
		return nil, nil
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int64:
		return v.Int(), nil
	case reflect.Float64:
		return v.Float(), nil
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.String:
		if s := v.String(); isDate.MatchString(s) {
			if t, err := time.Parse(time.DateOnly, s); err == nil {
				return excelize.Cell{StyleID: dateStyle, Value: t}, nil
			}
		}
	}
	s := csvText(v, false)
	if utf16Len(s) > excelize.TotalCellChars {
		return nil, domain.Invalid("query", "format", fmt.Sprintf(
			"cannot be xlsx for this result: a cell of %s is longer than the %d characters a spreadsheet's cell holds; ask for format=csv",
			col.name, excelize.TotalCellChars))
	}
	return s, nil
}

// writeSheet writes a header row in bold and the rows below it, with the stream writer. The sheet's extent
// is declared before the writer is made, as the writer writes it first.
func writeSheet(f *excelize.File, sheet string, header []string, rows [][]any, bold int) error {
	last, err := excelize.CoordinatesToCellName(max(len(header), 1), len(rows)+1)
	if err != nil {
		return err
	}
	if err := f.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	cells := make([]any, len(header))
	for i, name := range header {
		cells[i] = excelize.Cell{StyleID: bold, Value: name}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// headerOf is the header row of columns.
func headerOf(columns []csvColumn) []string {
	header := make([]string, len(columns))
	for i, col := range columns {
		header[i] = csvHeader(col.name)
	}
	return header
}

// citations are the sources rows cite, each once, in the order met: whole where an item carries a source,
// by id where it names one, in a field source that holds an id (a reported figure's, a name's) or by the
// observations in derived_from, whose ids end in their source's (population:5501:2015-01-01:ssb-07459).
type citations struct {
	order []string
	known map[string]domain.Source // by id; only the id, where the rows give no more
}

// add cites the sources an item names, wherever they are in it.
func (c *citations) add(v reflect.Value) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if s, ok := v.Interface().(domain.Source); ok {
			c.cite(s)
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			field := v.Field(i)
			switch {
			case name == "source" && field.Kind() == reflect.String:
				c.cite(domain.Source{ID: field.String()})
			case name == "derived_from" && field.Kind() == reflect.Slice && field.Type().Elem().Kind() == reflect.String:
				for j := 0; j < field.Len(); j++ {
					observation := field.Index(j).String()
					c.cite(domain.Source{ID: observation[strings.LastIndexByte(observation, ':')+1:]})
				}
			default:
				c.add(field)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			c.add(v.Index(i))
		}
	}
}

// cite adds a source, or what more the rows give of one already cited.
func (c *citations) cite(s domain.Source) {
	known, seen := c.known[s.ID]
	switch {
	case s.ID == "":
	case !seen:
		c.order = append(c.order, s.ID)
		c.known[s.ID] = s
	case known.Title == "" && s.Title != "":
		c.known[s.ID] = s
	}
}

// list is every source cited, in the order met; some by id only.
func (c *citations) list() []domain.Source {
	out := make([]domain.Source, len(c.order))
	for i, id := range c.order {
		out[i] = c.known[id]
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
