package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// Every writable resource is described by a recordType: its table, how a new record gets its id, what it
// refers to and what refers to it, and how it reads. Records gives every resource the same reads and
// writes, on the one write path that logs every change.

// recordType describes how one writable resource is stored.
type recordType[T any] struct {
	resource, word string // the resource's name in the changes log ("partners"), and the id's word ("partner")
	table          string // its table, when it is not named as the resource
	// meta validates an item and, for a region text, points at its region and position and names its source.
	// A resource that is no region text leaves region nil, and says in newID and references what it needs.
	meta func(*T) (region *string, position *int, source string, validate error)
	// newID gives a new record its id; nil means the region text's next "<region>-<word>-<n>".
	newID func(tx *gorm.DB, item T) (string, error)
	// columns are the row's writable columns from an item, search key included.
	columns func(T) map[string]any
	// references checks the records the item refers to besides its region and source, in tx: the fields
	// that refer to nothing (or clash), or the error that kept it from checking.
	references func(tx *gorm.DB, item T) ([]domain.FieldError, error)
	// afterWrite writes what lives beside the row (a measure's links), in tx.
	afterWrite func(tx *gorm.DB, id string, item T) error
	// afterDelete mends what lives beside a deleted row (a region's lead, when its lead membership goes), in tx.
	afterDelete func(tx *gorm.DB, id string) error
	// dependents lists what refers to a record, which blocks its deletion.
	dependents func(tx *gorm.DB, id string) ([]string, error)
	// read lists items as the API shows them; with id set, that one.
	read func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[T], error)
	// prepare readies an item for a create (id "") or a replace of id, beyond what meta checks: it may
	// complete the item, refuse a change of identity, and give the type to write with, which it is given
	// (an observation's columns depend on its subject). nil keeps the item and the type as they are.
	prepare func(ctx context.Context, s *Store, id string, item *T, t recordType[T]) (recordType[T], error)
}

func (k recordType[T]) tableName() string {
	if k.table != "" {
		return k.table
	}
	return k.resource
}

// keepsID is the prepare of a resource whose records the client names: a replace keeps the id.
func keepsID[T any](word string, idOf func(*T) *string) func(context.Context, *Store, string, *T, recordType[T]) (recordType[T], error) {
	return func(_ context.Context, _ *Store, id string, item *T, t recordType[T]) (recordType[T], error) {
		if id == "" {
			return t, nil
		}
		given := idOf(item)
		if err := keepID(word, id, *given); err != nil {
			return t, err
		}
		*given = id
		return t, nil
	}
}

// keepID refuses a replace whose body names another id than the path: an id chosen by a client is its
// identity and cannot change.
func keepID(word, id, given string) error {
	if given == "" || given == id {
		return nil
	}
	return &domain.Error{Code: domain.EUNPROCESSABLE, Message: "A " + word + "'s id cannot change.",
		Fields: []domain.FieldError{{Field: "id", In: "body", Message: "must be " + id + " or left out"}}}
}

// Records are one resource's records; they implement domain.Records.
type Records[T any] struct {
	s *Store
	t recordType[T]
}

// The writable resources.

func (s *Store) Sources() domain.Records[domain.Source] { return Records[domain.Source]{s, sourceType} }
func (s *Store) Regions() domain.Records[domain.Region] { return Records[domain.Region]{s, regionType} }
func (s *Store) Memberships() domain.Records[domain.RegionMembership] {
	return Records[domain.RegionMembership]{s, membershipType}
}
func (s *Store) Municipalities() domain.Records[domain.Municipality] {
	return Records[domain.Municipality]{s, municipalityType}
}
func (s *Store) Successions() domain.Records[domain.Succession] {
	return Records[domain.Succession]{s, successionType}
}
func (s *Store) Population() domain.Records[domain.PopulationObservation] {
	return Records[domain.PopulationObservation]{s, populationType(nil, "")}
}
func (s *Store) Area() domain.Records[domain.AreaObservation] {
	return Records[domain.AreaObservation]{s, areaType(nil, "")}
}

// Get reads a record with its version.
func (r Records[T]) Get(ctx context.Context, id string) (domain.Versioned[T], error) {
	l, err := r.t.read(r.s, ctx, query.Query{}, id)
	item, err := one(l, err, r.t.word, id)
	if err != nil {
		return domain.Versioned[T]{}, err
	}
	v, err := r.s.recordVersion(ctx, r.t.resource, id)
	return domain.Versioned[T]{Item: item, Version: v}, err
}

