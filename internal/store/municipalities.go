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

// ListMunicipalities lists the municipalities in force (query.Municipalities).
func (s *Store) ListMunicipalities(ctx context.Context, q query.Query) (domain.List[domain.Municipality], error) {
	rows, total, next, err := list(ctx, s.currentCodes(), currentCodeSelect, query.Municipalities, q,
		func(r currentCodeRow) string { return r.MunicipalityID })
	if err != nil {
		return domain.List[domain.Municipality]{}, err
	}
	items, err := s.identities(ctx, collect(rows, func(r currentCodeRow) string { return r.MunicipalityID }))
	return domain.List[domain.Municipality]{Items: items, Total: total, NextCursor: next}, err
}

// Municipality returns the municipality whose code is in force.
func (s *Store) Municipality(ctx context.Context, code string) (domain.Municipality, error) {
	id, err := s.municipalityID(ctx, code)
	if err != nil {
		return domain.Municipality{}, err
	}
	items, err := s.identities(ctx, []string{id})
	if err != nil {
		return domain.Municipality{}, err
	}
	return items[0], nil
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
