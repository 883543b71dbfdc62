package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
)

// ApplyChanges makes this database follow another's changes feed: each change, in order, is applied as
// the record's state after it (or its deletion) and logged with the same version, actor and time, so the
// two databases and their logs agree. A feed begins with its dataset's load: an empty database loads ds,
// the dataset this build embeds, when it is the one named there, and refuses otherwise.
func (s *Store) ApplyChanges(ctx context.Context, changes []domain.Change, ds *domain.Dataset) error {
	return s.bulkTransaction(ctx, func(tx *gorm.DB) error {
		for _, c := range changes {
			if c.Resource == "datasets" {
				if err := applyLoad(tx, c, ds); err != nil {
					return fmt.Errorf("change %d (%s %s): %w", c.Seq, c.Resource, c.ID, err)
				}
				continue
			}
			if err := applyState(tx, c); err != nil {
				return fmt.Errorf("change %d (%s %s): %w", c.Seq, c.Resource, c.ID, err)
			}
			if err := relabelAfter(tx, c.Resource, c.ID); err != nil {
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

// applyLoad loads the dataset a feed began from, logged as the feed logged it; or records an upgrade to a
// later build of it, whose records' own changes the feed has applied before it.
func applyLoad(tx *gorm.DB, c domain.Change, ds *domain.Dataset) error {
	b, err := json.Marshal(c.State)
	if err != nil {
		return err
	}
	var load datasetLoad
	if err := json.Unmarshal(b, &load); err != nil {
		return err
	}
	if load.UpgradedFrom != "" {
		if err := setChecksum(tx, load); err != nil {
			return err
		}
		state := string(b)
		return tx.Create(&changeRow{Resource: c.Resource, ResourceID: c.ID, Operation: string(c.Op), Version: c.Version,
			Actor: c.Actor, At: c.At, State: &state}).Error
	}
	if ds == nil || load.Name != ds.Name || load.Checksum != ds.Checksum {
		return fmt.Errorf("the feed begins from the dataset %s (checksum %s), which this build does not embed", load.Name, load.Checksum)
	}
	var loads int64
	if err := tx.Model(&datasetLoadRow{}).Count(&loads).Error; err != nil {
		return err
	}
	if loads > 0 {
		return errors.New("the database has a dataset already: a replica begins from an empty, migrated database")
	}
	w := loadOp(ds, load.LoadedAt)
	if err := w.apply(tx); err != nil {
		return err
	}
	state, err := json.Marshal(load)
	if err != nil {
		return err
	}
	encoded := string(state)
	return tx.Create(&changeRow{Resource: c.Resource, ResourceID: c.ID, Operation: string(c.Op), Version: c.Version,
		Actor: c.Actor, At: c.At, State: &encoded}).Error
}

// applyState writes a record as a change left it.
func applyState(tx *gorm.DB, c domain.Change) error {
	switch c.Resource {
	case "sources":
		return applyRecord(tx, sourceType, c)
	case "regions":
		return applyRecord(tx, regionType, c)
	case "memberships":
		return applyRecord(tx, membershipType, c)
	case "municipalities":
		return applyRecord(tx, municipalityType, c)
	case "successions":
		return applyRecord(tx, successionType, c)
	case "population":
		return applyObservation(tx, c, populationType)
	case "area":
		return applyObservation(tx, c, areaType)
	}
	if apply, ok := declaredTexts.Load(c.Resource); ok {
		return apply.(func(*gorm.DB, domain.Change) error)(tx, c)
	}
	return fmt.Errorf("the resource %q cannot be replayed", c.Resource)
}

// applyObservation writes an observation as a change left it. Its state shows the municipality by the
// code it has, or last had: the identity whose latest period has that code.
func applyObservation[T any](tx *gorm.DB, c domain.Change, kind func(map[string]any, string) recordType[T]) error {
	if c.Op == domain.OpDelete {
		return applyRecord(tx, kind(nil, c.ID), c)
	}
	b, err := json.Marshal(c.State)
	if err != nil {
		return err
	}
	var subject domain.Subject
	if err := json.Unmarshal(b, &subject); err != nil {
		return err
	}
	cols := map[string]any{"municipality_id": nil, "region_id": nil}
	switch {
	case subject.Region != nil:
		cols["region_id"] = subject.Region.ID
	case subject.Municipality != nil:
		var ids []string
		if err := tx.Table("municipality_codes").Where("code = ?", subject.Municipality.Code).Order("COALESCE(valid_to, '9999') DESC").
			Limit(1).Pluck("municipality_id", &ids).Error; err != nil || len(ids) == 0 {
			return firstErr(err, fmt.Errorf("no municipality has had the code %s", subject.Municipality.Code))
		}
		cols["municipality_id"] = ids[0]
	}
	return applyRecord(tx, kind(cols, c.ID), c)
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// applyRecord writes a record as a change left it: its row and what lives beside it (a measure's links).
func applyRecord[T any](tx *gorm.DB, k recordType[T], c domain.Change) error {
	if c.Op == domain.OpDelete {
		return deleteRow(tx, k, c.ID)
	}
	b, err := json.Marshal(c.State)
	if err != nil {
		return err
	}
	var item T
	if err := json.Unmarshal(b, &item); err != nil {
		return err
	}
	exists, err := rowExists(tx, k.tableName(), c.ID)
	if err != nil {
		return err
	}
	cols := k.columns(item)
	if exists {
		err = tx.Table(k.tableName()).Where("id = ?", c.ID).Updates(cols).Error
	} else {
		cols["id"] = c.ID
		err = tx.Table(k.tableName()).Create(cols).Error
	}
	if err != nil {
		return err
	}
	return afterWrite(tx, k, c.ID, item)
}
