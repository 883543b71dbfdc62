package store

import (
	"context"
	"testing"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// The changes feed is read in pages by sequence number: from a seq, at most a limit, in commit order, each
// change with the record's state after it (none for a delete).
func TestChangesFeedPages(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	head, err := s.ListChanges(ctx, 0, 1_000_000)
	if err != nil || len(head) != 1 || head[0].Resource != "datasets" {
		t.Fatalf("the feed of a loaded database: %v %+v", err, head)
	}
	src := domain.Source{ID: "tromsoregionen-seed"}
	goals := Texts[domain.Goal](s, Goals)
	var ids []string
	for _, text := range []string{"Én", "To", "Tre", "Fire", "Fem"} {
		g, err := goals.Create(ctx, "t", domain.Goal{Region: "tromsoregionen", Text: text, Language: "nb", Source: src}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, g.Item.ID)
	}
	last, err := goals.Get(ctx, ids[4])
	if err != nil {
		t.Fatal(err)
	}
	if err := goals.Delete(ctx, "t", ids[4], last.Version); err != nil {
		t.Fatal(err)
	}
	var read []domain.Change
	for since := head[0].Seq; ; {
		page, err := s.ListChanges(ctx, since, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		if len(page) > 2 {
			t.Fatalf("a page of %d, limit 2", len(page))
		}
		read = append(read, page...)
		since = page[len(page)-1].Seq
	}
	if len(read) != 6 {
		t.Fatalf("%d changes read after the load, want 6", len(read))
	}
	for i, c := range read {
		if i > 0 && c.Seq <= read[i-1].Seq {
			t.Errorf("seq %d after %d", c.Seq, read[i-1].Seq)
		}
		switch {
		case i < 5 && (c.Op != domain.OpCreate || c.ID != ids[i] || c.State == nil):
			t.Errorf("change %d: %+v", i, c)
		case i == 5 && (c.Op != domain.OpDelete || c.ID != ids[4] || c.State != nil):
			t.Errorf("the delete: %+v", c)
		}
	}
	if state, _ := read[2].State.(map[string]any); state["text"] != "Tre" || state["region"] != "tromsoregionen" {
		t.Errorf("the state logged: %v", read[2].State)
	}
}

// A record made again after its deletion goes on from its last version, so that an If-Match of the old
// record can never match the new one; the data version moves with every write.
func TestVersionsGoOnAfterADeletion(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	before, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	source := domain.Source{ID: "kommunen", Title: "Vedtak", Publisher: "Tromsø kommune", Licence: "NLOD 2.0"}
	first, err := s.Sources().Create(ctx, "t", source, nil)
	if err != nil {
		t.Fatal(err)
	}
	after, err := s.DataVersion(ctx)
	if err != nil || after == before {
		t.Errorf("the data version after a write: %q, before %q", after, before)
	}
	if err := s.Sources().Delete(ctx, "t", "kommunen", first.Version); err != nil {
		t.Fatal(err)
	}
	again, err := s.Sources().Create(ctx, "t", source, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Version != first.Version+2 {
		t.Errorf("made again at version %d, after %d and a deletion", again.Version, first.Version)
	}
	if err := s.Sources().Delete(ctx, "t", "kommunen", first.Version); code(err) != domain.ESTALE {
		t.Errorf("a delete with the old record's version: %v", err)
	}
}

// The quality report covers every region, and every figure check says its status.
func TestQualityCoversEveryRegion(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	l, err := s.ListQuality(context.Background(), parse(t, query.Quality, "limit=100"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Items) != 33 {
		t.Errorf("%d regions in the quality report, want 33", len(l.Items))
	}
	for _, r := range l.Items {
		if r.Population.Status == "" || r.Area.Status == "" {
			t.Errorf("%s: a check without a status: %q, %q", r.Region.ID, r.Population.Status, r.Area.Status)
		}
	}
}

// A region's phases are written with it, and replaced with it: a replace that leaves one out removes it.
func TestRegionPhasesGoWithTheRegion(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	made, err := s.Regions().Create(ctx, "t", domain.Region{ID: "lofotregionen", Name: "Lofotregionen", Language: "nb",
		Source: domain.Source{ID: "tromsoregionen-seed"},
		Phases: []domain.RegionPhase{{Phase: 1, Status: domain.PhaseConfirmed}, {Phase: 2, Status: domain.PhaseIndicated}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(made.Item.Phases) != 2 || made.Item.Phases[1].Status != domain.PhaseIndicated {
		t.Fatalf("made with phases %+v", made.Item.Phases)
	}
	r := made.Item
	r.Phases = []domain.RegionPhase{{Phase: 2, Status: domain.PhaseConfirmed}}
	replaced, err := s.Regions().Replace(ctx, "t", r.ID, made.Version, r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Region(ctx, "lofotregionen", "")
	if err != nil || len(got.Phases) != 1 || got.Phases[0].Phase != 2 || got.Phases[0].Status != domain.PhaseConfirmed {
		t.Errorf("after the replace: %v %+v", err, got.Phases)
	}
	if err := s.Regions().Delete(ctx, "t", r.ID, replaced.Version); err != nil {
		t.Errorf("deleting a region with nothing in it: %v", err)
	}
}
