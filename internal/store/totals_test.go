package store

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// ssbPopulation reads SSB's table 07459 from the data file itself: population on 1 January by today's
// code and year, to check the store's sums against a reading of their own.
func ssbPopulation(t *testing.T) map[string]map[int]float64 {
	t.Helper()
	f, err := os.Open("../dataset/data/ssb07459_population_jan1_by_municipality_2024codes_2005-2026.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[int]float64{}
	for _, r := range records[1:] {
		year, _ := strconv.Atoi(r[2])
		value, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatalf("%v: %v", r, err)
		}
		if out[r[0]] == nil {
			out[r[0]] = map[int]float64{}
		}
		out[r[0]][year] = value
	}
	return out
}

// A region's computed population is the sum of its members' official figures for every year, and says
// which municipalities and which observations it summed.
func TestRegionPopulationIsTheSumOfItsMembers(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	ssb := ssbPopulation(t)
	r, err := s.Region(ctx, "tromsoregionen", "")
	if err != nil {
		t.Fatal(err)
	}
	var members []string
	for _, m := range r.Members {
		members = append(members, m.Municipality.ID) // the identity, named by the code in force
	}
	if len(members) != 5 {
		t.Fatalf("Tromsøregionen's members: %v", members)
	}
	totals, err := s.RegionPopulationTotals(ctx, parse(t, query.RegionTotals, "region=tromsoregionen&limit=1000"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, row := range totals.Items {
		if row.Computed == nil {
			continue
		}
		year, _ := strconv.Atoi(row.ReferenceDate[:4])
		var want float64
		for _, code := range members {
			want += ssb[code][year]
		}
		if row.Computed.Value != want {
			t.Errorf("%s: computed %v, SSB's figures sum to %v", row.ReferenceDate, row.Computed.Value, want)
		}
		if row.Computed.Counted != 5 || row.Computed.Expected != 5 || !row.Computed.Complete || len(row.Computed.DerivedFrom) != 5 {
			t.Errorf("%s: %+v", row.ReferenceDate, row.Computed)
		}
		if row.Reported != nil && row.Difference != nil && math.Abs(*row.Difference-(row.Reported.Value-row.Computed.Value)) > 1e-9 {
			t.Errorf("%s: difference %v is not reported minus computed", row.ReferenceDate, *row.Difference)
		}
		checked++
	}
	if checked != 22 {
		t.Errorf("%d years summed, want SSB's 22 (2005-2026)", checked)
	}
}

// A municipality's indicators: its population, its density over its area, and its growth since the first
// year asked, each from the figures it names.
func TestIndicatorsFollowFromTheirFigures(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	ssb := ssbPopulation(t)
	l, err := s.GroupIndicators(ctx, parse(t, query.Group, "municipalities=5501&from=2015&to=2026&limit=1000"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Items) != 12 {
		t.Fatalf("%d years of indicators, want 12", len(l.Items))
	}
	first, previous := l.Items[0], l.Items[0]
	for i, ind := range l.Items {
		year, _ := strconv.Atoi(ind.ReferenceDate[:4])
		if ind.Population != ssb["5501"][year] || !ind.Complete {
			t.Errorf("%s: population %v (complete %v), SSB's %v", ind.ReferenceDate, ind.Population, ind.Complete, ssb["5501"][year])
			continue
		}
		if ind.AreaKM2 == nil || ind.Density == nil || math.Abs(*ind.Density - ind.Population / *ind.AreaKM2) > 0.01 {
			t.Errorf("%s: density %v over area %v", ind.ReferenceDate, ind.Density, ind.AreaKM2)
		}
		if i > 0 && (ind.Change == nil || ind.Change.Absolute != ind.Population-previous.Population || ind.Change.Since != previous.ReferenceDate) {
			t.Errorf("%s: change %+v, from %v", ind.ReferenceDate, ind.Change, previous.Population)
		}
		if i > 0 && (ind.SinceStart == nil || ind.SinceStart.Absolute != ind.Population-first.Population ||
			math.Abs(ind.SinceStart.Percent-math.Round(10000*(ind.Population-first.Population)/first.Population)/100) > 1e-9) {
			t.Errorf("%s: since the start %+v", ind.ReferenceDate, ind.SinceStart)
		}
		previous = ind
	}
}

// A region's indicators need the region.
func TestRegionIndicatorsNeedTheRegion(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	if _, err := s.RegionIndicators(context.Background(), parse(t, query.Indicators, "municipality=5501")); code(err) != domain.EINVALID {
		t.Errorf("without a region: %v", err)
	}
}

// The summary of a region for a year holds its texts and counts its measures by status.
func TestRegionSummary(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	sum, err := s.RegionSummary(ctx, "tromsoregionen", 2020)
	if err != nil {
		t.Fatal(err)
	}
	counted := 0
	for _, n := range sum.Measures {
		counted += n
	}
	if counted != len(sum.MeasureList) || len(sum.Goals) == 0 || len(sum.Partners) == 0 || sum.Year != 2020 {
		t.Errorf("%d measures counted, %d listed; %d goals, %d partners, year %d", counted, len(sum.MeasureList), len(sum.Goals),
			len(sum.Partners), sum.Year)
	}
	for _, st := range []domain.Status{domain.StatusPlanned, domain.StatusOngoing, domain.StatusCompleted} {
		if _, ok := sum.Measures[st]; !ok {
			t.Errorf("no count of %s measures, not even 0", st)
		}
	}
	if _, err := s.RegionSummary(ctx, "atlantis", 2020); code(err) != domain.ENOTFOUND {
		t.Errorf("the summary of a region that does not exist: %v", err)
	}
}
