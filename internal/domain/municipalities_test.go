package domain

import (
	"fmt"
	"testing"
)

// A municipality's names on a date are those whose period holds it; without a date, the latest (open).
func TestNamesOn(t *testing.T) {
	d := func(s string) *string { return &s }
	names := []Name{
		{Name: "Storfjord", Language: "no"},
		{Name: "Omasvuotna", Language: "se", ValidFrom: d("2015-01-01")},
		{Name: "Gamlevik", Language: "no", ValidTo: d("1990-01-01")},
		{Name: "Vik", Language: "no", ValidFrom: d("1990-01-01"), ValidTo: d("2020-01-01")},
	}
	cases := []struct {
		date string
		want string
	}{
		{"2014-12-31", "[Storfjord Vik]"},
		{"2015-01-01", "[Storfjord Omasvuotna Vik]"},
		{"1989-12-31", "[Storfjord Gamlevik]"},
		{"1990-01-01", "[Storfjord Vik]"},
		{"2020-01-01", "[Storfjord Omasvuotna]"},
		{"", "[Storfjord Omasvuotna]"},
	}
	for _, c := range cases {
		var got []string
		for _, n := range NamesOn(names, c.date) {
			got = append(got, n.Name)
		}
		if fmt.Sprint(got) != c.want {
			t.Errorf("on %q: %v, want %s", c.date, got, c.want)
		}
	}
	if got := NamesOn(nil, "2020-01-01"); got == nil || len(got) != 0 {
		t.Errorf("no names: %#v, want an empty list", got)
	}
}

// Names are listed Norwegian first, then the Sámi languages and Kven, a language not known last; in one
// language, oldest first.
func TestSortNames(t *testing.T) {
	d := func(s string) *string { return &s }
	names := []Name{{Name: "x", Language: "und"}, {Name: "Omasvuono", Language: "fkv"}, {Name: "Raane", Language: "smi"},
		{Name: "Nyby", Language: "no", ValidFrom: d("2025-01-01")}, {Name: "Ny by", Language: "nn"}, {Name: "Omasvuotna", Language: "se"},
		{Name: "Gamleby", Language: "no", ValidTo: d("2025-01-01")}, {Name: "Snåase", Language: "sma"}, {Name: "Hábmer", Language: "smj"}}
	SortNames(names)
	var got []string
	for _, n := range names {
		got = append(got, n.Name)
	}
	if want := "[Gamleby Nyby Omasvuotna Hábmer Snåase Raane Omasvuono Ny by x]"; fmt.Sprint(got) != want {
		t.Errorf("%v, want %s", got, want)
	}
}