// History is every change to a record, oldest first; none for a record never changed since it was loaded.
// A record that neither is nor was is ENOTFOUND.
func (r Records[T]) History(ctx context.Context, id string) ([]domain.Change, error) {
	changes, err := r.s.recordHistory(ctx, r.t.resource, id)
	if err == nil && len(changes) == 0 {
		_, err = r.Get(ctx, id)
	}
	return changes, err
}

// prepared readies an item to write, as the type's prepare and meta have it: the type to write it with and,
// for a region text, its region, position and source.
func (r Records[T]) prepared(ctx context.Context, id string, item *T) (k recordType[T], region *string, position *int, source string, err error) {
	k = r.t
	if r.t.prepare != nil {
		if k, err = r.t.prepare(ctx, r.s, id, item, r.t); err != nil {
			return k, nil, nil, "", err
		}
	}
	region, position, source, err = k.meta(item)
	return k, region, position, source, err
}

// Create adds a record; a region text's id is the region's next number of its kind. A create retried with
// the same Idempotency-Key answers with the first one's record, and makes nothing.
func (r Records[T]) Create(ctx context.Context, actor string, item T, idem *domain.Idempotency) (domain.Versioned[T], error) {
	w, err := r.createOp(ctx, actor, item, idem)
	if err != nil {
		return domain.Versioned[T]{}, err
	}
	return versioned[T](r.s.write(ctx, w))
}

// createOp is the write that adds a record: Create's in a transaction of its own, or one of several in the
// caller's (writeIn).
func (r Records[T]) createOp(ctx context.Context, actor string, item T, idem *domain.Idempotency) (*writeOp, error) {
	k, region, position, source, err := r.prepared(ctx, "", &item)
	if err != nil {
		return nil, err
	}
	s := r.s
	var id string
	w := &writeOp{resource: k.resource, op: domain.OpCreate, actor: actor, idempotency: idem}
	w.locate = func(tx *gorm.DB) (bool, error) {
		if err := checkTextReferences(tx, k, item, region, source); err != nil {
			return false, err
		}
		if k.newID != nil {
			if id, err = k.newID(tx, item); err != nil {
				return false, err
			}
			w.id = id
			return rowExists(tx, k.tableName(), id) // a client's own id may be taken: ECONFLICT
		}
		if id, err = nextTextID(tx, k.tableName(), *region, k.word); err != nil {
			return false, err
		}
		w.id = id
		if *position == 0 {
			if *position, err = nextPosition(tx, k.tableName(), *region); err != nil {
				return false, err
			}
		}
		return false, nil
	}
	w.apply = func(tx *gorm.DB) error {
		cols := k.columns(item)
		cols["id"] = id
		if err := translate(tx.Table(k.tableName()).Create(cols).Error, "position"); err != nil {
			return err
		}
		return afterWrite(tx, k, id, item)
	}
	w.state = func(tx *gorm.DB) (any, error) { return readIn(s, tx, k, id) }
	return w, nil
}

// Replace replaces a record's writable fields, if ifVersion is its current version.
func (r Records[T]) Replace(ctx context.Context, actor, id string, ifVersion int64, item T) (domain.Versioned[T], error) {
	w, err := r.replaceOp(ctx, actor, id, ifVersion, item)
	if err != nil {
		return domain.Versioned[T]{}, err
	}
	return versioned[T](r.s.write(ctx, w))
}

// replaceOp is the write that replaces a record: Replace's in a transaction of its own, or one of several in
// the caller's (writeIn).
func (r Records[T]) replaceOp(ctx context.Context, actor, id string, ifVersion int64, item T) (*writeOp, error) {
	k, region, position, source, err := r.prepared(ctx, id, &item)
	if err != nil {
		return nil, err
	}
	s := r.s
	if position != nil && *position == 0 { // only a create takes the next position
		return nil, &domain.Error{Code: domain.EUNPROCESSABLE, Message: "A replace keeps or moves a record's position; it needs one.",
			Fields: []domain.FieldError{{Field: "position", In: "body", Message: "is required on a replace: a positive integer"}}}
	}
	w := &writeOp{resource: k.resource, id: id, op: domain.OpUpdate, actor: actor, ifVersion: ifVersion}
	w.locate = func(tx *gorm.DB) (bool, error) {
		if err := checkTextReferences(tx, k, item, region, source); err != nil {
			return false, err
		}
		if region != nil {
			return stayingIn(tx, k.tableName(), id, *region)
		}
		return rowExists(tx, k.tableName(), id)
	}
	w.apply = func(tx *gorm.DB) error {
		if err := translate(tx.Table(k.tableName()).Where("id = ?", id).Updates(k.columns(item)).Error, "position"); err != nil {
			return err
		}
		return afterWrite(tx, k, id, item)
	}
	w.state = func(tx *gorm.DB) (any, error) { return readIn(s, tx, k, id) }
	return w, nil
}

