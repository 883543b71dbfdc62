package query

import (
	"net/url"
	"testing"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Tromsø": "tromso", "TROMSØ": "tromso", "tromso": "tromso",
		"Storfjord - Omasvuotna - Omasvuono": "storfjord omasvuotna omasvuono",
		"Hábmer":                             "habmer", "Ålesund": "alesund", "Aalesund": "alesund", "Æ": "ae",
		"Čáhcesuolu": "cahcesuolu", "Đ Ŋ Ŧ Š Ž": "d n t s z", "  a--b  ": "a b",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

var testSpec = Spec{
	Fields: []Field{
		{Name: "code", Column: "code", Type: Code, Filter: true, Sort: true},
		{Name: "name", Column: "name", Type: String, Sort: true, Text: true},
		{Name: "value", Column: "value", Type: Int, Range: true, Sort: true},
		{Name: "kind", Column: "kind", Type: Enum, Enum: []string{"official", "reported"}, Filter: true},
	},
	Search: "search", ID: "id", Select: []string{"code", "name"}, Include: []string{"population"},
	DefaultSort: []SortKey{{Field: Field{Name: "code", Column: "code", Sort: true}}},
}

func TestParse(t *testing.T) {
	q, err := Parse(url.Values{"code": {"0301,5501"}, "value": {"1000.."}, "sort": {"-name,code"},
		"q": {"TROMSØ"}, "fields": {"name"}, "include": {"population"}, "limit": {"10"}}, testSpec)
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := q.Filter("code"); len(f.Values) != 2 || f.Values[0] != "0301" {
		t.Errorf("code filter %v", f)
	}
	if f, _ := q.Filter("value"); f.Min != "1000" || f.Max != "" {
		t.Errorf("value range %v", f)
	}
	if q.SortString() != "-name,code" || q.Search != "tromso" || q.Page.Limit != 10 || !q.Includes("population") {
		t.Errorf("query %+v", q)
	}
}

func TestParseRejects(t *testing.T) {
	for _, values := range []url.Values{
		{"code": {"12"}}, {"code": {"0301,x"}}, {"value": {"5..1"}}, {"value": {".."}}, {"value": {"7"}},
		{"kind": {"guess"}}, {"sort": {"nope"}}, {"sort": {"code,code"}}, {"fields": {"secret"}},
		{"include": {"everything"}}, {"limit": {"0"}}, {"q": {"--"}}, {"count": {"yes"}}, {"code": {"0301", "5501"}},
	} {
		if _, err := Parse(values, testSpec); err == nil {
			t.Errorf("%v: accepted", values)
		}
	}
	if _, err := Parse(url.Values{"bogus": {"1"}}, testSpec); err == nil {
		t.Error("unknown parameter accepted")
	}
}
