package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"time"

	"github.com/mattn/go-sqlite3"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// Everything specific to SQLite lives in this file.

// driverName is mattn/go-sqlite3 with the Norwegian collation registered on every connection.
const driverName = "sqlite3_byregion"

// norwegianCollation is the collation text sorts with: A…Z, then Æ, Ø, Å; case-insensitive; Sámi
// letters (Á, Č, Đ, Ŋ, Š, Ŧ, Ž) beside their base letters; "aa" as å, as Norwegian dictionaries do.
// golang.org/x/text/collate falls back to root order for the tag "nb" (golang/go#59908), so it uses "nn",
// whose order is the same. PostgreSQL's ICU collation nb-NO-x-icu sorts alike.
const norwegianCollation = "norwegian"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(conn *sqlite3.SQLiteConn) error {
		// A Collator is not safe for concurrent use; SQLite calls it on one connection at a time.
		c := collate.New(language.MustParse("nn"), collate.IgnoreCase)
		return conn.RegisterCollation(norwegianCollation, func(a, b string) int { return c.CompareString(a, b) })
	}})
}

// collateNorwegian is expr sorted and compared in Norwegian order.
func collateNorwegian(expr string) string { return expr + " COLLATE " + norwegianCollation }

// openSQLite returns the dialector for the file at path with the settings the store relies on:
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
	return sqlite.New(sqlite.Config{DriverName: driverName, DSN: "file:" + path + "?" + q.Encode()})
}

// isBusy reports whether SQLite refused a statement because another connection (of another process:
// this one's writes queue) held the database past the busy timeout.
func isBusy(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && (e.Code == sqlite3.ErrBusy || e.Code == sqlite3.ErrLocked)
}

// analyze refreshes the statistics the query planner chooses indexes by (sqlite_stat1), after a dataset
// load. Without them SQLite takes any index for a selective one: it would read the population by kind (two
// values, a million rows) rather than by municipality. Statistics from a sample (analysis_limit) are as
// bad as none, so the whole index is read: 0.6 s for a million observations.
func analyze(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "ANALYZE")
	return err
}

// optimize refreshes the statistics of the tables a bulk write (an import, a replay) changed enough to
// make them stale, as SQLite judges: usually nothing, so a small import pays nothing for it.
func optimize(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "PRAGMA optimize")
	return err
}

// configurePool sizes the connection pool. SQLite has one writer at a time, but WAL lets readers run
// alongside it, so a handful of connections serve concurrent reads; idle ones are kept, since opening a
// connection re-reads the schema.
func configurePool(db *sql.DB) {
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(10 * time.Minute)
}
