package store

import (
	"context"
	"encoding/json"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
)

// writeOp is one create, update or delete of one record.
type writeOp struct {
	resource, id string
	op           domain.Operation
	actor        string
	// ifVersion is the version the client last saw (If-Match); updates and deletes require it.
	ifVersion int64
	// exists reports whether the record is there now.
	exists func(tx *gorm.DB) (bool, error)
	// apply writes the change.
	apply func(tx *gorm.DB) error
	// state reads the record after the change, for the log; not called for a delete.
	state func(tx *gorm.DB) (any, error)
	// row is the record's row, for writes that insert new records in batches (an import).
	row func() any
	// idempotency, for a create with an Idempotency-Key: the first answer is kept in the same transaction.
	idempotency *domain.Idempotency
}

// write is the one path of every create, update and delete. In one transaction it checks the version the
// client last saw, applies the change, and appends it to the changes log with the record's new state, so
// the log, the versions and the data version that keys cached answers never disagree.
func (s *Store) write(ctx context.Context, w *writeOp) (state any, version int64, err error) {
	err = s.transaction(ctx, func(tx *gorm.DB) error {
		state, version, err = writeIn(tx, w)
		return err
	})
	return state, version, err
}

// writeIn is write inside the caller's transaction, for writes that must stand or fall together (an import).
func writeIn(tx *gorm.DB, w *writeOp) (state any, version int64, err error) {
	err = func() error {
		if w.idempotency != nil {
			if replay, err := findReplay(tx, w.actor, *w.idempotency); err != nil || replay != nil {
				if replay != nil {
					return replay
				}
				return err
			}
		}
		exists, err := w.exists(tx)
		if err != nil {
			return err
		}
		current, err := recordVersion(tx, w.resource, w.id, exists)
		if err != nil {
			return err
		}
		switch {
		case w.op == domain.OpCreate && exists:
			return domain.Errorf(domain.ECONFLICT, "A record of %s with the id %q exists already.", w.resource, w.id)
		case w.op != domain.OpCreate && !exists:
			return domain.Errorf(domain.ENOTFOUND, "No record of %s has the id %q.", w.resource, w.id)
		case w.op != domain.OpCreate && w.ifVersion != current:
			return &domain.Error{Code: domain.ESTALE, Current: current, Message: "The record has changed since the version " +
				"If-Match names; read it again, apply your change to the current version, and send that version's ETag."}
		}
		if err := w.apply(tx); err != nil {
			return err
		}
		version = current + 1
		var change changeRow
		if state, change, err = logEntry(tx, w, version); err != nil {
			return err
		}
		if err := tx.Create(&change).Error; err != nil {
			return err
		}
		encoded := change.State
		if w.idempotency != nil {
			location, etag := w.idempotency.Location(state, version)
			return tx.Create(&idempotencyRow{Actor: w.actor, Key: w.idempotency.Key, RequestHash: w.idempotency.RequestHash,
				Status: 201, Location: location, ETag: etag, Body: deref(encoded), CreatedAt: now()}).Error
		}
		return nil
	}()
	return state, version, err
}

// logEntry is the changes log's row for a write at version, with the record's state after it.
func logEntry(tx *gorm.DB, w *writeOp, version int64) (any, changeRow, error) {
	change := changeRow{Resource: w.resource, ResourceID: w.id, Operation: string(w.op), Version: version, Actor: w.actor, At: now()}
	if w.op == domain.OpDelete {
		return nil, change, nil
	}
	state, err := w.state(tx)
	if err != nil {
		return nil, change, err
	}
	b, err := json.Marshal(state)
	if err != nil {
		return nil, change, err
	}
	encoded := string(b)
	change.State = &encoded
	return state, change, nil
}

// findReplay returns the kept answer of an earlier create with the same key, or an error when the key
// was used for another request.
func findReplay(tx *gorm.DB, actor string, idem domain.Idempotency) (*domain.Replay, error) {
	var rows []idempotencyRow
	if err := tx.Where("actor = ? AND key = ?", actor, idem.Key).Limit(1).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	if rows[0].RequestHash != idem.RequestHash {
		return nil, &domain.Error{Code: domain.EUNPROCESSABLE,
			Message: "This Idempotency-Key was used for another request; use a new key for a new request.",
			Fields:  []domain.FieldError{{Field: "Idempotency-Key", In: "header", Message: "was used for a request with another body"}}}
	}
	r := rows[0]
	return &domain.Replay{Status: r.Status, Location: r.Location, ETag: r.ETag, Body: []byte(r.Body)}, nil
}

// recordVersion is a record's version: the number of its last change, or 1 for a record the dataset
// loaded and nothing has changed since.
func recordVersion(tx *gorm.DB, resource, id string, exists bool) (int64, error) {
	var versions []int64
	if err := tx.Model(&changeRow{}).Where("resource = ? AND resource_id = ?", resource, id).
		Order("seq DESC").Limit(1).Pluck("version", &versions).Error; err != nil {
		return 0, err
	}
	switch {
	case len(versions) == 1:
		return versions[0], nil
	case exists:
		return 1, nil
	}
	return 0, nil
}

// RecordVersion is the current version of a record.
func (s *Store) RecordVersion(ctx context.Context, resource, id string) (int64, error) {
	return s.recordVersion(ctx, resource, id)
}
