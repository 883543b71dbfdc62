package store

import (
	"database/sql"
	"net/url"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// Everything specific to SQLite lives in this file.

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
	return sqlite.Open("file:" + path + "?" + q.Encode())
}

// configurePool sizes the connection pool. SQLite has one writer at a time, but WAL lets readers run
// alongside it, so a handful of connections serve concurrent reads; idle ones are kept, since opening a
// connection re-reads the schema.
func configurePool(db *sql.DB) {
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(10 * time.Minute)
}
