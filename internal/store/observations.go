package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
)

// Population and area observations share one query shape: the table, its subject (a municipality, named
// by its code in force, or a region) and the filters of domain.ObservationFilter.

type subjectColumns struct {
	MunicipalityCode *string
	MunicipalityName *string
	RegionName       *string
}

const subjectSelect = "o.*, mc.code AS municipality_code, mc.name AS municipality_name, r.name AS region_name"

func (c subjectColumns) subject(regionID *string) domain.Subject {
	var s domain.Subject
	if c.MunicipalityCode != nil {
		s.Municipality = &domain.MunicipalityRef{Code: *c.MunicipalityCode, Name: *c.MunicipalityName}
	}
	if regionID != nil {
		s.Region = &domain.RegionRef{ID: *regionID, Name: *c.RegionName}
	}
	return s
}

// observations builds the filtered query over table for f, checking that the region or municipality
// it names exists.
func (s *Store) observations(ctx context.Context, table string, f domain.ObservationFilter) (*gorm.DB, error) {
	q := s.db.Table(table + " AS o").
		Joins("LEFT JOIN municipality_codes mc ON mc.municipality_id = o.municipality_id AND mc.valid_to IS NULL").
		Joins("LEFT JOIN regions r ON r.id = o.region_id")
	if f.Municipality != "" {
		id, err := s.municipalityID(ctx, f.Municipality)
		if err != nil {
			return nil, err
		}
		q = q.Where("o.municipality_id = ?", id)
	}
	if f.Region != "" {
		if err := s.requireRegion(ctx, f.Region); err != nil {
			return nil, err
		}
		members, err := s.membersToday(ctx, f.Region)
		if err != nil {
			return nil, err
		}
		q = q.Where("(o.region_id = ? OR o.municipality_id IN ?)", f.Region, orEmpty(members))
	}
	if f.From != 0 {
		q = q.Where("o.reference_date >= ?", fmt.Sprintf("%04d-01-01", f.From))
	}
	if f.To != 0 {
		q = q.Where("o.reference_date < ?", fmt.Sprintf("%04d-01-01", f.To+1))
	}
	if f.Kind != "" {
		q = q.Where("o.kind = ?", string(f.Kind))
	}
	return q, nil
}

type populationListRow struct {
	Observation populationRow  `gorm:"embedded"`
	Subject     subjectColumns `gorm:"embedded"`
}

type areaListRow struct {
	Observation areaRow        `gorm:"embedded"`
	Subject     subjectColumns `gorm:"embedded"`
}

// Observation ids begin with the subject and the date, so id order is subject order, then time order.
var (
	populationByID = keyset[populationListRow]{columns: []string{"o.id"},
		values: func(r populationListRow) []any { return []any{r.Observation.ID} }}
	areaByID = keyset[areaListRow]{columns: []string{"o.id"},
		values: func(r areaListRow) []any { return []any{r.Observation.ID} }}
)

// ListPopulation lists population observations.
func (s *Store) ListPopulation(ctx context.Context, f domain.ObservationFilter, page domain.Page) (domain.List[domain.PopulationObservation], error) {
	var out domain.List[domain.PopulationObservation]
	q, err := s.observations(ctx, "population_observations", f)
	if err != nil {
		return out, err
	}
	rows, total, next, err := list(ctx, q, subjectSelect, page, populationByID)
	if err != nil {
		return out, err
	}
	sources, err := s.sources(ctx, collect(rows, func(r populationListRow) string { return r.Observation.SourceID }))
	if err != nil {
		return out, err
	}
	out = domain.List[domain.PopulationObservation]{Total: total, NextCursor: next,
		Items: toRows(rows, func(row populationListRow) domain.PopulationObservation {
			r := row.Observation
			return domain.PopulationObservation{ID: r.ID, Subject: row.Subject.subject(r.RegionID), ReferenceDate: r.ReferenceDate,
				Value: r.Value, Unit: "persons", Kind: domain.Kind(r.Kind), Note: r.Note, Source: sources[r.SourceID]}
		})}
	return out, nil
}

// ListArea lists area observations.
func (s *Store) ListArea(ctx context.Context, f domain.ObservationFilter, page domain.Page) (domain.List[domain.AreaObservation], error) {
	var out domain.List[domain.AreaObservation]
	q, err := s.observations(ctx, "area_observations", f)
	if err != nil {
		return out, err
	}
	rows, total, next, err := list(ctx, q, subjectSelect, page, areaByID)
	if err != nil {
		return out, err
	}
	sources, err := s.sources(ctx, collect(rows, func(r areaListRow) string { return r.Observation.SourceID }))
	if err != nil {
		return out, err
	}
	out = domain.List[domain.AreaObservation]{Total: total, NextCursor: next,
		Items: toRows(rows, func(row areaListRow) domain.AreaObservation {
			r := row.Observation
			return domain.AreaObservation{ID: r.ID, Subject: row.Subject.subject(r.RegionID), ReferenceDate: r.ReferenceDate,
				ValueKM2: r.ValueKM2, Unit: "km2", Measure: domain.AreaMeasure(r.Measure), Kind: domain.Kind(r.Kind),
				Note: r.Note, Source: sources[r.SourceID]}
		})}
	return out, nil
}
