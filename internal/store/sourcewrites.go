package store

import (
	"context"

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

var sourceType = recordType[domain.Source]{
	resource: "sources", word: "source",
	meta:  func(s *domain.Source) (*string, *int, string, error) { return nil, nil, "", s.Validate() },
	newID: func(_ *gorm.DB, s domain.Source) (string, error) { return s.ID, nil },
	columns: func(s domain.Source) map[string]any {
		return map[string]any{"title": s.Title, "publisher": s.Publisher, "url": s.URL, "licence": s.Licence,
			"retrieved": s.Retrieved, "note": s.Note, "search_key": searchKey(s.Title, s.Publisher), "borders": s.Borders}
	},
	dependents: func(tx *gorm.DB, id string) ([]string, error) { return holdersOf(tx, id, citing) },
	prepare:    keepsID("source", func(x *domain.Source) *string { return &x.ID }),
	read: func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[domain.Source], error) {
		src, err := s.Source(ctx, id)
		if err != nil {
			return domain.List[domain.Source]{}, err
		}
		return domain.List[domain.Source]{Items: []domain.Source{src}}, nil
	},
}
