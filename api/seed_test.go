package api_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
)

// Every text the API serves of Tromsøregionen occurs verbatim in the seed, the page text it was read from:
// nothing recapitalised, retyped or made up. A field whose value the seed does not state says so (a
// partner's kind_inferred, a measure's status_inferred).
func TestTromsoregionenTextsAreVerbatim(t *testing.T) {
	seed, err := os.ReadFile("../internal/dataset/data/tromsoregionen.txt")
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string][]string{"goals": {"text"}, "results": {"text"}, "lessons": {"title", "text"},
		"themes": {"title", "description"}, "measures": {"title", "description", "period"},
		"partners": {"name", "role"}, "documents": {"title", "description"}}
	checked := 0
	for kind, names := range fields {
		rec := get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/"+kind+"?limit=1000")
		items, _ := at(decode(t, rec), "data").([]any)
		if len(items) == 0 {
			t.Errorf("no %s", kind)
		}
		for _, item := range items {
			for _, name := range names {
				text, _ := at(item, name).(string)
				if text == "" {
					continue
				}
				checked++
				if !strings.Contains(string(seed), text) {
					t.Errorf("%s %v: %s %q is not in the seed", kind, at(item, "id"), name, text)
				}
			}
			if kind == "partners" && at(item, "kind_inferred") != true {
				t.Errorf("partner %v: its kind is not stated in the seed, and kind_inferred is %v", at(item, "id"), at(item, "kind_inferred"))
			}
			if kind == "measures" && at(item, "status_inferred") != true {
				t.Errorf("measure %v: its status is not stated in the seed, and status_inferred is %v", at(item, "id"), at(item, "status_inferred"))
			}
		}
	}
	if checked < 35 {
		t.Errorf("only %d texts checked", checked)
	}
}
