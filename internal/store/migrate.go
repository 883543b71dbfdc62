package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Go migrations, numbered among the SQL files of migrations/ and run like them, each in its transaction.
// They change data, never the schema, where what to write follows from the data by rules that live in
// this package and are used by the writes too, so the rule is written once: what a figure is, from the
// code history (labels.go).
func goMigrations(d dialect) []*goose.Migration {
	return []*goose.Migration{
		// 11: every figure of a source on later borders labelled from the code history (00010 made the kinds).
		goose.NewGoMigration(11, &goose.GoFunc{RunTx: onGORM(d, func(ctx context.Context, tx *gorm.DB) error {
			_, err := relabel(ctx, tx)
			return err
		})}, &goose.GoFunc{RunTx: func(context.Context, *sql.Tx) error { return nil }}), // 00010's down undoes it
	}
}

// GoMigrations are the numbers of the Go migrations, which the SQL files' numbers leave free.
func GoMigrations() []int64 {
	var out []int64
	for _, m := range goMigrations(sqliteDialect) {
		out = append(out, m.Version)
	}
	return out
}

// onGORM runs fn with GORM on the migration's transaction.
func onGORM(d dialect, fn func(context.Context, *gorm.DB) error) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		db, err := gorm.Open(d.onConn(tx), &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true})
		if err != nil {
			return fmt.Errorf("open the migration's transaction: %w", err)
		}
		return fn(ctx, db)
	}
}
