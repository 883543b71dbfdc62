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
	// locate checks what the write refers to and reports whether the record is there now; for a create it
	// also settles the new record's id (w.id) and position.
	locate func(tx *gorm.DB) (bool, error)
	// apply writes the change.
	apply func(tx *gorm.DB) error
	// state reads the record after the change, for the log; not called for a delete.
	state func(tx *gorm.DB) (any, error)
	// row is the record's row, for writes that insert new records in batches (an import).
	row func() any
	// idempotency, for a create with an Idempotency-Key: the first answer is kept in the same transaction.
	idempotency *domain.Idempotency
	// relabelLater says the caller relabels once after a batch of writes in its transaction (relabelAfter),
	// rather than each write after itself: the labels follow from the data, not from the order of the writes.
	relabelLater bool
}

// written is what a write did: the record after it, and its version. A create retried with the same
// Idempotency-Key makes nothing: replayed is then the record as the first create logged it.
type written struct {
	state    any
	version  int64
	replayed []byte
}

// write is the one path of every create, update and delete. In one transaction it checks the version the
// client last saw, applies the change, and appends it to the changes log with the record's new state, so
// the log, the versions and the data version that keys cached answers never disagree.
func (s *Store) write(ctx context.Context, w *writeOp) (written, error) {
	var out written
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = writeIn(tx, w)
		return err
	})
	return out, err
}

// writeIn is write inside the caller's transaction, for writes that must stand or fall together (an import).
func writeIn(tx *gorm.DB, w *writeOp) (written, error) {
	if w.idempotency != nil {
		first, err := firstCreate(tx, w.actor, *w.idempotency)
		if err != nil || first != nil {
			return first.asWritten(), err
		}
	}
	exists, err := w.locate(tx)
	if err != nil {
		return written{}, err
	}
	current, err := recordVersion(tx, w.resource, w.id, exists)
	if err != nil {
		return written{}, err
	}
	switch {
	case w.op == domain.OpCreate && exists:
		return written{}, domain.Errorf(domain.ECONFLICT, "A record of %s with the id %q exists already.", w.resource, w.id)
	case w.op != domain.OpCreate && !exists:
		return written{}, domain.Errorf(domain.ENOTFOUND, "No record of %s has the id %q.", w.resource, w.id)
	case w.op != domain.OpCreate && w.ifVersion != current:
		return written{}, &domain.Error{Code: domain.ESTALE, Current: current, Message: "The record has changed since the version " +
			"If-Match names; read it again, apply your change to the current version, and send that version's ETag."}
	}
	if err := w.apply(tx); err != nil {
		return written{}, err
	}
	if !w.relabelLater {
		if err := relabelAfter(tx, w.resource, w.id); err != nil {
			return written{}, err
		}
	}
	out := written{version: current + 1}
	var change changeRow
	if out.state, change, err = logEntry(tx, w, out.version); err != nil {
		return written{}, err
	}
	if err := tx.Create(&change).Error; err != nil {
		return written{}, err
	}
	if w.idempotency != nil {
		// The key remembers the change; the change holds the record as it was answered.
		err = tx.Create(&idempotencyRow{Actor: w.actor, Key: w.idempotency.Key, RequestHash: w.idempotency.RequestHash,
			ChangeSeq: change.Seq, CreatedAt: now()}).Error
	}
	return out, err
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

// firstCreate returns the change an earlier create with the same key made, or an error when the key was
// used for another request.
func firstCreate(tx *gorm.DB, actor string, idem domain.Idempotency) (*changeRow, error) {
	var rows []idempotencyRow
	if err := tx.Where("actor = ? AND key = ?", actor, idem.Key).Limit(1).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	if rows[0].RequestHash != idem.RequestHash {
		return nil, domain.Errorf(domain.EKEYREUSED, "This idempotency key was used for another request; use a new key for a new request.")
	}
	var change changeRow
	if err := tx.Where("seq = ?", rows[0].ChangeSeq).Take(&change).Error; err != nil {
		return nil, err
	}
	return &change, nil
}

// asWritten is what a retried create answers: the first create's record and version.
func (c *changeRow) asWritten() written {
	if c == nil || c.State == nil {
		return written{}
	}
	return written{version: c.Version, replayed: []byte(*c.State)}
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
