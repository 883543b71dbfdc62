package store

import (
	"context"

	"github.com/byregion/byregion/internal/domain"
)

// ListSources lists the sources every figure and text cites.
func (s *Store) ListSources(ctx context.Context, page domain.Page) (domain.List[domain.Source], error) {
	q := s.db.Model(&sourceRow{})
	rows, total, next, err := list(ctx, q, "", page, keyset[sourceRow]{
		columns: []string{"id"}, values: func(r sourceRow) []any { return []any{r.ID} }})
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
