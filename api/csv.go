package api

import (
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

// CSV answers hold the whole filtered result, streamed page by page, with a header row. Nested fields are
// flattened to dotted column names (source.id, municipality.code); a list of strings is joined with "; ",
// a list of objects is written as JSON. The excel-nb dialect is what Norwegian Excel opens directly:
// semicolons, decimal commas and a UTF-8 byte order mark.

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
	for _, i := range col.index {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return ""
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
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
		if v.Type().Elem().Kind() == reflect.String {
			parts := make([]string, v.Len())
			for i := range parts {
				parts[i] = v.Index(i).String()
			}
			return strings.Join(parts, "; ")
		}
		b, _ := json.Marshal(v.Interface())
		return string(b)
	}
	return fmt.Sprint(v.Interface())
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
		header[i] = col.name
	}
	w.Write(header)
	row := make([]string, len(columns))
	written := 0
	err := rows.Each(func(item T) error {
		v := reflect.ValueOf(item)
		for i, col := range columns {
			row[i] = csvCell(v, col, decimalComma)
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
