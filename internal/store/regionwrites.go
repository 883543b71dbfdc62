package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// The programme every region belongs to; the dataset has this one.
const programmeID = "byregionprogrammet"

// regionHolders lists what belongs to a region, which blocks its deletion: a region goes only once its
// texts, members and figures have gone, each through the API and so into the changes feed.
var regionHolders = []holder{
	{"region_memberships", "region_id = ?", "memberships"}, {"goals", "region_id = ?", "goals"},
	{"results", "region_id = ?", "results"}, {"lessons", "region_id = ?", "lessons"}, {"themes", "region_id = ?", "themes"},
	{"measures", "region_id = ?", "measures"}, {"partners", "region_id = ?", "partners"}, {"documents", "region_id = ?", "documents"},
	{"population_observations", "region_id = ?", "population observations"}, {"area_observations", "region_id = ?", "area observations"},
}

var regionType = recordType[domain.Region]{
	resource: "regions", word: "region",
	meta:  func(r *domain.Region) (*string, *int, string, error) { return nil, nil, r.Source.ID, r.Validate() },
	newID: func(_ *gorm.DB, r domain.Region) (string, error) { return r.ID, nil },
	// The lead and the members are memberships, not the region's own fields.
	columns: func(r domain.Region) map[string]any {
		programme := r.Programme.ID
		if programme == "" {
			programme = programmeID
		}
		return map[string]any{"programme_id": programme, "name": r.Name, "alternative_name": r.AlternativeName,
			"description": r.Description, "language": r.Language, "source_id": r.Source.ID,
			"search_key": searchKey(r.Name, r.AlternativeName)}
	},
	afterWrite: func(tx *gorm.DB, id string, r domain.Region) error {
		if err := tx.Where("region_id = ?", id).Delete(&regionPhaseRow{}).Error; err != nil {
			return err
		}
		for _, p := range r.Phases {
			if err := tx.Create(&regionPhaseRow{RegionID: id, Phase: p.Phase, Status: string(p.Status)}).Error; err != nil {
				return err
			}
		}
		return nil
	},
	dependents: func(tx *gorm.DB, id string) ([]string, error) { return holdersOf(tx, id, regionHolders) },
	prepare:    keepsID("region", func(x *domain.Region) *string { return &x.ID }),
	read: func(s *Store, ctx context.Context, _ query.Query, id string) (domain.List[domain.Region], error) {
		r, err := s.Region(ctx, id, "")
		if err != nil {
			return domain.List[domain.Region]{}, err
		}
		return domain.List[domain.Region]{Items: []domain.Region{r}}, nil
	},
}
