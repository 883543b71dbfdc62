package store

import (
	"context"
	"sort"

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

// currentCodes is the query over municipalities in force, one row each.
func (s *Store) currentCodes() *gorm.DB {
	return s.db.Table("municipality_codes AS mc").
		Joins("JOIN counties c ON c.code = mc.county_code").
		Joins("JOIN municipalities m ON m.id = mc.municipality_id").
		Where("mc.valid_to IS NULL")
}

// codesOn is the query over the municipalities in force on date, one row each with its code then.
func (s *Store) codesOn(date string) *gorm.DB {
	return s.db.Table("municipality_codes AS mc").
		Joins("JOIN counties c ON c.code = mc.county_code").
		Joins("JOIN municipalities m ON m.id = mc.municipality_id").
		Where("(mc.valid_from IS NULL OR mc.valid_from <= ?) AND (mc.valid_to IS NULL OR mc.valid_to > ?)", date, date)
}

// ListMunicipalities lists the municipalities in force, or with at= those in force on that date as they
// were then (query.Municipalities). A code filter reads a code no longer in force as what it became.
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
	rows, total, next, err := list(ctx, base, currentCodeSelect, query.Municipalities, q,
		func(r currentCodeRow) string { return r.MunicipalityID })
	if err != nil {
		return out, err
	}
	items, err := s.identities(ctx, collect(rows, func(r currentCodeRow) string { return r.MunicipalityID }))
	if err != nil {
		return out, err
	}
	for i := range items {
		asOf(&items[i], at)
	}
	out.Items, out.Total, out.NextCursor = items, total, next
	return out, nil
}

// asOf makes a municipality's code, name and county those it had on date; "" leaves the latest.
func asOf(m *domain.Municipality, date string) bool {
	if date == "" {
		return true
	}
	for _, p := range m.Codes {
		if (p.ValidFrom == nil || *p.ValidFrom <= date) && (p.ValidTo == nil || *p.ValidTo > date) {
			m.Code, m.Name, m.County = p.Code, p.Name, p.County
			return true
		}
	}
	return false
}

// Municipality returns the municipality whose code is in force; with at, as it was on that date.
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
			"The municipality with the code %q did not exist in this form on %s; its history is at /api/v1/municipalities/%s/history.", code, at, code)
	}
	return items[0], nil
}

// resolveCodes maps codes to identities in force: a code in force to its municipality, a code no longer
// in force to every municipality it became, recorded in the mapping. ENOTFOUND for a code no municipality
// ever had.
func (s *Store) resolveCodes(ctx context.Context, codes []string) ([]string, []domain.CodeMapping, error) {
	var rows []municipalityCodeRow
	if err := s.db.WithContext(ctx).Where("code IN ? AND valid_to IS NULL", codes).Find(&rows).Error; err != nil {
		return nil, nil, err
	}
	inForce := map[string]string{}
	for _, r := range rows {
		inForce[r.Code] = r.MunicipalityID
	}
	var ids []string
	var mapped []domain.CodeMapping
	var l *lineage
	for _, code := range codes {
		if id, ok := inForce[code]; ok {
			ids = append(ids, id)
			continue
		}
		if l == nil {
			var err error
			if l, err = s.loadLineage(ctx); err != nil {
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
	ids, err := s.municipalityIDs(ctx, []string{code})
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// municipalityIDs returns the identities whose codes are in force, in the order of codes, or ENOTFOUND
// naming the first code no municipality has: one query for any number of codes.
func (s *Store) municipalityIDs(ctx context.Context, codes []string) ([]string, error) {
	var rows []municipalityCodeRow
	err := s.db.WithContext(ctx).Where("code IN ? AND valid_to IS NULL", codes).Find(&rows).Error
	if err != nil {
		return nil, err
	}
	byCode := map[string]string{}
	for _, r := range rows {
		byCode[r.Code] = r.MunicipalityID
	}
	ids := make([]string, len(codes))
	for i, code := range codes {
		id, ok := byCode[code]
		if !ok {
			return nil, domain.Errorf(domain.ENOTFOUND, "No municipality has the code %q in force.", code)
		}
		ids[i] = id
	}
	return ids, nil
}

// languageOrder puts Norwegian first, then the Sámi languages and Kven.
var languageOrder = map[string]int{"no": 0, "se": 1, "smj": 2, "sma": 3, "fkv": 4}

// identities reads municipalities in full, in the order of ids, with every code period, name and
// source: three queries for any number of identities. Code, name and county are the latest period's.
func (s *Store) identities(ctx context.Context, ids []string) ([]domain.Municipality, error) {
	if len(ids) == 0 {
		return []domain.Municipality{}, nil
	}
	var periods []currentCodeRow
	err := s.db.WithContext(ctx).Table("municipality_codes AS mc").Select(currentCodeSelect).
		Joins("JOIN counties c ON c.code = mc.county_code").
		Where("mc.municipality_id IN ?", ids).Order("mc.municipality_id, COALESCE(mc.valid_from, '')").
		Find(&periods).Error
	if err != nil {
		return nil, err
	}
	var names []municipalityNameRow
	if err := s.db.WithContext(ctx).Where("municipality_id IN ?", ids).Find(&names).Error; err != nil {
		return nil, err
	}
	sources, err := s.sources(ctx, collect(periods, func(r currentCodeRow) string { return r.SourceID }))
	if err != nil {
		return nil, err
	}
	byID := map[string]*domain.Municipality{}
	for _, p := range periods {
		m := byID[p.MunicipalityID]
		if m == nil {
			m = &domain.Municipality{ID: p.MunicipalityID, ValidFrom: p.ValidFrom, Names: []domain.Name{}}
			byID[p.MunicipalityID] = m
		}
		county := domain.County{Code: p.CountyCode, Name: p.CountyName}
		m.Codes = append(m.Codes, domain.MunicipalityCode{Code: p.Code, Name: p.Name, County: county,
			ValidFrom: p.ValidFrom, ValidTo: p.ValidTo})
		m.Code, m.Name, m.County, m.ValidTo, m.Source = p.Code, p.Name, county, p.ValidTo, sources[p.SourceID]
	}
	sort.SliceStable(names, func(i, j int) bool { return languageOrder[names[i].Language] < languageOrder[names[j].Language] })
	for _, n := range names {
		if m := byID[n.MunicipalityID]; m != nil {
			m.Names = append(m.Names, domain.Name{Name: n.Name, Language: n.Language, Source: n.SourceID})
		}
	}
	out := make([]domain.Municipality, 0, len(ids))
	for _, id := range ids {
		if m := byID[id]; m != nil {
			out = append(out, *m)
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
