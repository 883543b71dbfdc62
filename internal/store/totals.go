package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// Region totals and indicators are derived when asked: sums of the official figures of the municipalities
// in force that a region's members became (or that a group names), never stored.

// unitsOf returns the municipalities in force that a region's members valid on date are or became, and
// whether they hold exactly the members' territory (no member split, no non-member merged in).
func (s *Store) unitsOf(ctx context.Context, region string) (*regionUnits, error) {
	all, err := s.allMemberships(ctx)
	if err != nil {
		return nil, err
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return nil, err
	}
	return &regionUnits{l: l, members: all.of(region)}, nil
}

type regionUnits struct {
	l       *lineage
	members []membershipRow
	checker *checker // as of the date the members were listed
}

// programmeListing is the date the programme's member lists are of: they name the municipalities of
// 2015, when phase 2 began, by their names and codes then.
const programmeListing = "2015-01-01"

// listedOn is the date the members are judged by: one on which every member's listed code was in force.
// It is the programme's listing date where that holds, as it does for every list of the sources; for lists
// written otherwise, the first date on which all their codes were in force.
func (ru *regionUnits) listedOn() string {
	from, to := "", "9999-12-31"
	for _, m := range ru.members {
		// A code may have several periods (a new name); together they are the time it was in force.
		start, end, found := "9999-12-31", "", false
		for _, p := range ru.l.periods[m.MunicipalityID] {
			if p.Code != m.ListedCode {
				continue
			}
			found = true
			start = min(start, deref(p.ValidFrom))
			if p.ValidTo == nil {
				end = "9999-12-31"
			} else {
				end = max(end, *p.ValidTo)
			}
		}
		if found {
			from, to = max(from, start), min(to, end)
		}
	}
	if from <= programmeListing && programmeListing < to {
		return programmeListing
	}
	return from
}

// on lists the units on date (members valid then), and why their sum is not the members' territory, if so:
// the quality report's computation, with the members of the date.
func (ru *regionUnits) on(date string) (units []string, outside []domain.Caveat) {
	if ru.checker == nil {
		ru.checker = ru.l.checkerOn(ru.listedOn())
	}
	var valid []membershipRow
	for _, m := range ru.members {
		if (m.ValidFrom == nil || *m.ValidFrom <= date) && (m.ValidTo == nil || *m.ValidTo > date) {
			valid = append(valid, m)
		}
	}
	return ru.checker.territory(valid)
}

// sumSeries is the series of municipal figures that totals, indicators and the quality report add up, per
// table: one source, so that a sum never takes one municipality's figure from one source and the next
// one's from another, or counts a figure twice that two sources publish. Population is SSB's statistics:
// its own figures, and for years before a merger or a split the sums and apportionments the source made of
// them (their kinds say which, and a sum with an apportionment in it says so); area is a compilation that
// does not say where its figures come from (see its note), and everything derived from it says so.
var sumSeries = map[string]struct {
	source string
	kinds  []domain.Kind
}{
	"population_observations": {"ssb-07459", domain.StatisticalKinds},
	"area_observations":       {"aprestmo-norway-geodata", []domain.Kind{domain.KindCompiled}},
}

// seriesFigures reads the summed series' observations of the units, by date and unit, from table.
func (s *Store) seriesFigures(ctx context.Context, table, valueColumn string, units []string) (map[string]map[string]figure, error) {
	var rows []struct {
		ID             string
		MunicipalityID string
		ReferenceDate  string
		Value          float64
		Kind           string
	}
	err := s.db.WithContext(ctx).Table(table).
		Select("id, municipality_id, reference_date, "+valueColumn+" AS value, kind").
		Where("municipality_id IN ? AND kind IN ? AND source_id = ?", orEmpty(units), sumSeries[table].kinds, sumSeries[table].source).
		Order("reference_date").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]figure{} // date -> unit -> figure
	for _, r := range rows {
		if out[r.ReferenceDate] == nil {
			out[r.ReferenceDate] = map[string]figure{}
		}
		out[r.ReferenceDate][r.MunicipalityID] = figure{id: r.ID, value: r.Value, kind: domain.Kind(r.Kind)}
	}
	return out, nil
}

