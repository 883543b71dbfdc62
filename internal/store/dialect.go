package store

import (
	"context"
	"database/sql"
	"net/url"
	"strings"

	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
)

// dialect is everything that differs between the databases the store runs on: SQLite, the embedded
// default (sqlite.go), and PostgreSQL, the shared database of several replicas (postgres.go). The rest of
// the store writes SQL that both understand.
type dialect struct {
	name  string // "sqlite" or "postgres": the folder of its own migrations
	goose goose.Dialect
	// gooseOptions are the migrator's options: PostgreSQL's takes a lock, so that replicas starting at
	// once migrate one after another.
	gooseOptions func() ([]goose.ProviderOption, error)
	// onConn opens GORM on a connection or transaction that is already open: a Go migration's.
	onConn        func(gorm.ConnPool) gorm.Dialector
	configurePool func(*sql.DB)
	// check refuses a database the store cannot keep its promises on.
	check func(ctx context.Context, db *sql.DB) error
	// lockWrites is the first statement of every write transaction: it makes writers take turns across
	// processes, so a write reads what the last one committed (If-Match is exact) and the changes log
	// numbers changes in commit order with no gaps.
	lockWrites func(tx *gorm.DB) error
	// isBusy reports whether the database refused a statement for another process's lock.
	isBusy func(error) bool
	// analyze refreshes the planner's statistics after a dataset load; optimize after a bulk write.
	analyze, optimize func(ctx context.Context, db *sql.DB) error
}

// norwegianCollation is the collation text sorts with: A…Z, then Æ, Ø, Å; case-insensitive; Sámi
// letters (Á, Č, Đ, Ŋ, Š, Ŧ, Ž) beside their base letters; "aa" as å, as Norwegian dictionaries do. Both
// databases have one of this name: SQLite's is registered on every connection (sqlite.go), PostgreSQL's is
// made by the first migration from ICU's Norwegian. TestNorwegianOrderOnBothDatabases compares them.
const norwegianCollation = "norwegian"

// collateNorwegian is expr sorted and compared in Norwegian order.
func collateNorwegian(expr string) string { return expr + " COLLATE " + norwegianCollation }

// IsPostgres reports whether a database's address names a PostgreSQL server (postgres://…); anything
// else is a SQLite file, by path or file: URI.
func IsPostgres(address string) bool {
	return strings.HasPrefix(address, "postgres://") || strings.HasPrefix(address, "postgresql://")
}

// Redacted is a database's address fit for a log or a message: a URL's password is replaced by "xxxxx".
func Redacted(address string) string {
	if !IsPostgres(address) {
		return address
	}
	u, err := url.Parse(address)
	if err != nil {
		return "postgres://(an address that is not a valid URL)"
	}
	return u.Redacted()
}