// Delete deletes a record nothing refers to, if ifVersion is its current version.
func (r Records[T]) Delete(ctx context.Context, actor, id string, ifVersion int64) error {
	k := r.t
	w := &writeOp{resource: k.resource, id: id, op: domain.OpDelete, actor: actor, ifVersion: ifVersion}
	w.locate = func(tx *gorm.DB) (bool, error) { return rowExists(tx, k.tableName(), id) }
	w.apply = func(tx *gorm.DB) error {
		if k.dependents != nil {
			refs, err := k.dependents(tx, id)
			if err != nil {
				return err
			}
			if len(refs) > 0 {
				return domain.Errorf(domain.ECONFLICT, "The %s is referred to by %s; change those first.", k.word, strings.Join(refs, ", "))
			}
		}
		// A table the dependents do not know of (a new kind of text, say) is still guarded by its foreign key.
		if err := deleteRow(tx, k, id); errors.Is(err, gorm.ErrForeignKeyViolated) {
			return domain.Errorf(domain.ECONFLICT, "Other records refer to the %s; change those first.", k.word)
		} else if err != nil {
			return err
		}
		return nil
	}
	_, err := r.s.write(ctx, w)
	return err
}

// deleteRow deletes a record's row and mends what lived beside it.
func deleteRow[T any](tx *gorm.DB, k recordType[T], id string) error {
	if err := tx.Table(k.tableName()).Where("id = ?", id).Delete(nil).Error; err != nil {
		return err
	}
	if k.afterDelete == nil {
		return nil
	}
	return k.afterDelete(tx, id)
}

func afterWrite[T any](tx *gorm.DB, k recordType[T], id string, item T) error {
	if k.afterWrite == nil {
		return nil
	}
	return k.afterWrite(tx, id, item)
}

// readIn reads an item inside a transaction, with the reading code of the API, on the transaction.
func readIn[T any](s *Store, tx *gorm.DB, k recordType[T], id string) (T, error) {
	inTx := s.within(tx)
	l, err := k.read(inTx, tx.Statement.Context, query.Query{}, id)
	return one(l, err, k.word, id)
}

// versioned is what a write answers with: the record and its version, or for a retried create the first
// create's record, read back from the log.
func versioned[T any](w written, err error) (domain.Versioned[T], error) {
	if err != nil {
		return domain.Versioned[T]{}, err
	}
	if w.replayed != nil {
		var item T
		if err := json.Unmarshal(w.replayed, &item); err != nil {
			return domain.Versioned[T]{}, err
		}
		return domain.Versioned[T]{Item: item, Version: w.version, Replayed: true}, nil
	}
	return domain.Versioned[T]{Item: w.state.(T), Version: w.version}, nil
}

// stayingIn reports whether a region's record exists, and refuses a replace that would move it to another
// region: its id and its source are the region's, so a text of another region is a new record there.
func stayingIn(tx *gorm.DB, table, id, region string) (bool, error) {
	var regions []string
	if err := tx.Table(table).Where("id = ?", id).Pluck("region_id", &regions).Error; err != nil || len(regions) == 0 {
		return false, err
	}
	if regions[0] != region {
		return false, &domain.Error{Code: domain.EUNPROCESSABLE, Message: fmt.Sprintf("A record of %s cannot move to another "+
			"region: create it in %s and delete this one.", regions[0], region),
			Fields: []domain.FieldError{{Field: "region", In: "body", Message: "must stay " + regions[0]}}}
	}
	return true, nil
}

