package store

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// How each kind of region text is written, besides goals (goals.go).

var resultKind = textKind[domain.Result]{
	resource: "results", word: "result",
	meta: func(r *domain.Result) (*string, *int, string, error) {
		return &r.Region, &r.Position, r.Source.ID, r.Validate()
	},
	columns: func(r domain.Result) map[string]any {
		return map[string]any{"region_id": r.Region, "position": r.Position, "text": r.Text, "language": r.Language,
			"source_id": r.Source.ID, "search_key": searchKey(r.Text)}
	},
	read: func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[domain.Result], error) {
		return s.results(ctx, q, id)
	},
}

var lessonKind = textKind[domain.Lesson]{
	resource: "lessons", word: "lesson",
	meta: func(l *domain.Lesson) (*string, *int, string, error) {
		return &l.Region, &l.Position, l.Source.ID, l.Validate()
	},
	columns: func(l domain.Lesson) map[string]any {
		return map[string]any{"region_id": l.Region, "position": l.Position, "title": l.Title, "text": l.Text,
			"language": l.Language, "source_id": l.Source.ID, "search_key": searchKey(l.Title, l.Text)}
	},
	read: func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[domain.Lesson], error) {
		return s.lessons(ctx, q, id)
	},
}

var documentKind = textKind[domain.Document]{
	resource: "documents", word: "document",
	meta: func(d *domain.Document) (*string, *int, string, error) {
		return &d.Region, &d.Position, d.Source.ID, d.Validate()
	},
	columns: func(d domain.Document) map[string]any {
		return map[string]any{"region_id": d.Region, "position": d.Position, "title": d.Title, "description": d.Description,
			"url": d.URL, "language": d.Language, "source_id": d.Source.ID, "search_key": searchKey(d.Title, d.Description)}
	},
	read: func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[domain.Document], error) {
		return s.documents(ctx, q, id)
	},
}

var partnerKind = textKind[domain.Partner]{
	resource: "partners", word: "partner",
	meta: func(p *domain.Partner) (*string, *int, string, error) {
		return &p.Region, &p.Position, p.Source.ID, p.Validate()
	},
	columns: func(p domain.Partner) map[string]any {
		return map[string]any{"region_id": p.Region, "position": p.Position, "name": p.Name, "kind": string(p.Kind),
			"role": p.Role, "language": p.Language, "source_id": p.Source.ID, "search_key": searchKey(p.Name, p.Role)}
	},
	// A partner a measure involves cannot be deleted: the measure would lose it silently.
	dependents: func(tx *gorm.DB, id string) ([]string, error) {
		var measures []string
		err := tx.Table("measure_partners").Where("partner_id = ?", id).Order("measure_id").Pluck("measure_id", &measures).Error
		return measures, err
	},
	read: func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[domain.Partner], error) {
		return s.partners(ctx, q, id)
	},
}

// measureLinks are a measure's links to themes, goals and partners, by table.
var measureLinks = []struct{ table, column, field, resource string }{
	{"measure_themes", "theme_id", "themes", "themes"},
	{"measure_goals", "goal_id", "goals", "goals"},
	{"measure_partners", "partner_id", "partners", "partners"},
}

func linksOf(m domain.Measure) map[string][]string {
	return map[string][]string{"themes": m.Themes, "goals": m.Goals, "partners": m.Partners}
}

var measureKind = textKind[domain.Measure]{
	resource: "measures", word: "measure",
	meta: func(m *domain.Measure) (*string, *int, string, error) {
		return &m.Region, &m.Position, m.Source.ID, m.Validate()
	},
	columns: func(m domain.Measure) map[string]any {
		return map[string]any{"region_id": m.Region, "position": m.Position, "title": m.Title, "description": m.Description,
			"status": string(m.Status), "period": m.Period, "starts": m.Starts, "ends": m.Ends, "language": m.Language,
			"source_id": m.Source.ID, "search_key": searchKey(m.Title, m.Description)}
	},
	// The themes, goals and partners a measure involves must exist, in the measure's region.
	references: func(tx *gorm.DB, m domain.Measure) ([]domain.FieldError, error) {
		var v []domain.FieldError
		for _, link := range measureLinks {
			ids := linksOf(m)[link.field]
			if len(ids) == 0 {
				continue
			}
			var found []string
			if err := tx.Table(link.resource).Where("id IN ? AND region_id = ?", ids, m.Region).Pluck("id", &found).Error; err != nil {
				return nil, err
			}
			var missing []string
			for _, id := range ids {
				if !slices.Contains(found, id) {
					missing = append(missing, id)
				}
			}
			if len(missing) > 0 {
				v = append(v, domain.FieldError{Field: link.field, In: "body",
					Message: "names " + strings.Join(missing, ", ") + ", which is not one of the region's " + link.field})
			}
		}
		return v, nil
	},
	afterWrite: func(tx *gorm.DB, id string, m domain.Measure) error {
		for _, link := range measureLinks {
			if err := tx.Table(link.table).Where("measure_id = ?", id).Delete(nil).Error; err != nil {
				return err
			}
			for _, target := range linksOf(m)[link.field] {
				if err := tx.Table(link.table).Create(map[string]any{"measure_id": id, link.column: target}).Error; err != nil {
					return err
				}
			}
		}
		return nil
	},
	read: func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[domain.Measure], error) {
		return s.measures(ctx, q, id)
	},
}

