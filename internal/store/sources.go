package store

import (
	"context"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// ListSources lists the sources every figure and text cites (query.Sources).
func (s *Store) ListSources(ctx context.Context, q query.Query) (domain.List[domain.Source], error) {
	rows, total, next, err := list(ctx, s.db.Table("sources AS t"), "t.*", query.Sources, q,
		func(r sourceRow) string { return r.ID })
	if err != nil {
		return domain.List[domain.Source]{}, err
	}
	return domain.List[domain.Source]{Items: toRows(rows, sourceRow.domain), Total: total, NextCursor: next}, nil
}

// Source returns one source.
func (s *Store) Source(ctx context.Context, id string) (domain.Source, error) {
	var rows []sourceRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return domain.Source{}, err
	}
	if len(rows) == 0 {
		return domain.Source{}, notFound("source", id)
	}
	return rows[0].domain(), nil
}