type figure struct {
	id    string
	value float64
	kind  domain.Kind
}

// sum adds the units' figures of one date, and says what keeps the sum from being exact: a missing figure,
// or one that is the source's apportionment.
func (l *lineage) sum(units []string, figures map[string]figure, date string) domain.Total {
	t := domain.Total{Expected: len(units), ReferenceDate: date, Municipalities: []domain.MunicipalityRef{}, DerivedFrom: []string{},
		Caveats: []domain.Caveat{}}
	var missing, apportioned []domain.MunicipalityRef
	for _, u := range units {
		last := l.latest(u)
		ref := domain.MunicipalityRef{Code: last.Code, Name: last.Name}
		t.Municipalities = append(t.Municipalities, ref)
		f, ok := figures[u]
		if !ok {
			missing = append(missing, ref)
			continue
		}
		t.Value += f.value
		t.Counted++
		t.DerivedFrom = append(t.DerivedFrom, f.id)
		if f.kind == domain.KindApportioned {
			apportioned = append(apportioned, ref)
		}
	}
	t.Value = math.Round(t.Value*100) / 100
	if len(missing) > 0 {
		t.Caveats = append(t.Caveats, missingCaveat(missing, date, "figures"))
	}
	if len(apportioned) > 0 {
		t.Caveats = append(t.Caveats, apportionedCaveat(apportioned, date))
	}
	t.Complete = len(t.Caveats) == 0 && t.Expected > 0
	return t
}

// apportionedCaveat says which figures of a date are estimates.
func apportionedCaveat(municipalities []domain.MunicipalityRef, date string) domain.Caveat {
	what := "The figure of " + refs(municipalities) + " on " + date + " is"
	if len(municipalities) > 1 {
		what = "The figures of " + refs(municipalities) + " on " + date + " are"
	}
	return domain.Caveat{Code: domain.CaveatApportioned, Date: date, Municipalities: municipalities,
		Message: what + " the source's apportionment of predecessors' figures, after a split or a transfer of territory: " +
			"an estimate, not a count."}
}

// missingCaveat says which municipalities have no figure of a date.
func missingCaveat(municipalities []domain.MunicipalityRef, date, figures string) domain.Caveat {
	return domain.Caveat{Code: domain.CaveatMissingFigures, Date: date, Municipalities: municipalities,
		Message: fmt.Sprintf("There are no %s of %s on %s.", figures, refs(municipalities), date)}
}

// refs names municipalities in a sentence: "1508 Ålesund and 1580 Haram".
func refs(municipalities []domain.MunicipalityRef) string {
	names := make([]string, len(municipalities))
	for i, m := range municipalities {
		names[i] = m.Code + " " + m.Name
	}
	return listed(names)
}

