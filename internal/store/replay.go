package store

import (
	"context"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
)

// ApplyChanges makes this database follow another's changes feed: each change, in order, is applied as
// the record's state after it (or its deletion) and logged with the same version, actor and time, so the
// two databases and their logs agree. Both must start from the same dataset.
func (s *Store) ApplyChanges(ctx context.Context, changes []domain.Change) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, c := range changes {
			if err := applyState(tx, c); err != nil {
				return fmt.Errorf("change %d (%s %s): %w", c.Seq, c.Resource, c.ID, err)
			}
			var state *string
			if c.State != nil {
				b, err := json.Marshal(c.State)
				if err != nil {
					return err
				}
				encoded := string(b)
				state = &encoded
			}
			entry := changeRow{Resource: c.Resource, ResourceID: c.ID, Operation: string(c.Op), Version: c.Version,
				Actor: c.Actor, At: c.At, State: state}
			if err := tx.Create(&entry).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// applyState writes a record as a change left it.
func applyState(tx *gorm.DB, c domain.Change) error {
	table := map[string]any{"goals": &goalRow{}, "population": &populationRow{}, "area": &areaRow{}}[c.Resource]
	if table == nil {
		return fmt.Errorf("the resource %q cannot be replayed", c.Resource)
	}
	if c.Op == domain.OpDelete {
		return tx.Where("id = ?", c.ID).Delete(table).Error
	}
	b, err := json.Marshal(c.State)
	if err != nil {
		return err
	}
	var row any
	switch c.Resource {
	case "goals":
		var g domain.Goal
		if err := json.Unmarshal(b, &g); err != nil {
			return err
		}
		row = &goalRow{ID: g.ID, RegionID: g.Region, Position: g.Position, Text: g.Text, Language: g.Language,
			SourceID: g.Source.ID, SearchKey: searchKey(g.Text)}
	default:
		var o struct {
			MunicipalityID *string `json:"municipality_id"`
			RegionID       *string `json:"region_id"`
			ReferenceDate  string  `json:"reference_date"`
			Value          float64 `json:"value"`
			Kind           string  `json:"kind"`
			Source         string  `json:"source"`
			Note           string  `json:"note"`
			Measure        string  `json:"measure"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		if c.Resource == "population" {
			row = &populationRow{ID: c.ID, MunicipalityID: o.MunicipalityID, RegionID: o.RegionID, ReferenceDate: o.ReferenceDate,
				Value: int64(o.Value), Kind: o.Kind, SourceID: o.Source, Note: o.Note}
		} else {
			row = &areaRow{ID: c.ID, MunicipalityID: o.MunicipalityID, RegionID: o.RegionID, ReferenceDate: o.ReferenceDate,
				ValueKM2: o.Value, Measure: o.Measure, Kind: o.Kind, SourceID: o.Source, Note: o.Note}
		}
	}
	return tx.Save(row).Error
}
