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
	switch c.Resource {
	case "goals":
		return applyText(tx, goalKind, c)
	case "results":
		return applyText(tx, resultKind, c)
	case "lessons":
		return applyText(tx, lessonKind, c)
	case "documents":
		return applyText(tx, documentKind, c)
	case "partners":
		return applyText(tx, partnerKind, c)
	case "measures":
		return applyText(tx, measureKind, c)
	case "themes":
		return applyText(tx, themeKind, c)
	case "sources":
		return applyText(tx, sourceKind, c)
	}
	table := map[string]any{"population": &populationRow{}, "area": &areaRow{}}[c.Resource]
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
	{
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

// applyText writes a region text as a change left it: its row and what lives beside it (a measure's links).
func applyText[T any](tx *gorm.DB, k textKind[T], c domain.Change) error {
	if c.Op == domain.OpDelete {
		return tx.Table(k.resource).Where("id = ?", c.ID).Delete(nil).Error
	}
	b, err := json.Marshal(c.State)
	if err != nil {
		return err
	}
	var item T
	if err := json.Unmarshal(b, &item); err != nil {
		return err
	}
	exists, err := rowExists(tx, k.resource, c.ID)
	if err != nil {
		return err
	}
	cols := k.columns(item)
	if exists {
		err = tx.Table(k.resource).Where("id = ?", c.ID).Updates(cols).Error
	} else {
		cols["id"] = c.ID
		err = tx.Table(k.resource).Create(cols).Error
	}
	if err != nil {
		return err
	}
	return afterWrite(tx, k, c.ID, item)
}
