package store

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

// A database loaded before the migrations of the analysts' work is brought up to them: the municipal areas
// become compiled figures, the partners and measures the dataset loaded (and no write changed) have
// their kind and status marked inferred, while one a write changed keeps what the write stated, and the
// population figures that are sums or apportionments of predecessors' are labelled so (they were all
// "official", with one note, before), and the document the dataset inferred says so. The test takes a loaded database down to the schema before them
// (version 7), gives the figures the previous release's labels, and brings it up again.
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
	const previousNote = "Before this municipality's last merger or split: niphr/csdata's figure for its 2024 borders " +
		"(a sum or apportionment of its predecessors), not a figure SSB published for one municipality."
	if err := s.db.Exec(`UPDATE population_observations SET note = ? WHERE note <> ''`, previousNote).Error; err != nil {
		t.Fatal(err)
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
	var documents []int
	s.db.Raw(`SELECT inferred FROM documents`).Scan(&documents)
	if len(documents) != 1 || documents[0] != 1 {
		t.Errorf("the loaded document's inferred: %v", documents)
	}
	var kinds []struct {
		Kind  string
		Count int
	}
	s.db.Raw(`SELECT kind, COUNT(*) AS count FROM population_observations WHERE municipality_id IS NOT NULL GROUP BY kind ORDER BY kind`).Scan(&kinds)
	if fmt.Sprint(kinds) != "[{apportioned 137} {official 7115} {sum_of_predecessors 600}]" {
		t.Errorf("the population figures' kinds after the upgrade: %v", kinds)
	}
	fresh := loadedCopy(t)
	for _, id := range []string{"population:1580:2023-01-01:ssb-07459", "population:1103:2019-01-01:ssb-07459", "population:5501:2015-01-01:ssb-07459"} {
		upgraded, err := s.Population().Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := fresh.Population().Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(upgraded.Item)
		b, _ := json.Marshal(loaded.Item)
		if string(a) != string(b) {
			t.Errorf("%s upgraded: %s\nloaded afresh: %s", id, a, b)
		}
	}
}
