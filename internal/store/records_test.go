package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/store/storetest"
)

// template is a migrated database with the dataset loaded, made once; loadedCopy copies it for each test, so
// that tests which write run apart and in parallel.
var template struct {
	once    sync.Once
	dir     string
	address string
	drop    func() error
	err     error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "byregion-store-test")
	if err != nil {
		panic(err)
	}
	template.dir = dir
	code := m.Run()
	if template.drop != nil {
		if err := template.drop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// loadedCopy is a loaded database of the test's own.
func loadedCopy(t testing.TB) *Store {
	t.Helper()
	template.once.Do(func() {
		template.address, template.drop, template.err = storetest.Make(template.dir, "")
		if template.err != nil {
			return
		}
		s, err := Open(template.address)
		if err != nil {
			template.err = err
			return
		}
		defer s.Close()
		if _, err := s.Migrate(context.Background()); err != nil {
			template.err = err
			return
		}
		ds, err := dataset.Load()
		if err != nil {
			template.err = err
			return
		}
		if _, err := s.LoadDataset(context.Background(), ds); err != nil {
			template.err = err
			return
		}
		if s.Dialect() == "sqlite" { // everything into the main file, which is what is copied
			template.err = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error
		}
	})
	if template.err != nil {
		t.Fatal(template.err)
	}
	s, err := Open(storetest.Copy(t, template.address))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func ptr[T any](v T) *T { return &v }

// code is the domain code of err, "" for none.
func code(err error) domain.Code {
	if err == nil {
		return ""
	}
	return domain.ErrorCode(err)
}

// lifecycle takes one record of a resource through every operation of its Records: create, read, replace,
// a stale replace and delete, its history, its deletion and what is left of it after.
func lifecycle[T any](t *testing.T, records domain.Records[T], item T, idOf func(T) string, change func(*T)) {
	t.Helper()
	ctx := context.Background()
	created, err := records.Create(ctx, "tester", item, nil)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	id := idOf(created.Item)
	if id == "" || created.Version < 1 || created.Replayed {
		t.Fatalf("create: id %q, version %d, replayed %v", id, created.Version, created.Replayed)
	}
	got, err := records.Get(ctx, id)
	if err != nil || got.Version != created.Version || !reflect.DeepEqual(got.Item, created.Item) {
		t.Fatalf("get after create: %v\n%+v\nwant %+v", err, got, created)
	}

	changed := created.Item
	change(&changed)
	replaced, err := records.Replace(ctx, "tester", id, created.Version, changed)
	if err != nil {
		t.Fatalf("replace: %v", err)
	}
	if replaced.Version != created.Version+1 || reflect.DeepEqual(replaced.Item, created.Item) {
		t.Fatalf("replace: version %d after %d, item %+v", replaced.Version, created.Version, replaced.Item)
	}
	if got, _ := records.Get(ctx, id); !reflect.DeepEqual(got.Item, replaced.Item) {
		t.Fatalf("get after replace: %+v\nwant %+v", got.Item, replaced.Item)
	}

	_, err = records.Replace(ctx, "tester", id, created.Version, changed)
	var stale *domain.Error
	if !errors.As(err, &stale) || stale.Code != domain.ESTALE || stale.Current != replaced.Version {
		t.Fatalf("a replace of the version before: %v", err)
	}
	if err := records.Delete(ctx, "tester", id, created.Version); code(err) != domain.ESTALE {
		t.Fatalf("a delete of the version before: %v", err)
	}

	history, err := records.History(ctx, id)
	if err != nil || len(history) != 2 || history[0].Op != domain.OpCreate || history[1].Op != domain.OpUpdate ||
		history[1].Version != replaced.Version || history[0].Actor != "tester" {
		t.Fatalf("history: %v %+v", err, history)
	}

	if err := records.Delete(ctx, "tester", id, replaced.Version); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := records.Get(ctx, id); code(err) != domain.ENOTFOUND {
		t.Fatalf("get after delete: %v", err)
	}
	if _, err := records.Replace(ctx, "tester", id, replaced.Version+1, changed); code(err) != domain.ENOTFOUND {
		t.Fatalf("replace after delete: %v", err)
	}
	if history, err := records.History(ctx, id); err != nil || len(history) != 3 || history[2].Op != domain.OpDelete || history[2].State != nil {
		t.Fatalf("history after delete: %v %+v", err, history)
	}
}

// Every writable resource's records go through the same protocol.
func TestEveryResourceHasTheSameLifecycle(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	src := domain.Source{ID: "tromsoregionen-seed"}
	t.Run("goals", func(t *testing.T) {
		lifecycle(t, Texts[domain.Goal](s, Goals),
			domain.Goal{Region: "tromsoregionen", Text: "Flere arbeidsplasser i reiselivet", Language: "nb", Source: src},
			func(x domain.Goal) string { return x.ID }, func(x *domain.Goal) { x.Text = "Flere arbeidsplasser" })
	})
	t.Run("results", func(t *testing.T) {
		lifecycle(t, Texts[domain.Result](s, Results),
			domain.Result{Region: "tromsoregionen", Text: "Et felles reiselivsselskap", Language: "nb", Source: src},
			func(x domain.Result) string { return x.ID }, func(x *domain.Result) { x.Language = "nn" })
	})
	t.Run("lessons", func(t *testing.T) {
		lifecycle(t, Texts[domain.Lesson](s, Lessons),
			domain.Lesson{Region: "tromsoregionen", Title: "Tid", Text: "Samarbeid tar tid.", Language: "nb", Source: src},
			func(x domain.Lesson) string { return x.ID }, func(x *domain.Lesson) { x.Title = "Tålmodighet" })
	})
	t.Run("themes", func(t *testing.T) {
		lifecycle(t, Texts[domain.Theme](s, Themes),
			domain.Theme{Region: "tromsoregionen", Kind: domain.ThemeQuoted, Phase: ptr(2), Title: "Havbruk", Language: "nb", Source: src},
			func(x domain.Theme) string { return x.ID }, func(x *domain.Theme) { x.Parent = ptr("tromsoregionen-theme-1") })
	})
	t.Run("measures", func(t *testing.T) {
		lifecycle(t, Texts[domain.Measure](s, Measures),
			domain.Measure{Region: "tromsoregionen", Title: "Reiselivssamarbeid", Status: domain.StatusPlanned, Period: "2027",
				Themes: []string{}, Goals: []string{"tromsoregionen-goal-1"}, Partners: []string{}, Language: "nb", Source: src},
			func(x domain.Measure) string { return x.ID }, func(x *domain.Measure) {
				x.Status, x.Starts, x.Partners = domain.StatusOngoing, ptr("2027-01-01"), []string{"tromsoregionen-partner-4"}
			})
	})
	t.Run("partners", func(t *testing.T) {
		lifecycle(t, Texts[domain.Partner](s, Partners),
			domain.Partner{Region: "tromsoregionen", Name: "Visit Tromsø", Kind: domain.PartnerBusinessOrganisation, Language: "nb", Source: src},
			func(x domain.Partner) string { return x.ID }, func(x *domain.Partner) { x.Role = "markedsføring" })
	})
	t.Run("documents", func(t *testing.T) {
		lifecycle(t, Texts[domain.Document](s, Documents),
			domain.Document{Region: "tromsoregionen", Title: "Sluttrapport", Language: "nb", Source: src},
			func(x domain.Document) string { return x.ID }, func(x *domain.Document) { x.URL = ptr("https://example.no/rapport.pdf") })
	})
	t.Run("sources", func(t *testing.T) {
		lifecycle(t, s.Sources(),
			domain.Source{ID: "ssb-07459-2027", Title: "Befolkning", Publisher: "Statistisk sentralbyrå", Licence: "NLOD 2.0"},
			func(x domain.Source) string { return x.ID }, func(x *domain.Source) { x.Retrieved = ptr("2027-03-01") })
	})
	t.Run("regions", func(t *testing.T) {
		lifecycle(t, s.Regions(),
			domain.Region{ID: "lofotregionen", Name: "Lofotregionen", Language: "nb", Source: src,
				Phases: []domain.RegionPhase{{Phase: 2, Status: domain.PhaseIndicated}}},
			func(x domain.Region) string { return x.ID }, func(x *domain.Region) { x.AlternativeName = "Lofoten" })
	})
	t.Run("memberships", func(t *testing.T) {
		lifecycle(t, s.Memberships(),
			domain.RegionMembership{Region: "tromsoregionen", Municipality: domain.Municipality{ID: "5503"}, Role: domain.RoleMember,
				Phase: ptr(2), Source: src},
			func(x domain.RegionMembership) string { return x.ID }, func(x *domain.RegionMembership) { x.Role = domain.RolePartner })
	})
	t.Run("municipalities", func(t *testing.T) {
		lifecycle(t, s.Municipalities(),
			domain.Municipality{ID: "5699", Source: domain.Source{ID: "ssb-klass-131"},
				Codes: []domain.MunicipalityCode{{Code: "5699", Name: "Nyby", County: domain.County{Code: "56"}, ValidFrom: ptr("2027-01-01")}}},
			func(x domain.Municipality) string { return x.ID }, func(x *domain.Municipality) {
				x.Names = []domain.Name{{Name: "Ođđagávpot", Language: "se"}}
			})
	})
	t.Run("successions", func(t *testing.T) {
		lifecycle(t, s.Successions(),
			domain.Succession{Predecessor: "5501", Successor: "5503", Date: "2027-01-01", Kind: domain.SuccessionPartTransferred,
				Source: domain.Source{ID: "ssb-klass-131"}},
			func(x domain.Succession) string { return x.ID }, func(x *domain.Succession) { x.Source.ID = "tromsoregionen-seed" })
	})
	t.Run("population", func(t *testing.T) {
		lifecycle(t, s.Population(),
			domain.PopulationObservation{Subject: domain.Subject{Municipality: &domain.MunicipalityRef{Code: "5501"}},
				ReferenceDate: "2030-01-01", Value: 80000, Kind: domain.KindReported, Source: src},
			func(x domain.PopulationObservation) string { return x.ID }, func(x *domain.PopulationObservation) { x.Value = 80001 })
	})
	t.Run("area", func(t *testing.T) {
		lifecycle(t, s.Area(),
			domain.AreaObservation{Subject: domain.Subject{Region: &domain.RegionRef{ID: "tromsoregionen"}},
				ReferenceDate: "2030-01-01", ValueKM2: 7000, Measure: domain.AreaTotal, Kind: domain.KindReported, Source: src},
			func(x domain.AreaObservation) string { return x.ID }, func(x *domain.AreaObservation) { x.Note = "rundet av" })
	})
}

// A create retried with its idempotency key makes nothing and answers with the first create's record; the
// key used for another body is refused.
func TestIdempotentCreates(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	goals := Texts[domain.Goal](s, Goals)
	goal := domain.Goal{Region: "tromsoregionen", Text: "Én gang", Language: "nb", Source: domain.Source{ID: "tromsoregionen-seed"}}
	key := &domain.Idempotency{Key: "k-1", RequestHash: "h-1"}
	first, err := goals.Create(ctx, "tester", goal, key)
	if err != nil || first.Replayed {
		t.Fatal(err, first.Replayed)
	}
	again, err := goals.Create(ctx, "tester", goal, key)
	if err != nil || !again.Replayed || again.Item.ID != first.Item.ID || again.Version != first.Version {
		t.Fatalf("a retry: %v %+v", err, again)
	}
	if _, err := goals.Create(ctx, "tester", goal, &domain.Idempotency{Key: "k-1", RequestHash: "h-2"}); code(err) != domain.EKEYREUSED {
		t.Fatalf("the key for another body: %v", err)
	}
	// Keys are each actor's own.
	other, err := goals.Create(ctx, "someone else", goal, key)
	if err != nil || other.Replayed || other.Item.ID == first.Item.ID {
		t.Fatalf("another actor's key: %v %+v", err, other)
	}
	l, err := goals.List(ctx, Goals.Spec.All().With(Goals.Spec, "region", "tromsoregionen"))
	if err != nil {
		t.Fatal(err)
	}
	made := 0
	for _, g := range l.Items {
		if g.Text == "Én gang" {
			made++
		}
	}
	if made != 2 {
		t.Errorf("%d goals made, want 2 (one per actor)", made)
	}
}

// A text gets the region's next id and position; a position taken is a conflict on the field, and a
// replace must say where the record goes.
func TestPositions(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	lessons := Texts[domain.Lesson](s, Lessons)
	all, err := lessons.List(ctx, Lessons.Spec.All().With(Lessons.Spec, "region", "tromsoregionen"))
	if err != nil {
		t.Fatal(err)
	}
	n := len(all.Items)
	lesson := domain.Lesson{Region: "tromsoregionen", Title: "Ny", Language: "nb", Source: domain.Source{ID: "tromsoregionen-seed"}}
	made, err := lessons.Create(ctx, "tester", lesson, nil)
	if err != nil {
		t.Fatal(err)
	}
	if made.Item.Position != all.Items[n-1].Position+1 || !strings.HasPrefix(made.Item.ID, "tromsoregionen-lesson-") {
		t.Errorf("made at %d as %s, after %d lessons", made.Item.Position, made.Item.ID, n)
	}
	lesson.Position = 1
	_, err = lessons.Create(ctx, "tester", lesson, nil)
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != domain.ECONFLICT || len(e.Fields) != 1 || e.Fields[0].Field != "position" {
		t.Errorf("a taken position: %v", err)
	}
	moved := made.Item
	moved.Position = 0
	if _, err := lessons.Replace(ctx, "tester", moved.ID, made.Version, moved); code(err) != domain.EUNPROCESSABLE {
		t.Errorf("a replace without position: %v", err)
	}
	// A deleted record's id is not given again: a client that saw it never sees it name another.
	if err := lessons.Delete(ctx, "tester", made.Item.ID, made.Version); err != nil {
		t.Fatal(err)
	}
	lesson.Position = 0
	next, err := lessons.Create(ctx, "tester", lesson, nil)
	if err != nil || next.Item.ID == made.Item.ID {
		t.Errorf("after a delete: %v, %s again", err, next.Item.ID)
	}
}

// What a write refers to must exist, and what refers to a record keeps it: each a 422 or a 409 that says
// which.
func TestReferencesAndDependents(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	src := domain.Source{ID: "tromsoregionen-seed"}
	measure := domain.Measure{Region: "tromsoregionen", Title: "Tiltak", Status: domain.StatusPlanned, Themes: []string{},
		Goals: []string{}, Partners: []string{}, Language: "nb", Source: src}
	goalVersion := func(id string) int64 { v, _ := Texts[domain.Goal](s, Goals).Get(ctx, id); return v.Version }
	themeVersion := func(id string) int64 { v, _ := Texts[domain.Theme](s, Themes).Get(ctx, id); return v.Version }
	cases := []struct {
		name   string
		write  func() error
		code   domain.Code
		detail string // in the message or a field's
	}{
		{"a goal of no region", func() error {
			_, err := Texts[domain.Goal](s, Goals).Create(ctx, "t", domain.Goal{Region: "atlantis", Text: "x", Language: "nb", Source: src}, nil)
			return err
		}, domain.EUNPROCESSABLE, "region: names no region"},
		{"a goal of no source", func() error {
			_, err := Texts[domain.Goal](s, Goals).Create(ctx, "t", domain.Goal{Region: "tromsoregionen", Text: "x", Language: "nb",
				Source: domain.Source{ID: "rumour"}}, nil)
			return err
		}, domain.EUNPROCESSABLE, "source: names no source"},
		{"a measure serving another region's goal", func() error {
			m := measure
			m.Goals = []string{"tromsoregionen-goal-1", "salten-goal-1"}
			_, err := Texts[domain.Measure](s, Measures).Create(ctx, "t", m, nil)
			return err
		}, domain.EUNPROCESSABLE, "goals: names salten-goal-1, which is not one of the region's goals"},
		{"a sub-theme under a sub-theme", func() error {
			sub, err := Texts[domain.Theme](s, Themes).Create(ctx, "t", domain.Theme{Region: "tromsoregionen", Kind: domain.ThemeQuoted,
				Parent: ptr("tromsoregionen-theme-1"), Title: "Under", Language: "nb", Source: src}, nil)
			if err != nil {
				return err
			}
			_, err = Texts[domain.Theme](s, Themes).Create(ctx, "t", domain.Theme{Region: "tromsoregionen", Kind: domain.ThemeQuoted,
				Parent: &sub.Item.ID, Title: "Under under", Language: "nb", Source: src}, nil)
			return err
		}, domain.EUNPROCESSABLE, "parent: names no main theme of the region"},
		{"deleting a goal a measure serves", func() error {
			m := measure
			m.Goals = []string{"tromsoregionen-goal-2"}
			if _, err := Texts[domain.Measure](s, Measures).Create(ctx, "t", m, nil); err != nil {
				return err
			}
			return Texts[domain.Goal](s, Goals).Delete(ctx, "t", "tromsoregionen-goal-2", goalVersion("tromsoregionen-goal-2"))
		}, domain.ECONFLICT, "the measures tromsoregionen-measure-"},
		{"deleting a partner a measure involves", func() error {
			v, _ := Texts[domain.Partner](s, Partners).Get(ctx, "tromsoregionen-partner-4")
			return Texts[domain.Partner](s, Partners).Delete(ctx, "t", "tromsoregionen-partner-4", v.Version)
		}, domain.ECONFLICT, "the measures tromsoregionen-measure-3"},
		{"deleting a main theme with sub-themes", func() error {
			return Texts[domain.Theme](s, Themes).Delete(ctx, "t", "tromsoregionen-theme-1", themeVersion("tromsoregionen-theme-1"))
		}, domain.ECONFLICT, "the sub-themes tromsoregionen-theme-"},
		{"deleting a source still cited", func() error {
			return s.Sources().Delete(ctx, "t", "tromsoregionen-seed", 1)
		}, domain.ECONFLICT, "goals"},
		{"deleting a region with members", func() error {
			return s.Regions().Delete(ctx, "t", "tromsoregionen", 1)
		}, domain.ECONFLICT, "memberships"},
		{"a region whose id is taken", func() error {
			_, err := s.Regions().Create(ctx, "t", domain.Region{ID: "tromsoregionen", Name: "Igjen", Language: "nb", Source: src}, nil)
			return err
		}, domain.ECONFLICT, "tromsoregionen"},
		{"a source that changes its id", func() error {
			v, err := s.Sources().Get(ctx, "tromsoregionen-seed")
			if err != nil {
				return err
			}
			x := v.Item
			x.ID = "another-id"
			_, err = s.Sources().Replace(ctx, "t", "tromsoregionen-seed", v.Version, x)
			return err
		}, domain.EUNPROCESSABLE, "id: must be tromsoregionen-seed or left out"},
		{"a figure of a code nobody had then", func() error {
			_, err := s.Population().Create(ctx, "t", domain.PopulationObservation{
				Subject:       domain.Subject{Municipality: &domain.MunicipalityRef{Code: "5501"}},
				ReferenceDate: "2010-01-01", Value: 1, Kind: domain.KindReported, Source: src}, nil)
			return err
		}, domain.EUNPROCESSABLE, "5501"},
	}
	for _, c := range cases {
		err := c.write()
		var e *domain.Error
		if !errors.As(err, &e) || e.Code != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
			continue
		}
		said := e.Message
		for _, f := range e.Fields {
			said += " | " + f.Field + ": " + f.Message
		}
		if !strings.Contains(said, c.detail) {
			t.Errorf("%s: %q does not say %q", c.name, said, c.detail)
		}
	}
}
