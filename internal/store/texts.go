package store

import (
	"context"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// The regions' texts (goals, results, lessons, themes, partners, measures, documents) share one shape:
// rows of a region in position order, each citing a source, listed through the collection's query.Spec.

// text is what every text row has.
type text interface {
	goalRow | resultRow | lessonRow | themeRow | partnerRow | measureRow | documentRow
}

// regionTexts lists the rows of table that q selects, or when id is set, the one row with that id. A
// region the query names must exist.
func regionTexts[R text, T any](ctx context.Context, s *Store, table string, spec query.Spec, q query.Query, id string,
	ids func(R) (id, source string), convert func(R, domain.Source) T) (domain.List[T], error) {
	var out domain.List[T]
	base := s.db.Table(table + " AS t")
	if id != "" {
		base = base.Where("t.id = ?", id)
		q = query.Query{Sort: spec.DefaultSort, Page: domain.Page{Limit: 1}}
	}
	if f, ok := q.Filter("region"); ok {
		if err := s.requireRegions(ctx, f.Values...); err != nil {
			return out, err
		}
	}
	rows, total, next, err := list(ctx, base, "t.*", spec, q, func(r R) string { id, _ := ids(r); return id })
	if err != nil {
		return out, err
	}
	sources, err := s.sources(ctx, collect(rows, func(r R) string { _, src := ids(r); return src }))
	if err != nil {
		return out, err
	}
	items := make([]T, 0, len(rows))
	for _, r := range rows {
		_, src := ids(r)
		items = append(items, convert(r, sources[src]))
	}
	return domain.List[T]{Items: items, Total: total, NextCursor: next}, nil
}

// one returns the single item with the id, or ENOTFOUND naming what.
func one[T any](l domain.List[T], err error, what, id string) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if len(l.Items) == 0 {
		return zero, notFound(what, id)
	}
	return l.Items[0], nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// ListGoals lists goals (query.Goals).
func (s *Store) ListGoals(ctx context.Context, q query.Query) (domain.List[domain.Goal], error) {
	return s.goals(ctx, q, "")
}

// Goal returns one goal.
func (s *Store) Goal(ctx context.Context, id string) (domain.Goal, error) {
	l, err := s.goals(ctx, query.Query{}, id)
	return one(l, err, "goal", id)
}

func (s *Store) goals(ctx context.Context, q query.Query, id string) (domain.List[domain.Goal], error) {
	return regionTexts(ctx, s, "goals", query.Goals, q, id, func(r goalRow) (string, string) { return r.ID, r.SourceID },
		func(r goalRow, src domain.Source) domain.Goal {
			return domain.Goal{ID: r.ID, Region: r.RegionID, Position: r.Position, Text: r.Text, Language: r.Language, Source: src}
		})
}

// ListResults lists results (query.Results).
func (s *Store) ListResults(ctx context.Context, q query.Query) (domain.List[domain.Result], error) {
	return s.results(ctx, q, "")
}

func (s *Store) results(ctx context.Context, q query.Query, id string) (domain.List[domain.Result], error) {
	return regionTexts(ctx, s, "results", query.Results, q, id, func(r resultRow) (string, string) { return r.ID, r.SourceID },
		func(r resultRow, src domain.Source) domain.Result {
			return domain.Result{ID: r.ID, Region: r.RegionID, Position: r.Position, Text: r.Text, Language: r.Language, Source: src}
		})
}

// ListLessons lists lessons (query.Lessons).
func (s *Store) ListLessons(ctx context.Context, q query.Query) (domain.List[domain.Lesson], error) {
	return s.lessons(ctx, q, "")
}

func (s *Store) lessons(ctx context.Context, q query.Query, id string) (domain.List[domain.Lesson], error) {
	return regionTexts(ctx, s, "lessons", query.Lessons, q, id, func(r lessonRow) (string, string) { return r.ID, r.SourceID },
		func(r lessonRow, src domain.Source) domain.Lesson {
			return domain.Lesson{ID: r.ID, Region: r.RegionID, Position: r.Position, Title: r.Title, Text: r.Text,
				Language: r.Language, Source: src}
		})
}

// ListThemes lists themes (query.Themes): main themes first, then their sub-themes.
func (s *Store) ListThemes(ctx context.Context, q query.Query) (domain.List[domain.Theme], error) {
	return s.themes(ctx, q, "")
}

func (s *Store) themes(ctx context.Context, q query.Query, id string) (domain.List[domain.Theme], error) {
	return regionTexts(ctx, s, "themes", query.Themes, q, id, func(r themeRow) (string, string) { return r.ID, r.SourceID },
		func(r themeRow, src domain.Source) domain.Theme {
			return domain.Theme{ID: r.ID, Region: r.RegionID, Parent: r.ParentID, Kind: domain.ThemeKind(r.Kind), Phase: r.Phase,
				Position: r.Position, Title: r.Title, Description: r.Description, Language: r.Language, Source: src}
		})
}

// ListPartners lists partners (query.Partners).
func (s *Store) ListPartners(ctx context.Context, q query.Query) (domain.List[domain.Partner], error) {
	return s.partners(ctx, q, "")
}

// Partner returns one partner.
func (s *Store) Partner(ctx context.Context, id string) (domain.Partner, error) {
	l, err := s.partners(ctx, query.Query{}, id)
	return one(l, err, "partner", id)
}

func (s *Store) partners(ctx context.Context, q query.Query, id string) (domain.List[domain.Partner], error) {
	return regionTexts(ctx, s, "partners", query.Partners, q, id, func(r partnerRow) (string, string) { return r.ID, r.SourceID },
		func(r partnerRow, src domain.Source) domain.Partner {
			return domain.Partner{ID: r.ID, Region: r.RegionID, Position: r.Position, Name: r.Name,
				Kind: domain.PartnerKind(r.Kind), Role: r.Role, Language: r.Language, Source: src}
		})
}

// ListDocuments lists documents (query.Documents).
func (s *Store) ListDocuments(ctx context.Context, q query.Query) (domain.List[domain.Document], error) {
	return s.documents(ctx, q, "")
}

func (s *Store) documents(ctx context.Context, q query.Query, id string) (domain.List[domain.Document], error) {
	return regionTexts(ctx, s, "documents", query.Documents, q, id, func(r documentRow) (string, string) { return r.ID, r.SourceID },
		func(r documentRow, src domain.Source) domain.Document {
			return domain.Document{ID: r.ID, Region: r.RegionID, Position: r.Position, Title: r.Title,
				Description: r.Description, URL: r.URL, Language: r.Language, Source: src}
		})
}

// ListMeasures lists measures (query.Measures) with the ids of the themes, goals and partners they link to.
func (s *Store) ListMeasures(ctx context.Context, q query.Query) (domain.List[domain.Measure], error) {
	return s.measures(ctx, q, "")
}

// Measure returns one measure.
func (s *Store) Measure(ctx context.Context, id string) (domain.Measure, error) {
	l, err := s.measures(ctx, query.Query{}, id)
	return one(l, err, "measure", id)
}

func (s *Store) measures(ctx context.Context, q query.Query, id string) (domain.List[domain.Measure], error) {
	l, err := regionTexts(ctx, s, "measures", query.Measures, q, id, func(r measureRow) (string, string) { return r.ID, r.SourceID },
		func(r measureRow, src domain.Source) domain.Measure {
			return domain.Measure{ID: r.ID, Region: r.RegionID, Position: r.Position, Title: r.Title,
				Description: r.Description, Status: domain.Status(r.Status), Period: r.Period, Starts: r.Starts,
				Ends: r.Ends, Themes: []string{}, Goals: []string{}, Partners: []string{}, Language: r.Language, Source: src}
		})
	if err != nil || len(l.Items) == 0 {
		return l, err
	}
	ids := collect(l.Items, func(m domain.Measure) string { return m.ID })
	index := map[string]*domain.Measure{}
	for i := range l.Items {
		index[l.Items[i].ID] = &l.Items[i]
	}
	// One query per link table, whatever the number of measures.
	for _, link := range []struct {
		table, column string
		add           func(*domain.Measure, string)
	}{
		{"measure_themes", "theme_id", func(m *domain.Measure, id string) { m.Themes = append(m.Themes, id) }},
		{"measure_goals", "goal_id", func(m *domain.Measure, id string) { m.Goals = append(m.Goals, id) }},
		{"measure_partners", "partner_id", func(m *domain.Measure, id string) { m.Partners = append(m.Partners, id) }},
	} {
		var pairs []struct{ MeasureID, Target string }
		err := s.db.WithContext(ctx).Table(link.table).Select("measure_id, "+link.column+" AS target").
			Where("measure_id IN ?", ids).Order("measure_id, " + link.column).Find(&pairs).Error
		if err != nil {
			return l, err
		}
		for _, p := range pairs {
			link.add(index[p.MeasureID], p.Target)
		}
	}
	return l, nil
}
