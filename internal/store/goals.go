package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// goalKind is how goals are written.
var goalKind = textKind[domain.Goal]{
	resource: "goals", word: "goal",
	meta: func(g *domain.Goal) (*string, *int, string, error) {
		return &g.Region, &g.Position, g.Source.ID, g.Validate()
	},
	columns: func(g domain.Goal) map[string]any {
		return map[string]any{"region_id": g.Region, "position": g.Position, "text": g.Text, "language": g.Language,
			"source_id": g.Source.ID, "search_key": searchKey(g.Text)}
	},
	dependents: func(tx *gorm.DB, id string) ([]string, error) {
		var measures []string
		err := tx.Table("measure_goals").Where("goal_id = ?", id).Pluck("measure_id", &measures).Error
		return measures, err
	},
	read: func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[domain.Goal], error) {
		return s.goals(ctx, q, id)
	},
}

// VersionedGoal returns a goal with its version.
func (s *Store) VersionedGoal(ctx context.Context, id string) (domain.Versioned[domain.Goal], error) {
	return versionedText(ctx, s, goalKind, id)
}

// CreateGoal adds a goal to a region.
func (s *Store) CreateGoal(ctx context.Context, actor string, g domain.Goal, idem *domain.Idempotency) (domain.Versioned[domain.Goal], error) {
	return createText(ctx, s, goalKind, actor, g, idem)
}

// ReplaceGoal replaces a goal's writable fields, if ifVersion is its current version.
func (s *Store) ReplaceGoal(ctx context.Context, actor, id string, ifVersion int64, g domain.Goal) (domain.Versioned[domain.Goal], error) {
	return replaceText(ctx, s, goalKind, actor, id, ifVersion, g)
}

// DeleteGoal deletes a goal no measure refers to, if ifVersion is its current version.
func (s *Store) DeleteGoal(ctx context.Context, actor, id string, ifVersion int64) error {
	return deleteText(ctx, s, goalKind, actor, id, ifVersion)
}
