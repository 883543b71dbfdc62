package dataset

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/byregion/byregion/internal/domain"
)

// kartverketSpelling is the one name Kartverket spells otherwise than SSB: the name published is Kartverket's.
var kartverketSpelling = map[string]string{"Porsángu": "Porsáŋgu"}

// namesOn lists a municipality's names in force on date as "name/language", sorted.
func namesOn(m domain.Municipality, date string) []string {
	var out []string
	for _, n := range domain.NamesOn(m.Names, date) {
		out = append(out, n.Name+"/"+n.Language)
	}
	sort.Strings(out)
	return out
}

// partsOf are the parts of an SSB name, without its county, as the names they are published as, sorted.
func partsOf(klassName string) []string {
	var out []string
	for _, part := range strings.Split(baseName(klassName), " - ") {
		if k, ok := kartverketSpelling[part]; ok {
			part = k
		}
		out = append(out, part)
	}
	sort.Strings(out)
	return out
}

func withoutLanguages(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i], _, _ = strings.Cut(n, "/")
	}
	sort.Strings(out)
	return out
}

// On every date of every Klass version of 2015-2024, every municipality's names are exactly the parts of the
// name Klass gives it in that version (read from the Klass file, not from the identities); on dates before
// 2015, the parts of the name of its code period then (SSB's change table); and a municipality has no name
// on a date it did not exist.
func TestNamesAreThePartsOfSSBsNameOnEveryDate(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	klass, err := readTable("ssb_klass131_kommuneinndeling_2015-2024.csv", ',', "valid_from", "kommunenummer", "kommunenavn")
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string]map[string]string{} // date -> code -> Klass name
	for i := range klass.rows {
		date, code := klass.get(i, "valid_from"), klass.get(i, "kommunenummer")
		if code == unspecified {
			continue
		}
		if versions[date] == nil {
			versions[date] = map[string]string{}
		}
		versions[date][code] = klass.get(i, "kommunenavn")
	}
	if len(versions) != 8 {
		t.Fatalf("%d Klass versions, want the 8 of 2015-2024", len(versions))
	}
	checked := 0
	for date, codes := range versions {
		for _, m := range ds.Municipalities {
			var inForce []string
			for _, p := range m.Codes {
				if (p.ValidFrom == nil || *p.ValidFrom <= date) && (p.ValidTo == nil || *p.ValidTo > date) {
					inForce = append(inForce, p.Code)
				}
			}
			got := namesOn(m, date)
			if len(inForce) == 0 {
				if len(got) != 0 {
					t.Errorf("%s on %s, before or after it existed: %v", m.ID, date, got)
				}
				continue
			}
			name, ok := codes[inForce[0]]
			if len(inForce) != 1 || !ok {
				t.Errorf("%s on %s: codes %v, Klass has %q", m.ID, date, inForce, name)
				continue
			}
			if want := partsOf(name); !slices.Equal(withoutLanguages(got), want) {
				t.Errorf("%s %s on %s: names %v, Klass's name %q is %v", m.ID, inForce[0], date, got, name, want)
			}
			checked++
		}
	}
	if checked < 3100 {
		t.Errorf("only %d municipality-versions checked", checked)
	}
	// Before 2015, the code periods' names are the change table's.
	before := 0
	for _, date := range []string{"2014-06-01", "1990-06-01", "1971-12-31"} {
		for _, m := range ds.Municipalities {
			var period *domain.MunicipalityCode
			for i, p := range m.Codes {
				if (p.ValidFrom == nil || *p.ValidFrom <= date) && (p.ValidTo == nil || *p.ValidTo > date) {
					period = &m.Codes[i]
				}
			}
			got := namesOn(m, date)
			switch {
			case period == nil && len(got) != 0:
				t.Errorf("%s on %s, before or after it existed: %v", m.ID, date, got)
			case period != nil && !slices.Equal(withoutLanguages(got), partsOf(period.Name)):
				t.Errorf("%s %s on %s: names %v, SSB's name %q", m.ID, period.Code, date, got, period.Name)
			case period != nil:
				before++
			}
		}
	}
	if before < 1000 {
		t.Errorf("only %d municipality-dates before 2015 checked", before)
	}
}

