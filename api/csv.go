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

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// CSV answers hold the whole filtered result (or, with limit=, its first rows: a preview), streamed page by
// page, with a header row. Nested fields are flattened to dotted column names (source.id,
// municipality.code); a list of strings is joined with "; ", and so is a list of records, each by its code
// or id and name ("1939 Storfjord; 5425 Storfjord"). Every observation's figure is in the column value,
// whatever its unit (the unit column says which). The excel-nb dialect is what Norwegian Excel opens
// directly: semicolons, decimal commas, a UTF-8 byte order mark, and codes with a leading zero written as
// ="0301", which Excel shows as the text 0301 (read plainly, it would make the number 301). The rfc4180
// dialect writes 0301 as it is, for readers that are told the column is text (pandas' dtype, readr's
// col_types).

// csvColumn is one column: its name and how to read it from an item.
type csvColumn struct {
	name  string
	index []int // the field path, through embedded and nested structs
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
		out = append(out, csvColumn{name: prefix + name, index: idx})
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

// excelText writes a code with a leading zero so that Excel keeps it as text: ="0301".
func excelText(s string) string {
	if len(s) < 2 || s[0] != '0' || strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return s
	}
	return `="` + s + `"`
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
	codeMappingHeader(c, rows.Mapped)
	res.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8; header=present")
	res.Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.csv"`, path.Base("/"+name)))
	res.WriteHeader(http.StatusOK)
	w := csv.NewWriter(res)
	decimalComma := dialect == dialectExcelNB
	if decimalComma {
		w.Comma = ';'
		res.Write([]byte("\uFEFF"))
	}
	header := make([]string, len(columns))
	for i, col := range columns {
		header[i] = csvHeader(col.name)
	}
	w.Write(header)
	row := make([]string, len(columns))
	written := 0
	err := rows.Each(func(item T) error {
		v := reflect.ValueOf(item)
		for i, col := range columns {
			row[i] = csvCell(v, col, decimalComma)
			if decimalComma {
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
	w.Flush()
	if err != nil && w.Error() == nil {
		// Once the answer has begun, an error can only be logged, and the CSV ends short.
		return fmt.Errorf("CSV stream cut short: %w", err)
	}
	return nil
}
