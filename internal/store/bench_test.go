package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
	"github.com/byregion/byregion/internal/store/storetest"
)

// The scale dataset: the real population rows copied under 64 benchmark sources, about half a million
// observations. The copies exist only in the benchmark's own database file.
func scaleStore(b *testing.B) *Store {
	b.Helper()
	s, err := Open(storetest.New(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if _, err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	ds, err := dataset.Load()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.LoadDataset(ctx, ds); err != nil {
		b.Fatal(err)
	}
	for n := 1; n <= 64; n++ {
		src := fmt.Sprintf("bench-%d", n)
		err := s.db.Exec(`INSERT INTO sources (id, title, publisher, licence) VALUES (?, 'benchmark copy', 'benchmark', 'none')`, src).Error
		if err == nil {
			err = s.db.Exec(`INSERT INTO population_observations (id, municipality_id, region_id, reference_date, value, kind, source_id, note)
				SELECT id || ':' || ?, municipality_id, region_id, reference_date, value, kind, ?, note
				FROM population_observations WHERE source_id = 'ssb-07459'`, src, src).Error
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkPopulation measures a page at the start and deep into the result, and the count that
// meta.total needs, on the scale dataset.
func BenchmarkPopulation(b *testing.B) {
	s := scaleStore(b)
	ctx := context.Background()
	var rows int64
	s.db.Table("population_observations").Count(&rows)
	b.Logf("scale dataset: %d population observations", rows)
	base := query.Query{Sort: query.Population.DefaultSort, Page: domain.Page{Limit: 50}}
	// A page deep into the result: after the last municipality's rows (the id sort, then the tiebreaker).
	deep := base
	deep.Page.Cursor = encodeCursor(cursor{Sort: base.SortString(), Values: []any{"population:5"}})
	counted := base
	counted.Count = true
	for _, c := range []struct {
		name string
		q    query.Query
	}{{"first-page", base}, {"deep-page", deep}, {"first-page-with-count", counted}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.ListPopulation(ctx, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkImport100k imports about 100,000 population rows in one transaction: the real figures of every
// municipality for 2024-2026 (when today's codes were in force), restated under 94 benchmark sources, each
// row through the logged write path.
func BenchmarkImport100k(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(storetest.New(b))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		ds, err := dataset.Load()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.LoadDataset(ctx, ds); err != nil {
			b.Fatal(err)
		}
		var rows []domain.ImportRow
		for n := 1; n <= 94; n++ {
			src := fmt.Sprintf("bench-%d", n)
			if err := s.db.Exec(`INSERT INTO sources (id, title, publisher, licence) VALUES (?, 'benchmark copy', 'benchmark', 'none')`, src).Error; err != nil {
				b.Fatal(err)
			}
			for _, o := range ds.Population {
				if o.Municipality != nil && o.ReferenceDate >= "2024-01-01" {
					rows = append(rows, domain.ImportRow{Line: len(rows), Municipality: o.Municipality.Code, ReferenceDate: o.ReferenceDate,
						Value: float64(o.Value), Kind: domain.KindOfficial, Source: src, Measure: domain.AreaUnknown})
				}
			}
		}
		b.StartTimer()
		report, err := s.ImportObservations(ctx, "bench", "population", rows, nil, 0, false)
		b.StopTimer()
		if err != nil || report.Inserted != len(rows) {
			b.Fatalf("%v: %d rejected, the first %+v", err, len(report.Errors), report.Errors[:min(3, len(report.Errors))])
		}
		b.ReportMetric(float64(len(rows)), "rows")
		s.Close()
	}
}

// BenchmarkCreateGoal creates goals in a region that already has 1,000 of them, and in one that has three:
// a create costs the same in both, for the next id is found by the database, not by reading every id.
func BenchmarkCreateGoal(b *testing.B) {
	for _, size := range []int{3, 1000} {
		b.Run(fmt.Sprintf("region-of-%d", size), func(b *testing.B) {
			s := loadedCopy(b)
			ctx := context.Background()
			goals := Texts[domain.Goal](s, Goals)
			goal := domain.Goal{Region: "tromsoregionen", Text: "Mål", Language: "nb", Source: domain.Source{ID: "tromsoregionen-seed"}}
			for i := 3; i < size; i++ {
				if _, err := goals.Create(ctx, "bench", goal, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := goals.Create(ctx, "bench", goal, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
