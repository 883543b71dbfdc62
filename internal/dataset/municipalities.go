package dataset

import (
	"cmp"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// Municipalities are lasting identities built from SSB's change table (classification 131, 1972-2024):
//   - a change that keeps the code (old code = new code) continues the identity, even when other
//     municipalities merge into it or part of it moves elsewhere;
//   - a one-to-one change (one old code became one new code, and nothing else joined it) continues the
//     identity under a new code or name: a renumbering or a renaming;
//   - any other change ends the old identity and begins or feeds a new one: a merger or a split, recorded
//     as a succession from predecessor to successor.

// currentVersion is the SSB classification version whose codes are the municipalities in force.
const currentVersion = "Kommuneinndeling 2024"

// unspecified is SSB's code for "Uoppgitt" (unknown municipality), listed in every version; it is no municipality.
const unspecified = "9999"

// codeChange is one row of SSB's change table: on date, old became new.
type codeChange struct {
	date, oldCode, oldName, newCode, newName string
}

// changeTable indexes the changes by date and code.
type changeTable struct {
	all  []codeChange
	into map[string][]codeChange   // new code -> changes that produced it
	outs map[string]map[string]int // date -> old code -> number of new codes
	ins  map[string]map[string]int // date -> new code -> number of old codes
}

func newChangeTable(changes []codeChange) *changeTable {
	t := &changeTable{all: changes, into: map[string][]codeChange{}, outs: map[string]map[string]int{}, ins: map[string]map[string]int{}}
	for _, ch := range changes {
		t.into[ch.newCode] = append(t.into[ch.newCode], ch)
		if t.outs[ch.date] == nil {
			t.outs[ch.date], t.ins[ch.date] = map[string]int{}, map[string]int{}
		}
		t.outs[ch.date][ch.oldCode]++
		t.ins[ch.date][ch.newCode]++
	}
	return t
}

// continues reports whether the change carries its old identity on.
func (t *changeTable) continues(ch codeChange) bool {
	return ch.oldCode == ch.newCode || (t.outs[ch.date][ch.oldCode] == 1 && t.ins[ch.date][ch.newCode] == 1)
}

// keepsOn reports whether old code's identity goes on past date (by some continuing change).
func (t *changeTable) keepsOn(date, old string) bool {
	for _, ch := range t.all {
		if ch.date == date && ch.oldCode == old && t.continues(ch) {
			return true
		}
	}
	return false
}

// previous returns the date of the latest change before `before` that produced code (or "" if none) and,
// among that date's changes into code, the one that continues an identity into it, if any.
func (t *changeTable) previous(code, before string) (string, *codeChange) {
	latest := ""
	for _, ch := range t.into[code] {
		if (before == "" || ch.date < before) && ch.date > latest {
			latest = ch.date
		}
	}
	if latest == "" {
		return "", nil
	}
	var cont *codeChange
	for _, ch := range t.into[code] {
		if ch.date == latest && t.continues(ch) {
			c := ch
			if cont == nil || c.oldCode == code {
				cont = &c
			}
		}
	}
	return latest, cont
}

// identityID names an identity: its code in force, or for a retired one its last code and last year.
func identityID(code, end string) string {
	if end == "" {
		return code
	}
	year, _ := strconv.Atoi(end[:4])
	if end[5:] == "01-01" {
		year-- // it ended at the turn of the year: its last year is the one before
	}
	return fmt.Sprintf("%s-%d", code, year)
}

// municipalities is every identity and the successions between them.
type municipalities struct {
	list        []domain.Municipality
	successions []domain.Succession
}

func loadMunicipalities() (*municipalities, error) {
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
	ct := newChangeTable(changes)

	// Terminal periods: every municipality in force, and every one a change ended.
	type terminal struct{ code, name, end string }
	var terminals []terminal
	t, err := readTable("ssb_klass131_kommuneinndeling_2015-2024.csv", ',', "version", "valid_from", "valid_to", "kommunenummer", "kommunenavn")
	if err != nil {
		return nil, err
	}
	versions := readKlassVersions(t)
	for i := range t.rows {
		code := t.get(i, "kommunenummer")
		if t.get(i, "version") != currentVersion || code == unspecified {
			continue
		}
		if !validCode(code) {
			return nil, t.errorf(i, "municipality code %q is not four digits", code)
		}
		terminals = append(terminals, terminal{code, t.get(i, "kommunenavn"), ""})
	}
	ended := map[string]bool{}
	for _, ch := range changes {
		key := ch.date + ch.oldCode
		if !ended[key] && !ct.keepsOn(ch.date, ch.oldCode) {
			ended[key] = true
			terminals = append(terminals, terminal{ch.oldCode, ch.oldName, ch.date})
		}
	}

	out := &municipalities{}
	for _, term := range terminals {
		m := domain.Municipality{ID: identityID(term.code, term.end), Source: domain.Source{ID: sourceKlass}}
		var periods []domain.MunicipalityCode
		code, name, end, before := term.code, term.name, term.end, term.end
		for {
			date, cont := ct.previous(code, before)
			if cont != nil && cont.oldCode == code && cont.oldName == name {
				before = date // the same code and name go on: so does the period
				continue
			}
			c, err := county(code)
			if err != nil {
				return nil, err
			}
			periods = append(periods, domain.MunicipalityCode{Code: code, Name: name, County: c,
				ValidFrom: optional(date), ValidTo: optional(end)})
			if cont == nil {
				break // before any recorded change, or at the merger or split that began the identity
			}
			code, name, end, before = cont.oldCode, cont.oldName, date, date
		}
		for l, r := 0, len(periods)-1; l < r; l, r = l+1, r-1 { // oldest first
			periods[l], periods[r] = periods[r], periods[l]
		}
		periods = versions.named(periods)
		last := periods[len(periods)-1]
		m.Codes, m.Code, m.Name, m.County = periods, last.Code, last.Name, last.County
		m.ValidFrom, m.ValidTo = periods[0].ValidFrom, last.ValidTo
		out.list = append(out.list, m)
	}
	sort.Slice(out.list, func(i, j int) bool { return out.list[i].ID < out.list[j].ID })
	if err := out.addSuccessions(ct); err != nil {
		return nil, err
	}
	if err := addNames(out.list, versions); err != nil {
		return nil, err
	}
	return out, nil
}

// klassVersion is one version of the classification: from when to when it held, and each code's name in it.
type klassVersion struct {
	from, to string // to is "" for the version in force
	names    map[string]string
}

type klassVersions []klassVersion

// readKlassVersions reads the versions of 2015-2024, oldest first.
func readKlassVersions(t *table) klassVersions {
	var out klassVersions
	for i := range t.rows {
		from := t.get(i, "valid_from")
		if len(out) == 0 || out[len(out)-1].from != from {
			out = append(out, klassVersion{from: from, to: t.get(i, "valid_to"), names: map[string]string{}})
		}
		out[len(out)-1].names[t.get(i, "kommunenummer")] = t.get(i, "kommunenavn")
	}
	return out
}

// named gives each period the name the classification's versions had for its code at each date: the
// change table has one name per change, but a version may write a shared name with its county ("Vang
// (Oppland)" in 2015-2016, "Vang" from 2017), and that is the name it had then. A period spanning versions
// of different names is divided where they change; before 2015 the change table's name stands.
func (vs klassVersions) named(periods []domain.MunicipalityCode) []domain.MunicipalityCode {
	const first, last = "0000-00-00", "9999-99-99" // an open start and an open end, as dates that sort
	open := func(date, instead string) string { return cmp.Or(date, instead) }
	closed := func(date, open string) *string {
		if date == open {
			return nil
		}
		return &date
	}
	var out []domain.MunicipalityCode
	emit := func(p domain.MunicipalityCode, name, from, to string) {
		if n := len(out); n > 0 && out[n-1].Code == p.Code && out[n-1].Name == name && open(deref(out[n-1].ValidTo), last) == from {
			out[n-1].ValidTo = closed(to, last)
			return
		}
		out = append(out, domain.MunicipalityCode{Code: p.Code, Name: name, County: p.County, ValidFrom: closed(from, first), ValidTo: closed(to, last)})
	}
	for _, p := range periods {
		cursor, end := open(deref(p.ValidFrom), first), open(deref(p.ValidTo), last)
		for _, v := range vs {
			name, ok := v.names[p.Code]
			from, to := max(cursor, v.from), min(end, open(v.to, last))
			if !ok || from >= to {
				continue // the version does not know the code, or is not of this period
			}
			if from > cursor { // before this version: the name the change table gives
				emit(p, p.Name, cursor, from)
			}
			emit(p, name, from, to)
			cursor = to
		}
		if cursor < end {
			emit(p, p.Name, cursor, end)
		}
	}
	return out
}

// at returns the identity that had code on date (the instant after the turn when after is set, else
// the instant before it).
func (ms *municipalities) at(code, date string, after bool) *domain.Municipality {
	for i := range ms.list {
		for _, p := range ms.list[i].Codes {
			if p.Code != code {
				continue
			}
			from, to := deref(p.ValidFrom), deref(p.ValidTo)
			if after && from <= date && (to == "" || to > date) {
				return &ms.list[i]
			}
			if !after && from < date && (to == "" || to >= date) {
				return &ms.list[i]
			}
		}
	}
	return nil
}

// addSuccessions records every change that did not continue an identity: who succeeded whom, and how.
func (ms *municipalities) addSuccessions(ct *changeTable) error {
	for _, ch := range ct.all {
		if ct.continues(ch) {
			continue
		}
		pred, succ := ms.at(ch.oldCode, ch.date, false), ms.at(ch.newCode, ch.date, true)
		if pred == nil || succ == nil {
			return fmt.Errorf("change %v: no identity for the old or the new code", ch)
		}
		kind := domain.SuccessionMerger
		switch {
		case ct.keepsOn(ch.date, ch.oldCode):
			kind = domain.SuccessionPartTransferred
		case ct.outs[ch.date][ch.oldCode] > 1:
			kind = domain.SuccessionSplit
		}
		ms.successions = append(ms.successions, domain.Succession{Predecessor: pred.ID, Successor: succ.ID,
			Date: ch.date, Kind: kind})
	}
	return nil
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

// nameParts are the names an SSB name joins with " - " ("Storfjord - Omasvuotna - Omasvuono"), without
// the county SSB adds to names that several municipalities share ("Herøy (Nordland)").
func nameParts(name string) []string { return strings.Split(baseName(name), " - ") }

// baseName drops the county qualifier SSB adds to shared names: "Våler (Hedmark)" is "Våler". The change
// table does not always write the qualifier that Klass versions do.
func baseName(name string) string {
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		return name[:i]
	}
	return name
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
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
