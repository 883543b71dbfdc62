package store

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// A database loaded before the migrations of the analysts' work is brought up to them: the municipal areas
// become compiled figures, the partners and measures the dataset loaded (and no write changed) have
// their kind and status marked inferred, while one a write changed keeps what the write stated, and the
// population figures that are sums or apportionments of predecessors' are labelled so (they were all
// "official", with one note, before), and the document the dataset inferred says so. The test takes a
// loaded database down to the schema before them (version 7), gives the figures the previous release's
// labels, and brings it up again.
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

// previousChecksum is the checksum of the dataset the release before dated names embedded (commit d7493c7).
// testdata/previous_release_names.csv is every row of municipality_names its load wrote: one name per
// language, without dates, from Kartverket's list, or SSB's name for a municipality the list does not cover
// when that is one name; without SSB's four Sámi names of 2024.
const previousChecksum = "b137e84d5b088718"

// asPreviousRelease makes a loaded database what the previous release's load left: the schema before dated
// names (migration 11), its names, and its checksum, in dataset_loads and in the log's record of the load.
func asPreviousRelease(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.migrations.DownTo(ctx, 11); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/previous_release_names.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 554 {
		t.Fatalf("%d rows of the previous release's names", len(rows))
	}
	checksum, err := dataset.Checksum()
	if err != nil {
		t.Fatal(err)
	}
	err = s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM municipality_names`).Error; err != nil {
			return err
		}
		for _, r := range rows[1:] {
			if err := tx.Exec(`INSERT INTO municipality_names (municipality_id, language, name, source_id) VALUES (?, ?, ?, ?)`,
				r[0], r[1], r[2], r[3]).Error; err != nil {
				return err
			}
		}
		if err := tx.Exec(`UPDATE dataset_loads SET checksum = ?`, previousChecksum).Error; err != nil {
			return err
		}
		// The previous release's note of SSB 07459, before its figures were labelled by kind.
		if err := tx.Exec(`UPDATE sources SET note = ? WHERE id = 'ssb-07459'`, "Through the R package niphr/csdata "+
			"(© Folkehelseinstituttet, MIT; commit 55a0dbccdf07), which sums men and women over all ages. That package puts "+
			"every year onto the 2024 municipal borders: for a municipality that merged or split, years before the change are "+
			"sums or apportionments of its predecessors, and each such observation says so in its note.").Error; err != nil {
			return err
		}
		return tx.Exec(`UPDATE changes SET state = REPLACE(state, ?, ?) WHERE resource = 'datasets'`, checksum, previousChecksum).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}

// of are the ids of a resource's records in a list of "resource/id".
func of(resource string, records []string) []string {
	var out []string
	for _, r := range records {
		if id, ok := strings.CutPrefix(r, resource+"/"); ok {
			out = append(out, id)
		}
	}
	return out
}

// municipalityChanges counts the changes log's entries for municipalities by actor.
func municipalityChanges(t *testing.T, s *Store) map[string]int {
	t.Helper()
	var rows []struct {
		Actor string
		N     int
	}
	if err := s.db.Raw(`SELECT actor, COUNT(*) AS n FROM changes WHERE resource = 'municipalities' GROUP BY actor`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Actor] = r.N
	}
	return out
}

// A database the previous release loaded (names without dates, without the four Sámi names of 2024) is
// brought up in place: after migration 12 and the load of this build's dataset, every municipality is what a
// fresh load gives, names, dates and all; each one brought up to date has one change in the log, by the
// dataset, and its record's version moved; a source new in this build is made; the database then holds this
// build (one logged change says so), and a second load changes nothing.
func TestUpgradeOfNamesLoadedByThePreviousRelease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := loadedCopy(t)
	asPreviousRelease(t, s)
	var undated int64
	if err := s.db.Raw(`SELECT COUNT(*) FROM municipality_names WHERE valid_from IS NULL AND valid_to IS NULL`).Scan(&undated).Error; err != nil || undated != 553 {
		t.Fatalf("after migration 12, %d names open at both ends (%v), want the previous release's 553", undated, err)
	}
	rana, err := s.Municipalities().Get(ctx, "1833")
	if err != nil || len(rana.Item.Names) != 1 {
		t.Fatalf("Rana before the load: %+v %v", rana, err)
	}
	ds, err := dataset.Load()
	if err != nil {
		t.Fatal(err)
	}
	ds.Sources = append(ds.Sources, domain.Source{ID: "a-source-new-in-this-build", Title: "New", Publisher: "Test", Licence: "CC BY 4.0"})
	start := time.Now()
	res, err := s.LoadDataset(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	municipalities := of("municipalities", res.Updated)
	t.Logf("%d of %d municipalities brought up to date in %v", len(municipalities), len(ds.Municipalities), time.Since(start))
	if res.Loaded || res.UpgradedFrom != previousChecksum || res.Checksum != ds.Checksum || len(res.Kept) != 0 || len(municipalities) < 100 ||
		!slices.Equal(of("sources", res.Updated), []string{"ssb-07459", "a-source-new-in-this-build"}) {
		t.Fatalf("the load: loaded %v, checksum %s, %d updated (%v), kept %v", res.Loaded, res.Checksum, len(res.Updated),
			of("sources", res.Updated), res.Kept)
	}
	if got := municipalityChanges(t, s); len(got) != 1 || got[datasetActor] != len(municipalities) {
		t.Errorf("the changes log has %v for %d municipalities brought up to date", got, len(municipalities))
	}
	fresh := loadedCopy(t)
	compareWithFresh(t, s, fresh, nil)
	for _, id := range municipalities {
		if v, err := s.Municipalities().Get(ctx, id); err != nil || v.Version != 2 {
			t.Errorf("%s brought up to date: version %d (%v)", id, v.Version, err)
		}
	}
	upgraded, err := s.Sources().Get(ctx, "ssb-07459")
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := fresh.Sources().Get(ctx, "ssb-07459")
	if err != nil || !reflect.DeepEqual(upgraded.Item, loaded.Item) || upgraded.Version != 2 {
		t.Errorf("SSB 07459 brought up to date (v%d): %+v\nloaded afresh: %+v %v", upgraded.Version, upgraded.Item, loaded.Item, err)
	}
	if made, err := s.Sources().Get(ctx, "a-source-new-in-this-build"); err != nil || made.Version != 1 {
		t.Errorf("the source new in this build: %+v %v", made, err)
	}
	// The database now holds this build: the next load finds nothing to do, and the log says when it changed.
	if now, found, err := s.LoadedDataset(ctx, ds.Name); err != nil || !found || now.Checksum != ds.Checksum {
		t.Errorf("after the upgrade the database holds %+v (%v %v), want %s", now, found, err, ds.Checksum)
	}
	var upgrades int64
	s.db.Raw(`SELECT COUNT(*) FROM changes WHERE resource = 'datasets' AND operation = 'update' AND state LIKE ?`,
		"%"+previousChecksum+"%").Scan(&upgrades)
	if upgrades != 1 {
		t.Errorf("%d changes record the upgrade from %s, want 1", upgrades, previousChecksum)
	}
	again, err := s.LoadDataset(ctx, ds)
	if err != nil || len(again.Updated) != 0 || len(again.Kept) != 0 || again.UpgradedFrom != "" || again.Checksum != ds.Checksum {
		t.Errorf("the second load: %+v %v", again, err)
	}
	if got := municipalityChanges(t, s); got[datasetActor] != len(municipalities) {
		t.Errorf("the second load logged changes: %v", got)
	}
}

// A municipality a write has changed is left as the write left it, whether the previous release or this one
// made the write; the others are brought up to date as before.
func TestUpgradeKeepsWhatAWriteChanged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := loadedCopy(t)
	asPreviousRelease(t, s)
	storfjord, err := s.Municipalities().Get(ctx, "5538")
	if err != nil {
		t.Fatal(err)
	}
	item := storfjord.Item
	item.Names = []domain.Name{{Name: "Storfjord", Language: "no"}, {Name: "Omasvuotna", Language: "se"}}
	written, err := s.Municipalities().Replace(ctx, "key:admin", "5538", storfjord.Version, item)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Load()
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.LoadDataset(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Kept, []string{"municipalities/5538"}) || !slices.Contains(res.Updated, "municipalities/1833") ||
		slices.Contains(res.Updated, "municipalities/5538") {
		t.Errorf("kept %v; Rana updated %v", res.Kept, slices.Contains(res.Updated, "municipalities/1833"))
	}
	after, err := s.Municipalities().Get(ctx, "5538")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(after.Item)
	b, _ := json.Marshal(written.Item)
	if string(a) != string(b) || after.Version != written.Version {
		t.Errorf("Storfjord after the load (v%d): %s\nas the write left it (v%d): %s", after.Version, a, written.Version, b)
	}
	compareWithFresh(t, s, loadedCopy(t), []string{"5538"})
}

// compareWithFresh compares every municipality of s, but those skipped, with a fresh load's: the records,
// and the identities the register finds for a search.
func compareWithFresh(t *testing.T, s, fresh *Store, skip []string) {
	t.Helper()
	ctx := context.Background()
	reg, err := fresh.register(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.byID) < 500 {
		t.Fatalf("the fresh load has %d municipalities", len(reg.byID))
	}
	for id := range reg.byID {
		if slices.Contains(skip, id) {
			continue
		}
		got, err := s.Municipalities().Get(ctx, id)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		want, err := fresh.Municipalities().Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(got.Item)
		b, _ := json.Marshal(want.Item)
		if string(a) != string(b) {
			t.Errorf("%s brought up to date: %s\nloaded afresh: %s", id, a, b)
		}
	}
	for _, q := range []string{"raane", "fuollda", "levangke", "rivttak", "divtasvuodna", "nes", "porsangu"} {
		search := func(st *Store) []string {
			l, err := st.ListMunicipalities(ctx, parse(t, query.Municipalities, "limit=1000&at=2024-06-01&q="+q))
			if err != nil {
				t.Fatal(err)
			}
			return collect(l.Items, func(m domain.Municipality) string { return m.ID })
		}
		if got, want := search(s), search(fresh); !slices.Equal(got, want) {
			t.Errorf("q=%s finds %v brought up to date, %v loaded afresh", q, got, want)
		}
	}
}
