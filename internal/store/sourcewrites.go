package store

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// citing lists what may cite a source, to refuse deleting one still cited.
var citing = func() []holder {
	var out []holder
	for _, t := range []struct{ table, what string }{
		{"population_observations", "population observations"}, {"area_observations", "area observations"},
		{"goals", "goals"}, {"results", "results"}, {"lessons", "lessons"}, {"themes", "themes"}, {"partners", "partners"},
		{"measures", "measures"}, {"documents", "documents"}, {"regions", "regions"}, {"region_memberships", "memberships"},
		{"programmes", "programmes"}, {"counties", "counties"}, {"municipality_codes", "municipality codes"},
		{"municipality_names", "municipality names"}, {"municipality_successions", "municipality successions"},
	} {
		out = append(out, holder{t.table, "source_id = ?", t.what})
	}
	return out
}()

var sourceKind = textKind[domain.Source]{
	resource: "sources", word: "source",
	meta:  func(s *domain.Source) (*string, *int, string, error) { return nil, nil, "", s.Validate() },
	newID: func(_ *gorm.DB, s domain.Source) (string, error) { return s.ID, nil },
	columns: func(s domain.Source) map[string]any {
		return map[string]any{"title": s.Title, "publisher": s.Publisher, "url": s.URL, "licence": s.Licence,
			"retrieved": s.Retrieved, "note": s.Note, "search_key": searchKey(s.Title, s.Publisher)}
	},
	dependents: func(tx *gorm.DB, id string) ([]string, error) { return holdersOf(tx, id, citing) },
	read: func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[domain.Source], error) {
		src, err := s.Source(ctx, id)
		if err != nil {
			return domain.List[domain.Source]{}, err
		}
		return domain.List[domain.Source]{Items: []domain.Source{src}}, nil
	},
}

func (s *Store) VersionedSource(ctx context.Context, id string) (domain.Versioned[domain.Source], error) {
	return versionedText(ctx, s, sourceKind, id)
}

// CreateSource adds a source under the id the client chose: a 409 when it is taken.
func (s *Store) CreateSource(ctx context.Context, actor string, x domain.Source, idem *domain.Idempotency) (domain.Versioned[domain.Source], error) {
	return createText(ctx, s, sourceKind, actor, x, idem)
}

// ReplaceSource replaces a source's fields; its id cannot change.
func (s *Store) ReplaceSource(ctx context.Context, actor, id string, v int64, x domain.Source) (domain.Versioned[domain.Source], error) {
	if err := keepID("source", id, x.ID); err != nil {
		return domain.Versioned[domain.Source]{}, err
	}
	x.ID = id
	return replaceText(ctx, s, sourceKind, actor, id, v, x)
}

// DeleteSource deletes a source nothing cites.
func (s *Store) DeleteSource(ctx context.Context, actor, id string, v int64) error {
	return deleteText(ctx, s, sourceKind, actor, id, v)
}

var themeKind = textKind[domain.Theme]{
	resource: "themes", word: "theme",
	meta: func(t *domain.Theme) (*string, *int, string, error) {
		return &t.Region, &t.Position, t.Source.ID, t.Validate()
	},
	columns: func(t domain.Theme) map[string]any {
		return map[string]any{"region_id": t.Region, "parent_id": t.Parent, "kind": string(t.Kind), "phase": t.Phase,
			"position": t.Position, "title": t.Title, "description": t.Description, "language": t.Language,
			"source_id": t.Source.ID, "search_key": searchKey(t.Title, t.Description)}
	},
	// A sub-theme's parent is a main theme of the same region.
	references: func(tx *gorm.DB, t domain.Theme) ([]domain.FieldError, error) {
		if t.Parent == nil {
			return nil, nil
		}
		n, err := count(tx.Table("themes").Where("id = ? AND region_id = ? AND parent_id IS NULL", *t.Parent, t.Region))
		if err != nil || n > 0 {
			return nil, err
		}
		return []domain.FieldError{{Field: "parent", In: "body", Message: "names no main theme of the region"}}, nil
	},
	dependents: func(tx *gorm.DB, id string) ([]string, error) {
		var subs, measures []string
		if err := tx.Table("themes").Where("parent_id = ?", id).Pluck("id", &subs).Error; err != nil {
			return nil, err
		}
		if err := tx.Table("measure_themes").Where("theme_id = ?", id).Pluck("measure_id", &measures).Error; err != nil {
			return nil, err
		}
		var out []string
		if len(subs) > 0 {
			out = append(out, "the sub-themes "+strings.Join(subs, ", "))
		}
		if len(measures) > 0 {
			out = append(out, "the measures "+strings.Join(measures, ", "))
		}
		return out, nil
	},
	read: func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[domain.Theme], error) {
		return s.themes(ctx, q, id)
	},
}

func (s *Store) VersionedTheme(ctx context.Context, id string) (domain.Versioned[domain.Theme], error) {
	return versionedText(ctx, s, themeKind, id)
}
func (s *Store) CreateTheme(ctx context.Context, actor string, x domain.Theme, idem *domain.Idempotency) (domain.Versioned[domain.Theme], error) {
	return createText(ctx, s, themeKind, actor, x, idem)
}
func (s *Store) ReplaceTheme(ctx context.Context, actor, id string, v int64, x domain.Theme) (domain.Versioned[domain.Theme], error) {
	return replaceText(ctx, s, themeKind, actor, id, v, x)
}
func (s *Store) DeleteTheme(ctx context.Context, actor, id string, v int64) error {
	return deleteText(ctx, s, themeKind, actor, id, v)
}
