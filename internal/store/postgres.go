package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// Everything specific to PostgreSQL lives in this file. Several replicas of the API share one database:
// they take turns to write (writeLock), the first to start migrates while the others wait (migrateLock,
// held by goose), and the dataset is loaded inside a write, which finds it loaded once the first is done.
// Each replica sees the others' writes through the changes log's head, which it polls (version.go).

// The advisory locks' keys: any two numbers no other program on the database uses. These spell
// "byregion" and "byregmig" in ASCII.
const (
	writeLock   int64 = 0x6279726567696f6e
	migrateLock int64 = 0x62797265676d6967
)

var postgresDialect = dialect{
	name:  "postgres",
	goose: goose.DialectPostgres,
	gooseOptions: func() ([]goose.ProviderOption, error) {
		// Waits up to 5 minutes for another replica's migrations (5 s × 60 tries).
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrateLock), lock.WithLockTimeout(5, 60))
		if err != nil {
			return nil, err
		}
		return []goose.ProviderOption{goose.WithSessionLocker(locker)}, nil
	},
	check:  checkPostgres,
	onConn: func(c gorm.ConnPool) gorm.Dialector { return postgres.New(postgres.Config{Conn: c}) },
	configurePool: func(db *sql.DB) {
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
		db.SetConnMaxIdleTime(10 * time.Minute)
	},
	// A transaction-level advisory lock: released when the transaction commits or rolls back, so a writer
	// that dies gives it up with its connection.
	lockWrites: func(tx *gorm.DB) error { return tx.Exec("SELECT pg_advisory_xact_lock(?)", writeLock).Error },
	isBusy: func(err error) bool {
		var e *pgconn.PgError
		// lock_not_available, serialization_failure, deadlock_detected: another session's lock.
		return errors.As(err, &e) && (e.Code == "55P03" || e.Code == "40001" || e.Code == "40P01")
	},
	analyze: analyzePostgres,
	// After a bulk write: the tables imports and replays write. Autovacuum would come to them too, later.
	optimize: func(ctx context.Context, db *sql.DB) error {
		_, err := db.ExecContext(ctx, "ANALYZE population_observations, area_observations, changes")
		return err
	},
}

func analyzePostgres(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "ANALYZE")
	return err
}

// openPostgres returns the dialector for the server at address, a postgres:// URL, through pgx.
func openPostgres(address string) gorm.Dialector {
	return postgres.New(postgres.Config{DSN: address})
}

// checkPostgres refuses a database whose default collation is not byte order. Ids, codes and dates sort
// and compare in byte order, as they do in SQLite and in Go, where paging's cursors are made; a locale's
// order (en_US, nb_NO) ignores hyphens at first and would page differently. Text in Norwegian order
// names the collation "norwegian" where it sorts.
func checkPostgres(ctx context.Context, db *sql.DB) error {
	var collation, provider string
	if err := db.QueryRowContext(ctx, "SELECT datcollate, datlocprovider FROM pg_database WHERE datname = current_database()").
		Scan(&collation, &provider); err != nil {
		return err
	}
	if provider == "i" { // the default collation is ICU's, whatever datcollate says
		collation = "ICU's"
	}
	switch collation {
	case "C", "C.UTF-8", "C.utf8", "POSIX":
		return nil
	}
	return fmt.Errorf("the database's collation is %s, and Byregion needs byte order: create the database with "+
		"CREATE DATABASE … TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' (docs/DEPLOY.md)", collation)
}
