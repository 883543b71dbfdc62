// Package store keeps Byregion's data in a relational database through GORM: SQLite by default, opened
// with explicit settings in sqlite.go, or PostgreSQL (postgres.go) for several replicas on one database.
// What differs between them is a dialect (dialect.go). Nothing outside this package imports gorm; row
// types are private and converted to domain types here.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/migrations"
)

// Store is the database behind the API.
type Store struct {
	db         *gorm.DB
	sql        *sql.DB
	dialect    dialect
	migrations *goose.Provider
	statements atomic.Int64
	clock      versionClock
	derived    *derivedState
	queue      *writeQueue
	// inTransaction marks a store that reads inside a write's transaction: it sees the write's own
	// changes, so it derives everything afresh rather than from the shared derived state.
	inTransaction bool
}

// Open opens the database at address: a PostgreSQL server's database (postgres://…), or a SQLite file
// (a path, or a file: URI), created if missing. It does not migrate; call Migrate.
func Open(address string) (*Store, error) {
	d, dialector := sqliteDialect, openSQLite(address)
	if IsPostgres(address) {
		d, dialector = postgresDialect, openPostgres(address)
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		TranslateError: true, // unique and foreign-key violations become gorm.ErrDuplicatedKey and friends
		Logger:         logger.Discard,
		PrepareStmt:    true,
	})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", Redacted(address), err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	d.configurePool(sqlDB)
	if err := d.check(context.Background(), sqlDB); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open database %s: %w", Redacted(address), err)
	}
	provider, err := newMigrator(d, sqlDB)
	if err != nil {
		sqlDB.Close()
		return nil, err
	}
	s := &Store{db: db, sql: sqlDB, dialect: d, migrations: provider, clock: versionClock{interval: DefaultPollInterval},
		derived: newDerivedState(), queue: newWriteQueue(DefaultWriteWait)}
	s.countStatements()
	return s, nil
}

// newMigrator reads the dialect's migrations.
func newMigrator(d dialect, db *sql.DB) (*goose.Provider, error) {
	fsys, err := migrations.For(d.name)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	opts, err := d.gooseOptions()
	if err != nil {
		return nil, err
	}
	opts = append(opts, goose.WithGoMigrations(goMigrations(d)...))
	provider, err := goose.NewProvider(d.goose, db, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	return provider, nil
}

// Dialect names the database the store is on: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

// countStatements counts every SQL statement the store runs, so tests can prove that embedding costs a
// fixed number of statements rather than one per row.
func (s *Store) countStatements() {
	count := func(*gorm.DB) { s.statements.Add(1) }
	cb := s.db.Callback()
	cb.Query().After("gorm:query").Register("byregion:count", count)
	cb.Row().After("gorm:row").Register("byregion:count", count)
	cb.Raw().After("gorm:raw").Register("byregion:count", count)
	cb.Create().After("gorm:create").Register("byregion:count", count)
}

// Statements is the number of SQL statements run so far.
func (s *Store) Statements() int64 { return s.statements.Load() }

// Close closes the database.
func (s *Store) Close() error { return s.sql.Close() }

// Migrate applies every pending migration, each in its own transaction, and returns the schema version.
func (s *Store) Migrate(ctx context.Context) (int64, error) {
	if _, err := s.migrations.Up(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	return s.migrations.GetDBVersion(ctx)
}

// SchemaVersion is the version of the last migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	return s.migrations.GetDBVersion(ctx)
}

// ErrNotMigrated says the database is reachable but its schema is behind the program's migrations.
var ErrNotMigrated = errors.New("database schema is not up to date")

// Ready reports whether the database answers and has every migration applied.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.sql.PingContext(ctx); err != nil {
		return err
	}
	pending, err := s.migrations.HasPending(ctx)
	if err != nil {
		return err
	}
	if pending {
		return ErrNotMigrated
	}
	return nil
}

// notFound is the error for a missing resource.
func notFound(what, id string) error {
	return domain.Errorf(domain.ENOTFOUND, "No %s has the id %q.", what, id)
}
