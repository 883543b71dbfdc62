package domain

import (
	"context"
	"errors"
)

// ErrBadKey is a secret that is not a key in use: unknown, malformed or revoked. Which, is not said.
var ErrBadKey = errors.New("invalid or revoked API key")

// Operation is what a change did to a record.
type Operation string

const (
	OpCreate Operation = "create"
	OpUpdate Operation = "update"
	OpDelete Operation = "delete"
)

// Change is one entry of the changes log: every create, update and delete, in commit order.
type Change struct {
	Seq      int64     `json:"seq" example:"42"`
	Resource string    `json:"resource" example:"goals"`
	ID       string    `json:"id" example:"tromsoregionen-goal-4"`
	Op       Operation `json:"operation" enums:"create,update,delete" example:"update"`
	Version  int64     `json:"version" example:"2"`
	Actor    string    `json:"actor" example:"fylket-import"`
	At       string    `json:"at" format:"date-time" example:"2026-11-29T17:00:00Z"`
	// State is the record after the change; null for a delete (a tombstone).
	State any `json:"state"`
}

// Scope is what an API key may do; each scope includes the ones before it.
type Scope string

const (
	ScopeRead  Scope = "read"
	ScopeWrite Scope = "write"
	ScopeAdmin Scope = "admin"
)

// Allows reports whether a key of scope s may do what needs scope need.
func (s Scope) Allows(need Scope) bool {
	rank := map[Scope]int{ScopeRead: 1, ScopeWrite: 2, ScopeAdmin: 3}
	return rank[s] >= rank[need] && rank[need] > 0
}

// APIKey is a client's key, without its secret.
type APIKey struct {
	Name      string  `json:"name" example:"fylket-import"`
	Scope     Scope   `json:"scope" enums:"read,write,admin" example:"write"`
	CreatedAt string  `json:"created_at" format:"date-time"`
	RevokedAt *string `json:"revoked_at" format:"date-time"`
}

// Versioned is a record with its version, which its ETag carries. Replayed marks the record of a create
// retried with the same Idempotency-Key: the first create made it, as it was then, and the retry nothing.
type Versioned[T any] struct {
	Item     T
	Version  int64
	Replayed bool
}

// Idempotency is a client's Idempotency-Key for a create, and what identifies its request.
type Idempotency struct {
	Key         string
	RequestHash string
}

// Records is where one writable resource's records are kept: each read with its version, and each write
// on the one path that logs it. A write names the version the client last saw (If-Match); it fails with
// ESTALE when the record has moved on since.
type Records[T any] interface {
	Get(ctx context.Context, id string) (Versioned[T], error)
	Create(ctx context.Context, actor string, item T, idem *Idempotency) (Versioned[T], error)
	Replace(ctx context.Context, actor, id string, version int64, item T) (Versioned[T], error)
	Delete(ctx context.Context, actor, id string, version int64) error
	// History is every change to the record, oldest first.
	History(ctx context.Context, id string) ([]Change, error)
}

// ImportRow is one observation to import, as a file gives it.
type ImportRow struct {
	// Line is the row's line in a CSV file, or its index in a JSON array or JSON-stat dataset.
	Line          int
	Municipality  string // the code the figure was published under, or
	Region        string // the region it is about
	ReferenceDate string
	Value         float64
	// Kind is empty where the row does not state it: the store makes it official, or, for a source that
	// gives its figures on later borders, what the code history says the figure is.
	Kind    Kind
	Source  string
	Note    string
	Measure AreaMeasure // area only
}

// ImportReport says what an import did, or would do (a dry run, or an import with rejected rows, which
// writes nothing).
type ImportReport struct {
	Kind      string `json:"kind" example:"population"`
	DryRun    bool   `json:"dry_run"`
	Committed bool   `json:"committed" example:"true"`
	Rows      int    `json:"rows" example:"357"`
	Inserted  int    `json:"inserted" example:"357"`
	Updated   int    `json:"updated" example:"0"`
	Unchanged int    `json:"unchanged" example:"0"`
	// Skipped counts cells without a figure (SSB writes null where a municipality did not exist).
	Skipped  int           `json:"skipped" example:"0"`
	Rejected int           `json:"rejected" example:"0"`
	Errors   []ImportError `json:"errors"`
}

// ImportError is why one row was rejected.
type ImportError struct {
	// Line is the CSV line (the header is line 1), or the index in a JSON array or JSON-stat dataset.
	Line    int    `json:"line" example:"17"`
	Field   string `json:"field" example:"municipality"`
	Message string `json:"message" example:"no municipality had the code 9998 on 2025-01-01"`
}
