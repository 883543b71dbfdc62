package store

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/store/storetest"
)

// allRows is one value of every row type.
var allRows = []any{
	&sourceRow{}, &programmeRow{}, &countyRow{}, &municipalityRow{}, &municipalityCodeRow{},
	&municipalityNameRow{}, &successionRow{}, &regionRow{}, &regionPhaseRow{}, &membershipRow{}, &populationRow{}, &areaRow{},
	&datasetLoadRow{}, &changeRow{}, &apiKeyRow{}, &idempotencyRow{}, &stagedRow{},
}

// loaded is a migrated database with the embedded dataset loaded.
func loaded(t *testing.T) *Store {
	t.Helper()
	return loadedAt(t, storetest.New(t))
}

// loadedAt is loaded, in the database at address.
func loadedAt(t *testing.T, path string) *Store {
	t.Helper()
	s := migratedAt(t, path)
	ds, err := dataset.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadDataset(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	return s
}

func migrated(t *testing.T) *Store {
	t.Helper()
	return migratedAt(t, storetest.New(t))
}

func migratedAt(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// The GORM row types and the migrated schema agree: every mapped column exists with a compatible type,
// every table column is mapped, and every table has a row type.
func TestRowTypesMatchMigratedSchema(t *testing.T) {
	s := migrated(t)
	compatible := map[string]string{ // Go kind -> column type (schema_test.go)
		"string": "text", "int": "integer", "int64": "integer", "float64": "real",
	}
	schema := describe(t, s)
	mapped := map[string]bool{}
	for _, row := range allRows {
		stmt := &gorm.Statement{DB: s.db}
		if err := stmt.Parse(row); err != nil {
			t.Fatal(err)
		}
		table := stmt.Schema.Table
		mapped[table] = true
		ts, ok := schema[table]
		if !ok {
			t.Errorf("table %s does not exist", table)
			continue
		}
		dbCols := map[string]column{}
		for _, c := range ts.Columns {
			dbCols[c.Name] = c
		}
		for _, f := range stmt.Schema.Fields {
			if f.DBName == "" {
				continue
			}
			c, ok := dbCols[f.DBName]
			if !ok {
				t.Errorf("%s.%s is mapped but not in the schema", table, f.DBName)
				continue
			}
			delete(dbCols, f.DBName)
			kind := f.FieldType.String()
			nullableGo := strings.HasPrefix(kind, "*")
			kind = strings.TrimPrefix(kind, "*")
			if compatible[kind] != c.Type {
				t.Errorf("%s.%s: Go %s does not fit SQL %s", table, f.DBName, kind, c.Type)
			}
			if !c.NotNull && !nullableGo && !f.PrimaryKey {
				t.Errorf("%s.%s is nullable in SQL but not in Go", table, f.DBName)
			}
		}
		for name := range dbCols {
			t.Errorf("%s.%s is in the schema but no field maps it", table, name)
		}
	}
	// The regions' texts are kept by their domain types (TestTextKindsFitTheirTables).
	for _, kind := range textKinds {
		mapped[kind.kind.Resource] = true
		for _, link := range textLinks[kind.kind.Resource] {
			mapped[link.table] = true
		}
	}
	for table := range schema {
		if !mapped[table] {
			t.Errorf("table %s has no row type", table)
		}
	}
}

// textKinds are the kinds of region text the dataset holds, with their types.
var textKinds = []struct {
	kind TextKind
	typ  reflect.Type
}{
	{Goals, reflect.TypeFor[domain.Goal]()}, {Results, reflect.TypeFor[domain.Result]()},
	{Lessons, reflect.TypeFor[domain.Lesson]()}, {Themes, reflect.TypeFor[domain.Theme]()},
	{Measures, reflect.TypeFor[domain.Measure]()}, {Partners, reflect.TypeFor[domain.Partner]()},
	{Documents, reflect.TypeFor[domain.Document]()},
}

// Each kind of region text fits its table by the convention of texts.go: every field has its column,
// every column but the search key has its field, a nullable column a pointer, and a type that does not
// fit is refused naming the field.
func TestTextKindsFitTheirTables(t *testing.T) {
	s := migrated(t)
	schema := describe(t, s)
	for _, k := range textKinds {
		l, err := layoutOf(s.db, k.typ, k.kind.Resource)
		if err != nil {
			t.Errorf("%s: %v", k.kind.Resource, err)
			continue
		}
		cols := schema[k.kind.Resource].Columns
		fields := map[string]reflect.StructField{}
		for _, c := range l.columns {
			fields[c.column] = k.typ.Field(c.field)
		}
		for _, c := range cols {
			f, ok := fields[c.Name]
			switch {
			case c.Name == "search_key":
			case !ok:
				t.Errorf("%s.%s: no field of %s keeps it", k.kind.Resource, c.Name, k.typ)
			case !c.NotNull && !c.PK && f.Name != "Source" && f.Type.Kind() != reflect.Pointer:
				t.Errorf("%s.%s is nullable but %s.%s is no pointer", k.kind.Resource, c.Name, k.typ, f.Name)
			}
		}
		if len(l.lists) != len(textLinks[k.kind.Resource]) {
			t.Errorf("%s: %d lists of ids, %d link tables", k.kind.Resource, len(l.lists), len(textLinks[k.kind.Resource]))
		}
	}
	type stray struct {
		ID       string        `json:"id"`
		Region   string        `json:"region"`
		Position int           `json:"position"`
		Language string        `json:"language"`
		Source   domain.Source `json:"source"`
		Colour   string        `json:"colour"`
	}
	if _, err := layoutOf(s.db, reflect.TypeFor[stray](), "goals"); err == nil || !strings.Contains(err.Error(), "Colour") {
		t.Errorf("a field with no column: %v", err)
	}
	type noRegion struct{ ID string }
	if _, err := layoutOf(s.db, reflect.TypeFor[noRegion](), "goals"); err == nil {
		t.Error("a type without a region was taken for a region text")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Loading twice neither duplicates nor changes data.
func TestLoadDatasetOnce(t *testing.T) {
	s := migrated(t)
	ctx := context.Background()
	ds, err := dataset.Load()
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.LoadDataset(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Loaded {
		t.Fatal("first load did not load")
	}
	counts := func() map[string]int64 {
		out := map[string]int64{}
		for table := range describe(t, s) {
			var n int64
			s.db.Table(table).Count(&n)
			out[table] = n
		}
		return out
	}
	before := counts()
	if before["population_observations"] != int64(len(ds.Population)) || before["municipalities"] != int64(len(ds.Municipalities)) {
		t.Fatalf("loaded counts %v", before)
	}
	second, err := s.LoadDataset(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if second.Loaded || second.LoadedAt != first.LoadedAt {
		t.Fatalf("second load changed the dataset: %+v then %+v", first, second)
	}
	after := counts()
	for table, n := range before {
		if after[table] != n {
			t.Errorf("%s: %d rows before the second load, %d after", table, n, after[table])
		}
	}
}

// A foreign key the schema declares is enforced: SQLite leaves them off unless asked.
func TestForeignKeysAreEnforced(t *testing.T) {
	s := migrated(t)
	err := s.db.Table("goals").Create(map[string]any{"id": "x-goal-1", "region_id": "no-such-region", "position": 1,
		"text": "x", "language": "nb", "source_id": "none", "search_key": "x"}).Error
	if err == nil {
		t.Fatal("a goal of a region that does not exist was stored")
	}
}

// Ids come from the data, not from insertion order: two databases built from the dataset agree.
func TestRebuiltDatabaseKeepsIDs(t *testing.T) {
	ids := func() []string {
		s := loaded(t)
		var out []string
		for _, table := range []string{"regions", "region_memberships", "population_observations", "area_observations",
			"goals", "results", "lessons", "themes", "partners", "measures", "documents", "sources", "municipalities"} {
			var got []string
			s.db.Table(table).Order("id").Pluck("id", &got)
			out = append(out, got...)
		}
		return out
	}
	a, b := ids(), ids()
	if len(a) < 8000 || strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("ids differ between rebuilds (%d and %d ids)", len(a), len(b))
	}
}

// Every one of SSB's changes shows in the identities: as a change of code or name within one identity,
// or as a succession from one identity to another on that date.
func TestEveryChangeIsInTheLineage(t *testing.T) {
	s := loaded(t)
	l, err := s.lineage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	changes := 0
	for _, line := range strings.Split(strings.TrimSpace(changesCSV(t)), "\n")[1:] {
		f := strings.Split(line, ",")
		date, oldCode, newCode := f[0], f[1], f[3]
		changes++
		var pred, succ string
		for id := range l.periods {
			if p, ok := l.periodBefore(id, date); ok && p.Code == oldCode {
				pred = id
			}
			if p, ok := l.periodAt(id, date); ok && p.Code == newCode {
				succ = id
			}
		}
		if pred == "" || succ == "" {
			t.Errorf("%s %s→%s: no identity had %s before or %s after", date, oldCode, newCode, oldCode, newCode)
			continue
		}
		if pred == succ {
			continue // a renumbering, a renaming, or the one that kept its code
		}
		found := false
		for _, sc := range l.successions[pred] {
			found = found || (sc.SuccessorID == succ && sc.Date == date)
		}
		if !found {
			t.Errorf("%s %s→%s: %s and %s are not linked", date, oldCode, newCode, pred, succ)
		}
	}
	if changes != 594 {
		t.Errorf("%d changes read, want SSB's 594", changes)
	}
}

func changesCSV(t *testing.T) string {
	b, err := os.ReadFile("../dataset/data/ssb_klass131_changes_1972-2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// regions.lead_municipality_id follows the region's lead membership as memberships are written.
func TestLeadFollowsMemberships(t *testing.T) {
	s := loaded(t)
	ctx := context.Background()
	lead := func() *string {
		var id *string
		if err := s.db.Raw("SELECT lead_municipality_id FROM regions WHERE id = 'tromsoregionen'").Scan(&id).Error; err != nil {
			t.Fatal(err)
		}
		return id
	}
	if l := lead(); l == nil || *l != "5501" {
		t.Fatalf("the loaded lead: %v", l)
	}
	if err := s.Memberships().Delete(ctx, "test", "tromsoregionen:5501:2", 1); err != nil {
		t.Fatal(err)
	}
	if l := lead(); l != nil {
		t.Errorf("the lead after its membership went: %s", *l)
	}
	v, err := s.Memberships().Get(ctx, "tromsoregionen:5532:2")
	if err != nil {
		t.Fatal(err)
	}
	m := v.Item
	m.Role = domain.RoleLead
	if _, err := s.Memberships().Replace(ctx, "test", m.ID, 1, m); err != nil {
		t.Fatal(err)
	}
	if l := lead(); l == nil || *l != "5532" {
		t.Errorf("the lead after Balsfjord became it: %v", l)
	}
}

// A replica begins from the dataset the feed names, on an empty database, and from no other.
func TestApplyChangesBeginsFromTheFeedsDataset(t *testing.T) {
	ds, err := dataset.Load()
	if err != nil {
		t.Fatal(err)
	}
	load := func(checksum string) []domain.Change {
		return []domain.Change{{Seq: 1, Resource: "datasets", ID: ds.Name, Op: domain.OpCreate, Version: 1, Actor: "dataset",
			At: "2026-11-29T00:00:00Z", State: map[string]any{"name": ds.Name, "checksum": checksum, "loaded_at": "2026-11-29T00:00:00Z"}}}
	}
	ctx := context.Background()
	if err := migrated(t).ApplyChanges(ctx, load("another"), ds); err == nil || !strings.Contains(err.Error(), "does not embed") {
		t.Errorf("another dataset: %v", err)
	}
	if err := loaded(t).ApplyChanges(ctx, load(ds.Checksum), ds); err == nil || !strings.Contains(err.Error(), "has a dataset already") {
		t.Errorf("a database with a dataset: %v", err)
	}
	s := migrated(t)
	if err := s.ApplyChanges(ctx, load(ds.Checksum), ds); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Region(ctx, "tromsoregionen", ""); err != nil || len(r.Members) != 5 {
		t.Errorf("the replica's Tromsøregionen: %v %v", r.Members, err)
	}
}
