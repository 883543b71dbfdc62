package store

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// regionListRow is a region with its programme's name.
type regionListRow struct {
	Region        regionRow `gorm:"embedded"`
	ProgrammeName string
}

const regionSelect = "r.*, p.name AS programme_name"

func regionIDOf(r regionListRow) string { return r.Region.ID }

func (s *Store) regionQuery() *gorm.DB {
	return s.db.Table("regions AS r").Joins("JOIN programmes p ON p.id = r.programme_id")
}

// ListRegions lists the city regions (query.Regions).
func (s *Store) ListRegions(ctx context.Context, q query.Query) (domain.List[domain.Region], error) {
	var empty domain.List[domain.Region]
	base := s.regionQuery()
	if f, ok := q.Filter("phase"); ok {
		base = base.Where("r.id IN (SELECT region_id FROM region_phases WHERE phase IN ? AND status = ?)",
			f.Values, string(domain.PhaseConfirmed))
	}
	county, _ := q.Filter("county")
	municipality, _ := q.Filter("municipality")
	if len(county.Values) > 0 || len(municipality.Values) > 0 {
		ids, err := s.regionsWithMembers(ctx, county.Values, municipality.Values)
		if err != nil {
			return empty, err
		}
		base = base.Where("r.id IN ?", orEmpty(ids))
	}
	rows, total, next, err := list(ctx, base, regionSelect, query.Regions, q, regionIDOf)
	if err != nil {
		return empty, err
	}
	at := q.Value("at")
	items, err := s.regions(ctx, rows, at)
	return domain.List[domain.Region]{Items: items, Total: total, NextCursor: next}, err
}

// regionsWithMembers returns the regions with a member that was listed in, or is today in, one of the
// counties; and that was listed as, had at any time, or became one of the codes.
func (s *Store) regionsWithMembers(ctx context.Context, counties, municipalities []string) ([]string, error) {
	all, err := s.allMemberships(ctx)
	if err != nil {
		return nil, err
	}
	members := all.all
	l, err := s.lineage(ctx)
	if err != nil {
		return nil, err
	}
	countyOK, codeOK := map[string]bool{}, map[string]bool{}
	for _, m := range members {
		// Every code the member had or became, and the counties they lay in: Troms og Finnmark (54) finds
		// Tromsø as well as Troms (19 and 55) does.
		codes := []string{m.ListedCode}
		for _, p := range l.periods[m.MunicipalityID] {
			codes = append(codes, p.Code)
		}
		for _, t := range l.today(m.MunicipalityID, m.ListedCode) {
			for _, p := range l.periods[t.ID] {
				codes = append(codes, p.Code)
			}
		}
		var memberCounties []string
		for _, c := range codes {
			memberCounties = append(memberCounties, c[:2])
		}
		for _, c := range memberCounties {
			if slices.Contains(counties, c) {
				countyOK[m.RegionID] = true
			}
		}
		for _, c := range codes {
			if slices.Contains(municipalities, c) {
				codeOK[m.RegionID] = true
			}
		}
	}
	var out []string
	for _, m := range members {
		ok := (len(counties) == 0 || countyOK[m.RegionID]) && (len(municipalities) == 0 || codeOK[m.RegionID])
		if ok && !slices.Contains(out, m.RegionID) {
			out = append(out, m.RegionID)
		}
	}
	return out, nil
}

// Region returns one city region with its members; with at, the members of that date as they were then.
func (s *Store) Region(ctx context.Context, id, at string) (domain.Region, error) {
	var rows []regionListRow
	if err := s.regionQuery().WithContext(ctx).Select(regionSelect).Where("r.id = ?", id).Find(&rows).Error; err != nil {
		return domain.Region{}, err
	}
	if len(rows) == 0 {
		return domain.Region{}, s.noRegion(ctx, id)
	}
	items, err := s.regions(ctx, rows, at)
	if err != nil {
		return domain.Region{}, err
	}
	return items[0], nil
}

// requireRegions returns ENOTFOUND, naming the first missing one, unless every region exists: one query
// for any number of regions.
func (s *Store) requireRegions(ctx context.Context, ids ...string) error {
	var found []string
	if err := s.db.WithContext(ctx).Model(&regionRow{}).Where("id IN ?", ids).Pluck("id", &found).Error; err != nil {
		return err
	}
	for _, id := range ids {
		if !slices.Contains(found, id) {
			return s.noRegion(ctx, id)
		}
	}
	return nil
}

// programmeLaunch is when Byregionprogrammet began (phase 1, spring 2014): no membership the sources list
// without dates is one before it.
const programmeLaunch = "2014-01-01"

// noRegion is the ENOTFOUND of a region id that names none, with the ids nearest to it, so a client that
// wrote "tromso" learns of tromsoregionen.
func (s *Store) noRegion(ctx context.Context, id string) error {
	var ids []string
	if err := s.db.WithContext(ctx).Model(&regionRow{}).Order("id").Pluck("id", &ids).Error; err != nil {
		return err
	}
	var near []string
	for _, candidate := range ids {
		if len(id) >= 3 && (strings.HasPrefix(candidate, id) || strings.Contains(candidate, id)) || editDistance(id, candidate) <= 3 {
			near = append(near, candidate)
		}
	}
	if len(near) == 0 {
		return domain.Errorf(domain.ENOTFOUND, "No region has the id %q; list the regions to find the id you want.", id)
	}
	return domain.Errorf(domain.ENOTFOUND, "No region has the id %q. Did you mean %s?", id, strings.Join(near[:min(3, len(near))], ", "))
}

