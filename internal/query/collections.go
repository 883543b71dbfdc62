package query

import (
	"reflect"
	"slices"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// What each collection allows: the one place to look. Column holds the SQL expression the store filters
// and sorts by, over the aliases its queries use; an empty Column is a filter the store resolves itself
// (a municipality code through its history, a region through its members, a year range).

var (
	phases = []string{"1", "2"}
	kinds  = func() []string {
		var out []string
		for _, k := range domain.Kinds {
			out = append(out, string(k))
		}
		return out
	}()
	measures = []string{string(domain.AreaTotal), string(domain.AreaLand), string(domain.AreaUnknown)}
	statuses = []string{string(domain.StatusPlanned), string(domain.StatusOngoing), string(domain.StatusCompleted)}
	roles    = []string{string(domain.PartnerBusinessOrganisation), string(domain.PartnerResearch),
		string(domain.PartnerCountyAuthority), string(domain.PartnerRegionalCouncil), string(domain.PartnerPublicFunding),
		string(domain.PartnerMunicipality), string(domain.PartnerOther)}
	themeKinds = []string{string(domain.ThemeQuoted), string(domain.ThemeSummaryLabel)}
)

func asc(f Field) []SortKey { return []SortKey{{Field: f}} }

// Municipalities is /municipalities: the municipalities in force.
var Municipalities = func() Spec {
	// code filters by any code a municipality had: one no longer in force is read as what it became.
	code := Field{Name: "code", Column: "mc.code", Type: Code, Filter: true, Sort: true, Resolved: true}
	return Spec{
		Fields: []Field{
			code,
			{Name: "at", Type: Date, Filter: true}, // the municipalities in force on a date, as they were
			{Name: "name", Column: "mc.name", Type: String, Sort: true, Text: true},
			{Name: "county", Column: "mc.county_code", Type: County, Filter: true, Sort: true},
			{Name: "from", Type: Year, Filter: true}, // years of included series
			{Name: "to", Type: Year, Filter: true},
		},
		Search: "m.search_key", ID: "mc.municipality_id", DefaultSort: asc(code),
		Select: JSONFields(domain.Municipality{}), Include: []string{"population", "area"},
		Params: []string{"format", "dialect"},
	}
}()

// Regions is /regions.
var Regions = func() Spec {
	id := Field{Name: "id", Column: "r.id", Type: Slug, Filter: true, Sort: true}
	name := Field{Name: "name", Column: "r.name", Type: String, Sort: true, Text: true}
	return Spec{
		Fields: []Field{
			id,
			name,
			{Name: "county", Type: County, Filter: true},
			{Name: "phase", Type: Enum, Enum: phases, Filter: true},
			{Name: "municipality", Type: Code, Filter: true},
			{Name: "at", Type: Date, Filter: true}, // members as they were on a date
		},
		Search: "r.search_key", ID: "r.id", DefaultSort: asc(name), // Norwegian order: Å last
		Select: JSONFields(domain.Region{}), Include: regionIncludes,
		Params: []string{"format", "dialect"},
	}
}()

// regionIncludes are what a region can embed.
var regionIncludes = []string{"municipalities", "population", "area", "goals", "results", "lessons", "themes",
	"measures", "partners", "documents", "quality"}

// Region is /regions/{slug}: one region, with what it embeds.
var Region = Spec{Fields: []Field{{Name: "at", Type: Date, Filter: true}}, Select: JSONFields(domain.Region{}),
	Include: regionIncludes, Params: []string{"format"}}

// Municipality is /municipalities/{code}: one municipality, as it is or as it was on a date.
var Municipality = Spec{Fields: []Field{{Name: "at", Type: Date, Filter: true}}, Select: JSONFields(domain.Municipality{}),
	Params: []string{"format"}}

// observations are /population and /area.
func observations(valueField Field, extra ...Field) Spec {
	id := Field{Name: "id", Column: "o.id", Type: String, Sort: true}
	fields := append([]Field{
		id,
		{Name: "municipality", Type: Code, Filter: true},
		{Name: "region", Type: Slug, Filter: true},
		{Name: "county", Type: County, Filter: true}, // the municipality's county on the figure's date, or on at
		{Name: "at", Type: Date, Filter: true},       // only municipalities in force on a date; the date county= is read on
		{Name: "from", Type: Year, Filter: true},
		{Name: "to", Type: Year, Filter: true},
		{Name: "kind", Column: "o.kind", Type: Enum, Enum: kinds, Filter: true, Sort: true},
		{Name: "reference_date", Column: "o.reference_date", Type: String, Sort: true},
		valueField,
	}, extra...)
	return Spec{Fields: fields, ID: "o.id", DefaultSort: asc(id), Params: []string{"format", "dialect"}}
}

// Population is /population. adjusted selects the figures a source put on later borders from their
// predecessors' (kind sum_of_predecessors or apportioned), or those that are not; the expression is the
// one its index is on.
var Population = func() Spec {
	s := observations(Field{Name: "value", Column: "o.value", Type: Int, Range: true, Sort: true},
		Field{Name: "adjusted", Column: "(o.kind IN ('sum_of_predecessors', 'apportioned'))", Type: Bool, Filter: true})
	s.Select = JSONFields(domain.PopulationObservation{})
	return s
}()

// Area is /area.
var Area = func() Spec {
	s := observations(Field{Name: "value_km2", Column: "o.value_km2", Type: Number, Range: true, Sort: true},
		Field{Name: "measure", Column: "o.measure", Type: Enum, Enum: measures, Filter: true})
	s.Select = JSONFields(domain.AreaObservation{})
	return s
}()

// Texts is the spec of a kind of region text (item is a value of its type), in each region's order, with
// the extra fields it filters or sorts by.
func Texts(item any, extra ...Field) Spec {
	region := Field{Name: "region", Column: "t.region_id", Type: Slug, Filter: true, Sort: true}
	position := Field{Name: "position", Column: "t.position", Type: Int, Sort: true}
	return Spec{
		Fields: append([]Field{region, position, {Name: "id", Column: "t.id", Type: String, Sort: true}}, extra...),
		Search: "t.search_key", ID: "t.id", DefaultSort: []SortKey{{Field: region}, {Field: position}},
		Select: JSONFields(item), Params: []string{"format", "dialect"},
	}
}

// The regions' texts.
var (
	Goals    = Texts(domain.Goal{})
	Results  = Texts(domain.Result{})
	Lessons  = Texts(domain.Lesson{}, Field{Name: "title", Column: "t.title", Type: String, Sort: true, Text: true})
	Partners = Texts(domain.Partner{}, Field{Name: "kind", Column: "t.kind", Type: Enum, Enum: roles, Filter: true, Sort: true},
		Field{Name: "name", Column: "t.name", Type: String, Sort: true, Text: true})
	Measures = Texts(domain.Measure{}, Field{Name: "status", Column: "t.status", Type: Enum, Enum: statuses, Filter: true, Sort: true},
		Field{Name: "title", Column: "t.title", Type: String, Sort: true, Text: true})
	Documents = Texts(domain.Document{})
	// Themes: main themes before their sub-themes, each in position order.
	Themes = func() Spec {
		s := Texts(domain.Theme{},
			Field{Name: "kind", Column: "t.kind", Type: Enum, Enum: themeKinds, Filter: true},
			Field{Name: "phase", Column: "t.phase", Type: Enum, Enum: phases, Filter: true},
			Field{Name: "parent", Column: "COALESCE(t.parent_id, '')", Type: String, Sort: true})
		s.DefaultSort = []SortKey{{Field: s.Fields[0]}, {Field: s.Fields[len(s.Fields)-1]}, {Field: s.Fields[1]}}
		return s
	}()
)

// Sources is /sources.
var Sources = func() Spec {
	id := Field{Name: "id", Column: "t.id", Type: Slug, Sort: true}
	return Spec{
		Fields: []Field{id, {Name: "publisher", Column: "t.publisher", Type: String, Filter: true, Sort: true, Text: true,
			Example: "Statistisk sentralbyrå"},
			{Name: "title", Column: "t.title", Type: String, Sort: true, Text: true}},
		Search: "t.search_key", ID: "t.id", DefaultSort: asc(id), Select: JSONFields(domain.Source{}),
		Params: []string{"format", "dialect"},
	}
}()

// Successions is /successions: the mergers and splits between municipality identities.
var Successions = func() Spec {
	date := Field{Name: "date", Column: "t.date", Type: Date, Sort: true}
	return Spec{
		Fields: []Field{date, {Name: "predecessor", Column: "t.predecessor_id", Type: String, Filter: true, Sort: true, Example: "5005-2019"},
			{Name: "successor", Column: "t.successor_id", Type: String, Filter: true, Sort: true, Example: "5007"},
			{Name: "kind", Column: "t.kind", Type: Enum, Enum: []string{"merger", "split", "part_transferred"}, Filter: true}},
		ID: "t.id", DefaultSort: asc(date), Select: JSONFields(domain.Succession{}), Params: []string{"format", "dialect"},
	}
}()

// Quality is /quality.
var Quality = func() Spec {
	id := Field{Name: "region", Column: "r.id", Type: Slug, Filter: true, Sort: true}
	return Spec{Fields: []Field{id}, ID: "r.id", DefaultSort: asc(id), Select: JSONFields(domain.QualityReport{}),
		Params: []string{"format", "dialect"}}
}()

// Members is /regions/{slug}/municipalities: the lead first, then by the code the source lists.
var Members = func() Spec {
	lead := Field{Name: "lead", Column: "CASE m.role WHEN 'lead' THEN 0 ELSE 1 END", Type: Int, Sort: true}
	code := Field{Name: "code", Column: "m.listed_code", Type: Code, Sort: true}
	region := Field{Name: "region", Column: "m.region_id", Type: Slug, Filter: true, Sort: true}
	return Spec{
		Fields: []Field{region, lead, code},
		ID:     "m.id", DefaultSort: []SortKey{{Field: region}, {Field: lead}, {Field: code}},
		Select: JSONFields(domain.RegionMembership{}), Params: []string{"format", "dialect"},
	}
}()

// Changes is the changes feed: a position (since, an opaque cursor of its own) and a page size.
var Changes = Spec{Params: []string{"since", "limit"}}

// Paged is a collection that takes only paging.
var Paged = Spec{ID: "id"}

// Nested is the spec of a collection under a path that fixes the named filter (/regions/{slug}/goals
// fixes region): the same, without that filter.
func (s Spec) Nested(fixed ...string) Spec {
	out := s
	out.Fields = slices.DeleteFunc(slices.Clone(s.Fields), func(f Field) bool {
		return slices.Contains(fixed, f.Name) && !f.Sort
	})
	for i, f := range out.Fields {
		if slices.Contains(fixed, f.Name) {
			out.Fields[i].Filter = false // still a sort key, no longer a filter
		}
	}
	return out
}

// JSONFields lists the top-level JSON names of a struct, following embedded structs.
func JSONFields(v any) []string {
	var out []string
	t := reflect.TypeOf(v)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, JSONFields(reflect.Zero(f.Type).Interface())...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// derived are collections computed per reference date: a region's totals, and indicators.
func derived(subject ...Field) Spec {
	date := Field{Name: "reference_date", Column: "reference_date", Type: String, Sort: true}
	return Spec{
		Fields: append(subject, date, Field{Name: "from", Type: Year, Filter: true}, Field{Name: "to", Type: Year, Filter: true}),
		ID:     "reference_date", DefaultSort: asc(date), Params: []string{"format", "dialect"},
	}
}

// RegionTotals is /regions/{slug}/population and /area: the members' official figures summed per date,
// beside what the region reported.
var RegionTotals = func() Spec {
	s := derived(Field{Name: "region", Type: Slug, Filter: true})
	s.Select = JSONFields(domain.RegionTotal{})
	return s
}()

// Indicators is /regions/{slug}/indicators, /municipalities/{code}/indicators and /aggregates/population
// (municipalities=, an ad-hoc group).
var Indicators = func() Spec {
	s := derived(Field{Name: "region", Type: Slug, Filter: true}, Field{Name: "municipality", Type: Code, Filter: true})
	s.Select = JSONFields(domain.Indicator{})
	return s
}()

// Group is /aggregates/population: indicators of the municipalities named, summed.
var Group = func() Spec {
	s := derived(Field{Name: "municipalities", Type: Code, Filter: true})
	s.Select = JSONFields(domain.Indicator{})
	return s
}()

// Summary is /regions/{slug}/summary.
var Summary = Spec{Fields: []Field{{Name: "year", Type: Year, Filter: true}}, Select: JSONFields(domain.RegionSummary{}),
	Params: []string{"format"}}
