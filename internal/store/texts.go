package store

import (
	"context"

	"github.com/byregion/byregion/internal/domain"
)

// The regions' texts (goals, results, lessons, themes, partners, measures, documents) share one shape:
// rows of a region in position order, each citing a source.

// textQuery selects one region's rows (or all, when f.Region is empty) or, when id is set, the one row.
type textQuery struct {
	domain.RegionFilter
	id string
}

// regionTexts lists the rows of table that tq selects and converts them.
func regionTexts[R any, T any](ctx context.Context, s *Store, table string, tq textQuery, page domain.Page,
	ks keyset[R], sourceID func(R) string, convert func(R, domain.Source) T) (domain.List[T], error) {
	var out domain.List[T]
	q := s.db.Table(table + " AS t")
	if tq.id != "" {
		q = q.Where("t.id = ?", tq.id)
	}
	if f := tq.RegionFilter; f.Region != "" {
		if err := s.requireRegion(ctx, f.Region); err != nil {
			return out, err
		}
		q = q.Where("t.region_id = ?", f.Region)
	}
	rows, total, next, err := list(ctx, q, "", page, ks)
	if err != nil {
		return out, err
	}
	sources, err := s.sources(ctx, collect(rows, sourceID))
	if err != nil {
		return out, err
	}
	items := make([]T, 0, len(rows))
	for _, r := range rows {
		items = append(items, convert(r, sources[sourceID(r)]))
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

// positioned is the keyset of texts: region, then position, then id.
func positioned[R any](get func(R) (region string, position int, id string)) keyset[R] {
	return keyset[R]{columns: []string{"t.region_id", "t.position", "t.id"}, values: func(r R) []any {
		region, position, id := get(r)
		return []any{region, position, id}
	}}
}

var (
	goalOrder     = positioned(func(r goalRow) (string, int, string) { return r.RegionID, r.Position, r.ID })
	resultOrder   = positioned(func(r resultRow) (string, int, string) { return r.RegionID, r.Position, r.ID })
	lessonOrder   = positioned(func(r lessonRow) (string, int, string) { return r.RegionID, r.Position, r.ID })
	partnerOrder  = positioned(func(r partnerRow) (string, int, string) { return r.RegionID, r.Position, r.ID })
	measureOrder  = positioned(func(r measureRow) (string, int, string) { return r.RegionID, r.Position, r.ID })
	documentOrder = positioned(func(r documentRow) (string, int, string) { return r.RegionID, r.Position, r.ID })
	// Main themes come before sub-themes (whose parent sorts after the empty string), each in position order.
	themeOrder = keyset[themeRow]{columns: []string{"t.region_id", "COALESCE(t.parent_id, '')", "t.position", "t.id"},
		values: func(r themeRow) []any { return []any{r.RegionID, deref(r.ParentID), r.Position, r.ID} }}
)

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// ListGoals lists goals.
func (s *Store) ListGoals(ctx context.Context, f domain.RegionFilter, page domain.Page) (domain.List[domain.Goal], error) {
	return s.goals(ctx, textQuery{RegionFilter: f}, page)
}

// Goal returns one goal.
func (s *Store) Goal(ctx context.Context, id string) (domain.Goal, error) {
	l, err := s.goals(ctx, textQuery{id: id}, single)
	return one(l, err, "goal", id)
}

func (s *Store) goals(ctx context.Context, tq textQuery, page domain.Page) (domain.List[domain.Goal], error) {
	return regionTexts(ctx, s, "goals", tq, page, goalOrder, func(r goalRow) string { return r.SourceID },
		func(r goalRow, src domain.Source) domain.Goal {
			return domain.Goal{ID: r.ID, Region: r.RegionID, Position: r.Position, Text: r.Text, Language: r.Language, Source: src}
		})
}

// ListResults lists results.
func (s *Store) ListResults(ctx context.Context, f domain.RegionFilter, page domain.Page) (domain.List[domain.Result], error) {
	return regionTexts(ctx, s, "results", textQuery{RegionFilter: f}, page, resultOrder, func(r resultRow) string { return r.SourceID },
		func(r resultRow, src domain.Source) domain.Result {
			return domain.Result{ID: r.ID, Region: r.RegionID, Position: r.Position, Text: r.Text, Language: r.Language, Source: src}
		})
}

// ListLessons lists lessons.
func (s *Store) ListLessons(ctx context.Context, f domain.RegionFilter, page domain.Page) (domain.List[domain.Lesson], error) {
	return regionTexts(ctx, s, "lessons", textQuery{RegionFilter: f}, page, lessonOrder, func(r lessonRow) string { return r.SourceID },
		func(r lessonRow, src domain.Source) domain.Lesson {
			return domain.Lesson{ID: r.ID, Region: r.RegionID, Position: r.Position, Title: r.Title, Text: r.Text,
				Language: r.Language, Source: src}
		})
}

// ListThemes lists themes: main themes first, then their sub-themes.
func (s *Store) ListThemes(ctx context.Context, f domain.RegionFilter, page domain.Page) (domain.List[domain.Theme], error) {
	return regionTexts(ctx, s, "themes", textQuery{RegionFilter: f}, page, themeOrder, func(r themeRow) string { return r.SourceID },
		func(r themeRow, src domain.Source) domain.Theme {
			return domain.Theme{ID: r.ID, Region: r.RegionID, Parent: r.ParentID, Kind: domain.ThemeKind(r.Kind), Phase: r.Phase, Position: r.Position,
				Title: r.Title, Description: r.Description, Language: r.Language, Source: src}
		})
}

// ListPartners lists partners.
func (s *Store) ListPartners(ctx context.Context, f domain.RegionFilter, page domain.Page) (domain.List[domain.Partner], error) {
	return s.partners(ctx, textQuery{RegionFilter: f}, page)
}

// Partner returns one partner.
func (s *Store) Partner(ctx context.Context, id string) (domain.Partner, error) {
	l, err := s.partners(ctx, textQuery{id: id}, single)
	return one(l, err, "partner", id)
}

func (s *Store) partners(ctx context.Context, tq textQuery, page domain.Page) (domain.List[domain.Partner], error) {
	return regionTexts(ctx, s, "partners", tq, page, partnerOrder, func(r partnerRow) string { return r.SourceID },
		func(r partnerRow, src domain.Source) domain.Partner {
			return domain.Partner{ID: r.ID, Region: r.RegionID, Position: r.Position, Name: r.Name,
				Kind: domain.PartnerKind(r.Kind), Role: r.Role, Language: r.Language, Source: src}
		})
}

// ListDocuments lists documents.
func (s *Store) ListDocuments(ctx context.Context, f domain.RegionFilter, page domain.Page) (domain.List[domain.Document], error) {
	return regionTexts(ctx, s, "documents", textQuery{RegionFilter: f}, page, documentOrder, func(r documentRow) string { return r.SourceID },
		func(r documentRow, src domain.Source) domain.Document {
			return domain.Document{ID: r.ID, Region: r.RegionID, Position: r.Position, Title: r.Title,
				Description: r.Description, URL: r.URL, Language: r.Language, Source: src}
		})
}

// single is the page for reading one item by id.
var single = domain.Page{Limit: 1}

// ListMeasures lists measures with the ids of the themes, goals and partners they link to.
func (s *Store) ListMeasures(ctx context.Context, f domain.RegionFilter, page domain.Page) (domain.List[domain.Measure], error) {
	return s.measures(ctx, textQuery{RegionFilter: f}, page)
}

// Measure returns one measure.
func (s *Store) Measure(ctx context.Context, id string) (domain.Measure, error) {
	l, err := s.measures(ctx, textQuery{id: id}, single)
	return one(l, err, "measure", id)
}

func (s *Store) measures(ctx context.Context, tq textQuery, page domain.Page) (domain.List[domain.Measure], error) {
	l, err := regionTexts(ctx, s, "measures", tq, page, measureOrder, func(r measureRow) string { return r.SourceID },
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
