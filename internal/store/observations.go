package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// Population and area observations share one query shape: the table, its subject (a municipality, named
// by its code in force, or a region) and the filters of query.Population and query.Area.

type subjectColumns struct {
	MunicipalityCode *string
	MunicipalityName *string
	RegionName       *string
}

const subjectSelect = "o.*, mc.code AS municipality_code, mc.name AS municipality_name, r.name AS region_name"

func (c subjectColumns) subject(regionID *string) domain.Subject {
	var s domain.Subject
	if c.MunicipalityCode != nil {
		s.Municipality = &domain.MunicipalityRef{Code: *c.MunicipalityCode, Name: *c.MunicipalityName}
	}
	if regionID != nil {
		s.Region = &domain.RegionRef{ID: *regionID, Name: *c.RegionName}
	}
	return s
}

// observations builds the query over table with the filters the store resolves itself: municipalities
// by their codes in force, regions through what their members became, and years. A municipality or region
// the filter names must exist; a code no longer in force is read as what it became, and reported back.
func (s *Store) observations(ctx context.Context, table string, q query.Query, record bool) (*gorm.DB, []domain.CodeMapping, error) {
	var mapped []domain.CodeMapping
	base := s.db.Table(table + " AS o") // the filters are on o alone: withSubject joins what the rows show
	if f, ok := q.Filter("municipality"); ok {
		ids, m, err := s.resolveCodes(ctx, f.Values)
		if err != nil {
			return nil, nil, err
		}
		base, mapped = base.Where("o.municipality_id IN ?", ids), m
	}
	// Without a region named, a region's own reported figure only when kind= asks for reported ones: the
	// collection is the municipalities' figures, so a sum over a year's rows is the country's.
	k, kinded := q.Filter("kind")
	if _, ok := q.Filter("region"); !ok && !record && (!kinded || !slices.Contains(k.Values, string(domain.KindReported))) {
		base = base.Where("o.municipality_id IS NOT NULL")
	}
	if f, ok := q.Filter("county"); ok {
		l, err := s.lineage(ctx)
		if err != nil {
			return nil, nil, err
		}
		if at := q.Value("at"); at != "" {
			base = base.Where("o.municipality_id IN ?", orEmpty(l.inForceOn(at, f.Values)))
		} else {
			cond, args := l.inCounties(f.Values)
			base = base.Where(cond, args...)
		}
	} else if at := q.Value("at"); at != "" {
		l, err := s.lineage(ctx)
		if err != nil {
			return nil, nil, err
		}
		base = base.Where("o.municipality_id IN ?", orEmpty(l.inForceOn(at, nil)))
	}
	if f, ok := q.Filter("region"); ok {
		if err := s.requireRegions(ctx, f.Values...); err != nil {
			return nil, nil, err
		}
		members, err := s.membersToday(ctx, f.Values)
		if err != nil {
			return nil, nil, err
		}
		// The members' figures; the region's own reported figure only when kind= asks for reported ones, so
		// a sum over the rows is never the region counted twice (it has its own answer, /regions/{id}/population).
		if kinded && slices.Contains(k.Values, string(domain.KindReported)) {
			base = base.Where("(o.region_id IN ? OR o.municipality_id IN ?)", f.Values, orEmpty(members))
		} else {
			base = base.Where("o.municipality_id IN ?", orEmpty(members))
		}
	}
	if f, ok := q.Filter("from"); ok {
		base = base.Where("o.reference_date >= ?", f.Values[0]+"-01-01")
	}
	if f, ok := q.Filter("to"); ok {
		year, _ := strconv.Atoi(f.Values[0])
		base = base.Where("o.reference_date < ?", fmt.Sprintf("%04d-01-01", year+1))
	}
	return base, mapped, nil
}

// withSubject joins the subject's names to observations: the municipality's code and name in force, the
// region's name.
func withSubject(base *gorm.DB) *gorm.DB {
	return base.Joins("LEFT JOIN municipality_codes mc ON mc.municipality_id = o.municipality_id AND mc.valid_to IS NULL").
		Joins("LEFT JOIN regions r ON r.id = o.region_id")
}

// publishedCode is the code an official figure was published under: the one its municipality had on the
// reference date. Other figures were not published for the municipality as it was, so they have none.
func publishedCode(l *lineage, id *string, date string, kind string) *string {
	if id == nil || kind != string(domain.KindOfficial) {
		return nil
	}
	if p, ok := l.periodAt(*id, date); ok {
		return &p.Code
	}
	return nil
}

