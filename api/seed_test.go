package api_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
)

// Every text the API serves of Tromsøregionen occurs verbatim in the seed, the page text it was read from:
// nothing recapitalised, retyped or made up. A field whose value the seed does not state says so (a
// partner's kind_inferred, a measure's status_inferred), and so does a record the seed does not list (the
// application the page quotes, which its Dokumenter section does not list: inferred).
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
			if kind == "documents" && at(item, "inferred") != true {
				t.Errorf("document %v: the seed's Dokumenter section lists none, and inferred is %v", at(item, "id"), at(item, "inferred"))
			}
		}
	}
	if checked < 35 {
		t.Errorf("only %d texts checked", checked)
	}
}

// The summary says what is known of the programme's time and what is inferred: the programme began in
// 2014 (not 2015, the date of the figures it reports, which growth is measured from), and every "ongoing"
// measure of Tromsøregionen is ongoing by inference, which the counts say.
func TestTromsoregionenSummarySaysWhatIsInferred(t *testing.T) {
	s := decode(t, get(t, http.MethodGet, "/api/v1/regions/tromsoregionen/summary?year=2025"))
	if at(s, "programme_start") != 2014.0 || at(s, "growth_since") != "2015-01-01" || at(s, "indicators", "since_start", "since") != "2015-01-01" {
		t.Errorf("programme_start %v, growth_since %v, since_start %v", at(s, "programme_start"), at(s, "growth_since"), at(s, "indicators", "since_start"))
	}
	ongoing := at(s, "measures_by_status", "ongoing")
	if ongoing == 0.0 || at(s, "measures_by_status_inferred", "ongoing") != ongoing {
		t.Errorf("ongoing %v, of which inferred %v", ongoing, at(s, "measures_by_status_inferred", "ongoing"))
	}
}
