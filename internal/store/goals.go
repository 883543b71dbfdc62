package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// Writes of goals. Each goes through write, the one path that logs every change.

const goalsResource = "goals"

// VersionedGoal returns a goal with its version.
func (s *Store) VersionedGoal(ctx context.Context, id string) (domain.Versioned[domain.Goal], error) {
	g, err := s.Goal(ctx, id)
	if err != nil {
		return domain.Versioned[domain.Goal]{}, err
	}
	v, err := s.RecordVersion(ctx, goalsResource, id)
	return domain.Versioned[domain.Goal]{Item: g, Version: v}, err
}

// CreateGoal adds a goal to a region; its id is the region's next goal number, its position the next
// position unless given.
func (s *Store) CreateGoal(ctx context.Context, actor string, g domain.Goal, idem *domain.Idempotency) (domain.Versioned[domain.Goal], error) {
	if err := g.Validate(); err != nil {
		return domain.Versioned[domain.Goal]{}, err
	}
	var id string
	w := writeOp{resource: goalsResource, op: domain.OpCreate, actor: actor, idempotency: idem}
	w.exists = func(tx *gorm.DB) (bool, error) {
		if err := checkGoalReferences(tx, g); err != nil {
			return false, err
		}
		var err error
		if id, err = nextTextID(tx, "goals", g.Region, "goal"); err != nil {
			return false, err
		}
		w.id = id
		if g.Position == 0 {
			if g.Position, err = nextPosition(tx, "goals", g.Region); err != nil {
				return false, err
			}
		}
		return false, nil
	}
	w.apply = func(tx *gorm.DB) error { return insertGoal(tx, id, g) }
	w.state = func(tx *gorm.DB) (any, error) { return s.goalIn(tx, id) }
	return s.writeGoal(ctx, &w)
}

// ReplaceGoal replaces a goal's writable fields, if ifVersion is its current version.
func (s *Store) ReplaceGoal(ctx context.Context, actor, id string, ifVersion int64, g domain.Goal) (domain.Versioned[domain.Goal], error) {
	if err := g.Validate(); err != nil {
		return domain.Versioned[domain.Goal]{}, err
	}
	w := writeOp{resource: goalsResource, id: id, op: domain.OpUpdate, actor: actor, ifVersion: ifVersion}
	w.exists = func(tx *gorm.DB) (bool, error) {
		if err := checkGoalReferences(tx, g); err != nil {
			return false, err
		}
		return rowExists(tx, "goals", id)
	}
	w.apply = func(tx *gorm.DB) error {
		return translate(tx.Model(&goalRow{}).Where("id = ?", id).Updates(map[string]any{
			"region_id": g.Region, "position": g.Position, "text": g.Text, "language": g.Language,
			"source_id": g.Source.ID, "search_key": searchKey(g.Text)}).Error, "position")
	}
	w.state = func(tx *gorm.DB) (any, error) { return s.goalIn(tx, id) }
	return s.writeGoal(ctx, &w)
}

// DeleteGoal deletes a goal no measure refers to, if ifVersion is its current version.
func (s *Store) DeleteGoal(ctx context.Context, actor, id string, ifVersion int64) error {
	w := writeOp{resource: goalsResource, id: id, op: domain.OpDelete, actor: actor, ifVersion: ifVersion}
	w.exists = func(tx *gorm.DB) (bool, error) { return rowExists(tx, "goals", id) }
	w.apply = func(tx *gorm.DB) error {
		var measures []string
		if err := tx.Table("measure_goals").Where("goal_id = ?", id).Pluck("measure_id", &measures).Error; err != nil {
			return err
		}
		if len(measures) > 0 {
			return domain.Errorf(domain.ECONFLICT, "The goal is referred to by the measure(s) %s; change them first.", strings.Join(measures, ", "))
		}
		return tx.Where("id = ?", id).Delete(&goalRow{}).Error
	}
	_, _, err := s.write(ctx, &w)
	return err
}

