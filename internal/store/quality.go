package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// The data-quality report compares each region's reported population and area with the official figures
// of its members. The official series are on today's borders, so the comparison is exact only when the
// municipalities in force today that the members became hold the members' territory and nothing else:
// no member was split, and no non-member merged into the same municipality.

// Tolerances for calling two figures equal: population is a count; regions report area in whole km².
const (
	populationTolerance = 0.5
	areaTolerance       = 1.0
)

// RegionQuality reports on one region.
func (s *Store) RegionQuality(ctx context.Context, id string) (domain.QualityReport, error) {
	l, err := s.quality(ctx, id, query.Query{Sort: query.Quality.DefaultSort, Page: domain.Page{Limit: 1}})
	if err != nil {
		return domain.QualityReport{}, err
	}
	if len(l.Items) == 0 {
		return domain.QualityReport{}, s.noRegion(ctx, id)
	}
	return l.Items[0], nil
}

// ListQuality reports on every region (query.Quality).
func (s *Store) ListQuality(ctx context.Context, q query.Query) (domain.List[domain.QualityReport], error) {
	return s.quality(ctx, "", q)
}

// quality reports on one page of regions, or on the one with id.
func (s *Store) quality(ctx context.Context, id string, q query.Query) (domain.List[domain.QualityReport], error) {
	var out domain.List[domain.QualityReport]
	base := s.regionQuery()
	if id != "" {
		base = base.Where("r.id = ?", id)
	}
	rows, total, next, err := list(ctx, base, regionSelect, query.Quality, q, regionIDOf)
	if err != nil || len(rows) == 0 {
		return out, err
	}
	ids := collect(rows, func(r regionListRow) string { return r.Region.ID })
	all, err := s.allMemberships(ctx)
	if err != nil {
		return out, err
	}
	var reportedPopulation []populationRow
	if err := s.db.WithContext(ctx).Where("region_id IN ? AND kind = ?", ids, domain.KindReported).
		Order("reference_date").Find(&reportedPopulation).Error; err != nil {
		return out, err
	}
	var reportedArea []areaRow
	if err := s.db.WithContext(ctx).Where("region_id IN ? AND kind = ?", ids, domain.KindReported).
		Order("reference_date").Find(&reportedArea).Error; err != nil {
		return out, err
	}
	var officialArea []areaRow
	if err := s.db.WithContext(ctx).Where("municipality_id IS NOT NULL AND kind IN ? AND source_id = ?", sumSeries["area_observations"].kinds,
		sumSeries["area_observations"].source).Order("reference_date").Find(&officialArea).Error; err != nil {
		return out, err
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return out, err
	}
	populations := map[string]populationOn{} // population by reference date, read once each
	for _, row := range rows {
		r := row.Region
		ms := all.of(r.ID)
		report := domain.QualityReport{Region: domain.RegionRef{ID: r.ID, Name: r.Name},
			Population: domain.FigureCheck{Status: domain.CheckNotReported, Caveats: []domain.Caveat{}, Note: "The region reports no population."},
			Area:       domain.FigureCheck{Status: domain.CheckNotReported, Caveats: []domain.Caveat{}, Note: "The region reports no area."}}
		for _, o := range reportedPopulation {
			if deref(o.RegionID) != r.ID {
				continue
			}
			if _, ok := populations[o.ReferenceDate]; !ok {
				if populations[o.ReferenceDate], err = s.populationOn(ctx, o.ReferenceDate); err != nil {
					return out, err
				}
			}
			on := populations[o.ReferenceDate]
			reported := domain.ReportedFigure{Value: float64(o.Value), ReferenceDate: o.ReferenceDate, Source: o.SourceID}
			report.Population = l.checkerOn(o.ReferenceDate).check(ms, reported, on.figures, on.apportioned, o.ReferenceDate,
				populationSource, populationTolerance, "population")
		}
		for _, o := range reportedArea {
			if deref(o.RegionID) != r.ID {
				continue
			}
			figures, date, src := latestArea(officialArea)
			reported := domain.ReportedFigure{Value: o.ValueKM2, ReferenceDate: o.ReferenceDate, Source: o.SourceID}
			report.Area = l.checkerOn(o.ReferenceDate).check(ms, reported, figures, nil, date, src, areaTolerance, "area")
			if report.Area.Computed != nil && date != o.ReferenceDate {
				report.Area.Note += fmt.Sprintf(" The municipal areas are the %s edition of a compilation that does not say "+
					"when they were measured; the reported one is of %s.", date[:4], o.ReferenceDate)
			}
			if report.Area.Status == domain.CheckUnexplained {
				report.Area.Note += " The two may not measure the same thing: the municipal areas' source does not say " +
					"whether they include freshwater (see its note), and the region does not say either."
			}
		}
		out.Items = append(out.Items, report)
	}
	out.Total, out.NextCursor = total, next
	return out, nil
}

