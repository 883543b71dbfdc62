package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// A backup is a consistent copy of the database taken while it serves: VACUUM INTO writes the database as
// one read transaction sees it, so writers go on meanwhile, and the copy is one file with no write-ahead
// log beside it (a plain copy of the file alone would lose what is still in its -wal). A restore puts such a
// copy in a database's place while nothing serves it.

// Backup writes a consistent copy of the database to out, which must not exist, and checks it.
func (s *Store) Backup(ctx context.Context, out string) error {
	if s.dialect.name != sqliteDialect.name {
		return errors.New("backup: a PostgreSQL database is backed up with its own tools (pg_dump), not by byregion")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file", out)
	}
	if _, err := s.sql.ExecContext(ctx, "VACUUM INTO ?", out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return CheckIntegrity(ctx, out)
}

// CheckIntegrity opens the database file at path and runs SQLite's integrity check on it.
func CheckIntegrity(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	st, err := Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	var result string
	if err := st.sql.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return fmt.Errorf("integrity check of %s: %w", path, err)
	}
	if result != "ok" {
		return fmt.Errorf("integrity check of %s: %s", path, result)
	}
	if _, err := st.SchemaVersion(ctx); err != nil {
		return fmt.Errorf("%s is not a Byregion database: %w", path, err)
	}
	return nil
}

// Restore puts the backup at from in the place of the database at path, which no server may be serving:
// the backup is checked first, copied beside the database, and renamed over it, and the database's old
// write-ahead log is removed, so what serves next is the backup exactly.
func Restore(ctx context.Context, from, path string) error {
	if err := CheckIntegrity(ctx, from); err != nil {
		return fmt.Errorf("restore: the backup is not sound: %w", err)
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".restore-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return os.Rename(tmp.Name(), path)
}