// checkTextReferences makes sure the region, the source and anything else the item names exist: one EUNPROCESSABLE
// naming every field that refers to nothing.
func checkTextReferences[T any](tx *gorm.DB, k recordType[T], item T, region *string, source string) error {
	var v []domain.FieldError
	var refs []struct{ table, id, field string }
	if region != nil {
		refs = append(refs, struct{ table, id, field string }{"regions", *region, "region"})
	}
	if source != "" || region != nil {
		refs = append(refs, struct{ table, id, field string }{"sources", source, "source"})
	}
	for _, ref := range refs {
		ok, err := rowExists(tx, ref.table, ref.id)
		if err != nil {
			return err
		}
		if !ok {
			v = append(v, domain.FieldError{Field: ref.field, In: "body", Message: "names no " + strings.TrimSuffix(ref.table, "s")})
		}
	}
	if k.references != nil {
		more, err := k.references(tx, item)
		if err != nil {
			return err
		}
		v = append(v, more...)
	}
	if len(v) > 0 {
		return &domain.Error{Code: domain.EUNPROCESSABLE, Message: "The body refers to records that do not exist, or clashes with others; errors lists them.", Fields: v}
	}
	return nil
}

func rowExists(tx *gorm.DB, table, id string) (bool, error) {
	n, err := count(tx.Table(table).Where("id = ?", id))
	return n > 0, err
}

// holder is a table whose rows may refer to a record, which blocks the record's deletion: where binds the
// record's id to each of its placeholders.
type holder struct{ table, where, what string }

// holdersOf counts what still refers to a record, as "3 goals", for the ECONFLICT that refuses its deletion.
func holdersOf(tx *gorm.DB, id string, holders []holder) ([]string, error) {
	var out []string
	for _, h := range holders {
		args := make([]any, strings.Count(h.where, "?"))
		for i := range args {
			args[i] = id
		}
		n, err := count(tx.Table(h.table).Where(h.where, args...))
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, fmt.Sprintf("%d %s", n, h.what))
		}
	}
	return out, nil
}

// count is the number of rows a query finds.
func count(q *gorm.DB) (int64, error) {
	var n int64
	err := q.Count(&n).Error
	return n, err
}

// nextTextID is the region's next "<region>-<word>-<n>", never reusing the id of a deleted record.
func nextTextID(tx *gorm.DB, table, region, word string) (string, error) {
	prefix := region + "-" + word + "-"
	// The ids of the region's kind are a range of the primary key (and of the log's index): the prefix up to
	// the prefix with its last character, '-', moved on to '.'. SQLite finds the largest number in them
	// without handing every id over (SQLite and PostgreSQL alike), so a create costs the same in a region of ten texts or of a thousand.
	end := prefix[:len(prefix)-1] + "."
	var next int
	// Only numbers count: a theme's label ("…-theme-label-1") shares the range; ltrim leaves nothing of one.
	err := tx.Raw(`SELECT COALESCE(MAX(CAST(n AS INTEGER)), 0) + 1 FROM (
		SELECT substr(id, ?) AS n FROM `+table+` WHERE id >= ? AND id < ?
		UNION ALL
		SELECT substr(resource_id, ?) FROM changes WHERE resource = ? AND resource_id >= ? AND resource_id < ?) AS ids
		WHERE n <> '' AND ltrim(n, '0123456789') = ''`,
		len(prefix)+1, prefix, end, len(prefix)+1, table, prefix, end).Scan(&next).Error
	return fmt.Sprintf("%s%d", prefix, next), err
}

func nextPosition(tx *gorm.DB, table, region string) (int, error) {
	var max []int
	if err := tx.Table(table).Where("region_id = ?", region).Order("position DESC").Limit(1).Pluck("position", &max).Error; err != nil {
		return 0, err
	}
	if len(max) == 0 {
		return 1, nil
	}
	return max[0] + 1, nil
}

// translate turns a unique-constraint violation into a conflict naming the field.
func translate(err error, field string) error {
	if err != nil && errors.Is(err, gorm.ErrDuplicatedKey) {
		return &domain.Error{Code: domain.ECONFLICT, Message: fmt.Sprintf("Another record of the region has this %s.", field),
			Fields: []domain.FieldError{{Field: field, In: "body", Message: "is taken by another record of the region"}}}
	}
	return err
}

// within is the store reading inside a write's transaction tx: it sees the write's own changes, so it
// derives everything afresh rather than from the shared derived state. (Its version clock is not the
// store's: nothing inside a transaction asks it.)
func (s *Store) within(tx *gorm.DB) *Store {
	return &Store{db: tx, sql: s.sql, dialect: s.dialect, migrations: s.migrations, derived: s.derived,
		queue: s.queue, inTransaction: true}
}
