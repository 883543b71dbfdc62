package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// Everything specific to SQLite lives in this file.

// driverName is mattn/go-sqlite3 with the Norwegian collation registered on every connection.
const driverName = "sqlite3_byregion"

// golang.org/x/text/collate falls back to root order for the tag "nb" (golang/go#59908), so the
// collation uses "nn", whose order is the same.
func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(conn *sqlite3.SQLiteConn) error {
		// A Collator is not safe for concurrent use; SQLite calls it on one connection at a time.
		c := collate.New(language.MustParse("nn"), collate.IgnoreCase)
		return conn.RegisterCollation(norwegianCollation, func(a, b string) int { return c.CompareString(a, b) })
	}})
}

var sqliteDialect = dialect{
	name:         "sqlite",
	goose:        goose.DialectSQLite3,
	gooseOptions: func() ([]goose.ProviderOption, error) { return nil, nil },
	onConn: func(c gorm.ConnPool) gorm.Dialector {
		return sqlite.New(sqlite.Config{DriverName: driverName, Conn: c})
	},
	configurePool: configureSQLitePool,
	check:         func(context.Context, *sql.DB) error { return nil }, // a file this program made, or will
	// Writers of this process take turns in the write queue, and every transaction is immediate
	// (_txlock): it holds SQLite's one write lock from its start, whichever process it is in.
	lockWrites: func(*gorm.DB) error { return nil },
	isBusy:     isSQLiteBusy,
	analyze:    analyzeSQLite,
	optimize:   optimizeSQLite,
}

// openSQLite returns the dialector for the file at path (or file: URI without parameters) with the
// settings the store relies on:
//   - WAL, so readers never wait for the writer;
//   - foreign keys on, which SQLite leaves off by default;
//   - a busy timeout, so a second writer waits instead of failing at once;
//   - synchronous=NORMAL, durable across application crashes in WAL mode and much faster than FULL;
//   - immediate transactions, so a transaction that will write takes the lock when it begins and two
//     writers never deadlock upgrading read locks.
func openSQLite(path string) gorm.Dialector {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "5000")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	return sqlite.New(sqlite.Config{DriverName: driverName, DSN: "file:" + strings.TrimPrefix(path, "file:") + "?" + q.Encode()})
}

// isSQLiteBusy reports whether SQLite refused a statement because another connection (of another
// process: this one's writes queue) held the database past the busy timeout.
func isSQLiteBusy(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && (e.Code == sqlite3.ErrBusy || e.Code == sqlite3.ErrLocked)
}

// analyzeSQLite refreshes the statistics the query planner chooses indexes by (sqlite_stat1), after a
// dataset load. Without them SQLite takes any index for a selective one: it would read the population by
// kind (two values, a million rows) rather than by municipality. Statistics from a sample
// (analysis_limit) are as bad as none, so the whole index is read: 0.6 s for a million observations.
func analyzeSQLite(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "ANALYZE")
	return err
}

// optimizeSQLite refreshes the statistics of the tables a bulk write (an import, a replay) changed enough
// to make them stale, as SQLite judges: usually nothing, so a small import pays nothing for it.
func optimizeSQLite(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "PRAGMA optimize")
	return err
}

// configureSQLitePool sizes the connection pool. SQLite has one writer at a time, but WAL lets readers
// run alongside it, so a handful of connections serve concurrent reads; idle ones are kept, since opening
// a connection re-reads the schema.
func configureSQLitePool(db *sql.DB) {
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(10 * time.Minute)
}
