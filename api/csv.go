package api

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// CSV answers hold the whole filtered result (or, with limit=, its first rows: a preview), streamed page by
// page, with a header row. Nested fields are flattened to dotted column names (source.id,
// municipality.code); a list of strings is joined with "; ", and so is a list of records, each by its code
// or id and name ("1939 Storfjord; 5425 Storfjord"). Every observation's figure is in the column value,
// whatever its unit (the unit column says which). The excel-nb dialect is what Norwegian Excel opens
// directly: semicolons, decimal commas, a UTF-8 byte order mark, and every cell of a column of codes or ids
// written as a formula of text, ="0301", ="5501", which Excel shows as the text 0301, 5501. Read plainly,
// 0301 would become the number 301, 5501 the number 5501 beside the text 0301 in the same column, and the
// group 5501,1902 the decimal number 5501.1902; written so, the column is text in every row. Which columns
// these are is decided by the column, never by the look of a value (see holdsCodes); an empty cell stays
// empty, and figures stay numbers with decimal commas. The rfc4180 dialect writes 0301 as it is, for readers
// that are told the column is text (pandas' dtype, readr's col_types).

// csvColumn is one column: its name and how to read it from an item.
type csvColumn struct {
	name  string
	index []int // the field path, through embedded and nested structs
	codes bool  // it holds codes or ids (holdsCodes)
}

// csvColumns lists the columns of a type, in field order, keeping only the top-level fields named in
// fields when it is not empty.
func csvColumns(t reflect.Type, prefix string, index []int, fields []string) []csvColumn {
	var out []csvColumn
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		idx := append(slices.Clone(index), i)
		if f.Anonymous {
			out = append(out, csvColumns(f.Type, prefix, idx, fields)...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		if prefix == "" && len(fields) > 0 && !slices.Contains(fields, name) {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			out = append(out, csvColumns(ft, prefix+name+".", idx, nil)...)
			continue
		}
		out = append(out, csvColumn{name: prefix + name, index: idx, codes: holdsCodes(prefix+name, ft)})
	}
	return out
}

// csvCell formats the value at the column's path, "" through a nil pointer.
func csvCell(v reflect.Value, col csvColumn, decimalComma bool) string {
	if f, ok := col.at(v); ok {
		return csvText(f, decimalComma)
	}
	return ""
}

// at is the value at the column's path in an item, and false where a nil pointer is on the way.
func (col csvColumn) at(v reflect.Value) (reflect.Value, bool) {
	for _, i := range col.index {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	return v, true
}

// csvText is a value as a CSV cell writes it.
func csvText(v reflect.Value, decimalComma bool) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64:
		s := strconv.FormatFloat(v.Float(), 'f', -1, 64)
		if decimalComma {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = listItem(v.Index(i))
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v.Interface())
}

// listItem is one item of a list as a cell shows it: a string as it is, a record by its code or id and its
// name, anything else as JSON.
func listItem(v reflect.Value) string {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.String {
		return v.String()
	}
	if v.Kind() == reflect.Struct {
		var key, name string
		for _, f := range jsonFields(v.Type()) {
			field := v.FieldByName(fieldName(v.Type(), f.name))
			if !field.IsValid() || field.Kind() != reflect.String {
				continue
			}
			switch f.name {
			case "code":
				key = field.String()
			case "id":
				key = cmp.Or(key, field.String())
			case "name", "title":
				name = cmp.Or(name, field.String())
			}
		}
		if key != "" || name != "" {
			return strings.TrimSpace(key + " " + name)
		}
		// No code or name of its own (a member, a phase): its plain values, and its records by theirs.
		var parts []string
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			for f.Kind() == reflect.Pointer && !f.IsNil() {
				f = f.Elem()
			}
			switch f.Kind() {
			case reflect.String:
				parts = append(parts, f.String())
			case reflect.Int, reflect.Int64:
				parts = append(parts, strconv.FormatInt(f.Int(), 10))
			case reflect.Struct:
				parts = append(parts, listItem(f))
			}
		}
		return strings.Join(slices.DeleteFunc(parts, func(p string) bool { return p == "" }), " ")
	}
	b, _ := json.Marshal(v.Interface())
	return string(b)
}

// fieldName is the Go name of a struct's field with a JSON name.
func fieldName(t reflect.Type, jsonName string) string {
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name == jsonName {
			return t.Field(i).Name
		}
	}
	return ""
}

