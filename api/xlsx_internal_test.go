package api

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/byregion/byregion/internal/domain"
)

// A result a spreadsheet cannot hold, too many rows or a text longer than a cell, is refused as a bad
// request for format=xlsx, before anything is written, where excelize would cut it short without a word.
func TestXLSXRefusesWhatASheetCannotHold(t *testing.T) {
	type item struct {
		ID   string `json:"id"`
		Note string `json:"note"`
	}
	rows := func(items ...item) domain.Rows[item] {
		return domain.Rows[item]{Each: func(yield func(item) error) error {
			for _, it := range items {
				if err := yield(it); err != nil {
					return err
				}
			}
			return nil
		}}
	}
	columns := csvColumns(reflect.TypeOf(item{}), "", nil, nil)
	full := strings.Repeat("å", excelize.TotalCellChars)
	for _, tt := range []struct {
		name    string
		items   []item
		refused bool
	}{
		{"as many rows as a sheet holds", []item{{ID: "a"}, {ID: "b"}}, false},
		{"one row more", []item{{ID: "a"}, {ID: "b"}, {ID: "c"}}, true},
		{"a cell filled to the brim", []item{{Note: full}}, false},
		{"a character more", []item{{Note: full + "x"}}, true},
		{"a character more in UTF-16", []item{{Note: full[len("å"):] + "😀"}}, true},
	} {
		table, _, err := xlsxRows(rows(tt.items...), columns, 0, 2)
		var e *domain.Error
		switch {
		case tt.refused && (!errors.As(err, &e) || e.Code != domain.EINVALID || e.Fields[0].Field != "format"):
			t.Errorf("%s: %v, want a bad request naming format", tt.name, err)
		case !tt.refused && (err != nil || len(table) != len(tt.items) || table[0][1] != tt.items[0].Note):
			t.Errorf("%s: %d rows, %v", tt.name, len(table), err)
		}
	}
}