type populationListRow struct {
	Observation populationRow  `gorm:"embedded"`
	Subject     subjectColumns `gorm:"embedded"`
}

type areaListRow struct {
	Observation areaRow        `gorm:"embedded"`
	Subject     subjectColumns `gorm:"embedded"`
}

// listObservations lists the rows of table for q, and converts them with the lineage (for the code each
// figure was published under) and their sources: the one path of ListPopulation and ListArea.
func listObservations[R any, T any](ctx context.Context, s *Store, table string, spec query.Spec, q query.Query, id string,
	ids func(R) (id, source string), convert func(R, *lineage, domain.Source) T) (domain.List[T], error) {
	var out domain.List[T]
	base, mapped, err := s.observations(ctx, table, q, id != "")
	if err != nil {
		return out, err
	}
	if id != "" {
		base = base.Where("o.id = ?", id)
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return out, err
	}
	rows, total, next, err := list(ctx, withSubject(base), subjectSelect, spec, q, func(r R) string { id, _ := ids(r); return id })
	if err != nil {
		return out, err
	}
	sources, err := s.sources(ctx, collect(rows, func(r R) string { _, src := ids(r); return src }))
	if err != nil {
		return out, err
	}
	items := make([]T, len(rows))
	for i, r := range rows {
		_, src := ids(r)
		items[i] = convert(r, l, sources[src])
	}
	out = domain.List[T]{Items: items, Total: total, NextCursor: next, Mapped: mapped}
	if len(items) == 0 && q.Page.Cursor == "" {
		if out.Hint, err = s.countyHintFor(ctx, l, q, q.Value("at")); err != nil {
			return out, err
		}
	}
	_, from := q.Filter("from")
	_, to := q.Filter("to")
	if len(items) == 0 && q.Page.Cursor == "" && (from || to) {
		// Empty for the years asked: say where the data begin and end.
		unbounded := q
		unbounded.Filters = slices.DeleteFunc(slices.Clone(q.Filters), func(f query.Filter) bool { return f.Field.Name == "from" || f.Field.Name == "to" })
		all, _, err := s.observations(ctx, table, unbounded, false)
		if err != nil {
			return out, err
		}
		// One aggregate a statement, so each is a search of an index by date.
		var from, to []*string
		if err := all.Session(&gorm.Session{}).Select("MIN(o.reference_date)").Pluck("MIN(o.reference_date)", &from).Error; err != nil {
			return out, err
		}
		if err := all.Session(&gorm.Session{}).Select("MAX(o.reference_date)").Pluck("MAX(o.reference_date)", &to).Error; err != nil {
			return out, err
		}
		if len(from) > 0 && from[0] != nil && len(to) > 0 && to[0] != nil {
			out.Coverage = &domain.Coverage{From: *from[0], To: *to[0]}
		}
	}
	return out, nil
}

// observationRows is listObservations for a whole result, read as it goes. sel lists the columns scan reads.
func observationRows[R any, T any](ctx context.Context, s *Store, table string, spec query.Spec, q query.Query,
	sel string, scan func(*sql.Rows) (R, error), ids func(R) (id, source string), convert func(R, *lineage, domain.Source) T) (domain.Rows[T], error) {
	base, mapped, err := s.observations(ctx, table, q, false)
	if err != nil {
		return domain.Rows[T]{}, err
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return domain.Rows[T]{}, err
	}
	sources, err := s.derived.sources.get(ctx, s)
	if err != nil {
		return domain.Rows[T]{}, err
	}
	return domain.Rows[T]{Mapped: mapped, Each: func(yield func(T) error) error {
		return each(ctx, withSubject(base), sel, spec, q, scan, func(r R) error {
			_, src := ids(r)
			return yield(convert(r, l, sources[src]))
		})
	}}, nil
}

// ListPopulation lists population observations (query.Population). Observation ids begin with the
// subject and the date, so the default order, by id, is by subject, then time.
func (s *Store) ListPopulation(ctx context.Context, q query.Query) (domain.List[domain.PopulationObservation], error) {
	return s.listPopulation(ctx, q, "")
}

func (s *Store) listPopulation(ctx context.Context, q query.Query, id string) (domain.List[domain.PopulationObservation], error) {
	return listObservations(ctx, s, "population_observations", query.Population, q, id, populationIDs, populationOf)
}

