package store

import (
	"context"
	"testing"
	"time"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/store/storetest"
)

// The data version moves at once with this store's writes, and within the poll interval with another
// store's on the same file; the record versions kept in memory follow both, and agree with the log.
func TestVersionFollowsWritesFromEverywhere(t *testing.T) {
	path := storetest.New(t)
	s := loadedAt(t, path)
	ctx := context.Background()
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	s.SetPollInterval(50 * time.Millisecond)

	before, _ := s.DataVersion(ctx)
	if v, _ := s.recordVersion(ctx, "goals", "tromsoregionen-goal-1"); v != 1 {
		t.Fatalf("a loaded goal's version: %d", v)
	}
	lineageBefore, _ := s.lineage(ctx)
	goal, err := Texts[domain.Goal](s, Goals).Get(ctx, "tromsoregionen-goal-1")
	if err != nil {
		t.Fatal(err)
	}
	goal.Item.Text = "Endret her"
	if _, err := Texts[domain.Goal](s, Goals).Replace(ctx, "test", goal.Item.ID, 1, goal.Item); err != nil {
		t.Fatal(err)
	}
	after, _ := s.DataVersion(ctx)
	if after == before {
		t.Error("the data version did not move with this store's write")
	}
	if v, _ := s.recordVersion(ctx, "goals", "tromsoregionen-goal-1"); v != 2 {
		t.Errorf("after this store's write: version %d", v)
	}
	if l, _ := s.lineage(ctx); l != lineageBefore {
		t.Error("a goal's write rebuilt the lineage, which does not depend on goals")
	}

	// Another process writes twice: the record's version and the data version follow within the interval.
	// The interval is long while it writes (its writes take longer than 50 ms on a busy machine, on
	// PostgreSQL), so that "not at once" does not depend on how fast they are, and short again after.
	s.SetPollInterval(time.Hour)
	for i := 0; i < 2; i++ {
		g, err := Texts[domain.Goal](other, Goals).Get(ctx, "tromsoregionen-goal-1")
		if err != nil {
			t.Fatal(err)
		}
		g.Item.Text = "Endret der"
		if _, err := Texts[domain.Goal](other, Goals).Replace(ctx, "test", g.Item.ID, g.Version, g.Item); err != nil {
			t.Fatal(err)
		}
	}
	if v, _ := s.recordVersion(ctx, "goals", "tromsoregionen-goal-1"); v != 2 {
		t.Errorf("the other store's write was seen at once (%d): the poll interval is what the clock promises", v)
	}
	s.SetPollInterval(50 * time.Millisecond)
	time.Sleep(60 * time.Millisecond)
	if v, _ := s.recordVersion(ctx, "goals", "tromsoregionen-goal-1"); v != 4 {
		t.Errorf("after the poll interval: version %d, want 4", v)
	}
	if latest, _ := s.DataVersion(ctx); latest == after {
		t.Error("the data version did not move with the other store's writes")
	}
	var logged int64
	s.db.Raw("SELECT MAX(version) FROM changes WHERE resource = 'goals' AND resource_id = 'tromsoregionen-goal-1'").Scan(&logged)
	if logged != 4 {
		t.Errorf("the log says %d", logged)
	}

	// A change to the codes rebuilds the lineage; the register of municipalities follows it.
	m, err := s.Municipalities().Get(ctx, "5501")
	if err != nil {
		t.Fatal(err)
	}
	m.Item.Names = append([]domain.Name{}, m.Item.Names...)
	m.Item.Names = append(m.Item.Names, domain.Name{Name: "Romsa", Language: "se"})
	if _, err := s.Municipalities().Replace(ctx, "test", "5501", m.Version, m.Item); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.lineage(ctx); l == lineageBefore {
		t.Error("a municipality's write did not rebuild the lineage")
	}
	if got, _ := s.identities(ctx, []string{"5501"}); len(got[0].Names) != len(m.Item.Names) {
		t.Errorf("the register after the write: %v", got[0].Names)
	}
}
