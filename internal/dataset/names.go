package dataset

import (
	"cmp"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// A municipality's names in each language are dated by SSB's official name: a name is in force while the
// name SSB gives the municipality includes it, as one of the parts it joins with " - " ("Storfjord -
// Omasvuotna - Omasvuono" from 2015, "Storfjord" before), compared without the county SSB adds to shared
// names. So the dates come from the identity's code periods, here, once; the store keeps what this gives,
// and brings a database loaded by an earlier build up to it (store.LoadDataset).
//
// Which language each part is in, the sources say, and nothing else does:
//   - Kartverket's list of 2023 gives the names of the 2020-2023 municipalities in each language. A part
//     the municipality's own row lists is that language, spelled as Kartverket spells it;
//   - a part Kartverket lists for another municipality is in the language it gives there (Hábmer, Lule
//     Sámi, was Hamarøy's name before Hamarøy and part of Tysfjord merged in 2020);
//   - a name that is the whole of an SSB name (Tromsø; Storfjord before 2015) is Norwegian;
//   - a part that came with a note of SSB's version of 2024 saying it was set as a "samisk namn" (Rana,
//     Sørfold, Levanger, Gratangen) is Sámi, in the Sámi language the note names, or smi (ISO 639-2's
//     collective "Sami languages") when it names none, as these four do;
//   - a part of the name of a municipality that had ended before 2020, which Kartverket's list cannot
//     cover, is und (undetermined) when none of the above says its language: only Divtasvuodna,
//     Tysfjord's name from 2012 until its split in 2020.
//
// Anything else is an error: a part of an SSB name in no language, or a name of Kartverket's that is in
// none of SSB's names for its municipality. Kartverket and SSB write one name differently: Porsanger's
// Northern Sámi name is Porsáŋgu in Kartverket's list and Porsángu in SSB's ("Porsanger - Porsángu -
// Porsanki" since 2004). A name of Kartverket's matches a part of SSB's that writes ŋ as n, and is
// published as Kartverket, the authority on place names, spells it.

// nameColumns maps Kartverket's name columns to BCP 47 language tags.
var nameColumns = []struct{ column, language string }{
	{"name_norwegian", "no"},
	{"name_northern_sami", "se"},
	{"name_lule_sami", "smj"},
	{"name_southern_sami", "sma"},
	{"name_kven", "fkv"},
}

const (
	norwegian    = "no"
	undetermined = "und" // BCP 47's tag for a language no source determines
	// kartverketFrom is the first day of the municipal structure Kartverket's list of 2023 covers.
	kartverketFrom = "2020-01-01"
	// klass2024 is SSB's version of 2024 as the Klass API gives it, with each municipality's notes.
	klass2024 = "ssb_klass131_kommuneinndeling_2024.json"
)

// samiNote finds the Sámi language of a name SSB notes was set as a Sámi name ("... som samisk namn på
// Rana kommune"): the leftmost match names the language, when the note does.
var samiNote = regexp.MustCompile(`(nordsamisk|lulesamisk|sørsamisk|samisk) (namn|navn)`)

// samiNoteLanguages are the BCP 47 tags of the words samiNote finds.
var samiNoteLanguages = map[string]string{"nordsamisk": "se", "lulesamisk": "smj", "sørsamisk": "sma", "samisk": "smi"}

// nameSources are what says which language each part of an SSB name is in.
type nameSources struct {
	kartverket map[string][]domain.Name // identity -> the names its row of Kartverket's list gives (undated)
	languages  map[string]string        // name -> its language, from Kartverket's list and SSB's whole names
	notes      map[string]string        // code -> the Sámi language of a name SSB's 2024 version notes it set
	current    klassVersion             // SSB's version in force, whose names the notes are about
}

// addNames gives every identity its names in each language, each dated by the code periods whose SSB name
// includes it.
func addNames(ms []domain.Municipality, versions klassVersions) error {
	src := nameSources{current: versions[len(versions)-1]}
	var err error
	if src.kartverket, err = readKartverketNames(ms); err != nil {
		return err
	}
	if src.notes, err = readSamiNotes(src.current); err != nil {
		return err
	}
	if src.languages, err = nameLanguages(ms, src.kartverket); err != nil {
		return err
	}
	for i := range ms {
		if ms[i].Names, err = src.datedNames(ms[i]); err != nil {
			return err
		}
	}
	return nil
}

// readKartverketNames reads Kartverket's list of 2023, whose rows have the 2020-2023 codes: each row is
// matched to the identity whose code was in force in 2023.
func readKartverketNames(ms []domain.Municipality) (map[string][]domain.Name, error) {
	t, err := readTable("kartverket_kommuneinfo_names_2023.csv", ',', "kommunenummer")
	if err != nil {
		return nil, err
	}
	const in2023 = "2023-07-01"
	byCode2023 := map[string]string{}
	for _, m := range ms {
		for _, p := range m.Codes {
			if domain.InForce(p.ValidFrom, p.ValidTo, in2023) {
				byCode2023[p.Code] = m.ID
			}
		}
	}
	out := map[string][]domain.Name{}
	for i := range t.rows {
		id, ok := byCode2023[t.get(i, "kommunenummer")]
		if !ok {
			return nil, t.errorf(i, "no municipality had the code %s in 2023", t.get(i, "kommunenummer"))
		}
		for _, nc := range nameColumns {
			if name := strings.TrimSpace(t.get(i, nc.column)); name != "" {
				out[id] = append(out[id], domain.Name{Name: name, Language: nc.language, Source: sourceNames})
			}
		}
	}
	return out, nil
}

// readSamiNotes reads SSB's version of 2024, as the Klass API gives it, for the notes that say a name was
// set as a Sámi name. Its names must be those of the version in force that the CSV gives.
func readSamiNotes(current klassVersion) (map[string]string, error) {
	b, err := files.ReadFile("data/" + klass2024)
	if err != nil {
		return nil, err
	}
	var version struct {
		ValidFrom string `json:"validFrom"`
		Items     []struct {
			Code  string `json:"code"`
			Name  string `json:"name"`
			Notes string `json:"notes"`
		} `json:"classificationItems"`
	}
	if err := json.Unmarshal(b, &version); err != nil {
		return nil, fmt.Errorf("%s: %w", klass2024, err)
	}
	if version.ValidFrom != current.from || len(version.Items) != len(current.names) {
		return nil, fmt.Errorf("%s: the version from %s with %d municipalities is not the one in force in the CSV (from %s, %d)",
			klass2024, version.ValidFrom, len(version.Items), current.from, len(current.names))
	}
	out := map[string]string{}
	for _, item := range version.Items {
		if current.names[item.Code] != item.Name {
			return nil, fmt.Errorf("%s: %s is %q, but %q in the CSV's version of %s", klass2024, item.Code, item.Name,
				current.names[item.Code], current.from)
		}
		if m := samiNote.FindStringSubmatch(item.Notes); m != nil {
			out[item.Code] = samiNoteLanguages[m[1]]
		}
	}
	return out, nil
}

// nameLanguages is the language of every name a source gives one to: Kartverket's names in theirs, and a
// name that was the whole of an SSB name in Norwegian. A name given two languages is an error.
func nameLanguages(ms []domain.Municipality, kartverket map[string][]domain.Name) (map[string]string, error) {
	out := map[string]string{}
	add := func(name, language, why string) error {
		if other, ok := out[name]; ok && other != language {
			return fmt.Errorf("the name %q is %s in one source and %s in another (%s)", name, other, language, why)
		}
		out[name] = language
		return nil
	}
	for id, names := range kartverket {
		for _, n := range names {
			if err := add(n.Name, n.Language, "Kartverket's list, municipality "+id); err != nil {
				return nil, err
			}
		}
	}
	for _, m := range ms {
		for _, p := range m.Codes {
			if parts := nameParts(p.Name); len(parts) == 1 {
				if err := add(parts[0], norwegian, "SSB's whole name of "+p.Code); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// datedNames are an identity's names, each dated by the code periods whose SSB name includes it.
func (src nameSources) datedNames(m domain.Municipality) ([]domain.Name, error) {
	own := src.kartverket[m.ID]
	used := make([]bool, len(own))
	var out []domain.Name
	for _, p := range m.Codes {
		var unknown []string
		for _, part := range nameParts(p.Name) {
			name, found := domain.Name{}, false
			for i, k := range own {
				if sameName(k.Name, part) {
					name, found, used[i] = k, true, true
					break
				}
			}
			if !found {
				var language string
				if language, found = src.languages[part]; found {
					name = domain.Name{Name: part, Language: language, Source: sourceKlass}
				}
			}
			if !found {
				unknown = append(unknown, part)
				continue
			}
			out = dated(out, name, p.ValidFrom, p.ValidTo)
		}
		if len(unknown) == 0 {
			continue
		}
		language, noted := src.notes[p.Code]
		switch {
		case noted && len(unknown) == 1 && p.ValidTo == nil && src.current.names[p.Code] == p.Name:
		case m.ValidTo != nil && *m.ValidTo <= kartverketFrom:
			language = undetermined
		default:
			quoted := make([]string, len(unknown))
			for i, part := range unknown {
				quoted[i] = strconv.Quote(part)
			}
			return nil, fmt.Errorf("municipality %s: no source gives the language of %s, part of SSB's name %q of %s from %s",
				m.ID, strings.Join(quoted, ", "), p.Name, p.Code, cmp.Or(deref(p.ValidFrom), "before 1972"))
		}
		for _, part := range unknown {
			out = dated(out, domain.Name{Name: part, Language: language, Source: sourceKlass}, p.ValidFrom, p.ValidTo)
		}
	}
	for i, k := range own {
		if !used[i] {
			return nil, fmt.Errorf("municipality %s: Kartverket's name %q (%s) is in none of SSB's names for it", m.ID, k.Name, k.Language)
		}
	}
	domain.SortNames(out)
	return out, nil
}

// sameName reports whether Kartverket's name is SSB's part: the same, or the same but for ŋ, which SSB
// writes n (Porsáŋgu, Porsángu).
func sameName(kartverket, klass string) bool {
	return kartverket == klass || strings.ReplaceAll(kartverket, "ŋ", "n") == klass
}

// dated adds a name in force from from to to: the name's latest period goes on when it ends where this
// one begins; otherwise it is a period of its own.
func dated(names []domain.Name, n domain.Name, from, to *string) []domain.Name {
	for i := len(names) - 1; i >= 0; i-- {
		e := names[i]
		if e.Name == n.Name && e.Language == n.Language && e.Source == n.Source {
			if e.ValidTo != nil && from != nil && *e.ValidTo == *from {
				names[i].ValidTo = optional(deref(to))
				return names
			}
			break
		}
	}
	n.ValidFrom, n.ValidTo = optional(deref(from)), optional(deref(to)) // the name's own, not the period's
	return append(names, n)
}
