package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
)

// klassVersions reads the Klass file: each version's date, and each code's name in it.
func klassVersions(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, r := range readCSV(t, "ssb_klass131_kommuneinndeling_2015-2024.csv") {
		if r["kommunenummer"] == "9999" { // "Uoppgitt": no municipality
			continue
		}
		if out[r["valid_from"]] == nil {
			out[r["valid_from"]] = map[string]string{}
		}
		out[r["valid_from"]][r["kommunenummer"]] = r["kommunenavn"]
	}
	return out
}

// nameParts are the names an SSB name joins with " - ", without the county SSB adds to a shared name, as
// they are published: Kartverket's spelling where it differs (Porsáŋgu, which SSB writes Porsángu), sorted.
func nameParts(klassName string) []string {
	if i := strings.LastIndex(klassName, " ("); i > 0 && strings.HasSuffix(klassName, ")") {
		klassName = klassName[:i]
	}
	parts := strings.Split(klassName, " - ")
	for i, p := range parts {
		if p == "Porsángu" {
			parts[i] = "Porsáŋgu"
		}
	}
	sort.Strings(parts)
	return parts
}

// namesIn lists the names of a municipality of an answer, sorted, checking that each is in force on date
// and in the language the sources give it.
func namesIn(t *testing.T, m any, date string) []string {
	t.Helper()
	var out []string
	names, _ := at(m, "names").([]any)
	for _, n := range names {
		from, _ := at(n, "valid_from").(string)
		to, _ := at(n, "valid_to").(string)
		if from > date || (to != "" && to <= date) {
			t.Errorf("%v on %s lists %v, which is in force from %q to %q", at(m, "code"), date, at(n, "name"), from, to)
		}
		name := at(n, "name").(string)
		if got, want := at(n, "language"), nameLanguage(t, name); got != want {
			t.Errorf("%v on %s: %s is %v, the sources say %s", at(m, "code"), date, name, got, want)
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// kartverketLanguages is the language Kartverket's list gives each of its names.
var kartverketLanguages map[string]string

// nameLanguage is the language the sources give a name: Kartverket's list; SSB's notes of 2024 (smi: Sámi,
// not said which); none for Divtasvuodna (und); else it was the whole of an SSB name: Norwegian.
func nameLanguage(t *testing.T, name string) string {
	if kartverketLanguages == nil {
		kartverketLanguages = map[string]string{}
		columns := map[string]string{"name_norwegian": "no", "name_northern_sami": "se", "name_lule_sami": "smj",
			"name_southern_sami": "sma", "name_kven": "fkv"}
		for _, r := range readCSV(t, "kartverket_kommuneinfo_names_2023.csv") {
			for column, language := range columns {
				if r[column] != "" {
					kartverketLanguages[r[column]] = language
				}
			}
		}
	}
	switch {
	case kartverketLanguages[name] != "":
		return kartverketLanguages[name]
	case slices.Contains([]string{"Raane", "Fuolldá", "Levangke", "Rivtták"}, name):
		return "smi"
	case name == "Divtasvuodna":
		return "und"
	}
	return "no"
}

// On every date of every Klass version of 2015-2024, and on dates before 2015, /municipalities?at= lists
// exactly the municipalities of that version, each with exactly the names of the parts of its Klass name
// then, each in force on that date; and /municipalities/{code}?at= answers the same for every municipality in
// force today that existed on the date.
func TestMunicipalityNamesAtEveryDate(t *testing.T) {
	versions := klassVersions(t)
	if len(versions) != 8 {
		t.Fatalf("%d Klass versions, want 8", len(versions))
	}
	dates := []string{"2014-06-01", "1990-06-01"}
	for date := range versions {
		dates = append(dates, date)
	}
	today := at(decode(t, get(t, http.MethodGet, "/api/v1/municipalities?limit=1000")), "data").([]any)
	if len(today) != 357 {
		t.Fatalf("%d municipalities in force", len(today))
	}
	checked := 0
	for _, date := range dates {
		rec := get(t, http.MethodGet, "/api/v1/municipalities?limit=1000&count=true&at="+date)
		if rec.Code != 200 {
			t.Fatalf("at=%s: %d %s", date, rec.Code, rec.Body.String())
		}
		l := decode(t, rec)
		items := at(l, "data").([]any)
		byCode := map[string]any{}
		for _, m := range items {
			code := at(m, "code").(string)
			byCode[code] = m
			klassName := at(m, "name").(string) // the code period's name then: before 2015, SSB's change table's
			if version, ok := versions[date]; ok {
				if klassName, ok = version[code]; !ok {
					t.Errorf("at=%s: %s is listed, but not in Klass's version", date, code)
					continue
				}
			}
			if got, want := namesIn(t, m, date), nameParts(klassName); !slices.Equal(got, want) {
				t.Errorf("at=%s: %s's names %v, Klass's name %q is %v", date, code, got, klassName, want)
			}
			checked++
		}
		if version, ok := versions[date]; ok && len(items) != len(version) {
			t.Errorf("at=%s: %d municipalities, Klass's version has %d", date, len(items), len(version))
		}
		for _, m := range today {
			code := at(m, "code").(string)
			rec := get(t, http.MethodGet, "/api/v1/municipalities/"+code+"?at="+date)
			if rec.Code == http.StatusNotFound {
				continue // it did not exist in this form then
			}
			one := decode(t, rec)
			then := byCode[at(one, "code").(string)]
			if rec.Code != 200 || then == nil {
				t.Errorf("%s at=%s: %d, and the list of that date has %v", code, date, rec.Code, at(one, "code"))
				continue
			}
			if got, want := namesIn(t, one, date), namesIn(t, then, date); !slices.Equal(got, want) {
				t.Errorf("%s at=%s: names %v, the list of that date has %v", code, date, got, want)
			}
			checked++
		}
	}
	if checked < 6000 {
		t.Errorf("only %d municipality-dates checked", checked)
	}
}

// The examples: Storfjord lists only its Norwegian name in 2014, its Northern Sámi and Kven names
// too from 2015; Rana its Sámi name (smi: SSB does not say which Sámi language) from 2024 and not in 2023.
// Without at=, a view lists the names in force; the record (a GET without parameters) every name with its
// dates, so that GET → edit → PUT keeps them; a search finds a municipality by any name it has had.
func TestMunicipalityNamesExamples(t *testing.T) {
	name := func(n, language, source, from string) string {
		return fmt.Sprintf("%s/%s/%s/%s", n, language, source, from)
	}
	list := func(m any) string {
		var out []string
		names, _ := at(m, "names").([]any)
		for _, n := range names {
			from, _ := at(n, "valid_from").(string)
			to, _ := at(n, "valid_to").(string)
			s := name(at(n, "name").(string), at(n, "language").(string), at(n, "source").(string), from)
			if to != "" {
				s += "-" + to
			}
			out = append(out, s)
		}
		return strings.Join(out, " ")
	}
	const kv, klass = "kartverket-kommuneinfo", "ssb-klass-131"
	for _, c := range []struct{ url, want string }{
		{"/api/v1/municipalities/5538?at=2014-06-01", name("Storfjord", "no", kv, "")},
		{"/api/v1/municipalities/5538?at=2016-06-01", name("Storfjord", "no", kv, "") + " " + name("Omasvuotna", "se", kv, "2015-01-01") + " " + name("Omasvuono", "fkv", kv, "2015-01-01")},
		{"/api/v1/municipalities/5538", name("Storfjord", "no", kv, "") + " " + name("Omasvuotna", "se", kv, "2015-01-01") + " " + name("Omasvuono", "fkv", kv, "2015-01-01")},
		{"/api/v1/municipalities/1833?at=2023-06-01", name("Rana", "no", kv, "")},
		{"/api/v1/municipalities/1833?at=2024-01-01", name("Rana", "no", kv, "") + " " + name("Raane", "smi", klass, "2024-01-01")},
		{"/api/v1/municipalities/1845?fields=names", name("Sørfold", "no", kv, "") + " " + name("Fuolldá", "smi", klass, "2024-01-01")},
		{"/api/v1/municipalities/5037?at=2024-06-01", name("Levanger", "no", kv, "") + " " + name("Levangke", "smi", klass, "2024-01-01")},
		{"/api/v1/municipalities/5516?at=2024-06-01", name("Gratangen", "no", kv, "") + " " + name("Rivtták", "smi", klass, "2024-01-01")},
		{"/api/v1/municipalities/5516?at=2023-06-01", name("Gratangen", "no", kv, "")},
		{"/api/v1/municipalities/5622?at=2010-06-01", name("Porsanger", "no", kv, "") + " " + name("Porsáŋgu", "se", kv, "2004-01-01") + " " + name("Porsanki", "fkv", kv, "2004-01-01")},
		// Nesbyen was Nes until 2020: the record has both, a view the one in force.
		{"/api/v1/municipalities/3322", name("Nes", "no", klass, "") + "-2020-01-01 " + name("Nesbyen", "no", kv, "2020-01-01")},
		{"/api/v1/municipalities/3322?fields=names", name("Nesbyen", "no", kv, "2020-01-01")},
		{"/api/v1/municipalities/3322?at=2019-06-01", name("Nes", "no", klass, "") + "-2020-01-01"},
	} {
		rec := get(t, http.MethodGet, c.url)
		if rec.Code != 200 {
			t.Errorf("%s: %d %s", c.url, rec.Code, rec.Body.String())
			continue
		}
		if got := list(decode(t, rec)); got != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.url, got, c.want)
		}
	}
	l := decode(t, get(t, http.MethodGet, "/api/v1/municipalities?code=3322,1833"))
	if got := list(at(l, "data", 0)) + " | " + list(at(l, "data", 1)); got != name("Rana", "no", kv, "")+" "+name("Raane", "smi", klass, "2024-01-01")+" | "+name("Nesbyen", "no", kv, "2020-01-01") {
		t.Errorf("the list without at=: %s", got)
	}
	for q, want := range map[string]string{"borre": "3901", "raane": "1833", "porsangu": "5622", "omasvuotna": "5538"} {
		var codes []string
		for _, m := range at(decode(t, get(t, http.MethodGet, "/api/v1/municipalities?limit=1000&q="+q)), "data").([]any) {
			codes = append(codes, at(m, "code").(string))
		}
		if !slices.Contains(codes, want) {
			t.Errorf("q=%s finds %v, not %s", q, codes, want)
		}
	}
	l = decode(t, get(t, http.MethodGet, "/api/v1/municipalities?at=2019-06-01&q=divtasvuodna"))
	if got := list(at(l, "data", 0)); got != name("Tysfjord", "no", klass, "")+"-2020-01-01 "+name("Divtasvuodna", "und", klass, "2012-01-01")+"-2020-01-01" {
		t.Errorf("Tysfjord in 2019: %s", got)
	}
}

// Writes take names with their dates: a name left open, renamed on a date, and bad dates refused with a 422
// naming the field.
func TestMunicipalityNameWrites(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	const body = `{"id":"5699","codes":[{"code":"5699","name":"Nyby","county":"56","valid_from":"2028-01-01"}],"names":[%s],"source":"ssb-klass-131"}`
	for _, c := range []struct{ names, field string }{
		{`{"name":"Nyby","language":"no","valid_from":"2028-13-01"}`, `"names[0].valid_from"`},
		{`{"name":"Nyby","language":"no","valid_to":"1. januar 2030"}`, `"names[0].valid_to"`},
		{`{"name":"Nyby","language":"no","valid_from":"2030-01-01","valid_to":"2029-01-01"}`, `"names[0].valid_to"`},
		{`{"name":"Nyby","language":"no","valid_to":"2031-01-01"},{"name":"Ny by","language":"no","valid_from":"2030-01-01"}`, `"names[1].valid_from"`},
		{`{"name":"Nyby","language":"no"},{"name":"Ny by","language":"no"}`, `"names[1].valid_from"`},
		{`{"name":"Nyby","language":"no","valid_from":20280101}`, `"names"`},
	} {
		rec := w.do(t, http.MethodPost, "/api/v1/municipalities", w.admin, "application/json", fmt.Sprintf(body, c.names))
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"field":`+c.field) {
			t.Errorf("%s: %d %s", c.names, rec.Code, rec.Body.String())
		}
	}
	renamed := fmt.Sprintf(body, `{"name":"Nyby","language":"no","valid_to":"2030-01-01"},{"name":"Ny by","language":"no","valid_from":"2030-01-01"},{"name":"Ođđagávpot","language":"se"}`)
	if rec := w.do(t, http.MethodPost, "/api/v1/municipalities", w.admin, "application/json", renamed); rec.Code != 201 {
		t.Fatalf("renamed: %d %s", rec.Code, rec.Body.String())
	}
	for url, want := range map[string][]string{
		"/api/v1/municipalities/5699":                 {"Nyby", "Ny by", "Ođđagávpot"},
		"/api/v1/municipalities/5699?at=2029-06-01":   {"Nyby", "Ođđagávpot"},
		"/api/v1/municipalities/5699?at=2030-01-01":   {"Ny by", "Ođđagávpot"},
		"/api/v1/municipalities/5699?fields=id,names": {"Ny by", "Ođđagávpot"},
	} {
		var got []string
		for _, n := range at(decode(t, w.do(t, http.MethodGet, url, "", "", "")), "names").([]any) {
			got = append(got, at(n, "name").(string))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", url, got, want)
		}
	}
	// GET → PUT gives the record back as it was: every name, with its dates.
	got := w.do(t, http.MethodGet, "/api/v1/municipalities/5699", "", "", "")
	rec := w.do(t, http.MethodPut, "/api/v1/municipalities/5699", w.admin, "application/json", got.Body.String(), "If-Match", got.Header().Get("ETag"))
	if rec.Code != 200 || fmt.Sprint(at(decode(t, rec), "names")) != fmt.Sprint(at(decode(t, got), "names")) {
		t.Errorf("GET → PUT: %d %s", rec.Code, rec.Body.String())
	}
}
