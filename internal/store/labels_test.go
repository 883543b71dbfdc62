package store

import (
	"context"
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// What a figure on later borders is, from the fixture's code history (borders of 2024): the municipality's
// own where nothing changed its territory since, the sum of its predecessors where they merged wholly into
// it, and an estimate where one was split or gave part of its land.
func TestLabelOnBorders(t *testing.T) {
	l := fixture()
	for _, c := range []struct {
		name, id, date string
		kind           domain.Kind
		note           []string // phrases the note must have
	}{
		{"no change since", "5501", "2015-01-01", domain.KindOfficial, nil},
		{"renumbered only", "5501", "2019-01-01", domain.KindOfficial, nil},
		{"on the borders' date", "5512", "2024-01-01", domain.KindOfficial, nil},
		{"after the merger", "5512", "2020-01-01", domain.KindOfficial, nil},
		{"two merged wholly", "5512", "2019-01-01", domain.KindSumOfPredecessors,
			[]string{"sum of SSB's figures on 2019-01-01 for 1852 Tjeldsund and 1913 Skånland"}},
		{"a split part", "5059", "2019-01-01", domain.KindApportioned, []string{"5012 Snillfjord was split on 2020-01-01"}},
		{"gave part of its land later", "5059", "2020-01-01", domain.KindApportioned,
			[]string{"part of 5059 Orkland went to 5055 Heim on 2021-01-01"}},
		{"received part of another's land", "5055", "2020-01-01", domain.KindApportioned, []string{"part of 5059 Orkland went to 5055 Heim"}},
		{"no predecessor on the date", "5055", "2017-01-01", domain.KindApportioned, []string{"records no municipality on 2017-01-01"}},
		{"a gap in the identity", "1234", "2005-01-01", domain.KindApportioned, []string{"records no municipality"}},
	} {
		lb := l.onBorders(c.id, c.date, "2024-01-01")
		if lb.kind != c.kind {
			t.Errorf("%s: %s on %s is %s, want %s (%s)", c.name, c.id, c.date, lb.kind, c.kind, lb.note)
		}
		for _, phrase := range c.note {
			if !strings.Contains(lb.note, phrase) {
				t.Errorf("%s: the note %q lacks %q", c.name, lb.note, phrase)
			}
		}
		if c.kind == domain.KindOfficial && lb.note != "" {
			t.Errorf("%s: an official figure with a note: %q", c.name, lb.note)
		}
	}
}

// Every figure of the embedded population source, all 357 municipalities × 22 years, is labelled as its
// code history says, restated here from the dataset's own identities and successions (not the store's
// lineage): official exactly where no merger, split or transfer reached the municipality's territory
// between the figure's date and 2024, with the code of that date as published_code and no note; otherwise
// a sum where every change on the way was a merger, and an apportionment where one was a split or a
// transfer, each with a note and no published_code. Stavanger, Trondheim, Haram and Narvik are checked by
// name as well.
func TestEveryPopulationFigureIsLabelledByItsHistory(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	ds, err := dataset.Load()
	if err != nil {
		t.Fatal(err)
	}
	periods := map[string][]domain.MunicipalityCode{}
	for _, m := range ds.Municipalities {
		periods[m.ID] = m.Codes
	}
	codeOn := func(id, date string) (string, bool) {
		for _, p := range periods[id] {
			if (p.ValidFrom == nil || *p.ValidFrom <= date) && (p.ValidTo == nil || *p.ValidTo > date) {
				return p.Code, true
			}
		}
		return "", false
	}
	// history says what the territory of id in 2024 was on date: whether it was one municipality of that
	// date, whole (the id itself), and whether any change on the way divided a municipality.
	var history func(id, date string, seen map[string]bool) (existed int, merged, divided bool)
	history = func(id, date string, seen map[string]bool) (existed int, merged, divided bool) {
		if seen[id] {
			return 0, false, false
		}
		seen[id] = true
		if _, ok := codeOn(id, date); ok {
			existed++
		}
		for _, sc := range ds.Successions {
			if sc.Date <= date || sc.Date > "2024-01-01" {
				continue
			}
			if sc.Predecessor == id && sc.Kind == domain.SuccessionPartTransferred {
				divided = true
			}
			if sc.Successor == id {
				merged = merged || sc.Kind == domain.SuccessionMerger
				divided = divided || sc.Kind != domain.SuccessionMerger
				e, m, d := history(sc.Predecessor, date, seen)
				existed, merged, divided = existed+e, merged || m, divided || d
			}
		}
		return existed, merged, divided
	}
	rows, err := s.PopulationRows(ctx, parse(t, query.Population, ""))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[domain.Kind]int{}
	checked := 0
	err = rows.Each(func(o domain.PopulationObservation) error {
		if o.Municipality == nil {
			return nil
		}
		checked++
		kinds[o.Kind]++
		id := o.Municipality.Code // identities in force are named by their code
		existed, merged, divided := history(id, o.ReferenceDate, map[string]bool{})
		want := domain.KindOfficial
		switch {
		case divided || existed == 0:
			want = domain.KindApportioned
		case merged:
			want = domain.KindSumOfPredecessors
		}
		if o.Kind != want {
			t.Errorf("%s is %s, its history says %s (municipalities of the date %d, merged %v, divided %v)", o.ID, o.Kind, want, existed, merged, divided)
		}
		code, _ := codeOn(id, o.ReferenceDate)
		switch {
		case want == domain.KindOfficial && (o.PublishedCode == nil || *o.PublishedCode != code || o.Note != ""):
			t.Errorf("%s: official with published_code %v (want %s) and note %q", o.ID, o.PublishedCode, code, o.Note)
		case want != domain.KindOfficial && (o.PublishedCode != nil || o.Note == ""):
			t.Errorf("%s: %s with published_code %v and note %q", o.ID, o.Kind, o.PublishedCode, o.Note)
		}
		// The predecessors: those of the date the history reached (as many as it counted), each named in the note.
		if n := len(o.Predecessors); (want == domain.KindOfficial && n != 0) || (want != domain.KindOfficial && n != existed) {
			t.Errorf("%s: %s with %d predecessors %v, the history counts %d", o.ID, o.Kind, n, o.Predecessors, existed)
		}
		for _, p := range o.Predecessors {
			if !strings.Contains(o.Note, p.Code+" "+p.Name) {
				t.Errorf("%s: predecessor %s %s is not in the note %q", o.ID, p.Code, p.Name, o.Note)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked != 7852 {
		t.Errorf("%d municipal figures checked, want 357 × 22 = 7852", checked)
	}
	t.Logf("kinds: %v", kinds)
	for _, c := range []struct {
		id   string
		kind domain.Kind
		note string
	}{
		{"population:1580:2023-01-01:ssb-07459", domain.KindApportioned, "1507 Ålesund was split on 2024-01-01"},
		{"population:1508:2023-01-01:ssb-07459", domain.KindApportioned, "1507 Ålesund was split on 2024-01-01"},
		{"population:1103:2019-01-01:ssb-07459", domain.KindSumOfPredecessors, "1103 Stavanger, 1141 Finnøy and 1142 Rennesøy"},
		{"population:5001:2017-01-01:ssb-07459", domain.KindSumOfPredecessors, "1601 Trondheim and 1662 Klæbu"},
		{"population:1806:2019-01-01:ssb-07459", domain.KindApportioned, "1850 Tysfjord - Divtasvuodna was split on 2020-01-01"},
		{"population:5501:2015-01-01:ssb-07459", domain.KindOfficial, ""},
	} {
		got, err := s.Population().Get(ctx, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Item.Kind != c.kind || !strings.Contains(got.Item.Note, c.note) {
			t.Errorf("%s: %s %q", c.id, got.Item.Kind, got.Item.Note)
		}
	}
}

// A write to the code history relabels the figures it changes, in its own transaction: a part of Skånland
// moved into Tromsø in 2018 would make Tromsø's figures of 2005-2017 apportionments (on 2024's borders they
// hold land Tromsø did not have), and taking the succession back makes them SSB's own again.
func TestCodeHistoryWritesRelabel(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	figure := func() domain.PopulationObservation {
		t.Helper()
		got, err := s.Population().Get(ctx, "population:5501:2015-01-01:ssb-07459")
		if err != nil {
			t.Fatal(err)
		}
		return got.Item
	}
	made, err := s.Successions().Create(ctx, "t", domain.Succession{Predecessor: "1913-2019", Successor: "5501", Date: "2018-01-01",
		Kind: domain.SuccessionPartTransferred, Source: domain.Source{ID: "ssb-klass-131"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o := figure(); o.Kind != domain.KindApportioned || o.PublishedCode != nil || !strings.Contains(o.Note, "part of 1913 Skånland went to") {
		t.Errorf("Tromsø 2015 after the transfer: %s %v %q", o.Kind, o.PublishedCode, o.Note)
	}
	if after, err := s.Population().Get(ctx, "population:5501:2018-01-01:ssb-07459"); err != nil || after.Item.Kind != domain.KindOfficial {
		t.Errorf("Tromsø 2018, after the transfer: %+v %v", after.Item.Kind, err)
	}
	if err := s.Successions().Delete(ctx, "t", made.Item.ID, made.Version); err != nil {
		t.Fatal(err)
	}
	if o := figure(); o.Kind != domain.KindOfficial || o.PublishedCode == nil || *o.PublishedCode != "1902" || o.Note != "" {
		t.Errorf("Tromsø 2015 with the transfer taken back: %s %v %q", o.Kind, o.PublishedCode, o.Note)
	}
}

// What a region's sum says of its territory is the same in every process: the municipalities outside the
// members come in one order, so two servers (or a restart) give the same bytes and the same ETag. Checked
// for every region, on checkers built afresh, as each process builds its own.
func TestTerritoryIsSaidInOneOrder(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	l, err := buildLineage(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.allMemberships(ctx)
	if err != nil {
		t.Fatal(err)
	}
	regions, err := s.ListRegions(ctx, parse(t, query.Regions, "limit=100"))
	if err != nil {
		t.Fatal(err)
	}
	several := 0
	for _, r := range regions.Items {
		say := func() string {
			_, outside := newChecker(l, programmeListing).territory(all.of(r.ID))
			if len(outside) > 1 {
				several++
			}
			var b strings.Builder
			for _, c := range outside {
				b.WriteString(c.Message)
			}
			return b.String()
		}
		first := say()
		for range 20 {
			if again := say(); again != first {
				t.Fatalf("%s: %q, then %q", r.ID, first, again)
			}
		}
	}
	if several == 0 {
		t.Error("no region has two municipalities outside its members: the test shows nothing")
	}
}