// populationSource is the official population series the report sums.
var populationSource = sumSeries["population_observations"].source

// populationOn is the summed series' population of every municipality on a date, and which of the figures
// are the source's apportionments (estimates).
type populationOn struct {
	figures     map[string]float64
	apportioned map[string]bool
}

// populationOn reads the population series of every municipality on date.
func (s *Store) populationOn(ctx context.Context, date string) (populationOn, error) {
	var rows []populationRow
	if err := s.db.WithContext(ctx).Where("municipality_id IS NOT NULL AND kind IN ? AND reference_date = ? AND source_id = ?",
		sumSeries["population_observations"].kinds, date, populationSource).Find(&rows).Error; err != nil {
		return populationOn{}, err
	}
	out := populationOn{figures: map[string]float64{}, apportioned: map[string]bool{}}
	for _, r := range rows {
		out.figures[*r.MunicipalityID] = float64(r.Value)
		out.apportioned[*r.MunicipalityID] = r.Kind == string(domain.KindApportioned)
	}
	return out, nil
}

// latestArea picks each municipality's latest area figure (rows are in date order).
func latestArea(rows []areaRow) (map[string]float64, string, string) {
	out := map[string]float64{}
	date, src := "", ""
	for _, r := range rows {
		out[*r.MunicipalityID], date, src = r.ValueKM2, r.ReferenceDate, r.SourceID
	}
	return out, date, src
}

// checker compares regions' figures as of one date: which municipalities existed then, what each became,
// and what each of today's municipalities came from.
type checker struct {
	l       *lineage
	date    string
	then    map[string]municipalityCodeRow // identity -> its period on the date
	today   map[string][]domain.MunicipalityToday
	sources map[string][]string // today's identity -> the identities of the date it holds (wholly or in part)
}

func newChecker(l *lineage, date string) *checker {
	c := &checker{l: l, date: date, then: map[string]municipalityCodeRow{}, today: map[string][]domain.MunicipalityToday{},
		sources: map[string][]string{}}
	for _, id := range keys(l.periods) { // in order, so every process lists a unit's sources alike
		if p, ok := l.periodAt(id, date); ok {
			c.then[id] = p
			c.today[id] = l.today(id, p.Code)
			for _, t := range c.today[id] {
				c.sources[t.ID] = append(c.sources[t.ID], id)
			}
		}
	}
	return c
}

// figureOf and figuresOf name the municipal figures a check sums as what they are: population is SSB's
// statistics; area, a compilation's figures whose origin is not stated.
func figureOf(what string) string {
	if what == "area" {
		return "area figure (compiled)"
	}
	return "SSB " + what + " figure"
}

func figuresOf(what string) string {
	if what == "area" {
		return "area figures (compiled, origin not stated)"
	}
	return "SSB " + what + " figures"
}

