// Package migrations holds the numbered SQL migrations, the only way the schema changes. A migration whose
// SQL is the same on every database is a file here; one that must differ has a file of the same number in
// sqlite/ and in postgres/ instead, with the same tables, columns and constraints (the store's
// TestSchemasAgree compares the schemas they make).
package migrations

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"testing/fstest"
)

//go:embed *.sql sqlite/*.sql postgres/*.sql
var files embed.FS

// Dialects are the databases with migrations of their own: the names of their folders.
var Dialects = []string{"sqlite", "postgres"}

// For is every migration of a dialect, in one flat folder as goose reads it: the shared files and the
// dialect's own. A number given twice, or a dialect without migrations, is an error.
func For(dialect string) (fs.FS, error) {
	out := fstest.MapFS{}
	version := map[string]string{} // a migration's number -> the file that has it
	for _, dir := range []string{".", dialect} {
		names, err := fs.Glob(files, path.Join(dir, "*.sql"))
		if err != nil {
			return nil, err
		}
		if dir != "." && len(names) == 0 {
			return nil, fmt.Errorf("no migrations for the database %q", dialect)
		}
		for _, name := range names {
			base := path.Base(name)
			number, _, _ := strings.Cut(base, "_")
			if other, ok := version[number]; ok {
				return nil, fmt.Errorf("migration %s is given twice: %s and %s", number, other, name)
			}
			version[number] = name
			b, err := files.ReadFile(name)
			if err != nil {
				return nil, err
			}
			out[base] = &fstest.MapFile{Data: b, Mode: 0o444}
		}
	}
	return out, nil
}