func (s *Store) writeGoal(ctx context.Context, w *writeOp) (domain.Versioned[domain.Goal], error) {
	state, version, err := s.write(ctx, w)
	if err != nil {
		return domain.Versioned[domain.Goal]{}, err
	}
	return domain.Versioned[domain.Goal]{Item: state.(domain.Goal), Version: version}, nil
}

// goalIn reads a goal inside a transaction, as the API shows it: the same reading code, on a store whose
// database handle is the transaction.
func (s *Store) goalIn(tx *gorm.DB, id string) (domain.Goal, error) {
	inTx := &Store{db: tx, sql: s.sql, migrations: s.migrations}
	l, err := inTx.goals(tx.Statement.Context, query.Query{}, id)
	return one(l, err, "goal", id)
}

func insertGoal(tx *gorm.DB, id string, g domain.Goal) error {
	return translate(tx.Create(&goalRow{ID: id, RegionID: g.Region, Position: g.Position, Text: g.Text,
		Language: g.Language, SourceID: g.Source.ID, SearchKey: searchKey(g.Text)}).Error, "position")
}

// checkGoalReferences makes sure the region and the source exist: a 422 naming the field otherwise.
func checkGoalReferences(tx *gorm.DB, g domain.Goal) error {
	var v []domain.FieldError
	if ok, err := rowExists(tx, "regions", g.Region); err != nil {
		return err
	} else if !ok {
		v = append(v, domain.FieldError{Field: "region", In: "body", Message: "names no region; see /api/v1/regions"})
	}
	if ok, err := rowExists(tx, "sources", g.Source.ID); err != nil {
		return err
	} else if !ok {
		v = append(v, domain.FieldError{Field: "source", In: "body", Message: "names no source; see /api/v1/sources"})
	}
	if len(v) > 0 {
		return &domain.Error{Code: domain.EUNPROCESSABLE, Message: "The body refers to records that do not exist; errors lists them.", Fields: v}
	}
	return nil
}

func rowExists(tx *gorm.DB, table, id string) (bool, error) {
	var n int64
	err := tx.Table(table).Where("id = ?", id).Count(&n).Error
	return n > 0, err
}

// nextTextID is the region's next free "<region>-<kind>-<n>".
func nextTextID(tx *gorm.DB, table, region, kind string) (string, error) {
	var ids []string
	prefix := region + "-" + kind + "-"
	if err := tx.Table(table).Where("id LIKE ?", prefix+"%").Pluck("id", &ids).Error; err != nil {
		return "", err
	}
	next := 1
	for _, id := range ids {
		if n, err := strconv.Atoi(strings.TrimPrefix(id, prefix)); err == nil && n >= next {
			next = n + 1
		}
	}
	var deleted []string // ids of deleted records are never reused
	if err := tx.Model(&changeRow{}).Where("resource = ? AND resource_id LIKE ?", table, prefix+"%").
		Distinct().Pluck("resource_id", &deleted).Error; err != nil {
		return "", err
	}
	for _, id := range deleted {
		if n, err := strconv.Atoi(strings.TrimPrefix(id, prefix)); err == nil && n >= next {
			next = n + 1
		}
	}
	return fmt.Sprintf("%s%d", prefix, next), nil
}

func nextPosition(tx *gorm.DB, table, region string) (int, error) {
	var max []int
	if err := tx.Table(table).Where("region_id = ?", region).Order("position DESC").Limit(1).Pluck("position", &max).Error; err != nil {
		return 0, err
	}
	if len(max) == 0 {
		return 1, nil
	}
	return max[0] + 1, nil
}

// translate turns a unique-constraint violation into a conflict naming the field.
func translate(err error, field string) error {
	if err != nil && errors.Is(err, gorm.ErrDuplicatedKey) {
		return &domain.Error{Code: domain.ECONFLICT, Message: fmt.Sprintf("Another record of the region has this %s.", field),
			Fields: []domain.FieldError{{Field: field, In: "body", Message: "is taken by another record of the region"}}}
	}
	return err
}
