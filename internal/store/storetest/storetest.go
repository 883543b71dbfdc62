// Package storetest gives each test a database of its own. By default that is a SQLite file in a
// temporary folder; when the environment variable BYREGION_TEST_POSTGRES names a PostgreSQL server
// (postgres://user@host:port/maintenance-db), it is a database on that server, made for the test and
// dropped after it, so that the same tests run against either database:
//
//	BYREGION_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres go test ./...
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for making and dropping databases
)

// Env is the variable that names the PostgreSQL server the tests run against.
const Env = "BYREGION_TEST_POSTGRES"

// Postgres reports whether the tests run against PostgreSQL.
func Postgres() bool { return os.Getenv(Env) != "" }

// New is the address of a new, empty database, dropped when t ends.
func New(t testing.TB) string {
	t.Helper()
	return fresh(t, "")
}

// Copy is the address of a new database that holds what the database at template holds, dropped when t
// ends. Nothing may have the template open.
func Copy(t testing.TB, template string) string {
	t.Helper()
	return fresh(t, template)
}

func fresh(t testing.TB, template string) string {
	t.Helper()
	address, drop, err := Make(t.TempDir(), template)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Error(err)
		}
	})
	return address
}

// Make makes a database outside any test (for TestMain): a SQLite file in dir, or a database on the
// PostgreSQL server, empty or copied from template. drop removes it.
func Make(dir, template string) (address string, drop func() error, err error) {
	if !Postgres() {
		path := filepath.Join(dir, "db-"+random()+".db")
		if template != "" {
			if err := copyFile(template, path); err != nil {
				return "", nil, err
			}
		}
		return path, func() error { return nil }, nil
	}
	db, server, err := admin()
	if err != nil {
		return "", nil, err
	}
	name := "byregion_test_" + random()
	ctx := context.Background()
	// Byte order, as the store requires (internal/store/postgres.go), whatever the server's default.
	create := "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"
	if template != "" {
		from, err := url.Parse(template)
		if err != nil {
			return "", nil, err
		}
		create = "CREATE DATABASE " + name + " TEMPLATE " + pathName(from)
	}
	if _, err := db.ExecContext(ctx, create); err != nil {
		return "", nil, fmt.Errorf("make a test database: %w", err)
	}
	u := *server
	u.Path = "/" + name
	drop = func() error {
		// WITH (FORCE) ends connections the test left open (a server it did not stop).
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop the test database %s: %w", name, err)
		}
		return nil
	}
	return u.String(), drop, nil
}

// maintenance is the connection to the server's maintenance database that makes and drops the tests' databases,
// one small pool for the whole test process.
var maintenance struct {
	once sync.Once
	db   *sql.DB
	url  *url.URL
	err  error
}

func admin() (*sql.DB, *url.URL, error) {
	maintenance.once.Do(func() {
		if maintenance.url, maintenance.err = url.Parse(os.Getenv(Env)); maintenance.err != nil {
			maintenance.err = fmt.Errorf("%s: %w", Env, maintenance.err)
			return
		}
		if maintenance.db, maintenance.err = sql.Open("pgx", maintenance.url.String()); maintenance.err == nil {
			maintenance.db.SetMaxOpenConns(2)
		}
	})
	return maintenance.db, maintenance.url, maintenance.err
}

// pathName is the database a postgres:// URL names.
func pathName(u *url.URL) string { return u.Path[1:] }

func random() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}
