package store

import (
	"context"
	"sort"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
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

var byCode = keyset[currentCodeRow]{columns: []string{"mc.code"},
	values: func(r currentCodeRow) []any { return []any{r.Code} }}

// currentCodes is the query over municipalities in force, one row each.
func (s *Store) currentCodes() *gorm.DB {
	return s.db.Table("municipality_codes AS mc").
		Joins("JOIN counties c ON c.code = mc.county_code").
		Where("mc.valid_to IS NULL")
}

// ListMunicipalities lists the municipalities in force, by code.
func (s *Store) ListMunicipalities(ctx context.Context, f domain.MunicipalityFilter, page domain.Page) (domain.List[domain.Municipality], error) {
	q := s.currentCodes()
	if len(f.County) > 0 {
		q = q.Where("mc.county_code IN ?", f.County)
	}
	rows, total, next, err := list(ctx, q, currentCodeSelect, page, byCode)
	if err != nil {
		return domain.List[domain.Municipality]{}, err
	}
	items, err := s.municipalities(ctx, rows)
	return domain.List[domain.Municipality]{Items: items, Total: total, NextCursor: next}, err
}

// Municipality returns the municipality whose code is in force.
func (s *Store) Municipality(ctx context.Context, code string) (domain.Municipality, error) {
	var rows []currentCodeRow
	err := s.currentCodes().WithContext(ctx).Select(currentCodeSelect).Where("mc.code = ?", code).Find(&rows).Error
	if err != nil {
		return domain.Municipality{}, err
	}
	if len(rows) == 0 {
		return domain.Municipality{}, domain.Errorf(domain.ENOTFOUND, "No municipality has the code %q in force.", code)
	}
	items, err := s.municipalities(ctx, rows)
	if err != nil {
		return domain.Municipality{}, err
	}
	return items[0], nil
}

// municipalityID returns the identity whose code is in force, or ENOTFOUND.
func (s *Store) municipalityID(ctx context.Context, code string) (string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Table("municipality_codes").Where("code = ? AND valid_to IS NULL", code).
		Pluck("municipality_id", &ids).Error
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "", domain.Errorf(domain.ENOTFOUND, "No municipality has the code %q in force.", code)
	}
	return ids[0], nil
}

// languageOrder puts Norwegian first, then the Sámi languages and Kven.
var languageOrder = map[string]int{"no": 0, "se": 1, "smj": 2, "sma": 3, "fkv": 4}

// municipalities completes rows in force with every code period, name and source: three queries for any
// number of rows.
func (s *Store) municipalities(ctx context.Context, rows []currentCodeRow) ([]domain.Municipality, error) {
	ids := collect(rows, func(r currentCodeRow) string { return r.MunicipalityID })
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
	sources, err := s.sources(ctx, collect(rows, func(r currentCodeRow) string { return r.SourceID }))
	if err != nil {
		return nil, err
	}
	codesOf := map[string][]domain.MunicipalityCode{}
	for _, p := range periods {
		codesOf[p.MunicipalityID] = append(codesOf[p.MunicipalityID], domain.MunicipalityCode{Code: p.Code,
			Name: p.Name, County: domain.County{Code: p.CountyCode, Name: p.CountyName},
			ValidFrom: p.ValidFrom, ValidTo: p.ValidTo})
	}
	sort.SliceStable(names, func(i, j int) bool { return languageOrder[names[i].Language] < languageOrder[names[j].Language] })
	namesOf := map[string][]domain.Name{}
	for _, n := range names {
		namesOf[n.MunicipalityID] = append(namesOf[n.MunicipalityID], domain.Name{Name: n.Name, Language: n.Language, Source: n.SourceID})
	}
	out := make([]domain.Municipality, 0, len(rows))
	for _, r := range rows {
		out = append(out, domain.Municipality{ID: r.MunicipalityID, Code: r.Code, Name: r.Name,
			County: domain.County{Code: r.CountyCode, Name: r.CountyName}, Names: orEmpty(namesOf[r.MunicipalityID]),
			ValidFrom: r.ValidFrom, ValidTo: r.ValidTo, Codes: codesOf[r.MunicipalityID], Source: sources[r.SourceID]})
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
