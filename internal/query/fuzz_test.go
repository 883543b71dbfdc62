package query

import (
	"net/url"
	"testing"
)

// Parse never panics, and what it accepts is within the declaration.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{"code=0301", "value=1..", "sort=-name,code", "q=TROMSØ", "fields=code", "limit=1000",
		"value=..", "code=,", "sort=", "q=%00", "include=population,population"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		values, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := Parse(values, testSpec)
		if err != nil {
			return
		}
		if q.Page.Limit < 1 || q.Page.Limit > MaxLimit || len(q.Sort) == 0 {
			t.Fatalf("accepted %q as %+v", raw, q)
		}
		for _, f := range q.Filters {
			for _, v := range f.Values {
				if !Valid(f.Field.Type, f.Field.Enum, v) {
					t.Fatalf("accepted %q for %s", v, f.Field.Name)
				}
			}
		}
	})
}

func FuzzFold(f *testing.F) {
	for _, seed := range []string{"Tromsø", "Ålesund", "Čáhcesuolu", "\xff\xfe", "ǅ"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if Fold(folded) != folded {
			t.Fatalf("Fold is not idempotent on %q: %q then %q", s, folded, Fold(folded))
		}
	})
}
