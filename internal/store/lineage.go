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
	into        map[string][]successionRow       // successor -> successions into it
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
		into: map[string][]successionRow{}, withCode: map[string][]string{}, checkers: map[string]*checker{}}
	for _, p := range periods {
		l.periods[p.MunicipalityID] = append(l.periods[p.MunicipalityID], p)
	}
	for _, sc := range successions {
		l.successions[sc.PredecessorID] = append(l.successions[sc.PredecessorID], sc)
		l.into[sc.SuccessorID] = append(l.into[sc.SuccessorID], sc)
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
		if domain.InForce(p.ValidFrom, p.ValidTo, date) {
			return p, true
		}
	}
	return municipalityCodeRow{}, false
}

// today follows an identity, listed under code, to the municipalities in force, with every reform on
// the way: its own renumberings and renamings, and the mergers and splits that passed it on. It follows
// SSB's change table and nothing else: a split goes to every part Klass records, even where a name suggests
// which part holds the old land (Klass records 1507 Ålesund → 1508 Ålesund and 1580 Haram, not which of
// them old Haram became), so a code that became several municipalities resolves to all of them.
func (l *lineage) today(id, code string) []domain.MunicipalityToday {
	var out []domain.MunicipalityToday
	seen := map[string]bool{}
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
		for _, sc := range l.successions[id] {
			if sc.Kind == string(domain.SuccessionPartTransferred) {
				continue // the identity went on; this is not where it went
			}
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

// listed is a municipality as listed, with what it became.
func (l *lineage) listed(id, code, name string) domain.ListedMunicipality {
	return domain.ListedMunicipality{ID: id, Code: code, Name: name, Today: l.today(id, code)}
}