// PopulationRows is every population observation q selects, read as it goes, for an export.
func (s *Store) PopulationRows(ctx context.Context, q query.Query) (domain.Rows[domain.PopulationObservation], error) {
	return observationRows(ctx, s, "population_observations", query.Population, q, populationColumns, scanPopulation,
		populationIDs, populationOf)
}

// populationColumns are the columns scanPopulation reads, in its order.
const populationColumns = "o.id, o.municipality_id, o.region_id, o.reference_date, o.value, o.kind, o.source_id, o.note, " +
	"mc.code, mc.name, r.name"

func scanPopulation(rows *sql.Rows) (populationListRow, error) {
	var r populationListRow
	o, sc := &r.Observation, &r.Subject
	err := rows.Scan(&o.ID, &o.MunicipalityID, &o.RegionID, &o.ReferenceDate, &o.Value, &o.Kind, &o.SourceID, &o.Note,
		&sc.MunicipalityCode, &sc.MunicipalityName, &sc.RegionName)
	return r, err
}

func populationIDs(r populationListRow) (string, string) {
	return r.Observation.ID, r.Observation.SourceID
}

func populationOf(row populationListRow, l *lineage, src domain.Source) domain.PopulationObservation {
	r := row.Observation
	return domain.PopulationObservation{ID: r.ID, Subject: row.Subject.subject(r.RegionID), ReferenceDate: r.ReferenceDate,
		PublishedCode: publishedCode(l, r.MunicipalityID, r.ReferenceDate, r.Kind),
		Predecessors:  l.predecessors(r.MunicipalityID, r.ReferenceDate, r.Kind, src),
		Value:         r.Value, Unit: "persons", Kind: domain.Kind(r.Kind), Note: r.Note, Source: src}
}

// ListArea lists area observations (query.Area).
func (s *Store) ListArea(ctx context.Context, q query.Query) (domain.List[domain.AreaObservation], error) {
	return s.listArea(ctx, q, "")
}

func (s *Store) listArea(ctx context.Context, q query.Query, id string) (domain.List[domain.AreaObservation], error) {
	return listObservations(ctx, s, "area_observations", query.Area, q, id, areaIDs, areaOf)
}

// AreaRows is every area observation q selects, read as it goes, for an export.
func (s *Store) AreaRows(ctx context.Context, q query.Query) (domain.Rows[domain.AreaObservation], error) {
	return observationRows(ctx, s, "area_observations", query.Area, q, areaColumns, scanArea, areaIDs, areaOf)
}

// areaColumns are the columns scanArea reads, in its order.
const areaColumns = "o.id, o.municipality_id, o.region_id, o.reference_date, o.value_km2, o.measure, o.kind, o.source_id, " +
	"o.note, mc.code, mc.name, r.name"

func scanArea(rows *sql.Rows) (areaListRow, error) {
	var r areaListRow
	o, sc := &r.Observation, &r.Subject
	err := rows.Scan(&o.ID, &o.MunicipalityID, &o.RegionID, &o.ReferenceDate, &o.ValueKM2, &o.Measure, &o.Kind, &o.SourceID,
		&o.Note, &sc.MunicipalityCode, &sc.MunicipalityName, &sc.RegionName)
	return r, err
}

func areaIDs(r areaListRow) (string, string) { return r.Observation.ID, r.Observation.SourceID }

func areaOf(row areaListRow, l *lineage, src domain.Source) domain.AreaObservation {
	r := row.Observation
	return domain.AreaObservation{ID: r.ID, Subject: row.Subject.subject(r.RegionID), ReferenceDate: r.ReferenceDate,
		PublishedCode: publishedCode(l, r.MunicipalityID, r.ReferenceDate, r.Kind),
		Predecessors:  l.predecessors(r.MunicipalityID, r.ReferenceDate, r.Kind, src),
		ValueKM2:      r.ValueKM2, Unit: "km2", Measure: domain.AreaMeasure(r.Measure), Kind: domain.Kind(r.Kind),
		Note: r.Note, Source: src}
}

