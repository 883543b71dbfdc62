package store

import (
	"context"
	"slices"
	"sync"

	"github.com/byregion/byregion/internal/domain"
)

// lineage follows municipalities through time: each identity's code periods, and the mergers and splits
// that passed one identity's territory to another. It answers "what did this municipality become?". It is
// derived state (derived.go): built once per change of the codes or successions, and never modified after,
// except for the checkers it memoises.
type lineage struct {
	periods     map[string][]municipalityCodeRow // identity -> its periods, oldest first
	successions map[string][]successionRow       // predecessor -> successions from it
	withCode    map[string][]string              // code -> the identities that had it, latest period first

	mu       sync.Mutex
	checkers map[string]*checker // by date
}

// lineage returns the lineage as of the current data version.
func (s *Store) lineage(ctx context.Context) (*lineage, error) { return s.derived.lineage.get(ctx, s) }

// buildLineage reads every code period and succession: two queries, a few thousand small rows.
func buildLineage(ctx context.Context, s *Store) (*lineage, error) {
	var periods []municipalityCodeRow
	if err := s.db.WithContext(ctx).Order("municipality_id, COALESCE(valid_from, '')").Find(&periods).Error; err != nil {
		return nil, err
	}
	var successions []successionRow
	if err := s.db.WithContext(ctx).Order("date, predecessor_id, successor_id").Find(&successions).Error; err != nil {
		return nil, err
	}
	return newLineage(periods, successions), nil
}

// newLineage indexes code periods (each identity's oldest first) and successions (by date).
func newLineage(periods []municipalityCodeRow, successions []successionRow) *lineage {
	l := &lineage{periods: map[string][]municipalityCodeRow{}, successions: map[string][]successionRow{},
		withCode: map[string][]string{}, checkers: map[string]*checker{}}
	for _, p := range periods {
		l.periods[p.MunicipalityID] = append(l.periods[p.MunicipalityID], p)
	}
	for _, sc := range successions {
		l.successions[sc.PredecessorID] = append(l.successions[sc.PredecessorID], sc)
	}
	// Latest period first: a code reused after a merger names the newer municipality first.
	ends := map[string]map[string]string{} // code -> identity -> end of its latest period under the code
	for id, ps := range l.periods {
		for _, p := range ps {
			if ends[p.Code] == nil {
				ends[p.Code] = map[string]string{}
			}
			end := deref(p.ValidTo)
			if end == "" {
				end = "9999"
			}
			if end > ends[p.Code][id] {
				ends[p.Code][id] = end
			}
		}
	}
	for code, byID := range ends {
		ids := make([]string, 0, len(byID))
		for id := range byID {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b string) int {
			if byID[a] != byID[b] {
				return compare(byID[b], byID[a])
			}
			return compare(a, b)
		})
		l.withCode[code] = ids
	}
	return l
}

// checkerOn is the checker as of date, built once per lineage.
func (l *lineage) checkerOn(date string) *checker {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c := l.checkers[date]; c != nil {
		return c
	}
	c := newChecker(l, date)
	l.checkers[date] = c
	return c
}

// latest is the identity's last code period: its code and name now, or when it ended.
func (l *lineage) latest(id string) municipalityCodeRow {
	ps := l.periods[id]
	return ps[len(ps)-1]
}

// periodAt returns the identity's period that began at or before date and had not ended at it.
func (l *lineage) periodAt(id, date string) (municipalityCodeRow, bool) {
	for _, p := range l.periods[id] {
		if deref(p.ValidFrom) <= date && (p.ValidTo == nil || *p.ValidTo > date) {
			return p, true
		}
	}
	return municipalityCodeRow{}, false
}

