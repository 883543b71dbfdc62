package store

import (
	"context"
	"encoding/json"

	"github.com/byregion/byregion/internal/domain"
)

// ListChanges lists the changes after the sequence number since, in commit order, at most limit.
func (s *Store) ListChanges(ctx context.Context, since int64, limit int) ([]domain.Change, error) {
	var rows []changeRow
	if err := s.db.WithContext(ctx).Where("seq > ?", since).Order("seq").Limit(limit).Find(&rows).Error; err != nil {
		return nil, err
	}
	return toChanges(rows)
}

// recordHistory lists every change to one record, oldest first. A record the dataset loaded begins at
// version 1, which has no entry.
func (s *Store) recordHistory(ctx context.Context, resource, id string) ([]domain.Change, error) {
	var rows []changeRow
	if err := s.db.WithContext(ctx).Where("resource = ? AND resource_id = ?", resource, id).Order("seq").Find(&rows).Error; err != nil {
		return nil, err
	}
	return toChanges(rows)
}

func toChanges(rows []changeRow) ([]domain.Change, error) {
	out := make([]domain.Change, len(rows))
	for i, r := range rows {
		out[i] = domain.Change{Seq: r.Seq, Resource: r.Resource, ID: r.ResourceID, Op: domain.Operation(r.Operation),
			Version: r.Version, Actor: r.Actor, At: r.At}
		if r.State != nil {
			var state any
			if err := json.Unmarshal([]byte(*r.State), &state); err != nil {
				return nil, err
			}
			out[i].State = state
		}
	}
	return out, nil
}
