package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

// A backup taken while writers write is a sound database holding at least what was written before it;
// it never overwrites a file; a restore puts it in a database's place, write-ahead log and all.
func TestBackupWhileWritingAndRestore(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	if s.Dialect() == postgresDialect.name {
		// Backups and restores of a file are SQLite's; PostgreSQL has its own tools, and says so.
		if err := s.Backup(ctx, filepath.Join(t.TempDir(), "copy.db")); err == nil || !strings.Contains(err.Error(), "pg_dump") {
			t.Errorf("a backup of a PostgreSQL database: %v", err)
		}
		return
	}
	goals := Texts[domain.Goal](s, Goals)
	create := func(text string) {
		if _, err := goals.Create(ctx, "test", domain.Goal{Region: "tromsoregionen", Text: text, Language: "nb",
			Source: domain.Source{ID: "tromsoregionen-seed"}}, nil); err != nil {
			t.Error(err)
		}
	}
	create("Før kopien")
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				create("Under kopien")
			}
		}()
	}
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := s.Backup(ctx, out); err == nil {
		t.Error("a backup overwrote a file")
	}
	copied, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Texts[domain.Goal](copied, Goals).Get(ctx, "tromsoregionen-goal-4")
	copied.Close()
	if err != nil || l.Item.Text != "Før kopien" {
		t.Errorf("the goal written before the backup: %+v %v", l, err)
	}

	// Restore over a database that has moved on since, and whose -wal is there.
	target := filepath.Join(t.TempDir(), "target.db")
	data, _ := os.ReadFile(out)
	os.WriteFile(target, data, 0o600)
	os.WriteFile(target+"-wal", []byte("stale"), 0o600)
	if err := Restore(ctx, out, target); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(target + "-wal"); err == nil {
		t.Error("the old write-ahead log is still beside the restored database")
	}
	if err := CheckIntegrity(ctx, target); err != nil {
		t.Error(err)
	}
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte("not a database, but long enough to look like a file of one"), 0o600)
	for _, bad := range []string{junk, filepath.Join(t.TempDir(), "missing.db")} {
		if err := Restore(ctx, bad, target); err == nil {
			t.Errorf("a restore from %s", filepath.Base(bad))
		}
	}
	if err := CheckIntegrity(ctx, target); err != nil {
		t.Errorf("a refused restore changed the database: %v", err)
	}
}