// Each name's language is what a source says: Kartverket's list for its municipality (every name it lists
// is there, in force in 2023, in that language); for a name Kartverket's list does not give this
// municipality, Norwegian where the name was the whole of an SSB name, else the language Kartverket gives the
// name elsewhere; smi for exactly the four names SSB's notes of 2024 call Sámi without saying which Sámi
// language; und for Divtasvuodna alone, of a municipality that ended before Kartverket's list. Every tag is one
// BCP 47 knows, and the names of a language never overlap in time.
func TestNameLanguagesAreTheSources(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	kv, err := readTable("kartverket_kommuneinfo_names_2023.csv", ',', "kommunenummer")
	if err != nil {
		t.Fatal(err)
	}
	const in2023 = "2023-07-01"
	byCode2023 := map[string]domain.Municipality{}
	for _, m := range ds.Municipalities {
		for _, p := range m.Codes {
			if (p.ValidFrom == nil || *p.ValidFrom <= in2023) && (p.ValidTo == nil || *p.ValidTo > in2023) {
				byCode2023[p.Code] = m
			}
		}
	}
	own := map[string]map[string]string{} // identity -> Kartverket's name -> language
	elsewhere := map[string]string{}      // Kartverket's name -> language
	for i := range kv.rows {
		m := byCode2023[kv.get(i, "kommunenummer")]
		own[m.ID] = map[string]string{}
		for _, nc := range nameColumns {
			name := kv.get(i, nc.column)
			if name == "" {
				continue
			}
			own[m.ID][name], elsewhere[name] = nc.language, nc.language
			if want := name + "/" + nc.language; !slices.Contains(namesOn(m, in2023), want) {
				t.Errorf("%s: Kartverket's %s is not among its names of 2023, %v", m.ID, want, namesOn(m, in2023))
			}
		}
	}
	if len(own) != 356 {
		t.Fatalf("Kartverket's list gives %d municipalities' names, want 356", len(own))
	}
	whole := map[string]bool{}
	for _, m := range ds.Municipalities {
		for _, p := range m.Codes {
			if !strings.Contains(baseName(p.Name), " - ") {
				whole[baseName(p.Name)] = true
			}
		}
	}
	var sami, undetermined []string
	for _, m := range ds.Municipalities {
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.ID, err)
		}
		for _, n := range m.Names {
			if tag, err := language.Parse(n.Language); err != nil || tag.String() != n.Language {
				t.Errorf("%s %s: the tag %q is not one BCP 47 knows (%v)", m.ID, n.Name, n.Language, err)
			}
			from := deref(n.ValidFrom)
			switch n.Language {
			case "smi":
				sami = append(sami, fmt.Sprintf("%s %s %s %s-%s", m.ID, n.Name, n.Source, from, deref(n.ValidTo)))
				continue
			case "und":
				undetermined = append(undetermined, fmt.Sprintf("%s %s %s %s-%s", m.ID, n.Name, n.Source, from, deref(n.ValidTo)))
				continue
			}
			if language, ok := own[m.ID][n.Name]; ok {
				if n.Language != language || n.Source != sourceNames {
					t.Errorf("%s %s: %s from %s, Kartverket's list has it in %s", m.ID, n.Name, n.Language, n.Source, language)
				}
				continue
			}
			want, ok := elsewhere[n.Name]
			if whole[n.Name] {
				want, ok = "no", true
			}
			if !ok || n.Language != want || n.Source != sourceKlass {
				t.Errorf("%s %s: %s from %s; the sources say %q", m.ID, n.Name, n.Language, n.Source, want)
			}
		}
	}
	wantSami := []string{"1833 Raane ssb-klass-131 2024-01-01-", "1845 Fuolldá ssb-klass-131 2024-01-01-",
		"5037 Levangke ssb-klass-131 2024-01-01-", "5516 Rivtták ssb-klass-131 2024-01-01-"}
	if sort.Strings(sami); !slices.Equal(sami, wantSami) {
		t.Errorf("names in Sámi, not said which: %v, want %v", sami, wantSami)
	}
	if want := []string{"1850-2019 Divtasvuodna ssb-klass-131 2012-01-01-2020-01-01"}; !slices.Equal(undetermined, want) {
		t.Errorf("names in no language a source gives: %v, want %v", undetermined, want)
	}
}

