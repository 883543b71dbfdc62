package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// A succession is a merger or split between two municipality identities on a date, as SSB's change table
// gives it. It is what makes a retired code resolve to what it became, so writing one (for a reform the
// dataset does not have yet) changes how codes resolve at once.

// successionID is "<predecessor>:<successor>:<date>".
func successionID(predecessor, successor, date string) string {
	return predecessor + ":" + successor + ":" + date
}

// ListSuccessions lists successions (query.Successions).
func (s *Store) ListSuccessions(ctx context.Context, q query.Query) (domain.List[domain.Succession], error) {
	return s.successions(ctx, q, "")
}

func (s *Store) successions(ctx context.Context, q query.Query, id string) (domain.List[domain.Succession], error) {
	base := s.db.Table("municipality_successions AS t")
	if id != "" {
		base = base.Where("t.id = ?", id)
	}
	rows, total, next, err := list(ctx, base, "t.*", query.Successions, q, func(r successionRow) string { return r.ID })
	if err != nil {
		return domain.List[domain.Succession]{}, err
	}
	sources, err := s.sources(ctx, collect(rows, func(r successionRow) string { return r.SourceID }))
	if err != nil {
		return domain.List[domain.Succession]{}, err
	}
	items := make([]domain.Succession, 0, len(rows))
	for _, r := range rows {
		items = append(items, domain.Succession{ID: r.ID, Predecessor: r.PredecessorID, Successor: r.SuccessorID, Date: r.Date,
			Kind: domain.SuccessionKind(r.Kind), Source: sources[r.SourceID]})
	}
	return domain.List[domain.Succession]{Items: items, Total: total, NextCursor: next}, nil
}

var successionType = recordType[domain.Succession]{
	resource: "successions", word: "succession", table: "municipality_successions", prepare: prepareSuccession,
	meta: func(x *domain.Succession) (*string, *int, string, error) { return nil, nil, x.Source.ID, x.Validate() },
	newID: func(_ *gorm.DB, x domain.Succession) (string, error) {
		return successionID(x.Predecessor, x.Successor, x.Date), nil
	},
	columns: func(x domain.Succession) map[string]any {
		return map[string]any{"predecessor_id": x.Predecessor, "successor_id": x.Successor, "date": x.Date,
			"kind": string(x.Kind), "source_id": x.Source.ID}
	},
	references: func(tx *gorm.DB, x domain.Succession) ([]domain.FieldError, error) {
		var errs []domain.FieldError
		for _, ref := range []struct{ field, id string }{{"predecessor", x.Predecessor}, {"successor", x.Successor}} {
			ok, err := rowExists(tx, "municipalities", ref.id)
			if err != nil {
				return nil, err
			}
			if !ok {
				errs = append(errs, domain.FieldError{Field: ref.field, In: "body", Message: "names no municipality"})
			}
		}
		return errs, nil
	},
	read: func(s *Store, ctx context.Context, _ query.Query, id string) (domain.List[domain.Succession], error) {
		return s.successions(ctx, query.Query{}, id)
	},
}

// prepareSuccession keeps a succession's municipalities and date on a replace: they are what it is.
func prepareSuccession(_ context.Context, _ *Store, id string, x *domain.Succession, t recordType[domain.Succession]) (recordType[domain.Succession], error) {
	if id != "" && successionID(x.Predecessor, x.Successor, x.Date) != id {
		return t, &domain.Error{Code: domain.EUNPROCESSABLE,
			Message: "A succession's municipalities and date are what it is; a new one is a new succession.",
			Fields:  []domain.FieldError{{Field: "date", In: "body", Message: "predecessor, successor and date must stay those of " + id}}}
	}
	return t, nil
}
