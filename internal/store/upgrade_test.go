package store

import (
	"context"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

// A database loaded before the migrations of the analysts' work is brought up to them: the municipal areas
// become compiled figures, and the partners and measures the dataset loaded (and no write changed) have
// their kind and status marked inferred, while one a write changed keeps what the write stated. The test
// takes a loaded database down to the schema before them (version 7) and up again.
func TestUpgradeOfALoadedDatabase(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	partners := Texts[domain.Partner](s, Partners)
	p, err := partners.Get(ctx, "tromsoregionen-partner-2")
	if err != nil {
		t.Fatal(err)
	}
	p.Item.Kind = domain.PartnerKind("other")
	if _, err := partners.Replace(ctx, "test", p.Item.ID, p.Version, p.Item); err != nil {
		t.Fatal(err)
	}
	if _, err := s.migrations.DownTo(ctx, 7); err != nil {
		t.Fatal(err)
	}
	var kind string
	s.db.Raw(`SELECT kind FROM area_observations WHERE source_id = 'aprestmo-norway-geodata' LIMIT 1`).Scan(&kind)
	if kind != "official" {
		t.Fatalf("down at version 7 the area is %q", kind)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	s.db.Raw(`SELECT kind FROM area_observations WHERE source_id = 'aprestmo-norway-geodata' LIMIT 1`).Scan(&kind)
	if kind != "compiled" {
		t.Errorf("the area is %q after the upgrade", kind)
	}
	var inferred []int
	s.db.Raw(`SELECT kind_inferred FROM partners WHERE id IN ('tromsoregionen-partner-1', 'tromsoregionen-partner-2') ORDER BY id`).Scan(&inferred)
	if len(inferred) != 2 || inferred[0] != 1 || inferred[1] != 0 {
		t.Errorf("kind_inferred of a loaded and of a changed partner: %v", inferred)
	}
	var measures []int
	s.db.Raw(`SELECT status_inferred FROM measures`).Scan(&measures)
	for _, m := range measures {
		if m != 1 {
			t.Errorf("a loaded measure's status_inferred: %v", measures)
		}
	}
}
