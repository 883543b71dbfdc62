package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
)

// regionListRow is a region with its programme's name and its lead municipality's code in force.
type regionListRow struct {
	Region        regionRow `gorm:"embedded"`
	ProgrammeName string
	LeadCode      *string
	LeadName      *string
}

const regionSelect = "r.*, p.name AS programme_name, lc.code AS lead_code, lc.name AS lead_name"

var byRegionID = keyset[regionListRow]{columns: []string{"r.id"},
	values: func(r regionListRow) []any { return []any{r.Region.ID} }}

func (s *Store) regionQuery() *gorm.DB {
	return s.db.Table("regions AS r").
		Joins("JOIN programmes p ON p.id = r.programme_id").
		Joins("LEFT JOIN municipality_codes lc ON lc.municipality_id = r.lead_municipality_id AND lc.valid_to IS NULL")
}

// ListRegions lists the city regions, by id.
func (s *Store) ListRegions(ctx context.Context, page domain.Page) (domain.List[domain.Region], error) {
	rows, total, next, err := list(ctx, s.regionQuery(), regionSelect, page, byRegionID)
	if err != nil {
		return domain.List[domain.Region]{}, err
	}
	items, err := s.regions(ctx, rows)
	return domain.List[domain.Region]{Items: items, Total: total, NextCursor: next}, err
}

// Region returns one city region with its members.
func (s *Store) Region(ctx context.Context, id string) (domain.Region, error) {
	var rows []regionListRow
	if err := s.regionQuery().WithContext(ctx).Select(regionSelect).Where("r.id = ?", id).Find(&rows).Error; err != nil {
		return domain.Region{}, err
	}
	if len(rows) == 0 {
		return domain.Region{}, notFound("region", id)
	}
	items, err := s.regions(ctx, rows)
	if err != nil {
		return domain.Region{}, err
	}
	return items[0], nil
}

// requireRegion returns ENOTFOUND unless the region exists, for the collections nested under it.
func (s *Store) requireRegion(ctx context.Context, id string) error {
	var n int64
	if err := s.db.WithContext(ctx).Model(&regionRow{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return notFound("region", id)
	}
	return nil
}

// memberRow is a membership with the member's code in force.
type memberRow struct {
	Membership membershipRow `gorm:"embedded"`
	Code       string
	Name       string
}

const memberSelect = "m.*, mc.code, mc.name"

var byMember = keyset[memberRow]{columns: []string{"m.region_id", "mc.code"},
	values: func(r memberRow) []any { return []any{r.Membership.RegionID, r.Code} }}

func (s *Store) memberQuery() *gorm.DB {
	return s.db.Table("region_memberships AS m").
		Joins("JOIN municipality_codes mc ON mc.municipality_id = m.municipality_id AND mc.valid_to IS NULL")
}

// regions completes region rows with their members and sources: two queries for any number of rows.
func (s *Store) regions(ctx context.Context, rows []regionListRow) ([]domain.Region, error) {
	ids := collect(rows, func(r regionListRow) string { return r.Region.ID })
	var members []memberRow
	err := s.memberQuery().WithContext(ctx).Select(memberSelect).Where("m.region_id IN ?", ids).
		Order("m.region_id, m.role, mc.code").Find(&members).Error
	if err != nil {
		return nil, err
	}
	sources, err := s.sources(ctx, collect(rows, func(r regionListRow) string { return r.Region.SourceID }))
	if err != nil {
		return nil, err
	}
	membersOf := map[string][]domain.Member{}
	for _, m := range members {
		ms := m.Membership
		membersOf[ms.RegionID] = append(membersOf[ms.RegionID], domain.Member{
			Municipality: domain.MunicipalityRef{Code: m.Code, Name: m.Name}, Role: domain.Role(ms.Role),
			ValidFrom: ms.ValidFrom, ValidTo: ms.ValidTo})
	}
	out := make([]domain.Region, 0, len(rows))
	for _, row := range rows {
		r := row.Region
		region := domain.Region{ID: r.ID, Name: r.Name, Description: r.Description, Language: r.Language,
			Programme: domain.ProgrammeRef{ID: r.ProgrammeID, Name: row.ProgrammeName},
			Members:   orEmpty(membersOf[r.ID]), Source: sources[r.SourceID]}
		if row.LeadCode != nil {
			region.Lead = &domain.MunicipalityRef{Code: *row.LeadCode, Name: *row.LeadName}
		}
		out = append(out, region)
	}
	return out, nil
}

// ListRegionMemberships lists a region's member municipalities in full, by code.
func (s *Store) ListRegionMemberships(ctx context.Context, region string, page domain.Page) (domain.List[domain.RegionMembership], error) {
	var empty domain.List[domain.RegionMembership]
	if err := s.requireRegion(ctx, region); err != nil {
		return empty, err
	}
	q := s.memberQuery().Where("m.region_id = ?", region)
	rows, total, next, err := list(ctx, q, memberSelect, page, byMember)
	if err != nil {
		return empty, err
	}
	codes := make([]currentCodeRow, 0, len(rows))
	var municipalities []domain.Municipality
	if len(rows) > 0 {
		err = s.currentCodes().WithContext(ctx).Select(currentCodeSelect).
			Where("mc.municipality_id IN ?", collect(rows, func(r memberRow) string { return r.Membership.MunicipalityID })).
			Order("mc.code").Find(&codes).Error
		if err != nil {
			return empty, err
		}
		if municipalities, err = s.municipalities(ctx, codes); err != nil {
			return empty, err
		}
	}
	byID := map[string]domain.Municipality{}
	for _, m := range municipalities {
		byID[m.ID] = m
	}
	sources, err := s.sources(ctx, collect(rows, func(r memberRow) string { return r.Membership.SourceID }))
	if err != nil {
		return empty, err
	}
	items := make([]domain.RegionMembership, 0, len(rows))
	for _, row := range rows {
		r := row.Membership
		items = append(items, domain.RegionMembership{Region: r.RegionID, Role: domain.Role(r.Role),
			ValidFrom: r.ValidFrom, ValidTo: r.ValidTo, Municipality: byID[r.MunicipalityID], Source: sources[r.SourceID]})
	}
	return domain.List[domain.RegionMembership]{Items: items, Total: total, NextCursor: next}, nil
}