// The store's writes of region texts, one set per kind.

func (s *Store) VersionedResult(ctx context.Context, id string) (domain.Versioned[domain.Result], error) {
	return versionedText(ctx, s, resultKind, id)
}
func (s *Store) CreateResult(ctx context.Context, actor string, x domain.Result, idem *domain.Idempotency) (domain.Versioned[domain.Result], error) {
	return createText(ctx, s, resultKind, actor, x, idem)
}
func (s *Store) ReplaceResult(ctx context.Context, actor, id string, v int64, x domain.Result) (domain.Versioned[domain.Result], error) {
	return replaceText(ctx, s, resultKind, actor, id, v, x)
}
func (s *Store) DeleteResult(ctx context.Context, actor, id string, v int64) error {
	return deleteText(ctx, s, resultKind, actor, id, v)
}

func (s *Store) VersionedLesson(ctx context.Context, id string) (domain.Versioned[domain.Lesson], error) {
	return versionedText(ctx, s, lessonKind, id)
}
func (s *Store) CreateLesson(ctx context.Context, actor string, x domain.Lesson, idem *domain.Idempotency) (domain.Versioned[domain.Lesson], error) {
	return createText(ctx, s, lessonKind, actor, x, idem)
}
func (s *Store) ReplaceLesson(ctx context.Context, actor, id string, v int64, x domain.Lesson) (domain.Versioned[domain.Lesson], error) {
	return replaceText(ctx, s, lessonKind, actor, id, v, x)
}
func (s *Store) DeleteLesson(ctx context.Context, actor, id string, v int64) error {
	return deleteText(ctx, s, lessonKind, actor, id, v)
}

func (s *Store) VersionedDocument(ctx context.Context, id string) (domain.Versioned[domain.Document], error) {
	return versionedText(ctx, s, documentKind, id)
}
func (s *Store) CreateDocument(ctx context.Context, actor string, x domain.Document, idem *domain.Idempotency) (domain.Versioned[domain.Document], error) {
	return createText(ctx, s, documentKind, actor, x, idem)
}
func (s *Store) ReplaceDocument(ctx context.Context, actor, id string, v int64, x domain.Document) (domain.Versioned[domain.Document], error) {
	return replaceText(ctx, s, documentKind, actor, id, v, x)
}
func (s *Store) DeleteDocument(ctx context.Context, actor, id string, v int64) error {
	return deleteText(ctx, s, documentKind, actor, id, v)
}

func (s *Store) VersionedPartner(ctx context.Context, id string) (domain.Versioned[domain.Partner], error) {
	return versionedText(ctx, s, partnerKind, id)
}
func (s *Store) CreatePartner(ctx context.Context, actor string, x domain.Partner, idem *domain.Idempotency) (domain.Versioned[domain.Partner], error) {
	return createText(ctx, s, partnerKind, actor, x, idem)
}
func (s *Store) ReplacePartner(ctx context.Context, actor, id string, v int64, x domain.Partner) (domain.Versioned[domain.Partner], error) {
	return replaceText(ctx, s, partnerKind, actor, id, v, x)
}
func (s *Store) DeletePartner(ctx context.Context, actor, id string, v int64) error {
	return deleteText(ctx, s, partnerKind, actor, id, v)
}

func (s *Store) VersionedMeasure(ctx context.Context, id string) (domain.Versioned[domain.Measure], error) {
	return versionedText(ctx, s, measureKind, id)
}
func (s *Store) CreateMeasure(ctx context.Context, actor string, x domain.Measure, idem *domain.Idempotency) (domain.Versioned[domain.Measure], error) {
	return createText(ctx, s, measureKind, actor, x, idem)
}
func (s *Store) ReplaceMeasure(ctx context.Context, actor, id string, v int64, x domain.Measure) (domain.Versioned[domain.Measure], error) {
	return replaceText(ctx, s, measureKind, actor, id, v, x)
}
func (s *Store) DeleteMeasure(ctx context.Context, actor, id string, v int64) error {
	return deleteText(ctx, s, measureKind, actor, id, v)
}