// editDistance is Levenshtein's distance between two ids.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// memberOrder lists the lead first, then partners and members by listed code.
const memberOrder = "CASE role WHEN 'lead' THEN 0 ELSE 1 END, listed_code"

// regions completes region rows with their phases, members (as listed and as today) and sources. With at,
// only the memberships valid on that date, each with the member's code and name then.
func (s *Store) regions(ctx context.Context, rows []regionListRow, at string) ([]domain.Region, error) {
	ids := collect(rows, func(r regionListRow) string { return r.Region.ID })
	all, err := s.allMemberships(ctx)
	if err != nil {
		return nil, err
	}
	members := all.of(ids...)
	var phases []regionPhaseRow
	if err := s.db.WithContext(ctx).Where("region_id IN ?", ids).Order("region_id, phase").Find(&phases).Error; err != nil {
		return nil, err
	}
	sources, err := s.sources(ctx, collect(rows, func(r regionListRow) string { return r.Region.SourceID }))
	if err != nil {
		return nil, err
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return nil, err
	}
	membersOf := map[string][]domain.Member{}
	leadOf := map[string]*domain.ListedMunicipality{}
	for _, m := range members {
		if at != "" && !((m.ValidFrom == nil || *m.ValidFrom <= at) && (m.ValidTo == nil || *m.ValidTo > at)) {
			continue
		}
		if at != "" && at < programmeLaunch && m.ValidFrom == nil {
			continue // an undated membership of the programme is none before the programme began
		}
		listed := l.listed(m.MunicipalityID, m.ListedCode, m.ListedName)
		member := domain.Member{Municipality: listed, Role: domain.Role(m.Role), Phase: m.Phase,
			ValidFrom: m.ValidFrom, ValidTo: m.ValidTo}
		if p, ok := l.periodAt(m.MunicipalityID, at); ok && at != "" {
			member.At = &domain.MunicipalityRef{Code: p.Code, Name: p.Name}
		}
		membersOf[m.RegionID] = append(membersOf[m.RegionID], member)
		if m.Role == string(domain.RoleLead) {
			leadOf[m.RegionID] = &listed
		}
	}
	phasesOf := map[string][]domain.RegionPhase{}
	for _, p := range phases {
		phasesOf[p.RegionID] = append(phasesOf[p.RegionID], domain.RegionPhase{Phase: p.Phase, Status: domain.PhaseStatus(p.Status)})
	}
	out := make([]domain.Region, 0, len(rows))
	for _, row := range rows {
		r := row.Region
		out = append(out, domain.Region{ID: r.ID, Name: r.Name, AlternativeName: r.AlternativeName,
			Description: r.Description, Language: r.Language,
			Programme: domain.ProgrammeRef{ID: r.ProgrammeID, Name: row.ProgrammeName},
			Phases:    orEmpty(phasesOf[r.ID]), Lead: leadOf[r.ID], Members: orEmpty(membersOf[r.ID]),
			Source: sources[r.SourceID]})
	}
	return out, nil
}

// ListRegionMemberships lists regions' members in full (query.Members): as listed, the identity they
// were, and what they are today.
func (s *Store) ListRegionMemberships(ctx context.Context, q query.Query) (domain.List[domain.RegionMembership], error) {
	return s.memberships(ctx, q, "")
}

// memberships lists memberships; with id set, that one.
func (s *Store) memberships(ctx context.Context, q query.Query, id string) (domain.List[domain.RegionMembership], error) {
	var empty domain.List[domain.RegionMembership]
	if f, ok := q.Filter("region"); ok {
		if err := s.requireRegions(ctx, f.Values...); err != nil {
			return empty, err
		}
	}
	base := s.db.Table("region_memberships AS m")
	if id != "" {
		base = base.Where("m.id = ?", id)
	}
	rows, total, next, err := list(ctx, base, "m.*", query.Members, q, func(r membershipRow) string { return r.ID })
	if err != nil {
		return empty, err
	}
	municipalities, err := s.identities(ctx, collect(rows, func(r membershipRow) string { return r.MunicipalityID }))
	if err != nil {
		return empty, err
	}
	byID := map[string]domain.Municipality{}
	for _, m := range municipalities {
		byID[m.ID] = m
	}
	sources, err := s.sources(ctx, collect(rows, func(r membershipRow) string { return r.SourceID }))
	if err != nil {
		return empty, err
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return empty, err
	}
	items := make([]domain.RegionMembership, 0, len(rows))
	for _, r := range rows {
		items = append(items, domain.RegionMembership{ID: r.ID, Region: r.RegionID, Role: domain.Role(r.Role), Phase: r.Phase,
			ValidFrom: r.ValidFrom, ValidTo: r.ValidTo, Listed: l.listed(r.MunicipalityID, r.ListedCode, r.ListedName),
			Municipality: byID[r.MunicipalityID], Source: sources[r.SourceID]})
	}
	return domain.List[domain.RegionMembership]{Items: items, Total: total, NextCursor: next}, nil
}

// membersToday returns the identities in force today that the regions' members became.
func (s *Store) membersToday(ctx context.Context, regions []string) ([]string, error) {
	all, err := s.allMemberships(ctx)
	if err != nil {
		return nil, err
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range all.of(regions...) {
		for _, t := range l.today(m.MunicipalityID, m.ListedCode) {
			if !slices.Contains(out, t.ID) {
				out = append(out, t.ID)
			}
		}
	}
	return out, nil
}
