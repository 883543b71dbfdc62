package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
	"github.com/byregion/byregion/internal/store/storetest"
)

// column is a table column as the database describes it, its type in one word both databases share.
type column struct {
	Name    string
	Type    string // text, integer or real
	NotNull bool
	PK      bool
}

// tableSchema is what a test compares of a table: its columns, keys, unique indexes and checks.
type tableSchema struct {
	Columns     []column
	ForeignKeys []string // "col -> table(col) on delete ACTION"
	Uniques     []string // the columns of each unique index or constraint (the primary key's aside)
	Checks      int      // how many CHECK constraints
}

// sqlTypes are each database's names of the three column types the schema uses.
var sqlTypes = map[string]string{
	"TEXT": "text", "INTEGER": "integer", "REAL": "real", // SQLite as declared
	"text": "text", "bigint": "integer", "double precision": "real", // PostgreSQL
}

// describe reads the schema of every table of the store's database but the migrator's own.
func describe(t *testing.T, s *Store) map[string]tableSchema {
	t.Helper()
	tables, err := s.db.Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]tableSchema{}
	for _, table := range tables {
		if table == "goose_db_version" || strings.HasPrefix(table, "sqlite_") {
			continue
		}
		var ts tableSchema
		var err error
		if s.Dialect() == postgresDialect.name {
			ts, err = describePostgres(s, table)
		} else {
			ts, err = describeSQLite(s, table)
		}
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		sort.Strings(ts.ForeignKeys)
		sort.Strings(ts.Uniques)
		out[table] = ts
	}
	return out
}

func describeSQLite(s *Store, table string) (tableSchema, error) {
	var ts tableSchema
	var cols []struct {
		Name    string
		Type    string
		NotNull bool
		PK      int
	}
	if err := s.db.Raw(`SELECT name, type, "notnull" AS not_null, pk FROM pragma_table_info(?) ORDER BY cid`, table).Scan(&cols).Error; err != nil {
		return ts, err
	}
	for _, c := range cols {
		ts.Columns = append(ts.Columns, column{Name: c.Name, Type: sqlTypes[c.Type], NotNull: c.NotNull || c.PK > 0, PK: c.PK > 0})
	}
	var fks []struct{ From, Table, To, OnDelete string }
	if err := s.db.Raw(`SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(?)`, table).Scan(&fks).Error; err != nil {
		return ts, err
	}
	for _, fk := range fks {
		ts.ForeignKeys = append(ts.ForeignKeys, fmt.Sprintf("%s -> %s(%s) on delete %s", fk.From, fk.Table, fk.To, fk.OnDelete))
	}
	var indexes []struct {
		Name   string
		Unique bool
		Origin string
	}
	if err := s.db.Raw(`SELECT name, "unique", origin FROM pragma_index_list(?)`, table).Scan(&indexes).Error; err != nil {
		return ts, err
	}
	for _, ix := range indexes {
		if !ix.Unique || ix.Origin == "pk" {
			continue
		}
		var names []sql.NullString // NULL for an expression
		if err := s.db.Raw(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, ix.Name).Scan(&names).Error; err != nil {
			return ts, err
		}
		ts.Uniques = append(ts.Uniques, uniqueColumns(names))
	}
	var sqlText string
	if err := s.db.Raw(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&sqlText).Error; err != nil {
		return ts, err
	}
	ts.Checks = strings.Count(strings.ToUpper(sqlText), "CHECK (")
	return ts, nil
}

func describePostgres(s *Store, table string) (tableSchema, error) {
	var ts tableSchema
	var cols []struct {
		Name       string
		Type       string
		IsNullable string
		PK         bool
	}
	if err := s.db.Raw(`SELECT c.column_name AS name, c.data_type AS type, c.is_nullable,
		    EXISTS (SELECT 1 FROM information_schema.key_column_usage k JOIN information_schema.table_constraints tc
		            ON tc.constraint_name = k.constraint_name AND tc.table_name = k.table_name
		            WHERE tc.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name AND k.column_name = c.column_name) AS pk
		FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ? ORDER BY c.ordinal_position`,
		table).Scan(&cols).Error; err != nil {
		return ts, err
	}
	for _, c := range cols {
		ts.Columns = append(ts.Columns, column{Name: c.Name, Type: sqlTypes[c.Type], NotNull: c.IsNullable == "NO", PK: c.PK})
	}
	var fks []struct{ From, Table, To, OnDelete string }
	if err := s.db.Raw(`SELECT a.attname AS "from", ct.relname AS "table", af.attname AS "to",
		    CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS on_delete
		FROM pg_constraint con
		JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class ct ON ct.oid = con.confrelid
		JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
		JOIN pg_attribute af ON af.attrelid = con.confrelid AND af.attnum = con.confkey[1]
		WHERE con.contype = 'f' AND t.relname = ?`, table).Scan(&fks).Error; err != nil {
		return ts, err
	}
	for _, fk := range fks {
		ts.ForeignKeys = append(ts.ForeignKeys, fmt.Sprintf("%s -> %s(%s) on delete %s", fk.From, fk.Table, fk.To, fk.OnDelete))
	}
	var indexes []struct{ Oid int64 }
	if err := s.db.Raw(`SELECT i.indexrelid AS oid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
		WHERE t.relname = ? AND i.indisunique AND NOT i.indisprimary`, table).Scan(&indexes).Error; err != nil {
		return ts, err
	}
	for _, ix := range indexes {
		var names []sql.NullString
		if err := s.db.Raw(`SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
			LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
			WHERE i.indexrelid = ? ORDER BY k.n`, ix.Oid).Scan(&names).Error; err != nil {
			return ts, err
		}
		ts.Uniques = append(ts.Uniques, uniqueColumns(names))
	}
	var checks int
	if err := s.db.Raw(`SELECT count(*) FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
		WHERE con.contype = 'c' AND t.relname = ?`, table).Scan(&checks).Error; err != nil {
		return ts, err
	}
	ts.Checks = checks
	return ts, nil
}

