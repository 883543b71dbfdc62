package store

import (
	"cmp"
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// currentCodeRow is a municipality's code period in force, with its county's name.
type currentCodeRow struct {
	MunicipalityID string
	Code           string
	Name           string
	CountyCode     string
	CountyName     string
	ValidFrom      *string
	ValidTo        *string
	SourceID       string
}

const currentCodeSelect = "mc.municipality_id, mc.code, mc.name, mc.county_code, c.name AS county_name, " +
	"mc.valid_from, mc.valid_to, mc.source_id"

// currentCodes is the query over municipalities in force, one row each. The rows only name the
// municipalities of a page, which the register then gives in full.
func (s *Store) currentCodes() *gorm.DB {
	return s.db.Table("municipality_codes AS mc").
		Joins("JOIN municipalities m ON m.id = mc.municipality_id").
		Where("mc.valid_to IS NULL")
}

// codesOn is the query over the municipalities in force on date, one row each with its code then.
func (s *Store) codesOn(date string) *gorm.DB {
	return s.db.Table("municipality_codes AS mc").
		Joins("JOIN municipalities m ON m.id = mc.municipality_id").
		Where("(mc.valid_from IS NULL OR mc.valid_from <= ?) AND (mc.valid_to IS NULL OR mc.valid_to > ?)", date, date)
}

// municipalityIDRow is a row of a page of municipalities: which one.
type municipalityIDRow struct{ MunicipalityID string }

// ListMunicipalities lists the municipalities in force, or with at= those in force on that date as they
// were then, names included (query.Municipalities). A code filter reads a code no longer in force as what it became.
func (s *Store) ListMunicipalities(ctx context.Context, q query.Query) (domain.List[domain.Municipality], error) {
	var out domain.List[domain.Municipality]
	base, at := s.currentCodes(), q.Value("at")
	if at != "" {
		base = s.codesOn(at)
	}
	if f, ok := q.Filter("code"); ok {
		if at != "" {
			base = base.Where("mc.code IN ?", f.Values) // the codes of that date
		} else {
			ids, mapped, err := s.resolveCodes(ctx, f.Values)
			if err != nil {
				return out, err
			}
			base, out.Mapped = base.Where("mc.municipality_id IN ?", ids), mapped
		}
	}
	rows, total, next, err := list(ctx, base, "mc.municipality_id", query.Municipalities, q,
		func(r municipalityIDRow) string { return r.MunicipalityID })
	if err != nil {
		return out, err
	}
	items, err := s.identities(ctx, collect(rows, func(r municipalityIDRow) string { return r.MunicipalityID }))
	if err != nil {
		return out, err
	}
	for i := range items {
		asOf(&items[i], at)
	}
	out.Items, out.Total, out.NextCursor = items, total, next
	if len(items) == 0 && q.Page.Cursor == "" {
		l, err := s.lineage(ctx)
		if err != nil {
			return out, err
		}
		if out.Hint, err = s.countyHintFor(ctx, l, q, cmp.Or(at, time.Now().UTC().Format(time.DateOnly))); err != nil {
			return out, err
		}
	}
	return out, nil
}

// asOf makes a municipality (one in force) what it was on date: its code, name and county then, and only
// the names in force then. "" leaves the latest code, name and county, and the latest names. The record
// itself (Records.Get, a write's answer, the changes log) keeps every name, as it keeps every code period.
func asOf(m *domain.Municipality, date string) bool {
	m.Names = domain.NamesOn(m.Names, date)
	if date == "" {
		return true
	}
	for _, p := range m.Codes {
		if domain.InForce(p.ValidFrom, p.ValidTo, date) {
			m.Code, m.Name, m.County = p.Code, p.Name, p.County
			return true
		}
	}
	return false
}

// Municipality returns the municipality whose code is in force, with the names in force; with at, as it
// was on that date, with the names it had then.
func (s *Store) Municipality(ctx context.Context, code, at string) (domain.Municipality, error) {
	id, err := s.municipalityID(ctx, code)
	if err != nil {
		return domain.Municipality{}, err
	}
	items, err := s.identities(ctx, []string{id})
	if err != nil {
		return domain.Municipality{}, err
	}
	if !asOf(&items[0], at) {
		return domain.Municipality{}, domain.Errorf(domain.ENOTFOUND,
			"The municipality with the code %q did not exist in this form on %s; its history says when it did.", code, at)
	}
	return items[0], nil
}

// resolveCodes maps codes to identities in force: a code in force to its municipality, a code no longer
// in force to every municipality it became, recorded in the mapping. ENOTFOUND for a code no municipality
// ever had. No query: the register and the lineage are derived state.
func (s *Store) resolveCodes(ctx context.Context, codes []string) ([]string, []domain.CodeMapping, error) {
	reg, err := s.register(ctx)
	if err != nil {
		return nil, nil, err
	}
	var ids []string
	var mapped []domain.CodeMapping
	var l *lineage
	for _, code := range codes {
		if id, ok := reg.inForce[code]; ok {
			ids = append(ids, id)
			continue
		}
		if l == nil {
			if l, err = s.lineage(ctx); err != nil {
				return nil, nil, err
			}
		}
		today, err := l.resolve(code)
		if err != nil {
			return nil, nil, err
		}
		m := domain.CodeMapping{From: code}
		for _, t := range today {
			ids, m.To = append(ids, t.ID), append(m.To, t.Code)
		}
		mapped = append(mapped, m)
	}
	return ids, mapped, nil
}

// municipalityID returns the identity whose code is in force, or ENOTFOUND.
func (s *Store) municipalityID(ctx context.Context, code string) (string, error) {
	reg, err := s.register(ctx)
	if err != nil {
		return "", err
	}
	id, ok := reg.inForce[code]
	if !ok {
		return "", domain.Errorf(domain.ENOTFOUND, "No municipality has the code %q in force.", code)
	}
	return id, nil
}

// identities returns municipalities in full, in the order of ids, with every code period, name and
// source, from the register. Code, name and county are the latest period's.
func (s *Store) identities(ctx context.Context, ids []string) ([]domain.Municipality, error) {
	var reg *register
	var err error
	if s.inTransaction { // a write's own changes, of these identities alone
		reg, err = registerOf(ctx, s, append([]string{}, ids...))
	} else {
		reg, err = s.register(ctx)
	}
	if err != nil {
		return nil, err
	}
	out := make([]domain.Municipality, 0, len(ids))
	for _, id := range ids {
		if m, ok := reg.byID[id]; ok {
			out = append(out, m)
		}
	}
	return out, nil
}

// orEmpty makes a nil slice an empty one, so JSON shows [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
