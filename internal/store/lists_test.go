package store

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// parse is q parsed against spec, or the test fails.
func parse(t *testing.T, spec query.Spec, q string) query.Query {
	t.Helper()
	values, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := query.Parse(values, spec)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return parsed
}

// codesOf lists every page of municipalities the query selects, following the cursors.
func codesOf(t *testing.T, s *Store, q string) []string {
	t.Helper()
	var codes []string
	cursor := ""
	for pages := 0; ; pages++ {
		params := q
		if cursor != "" {
			params += "&cursor=" + url.QueryEscape(cursor)
		}
		l, err := s.ListMunicipalities(context.Background(), parse(t, query.Municipalities, params))
		if err != nil {
			t.Fatalf("%s: %v", params, err)
		}
		for _, m := range l.Items {
			codes = append(codes, m.Code)
		}
		if l.NextCursor == "" {
			return codes
		}
		if pages > 400 {
			t.Fatalf("%s: the cursors do not end", q)
		}
		cursor = l.NextCursor
	}
}

// Paging by cursor walks a sorted list once: no item twice, none left out, whatever the page size and the
// sort, ties broken by the id.
func TestCursorsWalkEveryItemOnce(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	whole := codesOf(t, s, "limit=1000")
	if len(whole) != 357 {
		t.Fatalf("%d municipalities in force, want 357", len(whole))
	}
	for _, c := range []struct{ sort, limit string }{
		{"code", "7"}, {"-code", "50"}, {"name", "13"}, {"-name", "100"}, {"county,name", "9"}, {"-county,-code", "1"},
	} {
		paged := codesOf(t, s, "sort="+c.sort+"&limit="+c.limit)
		all := codesOf(t, s, "sort="+c.sort+"&limit=1000")
		if !slices.Equal(paged, all) {
			t.Errorf("sort=%s, limit=%s: the pages differ from the whole list", c.sort, c.limit)
		}
		sorted := slices.Clone(paged)
		slices.Sort(sorted)
		if !slices.Equal(sorted, func() []string { w := slices.Clone(whole); slices.Sort(w); return w }()) {
			t.Errorf("sort=%s: not every municipality once", c.sort)
		}
	}
	// A cursor of one sort is refused for another: it would skip or repeat.
	l, err := s.ListMunicipalities(context.Background(), parse(t, query.Municipalities, "sort=name&limit=5"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ListMunicipalities(context.Background(), parse(t, query.Municipalities, "sort=code&limit=5&cursor="+url.QueryEscape(l.NextCursor)))
	if code(err) != domain.EINVALID {
		t.Errorf("a cursor of sort=name for sort=code: %v", err)
	}
}

// Names sort in Norwegian order (Æ, Ø, Å last) and search folds case, accents and the letters of
// Norwegian and Sámi.
func TestNorwegianOrderAndSearch(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	l, err := s.ListMunicipalities(ctx, parse(t, query.Municipalities, "sort=-name&limit=3"))
	if err != nil {
		t.Fatal(err)
	}
	var last []string
	for _, m := range l.Items {
		last = append(last, m.Name)
	}
	if len(last) != 3 || !strings.HasPrefix(last[0], "Å") || !strings.HasPrefix(last[2], "Å") {
		t.Errorf("the last names in Norwegian order: %v", last)
	}
	for _, c := range []struct {
		search string
		want   string // a code among the results
	}{
		{"tromso", "5501"}, {"TROMSØ", "5501"}, {"tromsø", "5501"}, {"baerum", "3201"}, {"bærum", "3201"},
		{"aasnes", "3418"}, {"åsnes", "3418"}, {"omasvuotna", "5538"}, {"OMASVUOTNA", "5538"}, {"hábmer", "1875"}, {"habmer", "1875"},
	} {
		found, err := s.ListMunicipalities(ctx, parse(t, query.Municipalities, "q="+url.QueryEscape(c.search)))
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, m := range found.Items {
			codes = append(codes, m.Code)
		}
		if !slices.Contains(codes, c.want) {
			t.Errorf("q=%s finds %v, not %s", c.search, codes, c.want)
		}
	}
}

// Filters select what they say: a county, a code that is no longer in force read as what it became, the
// municipalities as they were on a date.
func TestMunicipalityFilters(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	cases := []struct {
		query string
		check func([]domain.Municipality) bool
		what  string
	}{
		{"county=55&limit=1000", func(ms []domain.Municipality) bool {
			for _, m := range ms {
				if m.County.Code != "55" {
					return false
				}
			}
			return len(ms) == 21
		}, "Troms' 21 municipalities"},
		{"code=1902", func(ms []domain.Municipality) bool { return len(ms) == 1 && ms[0].Code == "5501" }, "Tromsø, by its old code"},
		{"code=0301,5501", func(ms []domain.Municipality) bool { return len(ms) == 2 && ms[0].Code == "0301" }, "Oslo keeps its zero"},
		{"at=2019-06-01&code=1902", func(ms []domain.Municipality) bool {
			return len(ms) == 1 && ms[0].Code == "1902" && ms[0].County.Code == "19"
		}, "Tromsø as it was in 2019, in Troms county"},
		{"at=2019-06-01&limit=1000", func(ms []domain.Municipality) bool { return len(ms) == 422 }, "the 422 of 2019"},
	}
	for _, c := range cases {
		l, err := s.ListMunicipalities(ctx, parse(t, query.Municipalities, c.query))
		if err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		if !c.check(l.Items) {
			var codes []string
			for _, m := range l.Items {
				codes = append(codes, m.Code+" "+m.County.Code)
			}
			t.Errorf("%s is not %s: %d, %.200v", c.query, c.what, len(codes), codes)
		}
	}
	if _, err := s.Municipality(ctx, "9999", ""); code(err) != domain.ENOTFOUND {
		t.Errorf("a code nobody had: %v", err)
	}
}

// Texts list in each region's order, and filter by region, a region that does not exist being a 404.
func TestTextLists(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	measures := Texts[domain.Measure](s, Measures)
	l, err := measures.List(ctx, parse(t, Measures.Spec, "region=tromsoregionen&limit=1000"))
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range l.Items {
		if m.Region != "tromsoregionen" || m.Position != i+1 || m.Themes == nil || m.Source.Publisher == "" {
			t.Errorf("measure %d: %+v", i, m)
		}
	}
	byStatus, err := measures.List(ctx, parse(t, Measures.Spec, "status=completed,ongoing&limit=1000"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range byStatus.Items {
		if m.Status == domain.StatusPlanned {
			t.Errorf("status=completed,ongoing lists %s, which is planned", m.ID)
		}
	}
	if len(byStatus.Items) == 0 {
		t.Errorf("status=completed,ongoing: %d measures", len(byStatus.Items))
	}
	if _, err := measures.List(ctx, parse(t, Measures.Spec, "region=atlantis")); code(err) != domain.ENOTFOUND {
		t.Errorf("the measures of a region that does not exist: %v", err)
	}
	counted, err := Texts[domain.Goal](s, Goals).List(ctx, parse(t, Goals.Spec, "count=true&limit=1"))
	if err != nil || counted.Total == 0 || len(counted.Items) != 1 || counted.NextCursor == "" {
		t.Errorf("count=true: %v total %d, %d items", err, counted.Total, len(counted.Items))
	}
}