// The examples: Storfjord's Sámi and Kven names from 2015, Rana's Sámi name from 2024.
func TestNamesOfStorfjordAndRanaOnDates(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]domain.Municipality{}
	for _, m := range ds.Municipalities {
		byID[m.ID] = m
	}
	for _, c := range []struct{ id, date, want string }{
		{"5538", "2014-06-01", "[Storfjord/no]"},
		{"5538", "2014-12-31", "[Storfjord/no]"},
		{"5538", "2015-01-01", "[Omasvuono/fkv Omasvuotna/se Storfjord/no]"},
		{"5538", "2016-06-01", "[Omasvuono/fkv Omasvuotna/se Storfjord/no]"},
		{"1833", "2023-12-31", "[Rana/no]"},
		{"1833", "2024-01-01", "[Raane/smi Rana/no]"},
		{"5622", "2024-01-01", "[Porsanger/no Porsanki/fkv Porsáŋgu/se]"},
		{"5622", "2003-12-31", "[Porsanger/no]"},
		{"1850-2019", "2019-12-31", "[Divtasvuodna/und Tysfjord/no]"},
		{"1850-2019", "2020-01-01", "[]"},
	} {
		if got := fmt.Sprint(namesOn(byID[c.id], c.date)); got != c.want {
			t.Errorf("%s on %s: %s, want %s", c.id, c.date, got, c.want)
		}
	}
}

