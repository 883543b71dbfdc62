package store

import (
	"context"
	"slices"

	"github.com/byregion/byregion/internal/domain"
)

// identitiesWithCode lists the identities that had code at any time, latest first.
func (l *lineage) identitiesWithCode(code string) []string { return l.withCode[code] }

// ResolveCode maps any code a municipality ever had to the municipalities in force it became: itself
// when the code is in force. ENOTFOUND when no municipality ever had the code.
func (s *Store) ResolveCode(ctx context.Context, code string) ([]domain.MunicipalityToday, error) {
	l, err := s.lineage(ctx)
	if err != nil {
		return nil, err
	}
	return l.resolve(code)
}

func (l *lineage) resolve(code string) ([]domain.MunicipalityToday, error) {
	ids := l.identitiesWithCode(code)
	if len(ids) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "No municipality has ever had the code %q.", code)
	}
	var out []domain.MunicipalityToday
	for _, t := range l.today(ids[0], code) {
		out = append(out, t)
	}
	return out, nil
}

// History returns the lineage of the municipality that had code (the latest one, if several had it).
func (s *Store) History(ctx context.Context, code string) (domain.History, error) {
	l, err := s.lineage(ctx)
	if err != nil {
		return domain.History{}, err
	}
	ids := l.identitiesWithCode(code)
	if len(ids) == 0 {
		return domain.History{}, domain.Errorf(domain.ENOTFOUND, "No municipality has ever had the code %q.", code)
	}
	id := ids[0]
	ms, err := s.identities(ctx, []string{id})
	if err != nil {
		return domain.History{}, err
	}
	m := ms[0]
	h := domain.History{Municipality: domain.MunicipalityRef{Code: m.Code, Name: m.Name}, ID: id, ValidFrom: m.ValidFrom,
		ValidTo: m.ValidTo, Codes: m.Codes, Predecessors: []domain.Related{}, Successors: []domain.Related{},
		Today: l.today(id, m.Codes[len(m.Codes)-1].Code), Source: m.Source}
	for pred, scs := range l.successions {
		for _, sc := range scs {
			if sc.SuccessorID == id {
				if p, ok := l.periodBefore(pred, sc.Date); ok {
					h.Predecessors = append(h.Predecessors, domain.Related{ID: pred, Code: p.Code, Name: p.Name,
						Date: sc.Date, Kind: domain.SuccessionKind(sc.Kind)})
				}
			}
		}
	}
	for _, sc := range l.successions[id] {
		if p, ok := l.periodAt(sc.SuccessorID, sc.Date); ok {
			h.Successors = append(h.Successors, domain.Related{ID: sc.SuccessorID, Code: p.Code, Name: p.Name,
				Date: sc.Date, Kind: domain.SuccessionKind(sc.Kind)})
		}
	}
	byDateCode := func(a, b domain.Related) int {
		if a.Date != b.Date {
			return compare(a.Date, b.Date)
		}
		return compare(a.Code, b.Code)
	}
	slices.SortFunc(h.Predecessors, byDateCode)
	slices.SortFunc(h.Successors, byDateCode)
	return h, nil
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// periodBefore returns the identity's period in force just before date.
func (l *lineage) periodBefore(id, date string) (municipalityCodeRow, bool) {
	for _, p := range l.periods[id] {
		if deref(p.ValidFrom) < date && (p.ValidTo == nil || *p.ValidTo >= date) {
			return p, true
		}
	}
	return municipalityCodeRow{}, false
}