// references are the fields that name another record by its id under a name of their own: a text's region,
// a theme's parent, a figure's source, a succession's municipalities.
var references = []string{"region", "parent", "source", "predecessor", "successor"}

// holdsCodes reports whether a column holds codes or ids, by its name and its Go type: a string named id or
// code, or ending in _code (published_code), at any depth (county.code, source.id); a reference by id; or a
// list of ids (every list of strings is one: themes, derived_from) or of records written by their code or id
// (codes, today, municipalities, predecessors). A code of a type of its own (a caveat's code, an enum) is a
// word of the API's, not an identifier: it is text to Excel as it is.
func holdsCodes(name string, t reflect.Type) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	switch t.Kind() {
	case reflect.String:
		return last == "id" || last == "code" || strings.HasSuffix(last, "_code") || slices.Contains(references, last)
	case reflect.Slice:
		item := t.Elem()
		for item.Kind() == reflect.Pointer {
			item = item.Elem()
		}
		if item.Kind() == reflect.String {
			return true
		}
		if item.Kind() == reflect.Struct {
			for _, f := range jsonFields(item) {
				if (f.name == "code" || f.name == "id") && f.typ == reflect.TypeFor[string]() {
					return true
				}
			}
		}
	}
	return false
}

// Excel's limits on a formula: a text constant in it holds at most 255 characters, the whole at most 8,192.
const (
	excelConstantChars = 255
	excelFormulaChars  = 8192
)

// excelText writes a cell of a code column so that Excel reads it as text whatever it looks like: ="0301".
// A longer list is joined from constants of at most 255 characters, ="…"&"…". A cell too long for any
// formula is written as it is: only a list of many ids grows so long, and its "; " makes it text to Excel
// as well.
func excelText(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.WriteString(`="`)
	chars := 0 // in the current constant, in UTF-16 units as Excel counts them
	for _, r := range s {
		n := utf16.RuneLen(r)
		if r == '"' {
			n = 2 // written twice
		}
		if chars+n > excelConstantChars {
			b.WriteString(`"&"`)
			chars = 0
		}
		if r == '"' {
			b.WriteString(`""`)
		} else {
			b.WriteRune(r)
		}
		chars += n
	}
	b.WriteString(`"`)
	if utf16Len(b.String()) > excelFormulaChars {
		return s
	}
	return b.String()
}

// utf16Len is the length of s in UTF-16 units, as Excel counts characters.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// csvHeader is a column's name in the header: every observation's figure is "value".
func csvHeader(name string) string {
	if name == "value_km2" {
		return "value"
	}
	return name
}

// streamCSV writes every item of rows, as they are read.
func streamCSV[T any](c echo.Context, q query.Query, rows domain.Rows[T], dialect string) error {
	var zero T
	columns := csvColumns(reflect.TypeOf(zero), "", nil, q.Fields)
	name := strings.Trim(strings.ReplaceAll(strings.TrimPrefix(c.Request().URL.Path, "/api/v1/"), "/", "-"), "-")
	res := c.Response()
	w := csv.NewWriter(res)
	decimalComma := dialect == dialectExcelNB
	if decimalComma {
		w.Comma = ';'
	}
	// The answer begins with the first row read, or at the end when there is none: an error the reading
	// meets before it (the database failing) is still a problem+json answer, not a 200 with a header alone.
	begun := false
	begin := func() {
		begun = true
		codeMappingHeader(c, rows.Mapped)
		res.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8; header=present")
		res.Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.csv"`, path.Base("/"+name)))
		res.WriteHeader(http.StatusOK)
		if decimalComma {
			res.Write([]byte("\uFEFF"))
		}
		w.Write(headerOf(columns))
	}
	row := make([]string, len(columns))
	written := 0
	err := rows.Each(func(item T) error {
		if !begun {
			begin()
		}
		v := reflect.ValueOf(item)
		for i, col := range columns {
			row[i] = csvCell(v, col, decimalComma)
			if decimalComma && col.codes {
				row[i] = excelText(row[i])
			}
		}
		if written++; written%query.MaxLimit == 0 {
			w.Flush()
			res.Flush()
		}
		w.Write(row)
		return w.Error() // the client went away
	})
	if err != nil && !begun {
		return err
	}
	if !begun {
		begin()
	}
	w.Flush()
	if err != nil && w.Error() == nil {
		// Once the answer has begun, an error can only be logged, and the CSV ends short.
		return fmt.Errorf("CSV stream cut short: %w", err)
	}
	return nil
}