// The loader fails on what it cannot classify, rather than guess: a part of an SSB name no source gives a
// language for (of a municipality Kartverket's list could have covered), a name of Kartverket's that is in
// none of SSB's names for its municipality, a name two sources give different languages, a Sámi note on a
// name with more than one part no source gives; a note that names the Sámi language is read as that one.
func TestNamesTheSourcesDoNotExplainAreRefused(t *testing.T) {
	d := func(s string) *string { return &s }
	municipality := func(id string, end *string, names ...string) domain.Municipality {
		m := domain.Municipality{ID: id, ValidTo: end}
		from := []*string{nil, d("2024-01-01")}
		for i, name := range names {
			m.Codes = append(m.Codes, domain.MunicipalityCode{Code: id[:4], Name: name, ValidFrom: from[i], ValidTo: end})
			if i == 0 && len(names) > 1 {
				m.Codes[0].ValidTo = d("2024-01-01")
			}
		}
		return m
	}
	src := nameSources{languages: map[string]string{"Testby": "no"}, kartverket: map[string][]domain.Name{},
		notes: map[string]string{"9001": "smi", "9002": "sma", "9003": "smi"},
		current: klassVersion{from: "2024-01-01", names: map[string]string{"9001": "Testby - Ukjent", "9002": "Testby - Ukjent",
			"9003": "Testby - Ukjent - Ukjentere"}}}
	for _, c := range []struct {
		m    domain.Municipality
		want string // the names, or the error's words
	}{
		{municipality("9000", nil, "Testby - Ukjent"), `no source gives the language of "Ukjent"`},
		{municipality("9000-2018", d("2019-01-01"), "Testby - Ukjent"), "[Testby/no Ukjent/und]"},
		{municipality("9000-2020", d("2021-01-01"), "Testby - Ukjent"), `no source gives the language of "Ukjent"`},
		{municipality("9001", nil, "Testby", "Testby - Ukjent"), "[Testby/no Ukjent/smi]"},
		{municipality("9002", nil, "Testby", "Testby - Ukjent"), "[Testby/no Ukjent/sma]"},
		{municipality("9003", nil, "Testby - Ukjent - Ukjentere"), `no source gives the language of "Ukjent", "Ukjentere"`},
	} {
		names, err := src.datedNames(c.m)
		got := fmt.Sprint(err)
		if err == nil {
			got = fmt.Sprint(namesOn(domain.Municipality{Names: names}, "2024-06-01"))
			if c.m.ValidTo != nil {
				got = fmt.Sprint(namesOn(domain.Municipality{Names: names}, "2017-06-01"))
			}
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %s, want %s", c.m.ID, got, c.want)
		}
	}
	src.kartverket["9004"] = []domain.Name{{Name: "Testby", Language: "no"}, {Name: "Annetby", Language: "se"}}
	if _, err := src.datedNames(municipality("9004", nil, "Testby")); err == nil || !strings.Contains(err.Error(), `Kartverket's name "Annetby" (se) is in none of SSB's names`) {
		t.Errorf("a name of Kartverket's SSB does not have: %v", err)
	}
	src.kartverket["9004"] = []domain.Name{{Name: "Testby", Language: "no"}, {Name: "Porsáŋgu", Language: "se"}}
	if names, err := src.datedNames(municipality("9004", nil, "Testby - Porsángu")); err != nil || fmt.Sprint(namesOn(domain.Municipality{Names: names}, "2020-01-01")) != "[Porsáŋgu/se Testby/no]" {
		t.Errorf("Kartverket's ŋ where SSB writes n: %v %v", names, err)
	}
	annet := map[string][]domain.Name{"9004": {{Name: "Annetby", Language: "se"}}}
	if _, err := nameLanguages([]domain.Municipality{municipality("9005", nil, "Annetby")}, annet); err == nil ||
		!strings.Contains(err.Error(), `"Annetby" is se in one source and no in another`) {
		t.Errorf("a name in two languages: %v", err)
	}
	for note, want := range map[string]string{
		"Vedtak 16. februar 2024 nr. 270 om fastsetting av Raanen tjïelte som samisk namn på Rana kommune.": "smi",
		"Vedtak om fastsetting av X som sørsamisk namn på Y kommune.":                                       "sma",
		"Vedtak om fastsetting av X som lulesamisk navn på Y kommune.":                                      "smj",
		"Vedtak om fastsetting av X som nordsamisk namn på Y kommune.":                                      "se",
		"I 1980 ble del av 0231 Skedsmo overført til 0301 Oslo.":                                            "",
	} {
		got := ""
		if m := samiNote.FindStringSubmatch(note); m != nil {
			got = samiNoteLanguages[m[1]]
		}
		if got != want {
			t.Errorf("%q: %q, want %q", note, got, want)
		}
	}
}

// SSB's version of 2024 as the Klass API gives it has the names of the CSV's version of 2024, and notes
// that four of them were set as Sámi names.
func TestKlass2024NotesTheFourSamiNames(t *testing.T) {
	klass, err := readTable("ssb_klass131_kommuneinndeling_2015-2024.csv", ',', "version", "valid_from", "valid_to", "kommunenummer", "kommunenavn")
	if err != nil {
		t.Fatal(err)
	}
	versions := readKlassVersions(klass)
	notes, err := readSamiNotes(versions[len(versions)-1])
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(notes); got != "map[1833:smi 1845:smi 5037:smi 5516:smi]" {
		t.Errorf("notes of Sámi names: %s", got)
	}
	if _, err := readSamiNotes(versions[len(versions)-2]); err == nil {
		t.Error("the version of 2024 was taken for the one of 2023")
	}
}