// territory is who is in and who is not, the one computation behind every figure of a region (its totals,
// indicators and summary, and its quality report): the municipalities in force that the members are or
// became, and why their sum is not exactly the members' territory as of the checker's date (a municipality
// that was not a member is part of one of them, wholly or in part).
func (c *checker) territory(members []membershipRow) (units []string, outside []domain.Caveat) {
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m.MunicipalityID] = true
	}
	// A member split between several of today's municipalities is no problem by itself: its parts are all
	// summed. It is one when a part holds land of a municipality that was not a member, found below.
	for _, m := range members {
		for _, t := range c.today[m.MunicipalityID] {
			if !slices.Contains(units, t.ID) {
				units = append(units, t.ID)
			}
		}
	}
	sort.Strings(units)
	for _, u := range units {
		for _, id := range c.sources[u] {
			if !isMember[id] {
				then, today := c.then[id], c.l.latest(u)
				outside = append(outside, domain.Caveat{Code: domain.CaveatTerritoryDiffers, Date: c.date,
					Message:        fmt.Sprintf("%s, not a member, is part of today's %s %s.", then.Name, today.Code, today.Name),
					Municipalities: []domain.MunicipalityRef{{Code: then.Code, Name: then.Name}, {Code: today.Code, Name: today.Name}}})
			}
		}
	}
	return units, outside
}

// check compares one reported figure with the members' figures.
func (c *checker) check(members []membershipRow, reported domain.ReportedFigure, figures map[string]float64,
	apportioned map[string]bool, date, source string, tolerance float64, what string) domain.FigureCheck {
	fc := domain.FigureCheck{Reported: &reported, Caveats: []domain.Caveat{}}
	if len(members) == 0 {
		fc.Status, fc.Note = domain.CheckNotComparable, "The sources list no members to compare with."
		return fc
	}
	isMember := map[string]bool{}
	counties := map[string]bool{}
	for _, m := range members {
		isMember[m.MunicipalityID] = true
		counties[m.ListedCode[:2]] = true
	}
	units, caveats := c.territory(members)
	var missing, apportionedUnits []domain.MunicipalityRef
	computed := domain.ComputedFigure{ReferenceDate: date, Source: source, Municipalities: []domain.MunicipalityRef{}}
	for _, u := range units {
		v, ok := figures[u]
		last := c.l.latest(u)
		if !ok {
			missing = append(missing, domain.MunicipalityRef{Code: last.Code, Name: last.Name})
		}
		if apportioned[u] {
			apportionedUnits = append(apportionedUnits, domain.MunicipalityRef{Code: last.Code, Name: last.Name})
		}
		computed.Value += v
		computed.Municipalities = append(computed.Municipalities, domain.MunicipalityRef{Code: last.Code, Name: last.Name})
	}
	computed.Value = math.Round(computed.Value*100) / 100
	fc.Computed = &computed
	if len(missing) > 0 {
		caveats = append(caveats, missingCaveat(missing, date, figuresOf(what)))
	}
	if len(apportionedUnits) > 0 {
		caveats = append(caveats, apportionedCaveat(apportionedUnits, date))
	}
	if len(caveats) > 0 {
		fc.Status, fc.Caveats = domain.CheckNotComparable, caveats
		fc.Note = "Not comparable member by member. " + caveatNote(caveats)
		return fc
	}
	diff := math.Round((reported.Value-computed.Value)*100) / 100
	fc.Difference = &diff
	if math.Abs(diff) < tolerance {
		fc.Status = domain.CheckMatch
		fc.Note = fmt.Sprintf("The members' %s add up to the reported figure.", figuresOf(what))
		return fc
	}
	// Which single municipality outside the members, in the region's counties, has exactly the gap?
	var found []domain.Explanation
	for id, p := range c.then {
		if isMember[id] || !counties[p.Code[:2]] || len(c.today[id]) != 1 {
			continue
		}
		u := c.today[id][0].ID
		if len(c.sources[u]) != 1 { // its official figure must be its own, not a merger's
			continue
		}
		if v, ok := figures[u]; ok && math.Abs(v-diff) < tolerance {
			found = append(found, domain.Explanation{Value: v, Municipality: c.l.listed(id, p.Code, p.Name)})
		}
	}
	if len(found) == 1 {
		fc.Status, fc.Explanation = domain.CheckExplained, &found[0]
		fc.Note = fmt.Sprintf("The reported %s exceeds the members' by exactly the %s of %s, which the member list does not include.",
			what, what, found[0].Municipality.Name)
		return fc
	}
	fc.Status = domain.CheckUnexplained
	fc.Note = fmt.Sprintf("The reported %s differs from the members' %s, and no single municipality outside the members, in the region's county, accounts for the difference.", what, figuresOf(what))
	return fc
}
