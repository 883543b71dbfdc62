package store

import (
	"context"

	"github.com/byregion/byregion/internal/domain"
)

// register is the municipality register in full: every identity with its code periods, its names with
// theirs, and its source.
// About a thousand small rows; answers that show
// municipalities take them from here instead of reading them again.
type register struct {
	byID    map[string]domain.Municipality // code, name and county are the latest period's
	inForce map[string]string              // code in force -> identity
}

func buildRegister(ctx context.Context, s *Store) (*register, error) { return registerOf(ctx, s, nil) }

// registerOf is the register of the identities ids, or of all of them for nil: a write's transaction reads
// only the identities it shows.
func registerOf(ctx context.Context, s *Store, ids []string) (*register, error) {
	db := s.db.WithContext(ctx)
	periodsQuery := db.Table("municipality_codes AS mc").Select(currentCodeSelect).
		Joins("JOIN counties c ON c.code = mc.county_code").
		Order("mc.municipality_id, COALESCE(mc.valid_from, '')")
	namesQuery := db.Order("municipality_id, id")
	if ids != nil {
		periodsQuery, namesQuery = periodsQuery.Where("mc.municipality_id IN ?", ids), namesQuery.Where("municipality_id IN ?", ids)
	}
	var periods []currentCodeRow
	if err := periodsQuery.Find(&periods).Error; err != nil {
		return nil, err
	}
	var names []municipalityNameRow
	if err := namesQuery.Find(&names).Error; err != nil {
		return nil, err
	}
	sources, err := s.derived.sources.get(ctx, s)
	if err != nil {
		return nil, err
	}
	r := &register{byID: map[string]domain.Municipality{}, inForce: map[string]string{}}
	for _, p := range periods {
		m, ok := r.byID[p.MunicipalityID]
		if !ok {
			m = domain.Municipality{ID: p.MunicipalityID, ValidFrom: p.ValidFrom, Names: []domain.Name{}}
		}
		county := domain.County{Code: p.CountyCode, Name: p.CountyName}
		m.Codes = append(m.Codes, domain.MunicipalityCode{Code: p.Code, Name: p.Name, County: county,
			ValidFrom: p.ValidFrom, ValidTo: p.ValidTo})
		m.Code, m.Name, m.County, m.ValidTo, m.Source = p.Code, p.Name, county, p.ValidTo, sources[p.SourceID]
		if p.ValidTo == nil {
			r.inForce[p.Code] = p.MunicipalityID
		}
		r.byID[p.MunicipalityID] = m
	}
	for _, n := range names {
		if m, ok := r.byID[n.MunicipalityID]; ok {
			m.Names = append(m.Names, domain.Name{Name: n.Name, Language: n.Language, Source: n.SourceID,
				ValidFrom: n.ValidFrom, ValidTo: n.ValidTo})
			r.byID[n.MunicipalityID] = m
		}
	}
	for id, m := range r.byID {
		domain.SortNames(m.Names)
		r.byID[id] = m
	}
	return r, nil
}

// register returns the municipality register as of the current data version.
func (s *Store) register(ctx context.Context) (*register, error) {
	return s.derived.register.get(ctx, s)
}

// memberships are every region's membership rows, the lead first, then by listed code.
type memberships struct {
	all      []membershipRow
	byRegion map[string][]membershipRow
}

func buildMemberships(ctx context.Context, s *Store) (*memberships, error) {
	var rows []membershipRow
	if err := s.db.WithContext(ctx).Order("region_id, " + memberOrder).Find(&rows).Error; err != nil {
		return nil, err
	}
	m := &memberships{all: rows, byRegion: map[string][]membershipRow{}}
	for _, r := range rows {
		m.byRegion[r.RegionID] = append(m.byRegion[r.RegionID], r)
	}
	return m, nil
}

// allMemberships returns every membership as of the current data version.
func (s *Store) allMemberships(ctx context.Context) (*memberships, error) {
	return s.derived.memberships.get(ctx, s)
}

// of lists the memberships of the regions, in the order of the regions given.
func (m *memberships) of(regions ...string) []membershipRow {
	var out []membershipRow
	for _, r := range regions {
		out = append(out, m.byRegion[r]...)
	}
	return out
}

func buildSources(ctx context.Context, s *Store) (map[string]domain.Source, error) {
	var rows []sourceRow
	if err := s.db.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]domain.Source, len(rows))
	for _, r := range rows {
		out[r.ID] = r.domain()
	}
	return out, nil
}
