package store

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// A replica that applies a database's whole changes feed answers as that database does, for every kind
// of record, and its log is the same log.
func TestAReplicaOfTheFeedAnswersAlike(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	primary := loadedCopy(t)
	src := domain.Source{ID: "tromsoregionen-seed"}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// One write of each kind, and an update and a delete.
	must(primary.Sources().Create(ctx, "t", domain.Source{ID: "kommunen", Title: "Vedtak", Publisher: "Tromsø kommune", Licence: "NLOD 2.0"}, nil))
	must(primary.Regions().Create(ctx, "t", domain.Region{ID: "lofotregionen", Name: "Lofotregionen", Language: "nb", Source: src}, nil))
	must(primary.Memberships().Create(ctx, "t", domain.RegionMembership{Region: "lofotregionen", Municipality: domain.Municipality{ID: "1865"},
		Role: domain.RoleLead, Source: src}, nil))
	must(Texts[domain.Goal](primary, Goals).Create(ctx, "t", domain.Goal{Region: "lofotregionen", Text: "Helårsturisme", Language: "nb", Source: src}, nil))
	theme, err := Texts[domain.Theme](primary, Themes).Create(ctx, "t", domain.Theme{Region: "lofotregionen", Kind: domain.ThemeQuoted,
		Title: "Reiseliv", Language: "nb", Source: src}, nil)
	must(theme, err)
	must(Texts[domain.Measure](primary, Measures).Create(ctx, "t", domain.Measure{Region: "lofotregionen", Title: "Vinterpakker",
		Status: domain.StatusPlanned, Themes: []string{theme.Item.ID}, Goals: []string{}, Partners: []string{}, Language: "nb", Source: src}, nil))
	must(primary.Municipalities().Create(ctx, "t", domain.Municipality{ID: "5699", Source: domain.Source{ID: "ssb-klass-131"},
		Codes: []domain.MunicipalityCode{{Code: "5699", Name: "Nyby", County: domain.County{Code: "56"}, ValidFrom: ptr("2027-01-01")}}}, nil))
	must(primary.Successions().Create(ctx, "t", domain.Succession{Predecessor: "5501", Successor: "5699", Date: "2027-01-01",
		Kind: domain.SuccessionPartTransferred, Source: domain.Source{ID: "ssb-klass-131"}}, nil))
	must(primary.ImportObservations(ctx, "t", "population", []domain.ImportRow{{Municipality: "5699", ReferenceDate: "2027-01-01",
		Value: 1200, Kind: domain.KindReported, Source: "kommunen"}}, nil, 0, false))
	goal, err := Texts[domain.Goal](primary, Goals).Get(ctx, "tromsoregionen-goal-1")
	must(goal, err)
	goal.Item.Text = "Endret"
	must(Texts[domain.Goal](primary, Goals).Replace(ctx, "t", goal.Item.ID, goal.Version, goal.Item))
	lesson, err := Texts[domain.Lesson](primary, Lessons).Get(ctx, "tromsoregionen-lesson-1")
	must(lesson, err)
	if err := Texts[domain.Lesson](primary, Lessons).Delete(ctx, "t", lesson.Item.ID, lesson.Version); err != nil {
		t.Fatal(err)
	}

	feed, err := primary.ListChanges(ctx, 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Load()
	if err != nil {
		t.Fatal(err)
	}
	replica := migrated(t)
	if err := replica.ApplyChanges(ctx, feed, ds); err != nil {
		t.Fatal(err)
	}

	all := func(spec query.Spec) query.Query { q := spec.All(); q.Page.Limit = 0; return q }
	answers := map[string]func(*Store) (any, error){
		"goals":           func(s *Store) (any, error) { return Texts[domain.Goal](s, Goals).List(ctx, all(Goals.Spec)) },
		"lessons":         func(s *Store) (any, error) { return Texts[domain.Lesson](s, Lessons).List(ctx, all(Lessons.Spec)) },
		"themes":          func(s *Store) (any, error) { return Texts[domain.Theme](s, Themes).List(ctx, all(Themes.Spec)) },
		"measures":        func(s *Store) (any, error) { return Texts[domain.Measure](s, Measures).List(ctx, all(Measures.Spec)) },
		"regions":         func(s *Store) (any, error) { return s.ListRegions(ctx, all(query.Regions)) },
		"lofotregionen":   func(s *Store) (any, error) { return s.Region(ctx, "lofotregionen", "") },
		"memberships":     func(s *Store) (any, error) { return s.ListRegionMemberships(ctx, all(query.Members)) },
		"sources":         func(s *Store) (any, error) { return s.ListSources(ctx, all(query.Sources)) },
		"municipalities":  func(s *Store) (any, error) { return s.ListMunicipalities(ctx, all(query.Municipalities)) },
		"successions":     func(s *Store) (any, error) { return s.ListSuccessions(ctx, all(query.Successions)) },
		"history of 5501": func(s *Store) (any, error) { return s.History(ctx, "5501") },
		"population of Nyby": func(s *Store) (any, error) {
			q, err := query.Parse(map[string][]string{"municipality": {"5699"}}, query.Population)
			if err != nil {
				return nil, err
			}
			return s.ListPopulation(ctx, q)
		},
		"the changes feed": func(s *Store) (any, error) { return s.ListChanges(ctx, 0, 1_000_000) },
	}
	for name, answer := range answers {
		want, err := answer(primary)
		if err != nil {
			t.Fatalf("%s on the primary: %v", name, err)
		}
		got, err := answer(replica)
		if err != nil {
			t.Fatalf("%s on the replica: %v", name, err)
		}
		w, _ := json.Marshal(want)
		g, _ := json.Marshal(got)
		if string(w) != string(g) {
			t.Errorf("%s differs:\nprimary %.400s\nreplica %.400s", name, w, g)
		}
	}
	// What was compared is what was written, not two empty answers.
	if r, err := replica.Region(ctx, "lofotregionen", ""); err != nil || len(r.Members) != 1 || r.Members[0].Municipality.Code != "1865" {
		t.Errorf("the replica's Lofotregionen: %v %+v", err, r.Members)
	}
	if g, err := Texts[domain.Goal](replica, Goals).Get(ctx, "tromsoregionen-goal-1"); err != nil || g.Item.Text != "Endret" || g.Version != goal.Version+1 {
		t.Errorf("the replica's changed goal: %v %+v", err, g)
	}
	if _, err := Texts[domain.Lesson](replica, Lessons).Get(ctx, "tromsoregionen-lesson-1"); code(err) != domain.ENOTFOUND {
		t.Errorf("the replica's deleted lesson: %v", err)
	}
	if v, err := replica.DataVersion(ctx); err != nil || v == "" {
		t.Errorf("the replica's data version: %q %v", v, err)
	}
}