// inCounties is the condition that an observation's municipality lay in one of the counties on the figure's
// date, by its code period then. A figure from before the municipality began (one a source put on later
// borders) counts in the county of its first period, which is where its predecessors lay unless a reform
// crossed a county's border. A municipality in the counties all its life is matched by id alone.
func (l *lineage) inCounties(counties []string) (string, []any) {
	var whole []string
	var conds []string
	var args []any
	for _, id := range keys(l.periods) { // in order, so the statement is the same each time
		periods := l.periods[id]
		type span struct{ from, to string } // to "" is open
		var spans []span
		for i, p := range periods {
			if !slices.Contains(counties, p.CountyCode) {
				continue
			}
			from := deref(p.ValidFrom)
			if i == 0 {
				from = ""
			}
			if n := len(spans); n > 0 && spans[n-1].to == from {
				spans[n-1].to = deref(p.ValidTo)
				continue
			}
			spans = append(spans, span{from, deref(p.ValidTo)})
		}
		for _, sp := range spans {
			switch {
			case sp.from == "" && sp.to == "":
				whole = append(whole, id)
			case sp.to == "":
				conds, args = append(conds, "(o.municipality_id = ? AND o.reference_date >= ?)"), append(args, id, sp.from)
			default:
				conds, args = append(conds, "(o.municipality_id = ? AND o.reference_date >= ? AND o.reference_date < ?)"),
					append(args, id, sp.from, sp.to)
			}
		}
	}
	if len(whole) > 0 {
		conds, args = append([]string{"o.municipality_id IN ?"}, conds...), append([]any{whole}, args...)
	}
	if len(conds) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// inForceOn are the identities in force on date, in one of the counties if any are given.
func (l *lineage) inForceOn(date string, counties []string) []string {
	var out []string
	for _, id := range keys(l.periods) {
		if p, ok := l.periodAt(id, date); ok && (counties == nil || slices.Contains(counties, p.CountyCode)) {
			out = append(out, id)
		}
	}
	return out
}

// countyHintFor is the hint for an answer that q's county filter left empty, read on date ("" for each
// figure's own); "" when q names no county.
func (s *Store) countyHintFor(ctx context.Context, l *lineage, q query.Query, date string) (string, error) {
	f, ok := q.Filter("county")
	if !ok {
		return "", nil
	}
	var counties []countyRow
	if err := s.db.WithContext(ctx).Find(&counties).Error; err != nil {
		return "", err
	}
	names := map[string]string{}
	for _, c := range counties {
		names[c.Code] = c.Name
	}
	return l.countyHint(f.Values, date, names), nil
}

// countyHint says, for counties a filter named, when each had municipalities and where those are today:
// for an answer the filter left empty, as a county code no longer in force does. date is the date the
// filter read the counties on ("" for each figure's own). names are the counties' names by code.
func (l *lineage) countyHint(counties []string, date string, names map[string]string) string {
	named := func(code string) string {
		if n, ok := names[code]; ok {
			return code + " (" + n + ")"
		}
		return code
	}
	var parts []string
	for _, code := range counties {
		span, found := l.countySpan(code)
		switch {
		case !found:
			parts = append(parts, "No municipality has been in county "+named(code)+".")
		case span.to != "":
			s := fmt.Sprintf("County %s was in force until %s", named(code), span.to)
			if len(span.now) > 0 {
				var now []string
				for _, c := range span.now {
					now = append(now, named(c))
				}
				s += "; its municipalities are in " + listed(now) + " today"
			}
			parts = append(parts, s+fmt.Sprintf(". Ask with at=%s for them as they were.", dayBefore(span.to)))
		case span.from != "" && (date == "" || date < span.from):
			s := fmt.Sprintf("County %s has been in force since %s", named(code), span.from)
			if date == "" {
				s += "; a figure counts in the county its municipality was in on the figure's own date"
			}
			parts = append(parts, s+fmt.Sprintf(". Ask with at=%s for the municipalities in it then.", span.from))
		}
	}
	return strings.Join(parts, " ")
}

// countySpan is when a county had municipalities (from "" since before the code history, to "" still) and,
// for one no longer in force, the counties its municipalities are in today.
type countySpan struct {
	from, to string
	now      []string
}

func (l *lineage) countySpan(code string) (countySpan, bool) {
	var span countySpan
	found, open := false, false
	now := map[string]bool{}
	for _, id := range keys(l.periods) {
		ps := l.periods[id]
		in := false
		for _, p := range ps {
			if p.CountyCode != code {
				continue
			}
			if !found || deref(p.ValidFrom) < span.from {
				span.from = deref(p.ValidFrom)
			}
			open = open || p.ValidTo == nil
			span.to = max(span.to, deref(p.ValidTo))
			found, in = true, true
		}
		if !in {
			continue
		}
		for _, t := range l.today(id, ps[len(ps)-1].Code) {
			if last := l.latest(t.ID); last.CountyCode != code {
				now[last.CountyCode] = true
			}
		}
	}
	if open {
		span.to, now = "", nil
	}
	span.now = keys(now)
	return span, found
}