// uniqueColumns writes an index's columns, "(expression)" for one that is not a column.
func uniqueColumns(names []sql.NullString) string {
	var parts []string
	for _, n := range names {
		if n.Valid {
			parts = append(parts, n.String)
		} else {
			parts = append(parts, "(expression)")
		}
	}
	return strings.Join(parts, ", ")
}

// The migrations of both databases make the same schema: the same tables, columns in the same order with
// the same types and nullability, primary keys, foreign keys with what a deletion does, unique indexes and
// as many CHECK constraints. It runs when the tests run against PostgreSQL, comparing its schema with a
// SQLite file's.
func TestSchemasAgree(t *testing.T) {
	pg := migrated(t)
	if pg.Dialect() != postgresDialect.name {
		t.Skip("compares PostgreSQL's schema with SQLite's: runs when the tests run against PostgreSQL")
	}
	lite := migratedAt(t, filepath.Join(t.TempDir(), "schema.db"))
	want, got := describe(t, lite), describe(t, pg)
	tables := slices.Sorted(func(yield func(string) bool) {
		for k := range want {
			if !yield(k) {
				return
			}
		}
	})
	if len(tables) < 20 {
		t.Fatalf("SQLite's schema has %d tables", len(tables))
	}
	for _, table := range tables {
		if !reflect.DeepEqual(want[table], got[table]) {
			t.Errorf("%s differs:\n SQLite     %+v\n PostgreSQL %+v", table, want[table], got[table])
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok {
			t.Errorf("PostgreSQL has a table SQLite has not: %s", table)
		}
	}
	v1, _ := lite.SchemaVersion(context.Background())
	v2, _ := pg.SchemaVersion(context.Background())
	if v1 != v2 {
		t.Errorf("schema versions: SQLite %d, PostgreSQL %d", v1, v2)
	}
}

// Norwegian order and folded search answer alike on both databases, for all 357 municipalities: sorted by
// name either way, whole and paged by cursor, and found by each one's name as written, in capitals and
// folded; the 33 regions sorted by name. It runs when the tests run against PostgreSQL, comparing it with a
// SQLite file.
func TestNorwegianOrderOnBothDatabases(t *testing.T) {
	pg := loadedCopy(t)
	if pg.Dialect() != postgresDialect.name {
		t.Skip("compares PostgreSQL's answers with SQLite's: runs when the tests run against PostgreSQL")
	}
	lite := loadedAt(t, filepath.Join(t.TempDir(), "order.db"))
	ctx := context.Background()
	for _, q := range []string{"sort=name&limit=1000", "sort=-name&limit=1000", "sort=name&limit=7", "sort=-name,code&limit=50"} {
		want, got := codesOf(t, lite, q), codesOf(t, pg, q)
		if len(want) != 357 {
			t.Fatalf("%s: SQLite lists %d municipalities, want 357", q, len(want))
		}
		if !slices.Equal(want, got) {
			t.Errorf("%s: the orders differ\n SQLite     %v\n PostgreSQL %v", q, want, got)
		}
	}
	all, err := lite.ListMunicipalities(ctx, parse(t, query.Municipalities, "sort=name&limit=1000"))
	if err != nil {
		t.Fatal(err)
	}
	if first, last := all.Items[0].Name, all.Items[len(all.Items)-1].Name; !strings.HasPrefix(first, "A") || !strings.HasPrefix(last, "Å") {
		t.Errorf("Norwegian order runs from %s to %s", first, last)
	}
	for _, m := range all.Items {
		for _, q := range []string{m.Name, strings.ToUpper(m.Name), query.Fold(m.Name)} {
			params := "limit=1000&q=" + url.QueryEscape(q)
			want, got := codesOf(t, lite, params), codesOf(t, pg, params)
			if !slices.Contains(want, m.Code) || !slices.Equal(want, got) {
				t.Errorf("q=%s: SQLite %v, PostgreSQL %v", q, want, got)
			}
		}
	}
	regions := func(s *Store) []string {
		l, err := s.ListRegions(ctx, parse(t, query.Regions, "sort=name&limit=100"))
		if err != nil {
			t.Fatal(err)
		}
		return collect(l.Items, func(r domain.Region) string { return r.ID })
	}
	if want, got := regions(lite), regions(pg); len(want) != 33 || !slices.Equal(want, got) {
		t.Errorf("regions by name:\n SQLite     %v\n PostgreSQL %v", want, got)
	}
}

// A PostgreSQL database whose default collation is not byte order (here ICU's Norwegian) is refused when
// opened, with the statement that makes a right one: ids and cursors would otherwise sort differently.
func TestPostgresInLocaleOrderIsRefused(t *testing.T) {
	pg := migrated(t)
	if pg.Dialect() != postgresDialect.name {
		t.Skip("about PostgreSQL databases: runs when the tests run against PostgreSQL")
	}
	name := fmt.Sprintf("byregion_test_icu_%d", time.Now().UnixNano())
	if err := pg.db.Exec("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'nb-NO'").Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	u, err := url.Parse(os.Getenv(storetest.Env))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	s, err := Open(u.String())
	if err == nil {
		s.Close()
		t.Fatal("a database in ICU's Norwegian order was opened")
	}
	if !strings.Contains(err.Error(), "LOCALE 'C'") {
		t.Errorf("the refusal does not say what to do: %v", err)
	}
}
