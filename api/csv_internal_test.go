package api

import (
	"strings"
	"testing"
)

// excelText makes any cell text to Excel, within Excel's limits on a formula: a text constant of at most 255
// characters, a formula of at most 8,192.
func TestExcelText(t *testing.T) {
	long := strings.Repeat("population:5501:2015-01-01:ssb-07459; ", 10) // 380 characters
	tooLong := strings.Repeat("population:5501:2015-01-01:ssb-07459; ", 300)
	for _, tt := range []struct{ cell, want string }{
		{"", ""},
		{"0301", `="0301"`},
		{"5501", `="5501"`},
		{"5501,1902", `="5501,1902"`},
		{`a "quoted" name`, `="a ""quoted"" name"`},
		{long, `="` + long[:255] + `"&"` + long[255:] + `"`},
		{strings.Repeat("å", 256), `="` + strings.Repeat("å", 255) + `"&"å"`},
		{tooLong, tooLong},
	} {
		if got := excelText(tt.cell); got != tt.want {
			t.Errorf("excelText(%.40q) = %.300q, want %.300q", tt.cell, got, tt.want)
		}
	}
}
