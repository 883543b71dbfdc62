package store

import (
	"context"
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// population is the figures of a municipality code's population, by reference date, as the API lists them.
func population(t *testing.T, s *Store, code string) map[string]domain.PopulationObservation {
	t.Helper()
	q, err := query.Parse(map[string][]string{"municipality": {code}, "limit": {"1000"}}, query.Population)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.ListPopulation(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]domain.PopulationObservation{}
	for _, o := range l.Items {
		out[o.ReferenceDate+" "+string(o.Kind)+" "+o.Source.ID] = o
	}
	return out
}

func changesOf(t *testing.T, s *Store, resource string) int {
	t.Helper()
	changes, err := s.ListChanges(context.Background(), 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range changes {
		if c.Resource == resource {
			n++
		}
	}
	return n
}

// An import inserts new keys, updates changed figures, leaves equal ones, and logs each write like any other.
func TestImportInsertsUpdatesAndLeaves(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	before := population(t, s, "5501")
	logged := changesOf(t, s, "population")
	official := before["2024-01-01 official ssb-07459"]
	rows := []domain.ImportRow{
		{Line: 2, Municipality: "5501", ReferenceDate: "2024-01-01", Value: float64(official.Value), Kind: domain.KindOfficial, Source: "ssb-07459"},
		{Line: 3, Municipality: "5501", ReferenceDate: "2031-01-01", Value: 81000, Kind: domain.KindReported, Source: "tromsoregionen-seed"},
		{Line: 4, Municipality: "5501", ReferenceDate: "2024-01-01", Value: 77000, Kind: domain.KindReported, Source: "tromsoregionen-seed",
			Note: "anslag"},
	}
	report, err := s.ImportObservations(ctx, "importer", "population", rows, nil, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	if !report.Committed || report.Rows != 3 || report.Inserted != 2 || report.Unchanged != 1 || report.Updated != 0 ||
		report.Skipped != 1 || report.Rejected != 0 {
		t.Fatalf("%+v", report)
	}
	after := population(t, s, "5501")
	if len(after) != len(before)+2 || after["2031-01-01 reported tromsoregionen-seed"].Value != 81000 {
		t.Errorf("after the import: %d figures, the new one %+v", len(after), after["2031-01-01 reported tromsoregionen-seed"])
	}
	if got := changesOf(t, s, "population"); got != logged+2 {
		t.Errorf("%d changes logged, want %d", got-logged, 2)
	}

	rows[1].Value = 81500
	report, err = s.ImportObservations(ctx, "importer", "population", rows, nil, 0, false)
	if err != nil || report.Updated != 1 || report.Unchanged != 2 || report.Inserted != 0 {
		t.Fatalf("a second import: %v %+v", err, report)
	}
	if v := population(t, s, "5501")["2031-01-01 reported tromsoregionen-seed"]; v.Value != 81500 {
		t.Errorf("updated to %d", v.Value)
	}
	history, err := s.Population().History(ctx, "population:5501:2031-01-01:tromsoregionen-seed")
	if err != nil || len(history) != 2 || history[1].Version != 2 || history[1].Actor != "importer" {
		t.Errorf("the record's history: %v %+v", err, history)
	}
}

// With any row rejected, or in a dry run, nothing is written, and the report says what would have been.
func TestImportIsAllOrNothing(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	good := domain.ImportRow{Line: 2, Municipality: "5501", ReferenceDate: "2031-01-01", Value: 81000, Kind: domain.KindReported,
		Source: "tromsoregionen-seed"}
	cases := []struct {
		name     string
		rows     []domain.ImportRow
		rejected []domain.ImportError
		dryRun   bool
		field    string // the field of the first error, if any
	}{
		{"a dry run", []domain.ImportRow{good}, nil, true, ""},
		{"a code nobody had then", []domain.ImportRow{good, {Line: 3, Municipality: "5501", ReferenceDate: "2019-01-01", Value: 1,
			Kind: domain.KindReported, Source: "tromsoregionen-seed"}}, nil, false, "municipality"},
		{"a source that does not exist", []domain.ImportRow{good, {Line: 3, Municipality: "5501", ReferenceDate: "2031-01-01", Value: 1,
			Kind: domain.KindReported, Source: "rumour"}}, nil, false, "source"},
		{"a region that does not exist", []domain.ImportRow{good, {Line: 3, Region: "atlantis", ReferenceDate: "2031-01-01", Value: 1,
			Kind: domain.KindReported, Source: "tromsoregionen-seed"}}, nil, false, "region"},
		{"a row the reader refused", []domain.ImportRow{good}, []domain.ImportError{{Line: 3, Field: "value", Message: "must be a number"}},
			false, "value"},
	}
	logged := changesOf(t, s, "population")
	for _, c := range cases {
		report, err := s.ImportObservations(ctx, "importer", "population", c.rows, c.rejected, 0, c.dryRun)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if report.Committed || report.Inserted != 1 || report.DryRun != c.dryRun {
			t.Errorf("%s: %+v", c.name, report)
		}
		if c.field != "" && (report.Rejected != 1 || len(report.Errors) != 1 || report.Errors[0].Field != c.field || report.Errors[0].Line != 3) {
			t.Errorf("%s: errors %+v", c.name, report.Errors)
		}
	}
	if _, ok := population(t, s, "5501")["2031-01-01 reported tromsoregionen-seed"]; ok || changesOf(t, s, "population") != logged {
		t.Error("a refused import wrote")
	}
}

// A figure published under a code before a reform is the municipality that had the code then: Tromsø's
// 1902 in 2019 is today's 5501 (and an official figure shows the code it was published under), and a code
// of another kind of import is refused.
func TestImportReadsCodesOnTheirDate(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	report, err := s.ImportObservations(ctx, "importer", "area", []domain.ImportRow{
		{Line: 1, Municipality: "1902", ReferenceDate: "2019-01-01", Value: 2521.5, Kind: domain.KindOfficial, Source: "tromsoregionen-seed",
			Measure: domain.AreaTotal},
	}, nil, 0, false)
	if err != nil || !report.Committed || report.Inserted != 1 {
		t.Fatalf("%v %+v", err, report)
	}
	q, err := query.Parse(map[string][]string{"municipality": {"5501"}, "kind": {"official"}}, query.Area)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.ListArea(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, o := range l.Items {
		if o.ReferenceDate == "2019-01-01" && o.ValueKM2 == 2521.5 {
			found = true
			if o.PublishedCode == nil || *o.PublishedCode != "1902" || o.Municipality.Code != "5501" {
				t.Errorf("published as %v, shown as %+v", o.PublishedCode, o.Municipality)
			}
		}
	}
	if !found {
		t.Errorf("the figure under 1902 is not Tromsø's: %+v", l.Items)
	}
	if _, err := s.ImportObservations(ctx, "importer", "people", nil, nil, 0, false); code(err) != domain.EINVALID {
		t.Errorf("an import of people: %v", err)
	}
}

// An import writes its new figures in batches: 3,360 rows commit in one go, and each is logged.
func TestLargeImport(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 3,360 rows")
	}
	t.Parallel()
	s := loadedCopy(t)
	var rows []domain.ImportRow
	for year := 3000; year < 3010; year++ {
		for day := 1; day <= 28; day++ {
			for month := 1; month <= 12; month++ {
				date := strings.Join([]string{itoa(year), pad(month), pad(day)}, "-")
				rows = append(rows, domain.ImportRow{Line: len(rows) + 1, Municipality: "5501", ReferenceDate: date, Value: float64(len(rows)),
					Kind: domain.KindReported, Source: "tromsoregionen-seed"})
			}
		}
	}
	logged := changesOf(t, s, "population")
	report, err := s.ImportObservations(context.Background(), "importer", "population", rows, nil, 0, false)
	if err != nil || !report.Committed || report.Inserted != len(rows) {
		t.Fatalf("%v %+v", err, report)
	}
	if got := changesOf(t, s, "population") - logged; got != len(rows) {
		t.Errorf("%d changes for %d rows", got, len(rows))
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func pad(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}
