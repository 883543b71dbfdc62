package dataset

import (
	"fmt"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// currentVersion is the SSB classification version whose codes are the municipalities in force.
const currentVersion = "Kommuneinndeling 2024"

// unspecified is SSB's code for "Uoppgitt" (unknown municipality), listed in every version; it is no municipality.
const unspecified = "9999"

// codeChange is one row of SSB's change table: on date, old became new.
type codeChange struct {
	date, oldCode, oldName, newCode, newName string
}

// loadMunicipalities builds one identity for each municipality in force in 2024, with its code periods
// followed back through SSB's change table as long as each change is one-to-one (a renumbering or a
// renaming). A merger or split ends the chain: the identity begins there.
func loadMunicipalities() ([]domain.Municipality, error) {
	counties, err := loadCounties()
	if err != nil {
		return nil, err
	}
	countyName := map[string]string{}
	for _, c := range counties {
		countyName[c.Code] = c.Name
	}
	county := func(code string) (domain.County, error) {
		name, ok := countyName[code[:2]]
		if !ok {
			return domain.County{}, fmt.Errorf("municipality %s: county %s is not in fylker_county_codes.csv", code, code[:2])
		}
		return domain.County{Code: code[:2], Name: name}, nil
	}

	changes, err := loadChanges()
	if err != nil {
		return nil, err
	}
	intoCode := map[string][]codeChange{}   // new code -> changes that produced it
	fromCode := map[string]map[string]int{} // date -> old code -> number of new codes it went to
	for _, ch := range changes {
		intoCode[ch.newCode] = append(intoCode[ch.newCode], ch)
		if fromCode[ch.date] == nil {
			fromCode[ch.date] = map[string]int{}
		}
		fromCode[ch.date][ch.oldCode]++
	}

	t, err := readTable("ssb_klass131_kommuneinndeling_2015-2024.csv", ',', "version", "kommunenummer", "kommunenavn")
	if err != nil {
		return nil, err
	}
	var out []domain.Municipality
	for i := range t.rows {
		if t.get(i, "version") != currentVersion || t.get(i, "kommunenummer") == unspecified {
			continue
		}
		code, name := t.get(i, "kommunenummer"), t.get(i, "kommunenavn")
		if !validCode(code) {
			return nil, t.errorf(i, "municipality code %q is not four digits", code)
		}
		m := domain.Municipality{ID: code, Code: code, Name: name, Source: domain.Source{ID: sourceKlass}}
		// Walk back from the code in force: each period ends where the change that produced it happened.
		var periods []domain.MunicipalityCode
		curCode, curName, end := code, name, ""
		for {
			start, prev := previousChange(intoCode[curCode], fromCode, end)
			c, err := county(curCode)
			if err != nil {
				return nil, err
			}
			periods = append(periods, domain.MunicipalityCode{Code: curCode, Name: curName, County: c,
				ValidFrom: optional(start), ValidTo: optional(end)})
			if prev == nil {
				break
			}
			curCode, curName, end = prev.oldCode, prev.oldName, prev.date
		}
		// Oldest first, the one in force last.
		for l, r := 0, len(periods)-1; l < r; l, r = l+1, r-1 {
			periods[l], periods[r] = periods[r], periods[l]
		}
		m.Codes = periods
		m.County = periods[len(periods)-1].County
		m.ValidFrom = periods[len(periods)-1].ValidFrom
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no rows of version %q", t.file, currentVersion)
	}
	if err := addNames(out); err != nil {
		return nil, err
	}
	return out, nil
}

// previousChange finds the latest change before end (or ever, when end is "") that produced the code,
// and returns its date and, when it was one-to-one, the change so the walk can go on to its old code.
func previousChange(into []codeChange, fromCode map[string]map[string]int, end string) (string, *codeChange) {
	latest := ""
	for _, ch := range into {
		if (end == "" || ch.date < end) && ch.date > latest {
			latest = ch.date
		}
	}
	if latest == "" {
		return "", nil
	}
	var same []codeChange
	for _, ch := range into {
		if ch.date == latest {
			same = append(same, ch)
		}
	}
	if len(same) != 1 || fromCode[latest][same[0].oldCode] != 1 {
		return latest, nil // a merger or a split: the identity begins here
	}
	return latest, &same[0]
}

func loadChanges() ([]codeChange, error) {
	t, err := readTable("ssb_klass131_changes_1972-2024.csv", ',', "change_occurred", "old_code", "old_name", "new_code", "new_name")
	if err != nil {
		return nil, err
	}
	out := make([]codeChange, 0, len(t.rows))
	for i := range t.rows {
		ch := codeChange{
			date:    t.get(i, "change_occurred"),
			oldCode: t.get(i, "old_code"), oldName: strings.TrimSpace(t.get(i, "old_name")),
			newCode: t.get(i, "new_code"), newName: strings.TrimSpace(t.get(i, "new_name")),
		}
		if !validCode(ch.oldCode) || !validCode(ch.newCode) || !validDate(ch.date) {
			return nil, t.errorf(i, "malformed change %v", ch)
		}
		out = append(out, ch)
	}
	return out, nil
}

// nameColumns maps Kartverket's name columns to BCP 47 language tags.
var nameColumns = []struct{ column, language string }{
	{"name_norwegian", "no"},
	{"name_northern_sami", "se"},
	{"name_lule_sami", "smj"},
	{"name_southern_sami", "sma"},
	{"name_kven", "fkv"},
}

// addNames adds Kartverket's official names in every language. Kartverket's list has the 2020-2023 codes,
// so each row is matched to the identity whose code was in force in 2023. An identity Kartverket's list
// does not know (new in 2024) keeps SSB's name as its Norwegian name.
func addNames(ms []domain.Municipality) error {
	t, err := readTable("kartverket_kommuneinfo_names_2023.csv", ',', "kommunenummer")
	if err != nil {
		return err
	}
	const in2023 = "2023-07-01"
	byCode2023 := map[string]*domain.Municipality{}
	for i := range ms {
		for _, p := range ms[i].Codes {
			if (p.ValidFrom == nil || *p.ValidFrom <= in2023) && (p.ValidTo == nil || *p.ValidTo > in2023) {
				byCode2023[p.Code] = &ms[i]
			}
		}
	}
	for i := range t.rows {
		m, ok := byCode2023[t.get(i, "kommunenummer")]
		if !ok {
			continue // a 2023 municipality that is no identity of 2024 (Ålesund, split in 2024)
		}
		for _, nc := range nameColumns {
			if name := strings.TrimSpace(t.get(i, nc.column)); name != "" {
				m.Names = append(m.Names, domain.Name{Name: name, Language: nc.language, Source: sourceNames})
			}
		}
	}
	for i := range ms {
		if len(ms[i].Names) == 0 {
			ms[i].Names = []domain.Name{{Name: ms[i].Name, Language: "no", Source: sourceKlass}}
		}
	}
	return nil
}

func validCode(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func validDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	return validCode(s[:4]) && validCode("00"+s[5:7]) && validCode("00"+s[8:])
}