// today follows an identity, listed under code, to the municipalities in force, with every reform on
// the way: its own renumberings and renamings, and the mergers and splits that passed it on.
func (l *lineage) today(id, code string) []domain.MunicipalityToday {
	var out []domain.MunicipalityToday
	seen := map[string]bool{}
	origin := id
	var walk func(id, code string, reforms []domain.Reform)
	walk = func(id, code string, reforms []domain.Reform) {
		periods := l.periods[id]
		if len(periods) == 0 {
			return
		}
		start := 0
		for i, p := range periods {
			if p.Code == code {
				start = i // the latest period under the code
			}
		}
		prev := periods[start]
		for _, p := range periods[start+1:] {
			kind := domain.ReformRenumbered
			if p.Code == prev.Code {
				kind = domain.ReformRenamed
			}
			reforms = append(reforms[:len(reforms):len(reforms)], domain.Reform{Date: deref(p.ValidFrom), Kind: kind, From: prev.Code, To: p.Code})
			prev = p
		}
		if prev.ValidTo == nil {
			if !seen[id] {
				seen[id] = true
				out = append(out, domain.MunicipalityToday{ID: id, Code: prev.Code, Name: prev.Name, Reforms: orEmpty(reforms)})
			}
			return
		}
		for _, sc := range l.reverted(origin, id) {
			next, ok := l.periodAt(sc.SuccessorID, sc.Date)
			if !ok {
				continue
			}
			kind := domain.ReformMerged
			if sc.Kind == string(domain.SuccessionSplit) {
				kind = domain.ReformSplit
			}
			walk(sc.SuccessorID, next.Code, append(reforms[:len(reforms):len(reforms)],
				domain.Reform{Date: sc.Date, Kind: kind, From: prev.Code, To: next.Code}))
		}
	}
	walk(id, code, nil)
	return orEmpty(out)
}

// reverted are the successions an identity's territory went on by, for a walk that began at origin.
// A municipality merged of several and later split again (Ålesund 2020, split in 2024 into Ålesund and
// Haram) gave each former member's land back to the part that bears its name: the walk from old Haram goes
// to the new Haram only, and the walks from old Ålesund, Ørskog, Skodje and Sandøy to the new Ålesund, not
// to Haram, whose name is another former member's. Where no name tells, a split goes to every part.
func (l *lineage) reverted(origin, id string) []successionRow {
	var splits, out []successionRow
	for _, sc := range l.successions[id] {
		switch sc.Kind {
		case string(domain.SuccessionPartTransferred): // the identity went on; this is not where it went
		case string(domain.SuccessionSplit):
			splits = append(splits, sc)
		default:
			out = append(out, sc)
		}
	}
	if len(splits) < 2 || origin == id {
		return append(out, splits...)
	}
	nameOf := func(sc successionRow) string {
		p, _ := l.periodAt(sc.SuccessorID, sc.Date)
		return p.Name
	}
	had := func(identity, name string) bool {
		return slices.ContainsFunc(l.periods[identity], func(p municipalityCodeRow) bool { return p.Name == name })
	}
	var own []successionRow
	for _, sc := range splits {
		if had(origin, nameOf(sc)) {
			own = append(own, sc)
		}
	}
	if len(own) > 0 {
		return append(out, own...)
	}
	// None bears the origin's name: leave out the parts that bear another former member's name.
	var others []string
	for pred, list := range l.successions {
		for _, sc := range list {
			if sc.SuccessorID == id && pred != origin {
				others = append(others, pred)
			}
		}
	}
	// The part that bears the merged municipality's own name goes on with what was not given back.
	kept := slices.DeleteFunc(slices.Clone(splits), func(sc successionRow) bool {
		return !had(id, nameOf(sc)) && slices.ContainsFunc(others, func(o string) bool { return had(o, nameOf(sc)) })
	})
	if len(kept) == 0 {
		kept = splits
	}
	return append(out, kept...)
}

// listed is a municipality as listed, with what it became.
func (l *lineage) listed(id, code, name string) domain.ListedMunicipality {
	return domain.ListedMunicipality{ID: id, Code: code, Name: name, Today: l.today(id, code)}
}
