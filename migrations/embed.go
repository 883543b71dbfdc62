// Package migrations holds the numbered SQL migrations, the only way the schema changes.
package migrations

import "embed"

// FS holds every migration, applied in order by goose.
//
//go:embed *.sql
var FS embed.FS
