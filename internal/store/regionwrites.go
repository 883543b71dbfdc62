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

var regionKind = textKind[domain.Region]{
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
	read: func(s *Store, ctx context.Context, _ query.Query, id string) (domain.List[domain.Region], error) {
		r, err := s.Region(ctx, id, "")
		if err != nil {
			return domain.List[domain.Region]{}, err
		}
		return domain.List[domain.Region]{Items: []domain.Region{r}}, nil
	},
}

func (s *Store) VersionedRegion(ctx context.Context, id string) (domain.Versioned[domain.Region], error) {
	return versionedText(ctx, s, regionKind, id)
}

// CreateRegion adds a region under the id the client chose: a 409 when it is taken.
func (s *Store) CreateRegion(ctx context.Context, actor string, x domain.Region, idem *domain.Idempotency) (domain.Versioned[domain.Region], error) {
	return createText(ctx, s, regionKind, actor, x, idem)
}

// ReplaceRegion replaces a region's own fields and phases; its id cannot change.
func (s *Store) ReplaceRegion(ctx context.Context, actor, id string, v int64, x domain.Region) (domain.Versioned[domain.Region], error) {
	if err := keepID("region", id, x.ID); err != nil {
		return domain.Versioned[domain.Region]{}, err
	}
	x.ID = id
	return replaceText(ctx, s, regionKind, actor, id, v, x)
}

// DeleteRegion deletes a region that has nothing left: no members, texts or figures.
func (s *Store) DeleteRegion(ctx context.Context, actor, id string, v int64) error {
	return deleteText(ctx, s, regionKind, actor, id, v)
}
