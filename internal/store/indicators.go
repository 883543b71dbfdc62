package store

import (
	"context"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// indicators computes a subject's population, density and growth per reference date from the figures of
// its units (municipalities in force). outside says why the units are not exactly the subject's territory,
// if they are not.
func (s *Store) indicators(ctx context.Context, subject domain.IndicatorSubject, l *lineage, units []string, outside []domain.Caveat,
	q query.Query) (domain.List[domain.Indicator], error) {
	population, err := s.seriesFigures(ctx, "population_observations", "value", units)
	if err != nil {
		return domain.List[domain.Indicator]{}, err
	}
	areas, err := s.seriesFigures(ctx, "area_observations", "value_km2", units)
	if err != nil {
		return domain.List[domain.Indicator]{}, err
	}
	var areaTotal *domain.Total
	var areaDates []string
	for d := range areas {
		areaDates = append(areaDates, d)
	}
	sort.Strings(areaDates)
	if len(areaDates) > 0 {
		t := l.sum(units, areas[areaDates[len(areaDates)-1]], areaDates[len(areaDates)-1])
		areaTotal = &t
	}
	subject.Municipalities = []domain.MunicipalityRef{}
	for _, u := range units {
		last := l.latest(u)
		subject.Municipalities = append(subject.Municipalities, domain.MunicipalityRef{Code: last.Code, Name: last.Name})
	}
	var dates []string
	for d := range population {
		dates = append(dates, d)
	}
	sort.Strings(dates)
	all := make([]domain.Indicator, len(dates))
	for i, d := range dates {
		total := l.sum(units, population[d], d)
		if len(outside) > 0 {
			total.Caveats = append(slices.Clone(outside), total.Caveats...)
		}
		row := domain.Indicator{Subject: subject, ReferenceDate: d, Population: total.Value,
			Complete: len(total.Caveats) == 0 && total.Expected > 0, Caveats: total.Caveats, DerivedFrom: total.DerivedFrom}
		if areaTotal != nil && areaTotal.Complete && areaTotal.Value > 0 {
			area := areaTotal.Value
			density := round2(total.Value / area)
			row.AreaKM2, row.Density, row.AreaReferenceDate = &area, &density, &areaDates[len(areaDates)-1]
			row.DerivedFrom = append(slices.Clone(row.DerivedFrom), areaTotal.DerivedFrom...)
		}
		if i > 0 {
			row.Change = change(&all[i-1], &row) // against the year before, even one before from=
		}
		all[i] = row
	}
	// Growth since the programme's start is measured from its first figures, whatever years are asked for.
	var start *domain.Indicator
	for i := range all {
		if all[i].ReferenceDate == programmeListing {
			start = &all[i]
		}
	}
	var rows []domain.Indicator
	for _, row := range all {
		if inYears(q, row.ReferenceDate) {
			if start != nil && row.ReferenceDate > start.ReferenceDate {
				row.SinceStart = change(start, &row)
			}
			rows = append(rows, row)
		}
	}
	return pageInMemory(rows, q, func(r domain.Indicator) string { return r.ReferenceDate })
}

// change is the growth from one year's indicators to another's: complete only when both years are, with
// the caveats of each year that is not (a change from an apportioned year, as every year before a split
// is, or from one with a figure missing, says so).
func change(from, to *domain.Indicator) *domain.Growth {
	c := &domain.Growth{Since: from.ReferenceDate, Absolute: round2(to.Population - from.Population),
		Complete: from.Complete && to.Complete, Caveats: []domain.Caveat{}}
	if from.Population != 0 {
		c.Percent = round2((to.Population - from.Population) / from.Population * 100)
	}
	for _, end := range []*domain.Indicator{from, to} {
		for _, cv := range end.Caveats {
			if cv.Code == domain.CaveatTerritoryDiffers && end == to && slices.ContainsFunc(from.Caveats, func(f domain.Caveat) bool {
				return f.Message == cv.Message
			}) {
				continue // the same territory at both ends: said once
			}
			c.Caveats = append(c.Caveats, cv)
		}
	}
	return c
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// RegionIndicators are a region's indicators (the region fixed by the query's region filter).
func (s *Store) RegionIndicators(ctx context.Context, q query.Query) (domain.List[domain.Indicator], error) {
	f, ok := q.Filter("region")
	if !ok || len(f.Values) != 1 {
		return domain.List[domain.Indicator]{}, domain.Invalid("query", "region", "is required: one region id")
	}
	id := f.Values[0]
	var region []regionRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Find(&region).Error; err != nil {
		return domain.List[domain.Indicator]{}, err
	}
	if len(region) == 0 {
		return domain.List[domain.Indicator]{}, s.noRegion(ctx, id)
	}
	ru, err := s.unitsOf(ctx, id)
	if err != nil {
		return domain.List[domain.Indicator]{}, err
	}
	units, outside := ru.on(ru.listedOn())
	subject := domain.IndicatorSubject{Kind: "region", ID: id, Name: region[0].Name}
	return s.indicators(ctx, subject, ru.l, units, outside, q)
}

// GroupIndicators are the indicators of the municipalities the query names (the municipalities filter, or
// the one municipality a path names), summed; retired codes are read as what they became.
func (s *Store) GroupIndicators(ctx context.Context, q query.Query) (domain.List[domain.Indicator], error) {
	f, ok := q.Filter("municipalities")
	if !ok {
		f, _ = q.Filter("municipality")
	}
	ids, mapped, err := s.resolveCodes(ctx, f.Values)
	if err != nil {
		return domain.List[domain.Indicator]{}, err
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return domain.List[domain.Indicator]{}, err
	}
	units := slices.Compact(slices.Sorted(slices.Values(ids)))
	subject := domain.IndicatorSubject{Kind: "group", ID: strings.Join(f.Values, ",")}
	if len(f.Values) == 1 && len(units) == 1 {
		last := l.periods[units[0]][len(l.periods[units[0]])-1]
		subject = domain.IndicatorSubject{Kind: "municipality", ID: last.Code, Name: last.Name}
	}
	out, err := s.indicators(ctx, subject, l, units, nil, q)
	out.Mapped = mapped
	return out, err
}

// RegionSummary is a region's profile for a year: members, population, area, density, growth, goals,
// measures by status (and how many of them are inferred) and partners. The programme began in 2014; growth
// is measured from the date of the figures the programme reports for its regions (the earliest reported
// population, 1 January 2015).
func (s *Store) RegionSummary(ctx context.Context, id string, year int) (domain.RegionSummary, error) {
	var out domain.RegionSummary
	region, err := s.Region(ctx, id, "")
	if err != nil {
		return out, err
	}
	var starts []string
	if err := s.db.WithContext(ctx).Table("population_observations").Where("region_id IS NOT NULL AND kind = ?", domain.KindReported).
		Order("reference_date").Limit(1).Pluck("reference_date", &starts).Error; err != nil {
		return out, err
	}
	if year == 0 { // the latest year with official figures
		// Nearly every figure is official: the latest is found by reading the dates from the end. "kind || ''"
		// keeps the planner from reading every official figure by kind and sorting them, which SQLite
		// chooses for a plain "kind = ?" although its statistics say half the table has each kind.
		var latest []string
		if err := s.db.WithContext(ctx).Table("population_observations").Where("kind || '' = ?", domain.KindOfficial).
			Order("reference_date DESC").Limit(1).Pluck("reference_date", &latest).Error; err != nil {
			return out, err
		}
		if len(latest) > 0 {
			year, _ = strconv.Atoi(latest[0][:4])
		}
	}
	launched, _ := strconv.Atoi(programmeLaunch[:4])
	out = domain.RegionSummary{Region: region, Year: year, ProgrammeStart: launched, Measures: map[domain.Status]int{},
		MeasuresInferred: map[domain.Status]int{}}
	y := strconv.Itoa(year)
	if len(starts) > 0 {
		out.GrowthSince = &starts[0]
	}
	pop, err := s.RegionPopulationTotals(ctx, query.RegionTotals.All().With(query.RegionTotals, "region", id).
		With(query.RegionTotals, "from", y).With(query.RegionTotals, "to", y))
	if err != nil {
		return out, err
	}
	if len(pop.Items) > 0 {
		out.Population = &pop.Items[0]
	}
	area, err := s.RegionAreaTotals(ctx, query.RegionTotals.All().With(query.RegionTotals, "region", id))
	if err != nil {
		return out, err
	}
	for i := range area.Items { // the row that sets the reported area beside the official, else the latest
		if out.Area == nil || area.Items[i].Reported != nil {
			out.Area = &area.Items[i]
		}
	}
	iq := query.Indicators.All().With(query.Indicators, "region", id).With(query.Indicators, "to", y)
	if out.GrowthSince != nil {
		iq = iq.With(query.Indicators, "from", (*out.GrowthSince)[:4])
	}
	ind, err := s.RegionIndicators(ctx, iq)
	if err != nil {
		return out, err
	}
	if n := len(ind.Items); n > 0 && ind.Items[n-1].ReferenceDate[:4] == y {
		out.Indicators = &ind.Items[n-1]
	}
	texts := func(spec query.Spec) query.Query { return spec.All().With(spec, "region", id) }
	goals, err := Texts[domain.Goal](s, Goals).List(ctx, texts(query.Goals))
	if err != nil {
		return out, err
	}
	measures, err := Texts[domain.Measure](s, Measures).List(ctx, texts(query.Measures))
	if err != nil {
		return out, err
	}
	partners, err := Texts[domain.Partner](s, Partners).List(ctx, texts(query.Partners))
	if err != nil {
		return out, err
	}
	out.Goals, out.MeasureList, out.Partners = goals.Items, measures.Items, partners.Items
	for _, st := range []domain.Status{domain.StatusPlanned, domain.StatusOngoing, domain.StatusCompleted} {
		out.Measures[st], out.MeasuresInferred[st] = 0, 0
	}
	for _, m := range measures.Items {
		out.Measures[m.Status]++
		if m.StatusInferred {
			out.MeasuresInferred[m.Status]++
		}
	}
	return out, nil
}