// listed joins names as a sentence does: "a, b and c".
func listed(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// caveatNote is the caveats as one note, for answers that have a note.
func caveatNote(caveats []domain.Caveat) string {
	var parts []string
	for _, c := range caveats {
		parts = append(parts, c.Message)
	}
	return strings.Join(parts, " ")
}

// regionTotals computes a region's totals per reference date (query.RegionTotals, the region fixed).
func (s *Store) regionTotals(ctx context.Context, q query.Query, table, valueColumn, unit string, static bool) (domain.List[domain.RegionTotal], error) {
	var out domain.List[domain.RegionTotal]
	f, _ := q.Filter("region")
	id := f.Values[0]
	if err := s.requireRegions(ctx, id); err != nil {
		return out, err
	}
	var region regionRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&region).Error; err != nil {
		return out, err
	}
	ru, err := s.unitsOf(ctx, id)
	if err != nil {
		return out, err
	}
	var all []string
	for _, m := range ru.members {
		for _, t := range ru.l.today(m.MunicipalityID, m.ListedCode) {
			all = append(all, t.ID)
		}
	}
	figures, err := s.seriesFigures(ctx, table, valueColumn, all)
	if err != nil {
		return out, err
	}
	var reported []struct {
		ReferenceDate string
		Value         float64
		SourceID      string
	}
	if err := s.db.WithContext(ctx).Table(table).Select("reference_date, "+valueColumn+" AS value, source_id").
		Where("region_id = ? AND kind = ?", id, domain.KindReported).Order("reference_date").Find(&reported).Error; err != nil {
		return out, err
	}
	dates := map[string]bool{}
	for d := range figures {
		dates[d] = true
	}
	for _, r := range reported {
		dates[r.ReferenceDate] = true
	}
	var officialDates []string
	for d := range figures {
		officialDates = append(officialDates, d)
	}
	sort.Strings(officialDates)
	var rows []domain.RegionTotal
	for d := range dates {
		if !inYears(q, d) {
			continue
		}
		row := domain.RegionTotal{Region: domain.RegionRef{ID: id, Name: region.Name}, ReferenceDate: d, Unit: unit}
		figDate := d
		if static && figures[d] == nil && len(officialDates) > 0 {
			figDate = officialDates[len(officialDates)-1] // area: the latest official measurement
		}
		if figures[figDate] != nil {
			units, outside := ru.on(d)
			total := ru.l.sum(units, figures[figDate], figDate)
			if len(outside) > 0 {
				total.Caveats = append(slices.Clone(outside), total.Caveats...)
				total.Complete = false
			}
			row.Computed = &total
			row.Note = caveatNote(total.Caveats)
			if figDate != d {
				row.Note = trimJoin(row.Note, fmt.Sprintf("The municipal areas are the %s edition of a compilation that "+
					"does not say when they were measured.", figDate[:4]))
			}
		}
		for _, r := range reported {
			if r.ReferenceDate == d {
				row.Reported = &domain.ReportedFigure{Value: r.Value, ReferenceDate: d, Source: r.SourceID}
			}
		}
		if row.Computed != nil && row.Reported != nil {
			diff := math.Round((row.Reported.Value-row.Computed.Value)*100) / 100
			row.Difference = &diff
		}
		rows = append(rows, row)
	}
	return pageInMemory(rows, q, func(r domain.RegionTotal) string { return r.ReferenceDate })
}

// RegionPopulationTotals is a region's population per reference date.
func (s *Store) RegionPopulationTotals(ctx context.Context, q query.Query) (domain.List[domain.RegionTotal], error) {
	return s.regionTotals(ctx, q, "population_observations", "value", "persons", false)
}

// RegionAreaTotals is a region's area per reference date.
func (s *Store) RegionAreaTotals(ctx context.Context, q query.Query) (domain.List[domain.RegionTotal], error) {
	return s.regionTotals(ctx, q, "area_observations", "value_km2", "km2", true)
}

// inYears applies from= and to= to a reference date.
func inYears(q query.Query, date string) bool {
	if f, ok := q.Filter("from"); ok && date < f.Values[0]+"-01-01" {
		return false
	}
	if f, ok := q.Filter("to"); ok {
		year, _ := strconv.Atoi(f.Values[0])
		if date >= fmt.Sprintf("%04d-01-01", year+1) {
			return false
		}
	}
	return true
}

// pageInMemory pages derived rows by their key (a reference date), ascending or descending as the query
// sorts, with the same cursors as every other collection.
func pageInMemory[T any](rows []T, q query.Query, key func(T) string) (domain.List[T], error) {
	desc := len(q.Sort) > 0 && q.Sort[0].Desc
	sort.Slice(rows, func(i, j int) bool {
		if desc {
			return key(rows[i]) > key(rows[j])
		}
		return key(rows[i]) < key(rows[j])
	})
	out := domain.List[T]{Total: int64(len(rows))}
	sortString := q.SortString()
	if q.Page.Cursor != "" {
		after, err := decodeCursor(q.Page.Cursor, sortString, 1)
		if err != nil {
			return out, err
		}
		last, _ := after[0].(string)
		for len(rows) > 0 && ((!desc && key(rows[0]) <= last) || (desc && key(rows[0]) >= last)) {
			rows = rows[1:]
		}
	}
	if q.Page.Limit > 0 && len(rows) > q.Page.Limit {
		rows = rows[:q.Page.Limit]
		out.NextCursor = encodeCursor(cursor{Sort: sortString, Values: []any{key(rows[len(rows)-1])}})
	}
	out.Items = rows
	return out, nil
}

func trimJoin(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}
