package api

import (
	"reflect"
	"regexp"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
	"github.com/byregion/byregion/internal/store"
)

// The writable resources, each declared once: from these come their routes (routes.go mounts them), their
// handlers (resources.go) and their OpenAPI operations (go generate writes operations_gen.go).
//
// A new kind of region text needs its domain type (a domain.RegionText), its migration (a table whose
// region_id does not cascade, so a region goes only after its texts), a declaration here made with
// regionText, and its tests: newkind_internal_test.go adds one that way. The store keeps it by its type. A
// resource of another shape needs a record type in the store too (internal/store/records.go).

// declared are the declarations, in the order their operations are documented.
var declared = []declaration{goals, results, lessons, themes, measures, partners, documents, sources,
	population, area, regions, memberships, municipalities, successions}

// declaration is what routes and the docs generator need of a resource, whatever its type.
type declaration interface {
	mount(s *Server, g *echo.Group)
	operations() []operation
	answerTypes() []reflect.Type
	bodyType() reflect.Type
	bodyRequired() []string
	patchOperation(doc *openapi3.T) *openapi3.Operation
}

// The region texts: goals, results, lessons, themes, measures, partners and documents.

var goals = regionText(store.Goals, resource[domain.Goal]{
	path: textID("tromsoregionen-goal-1"),
	body: bodyFields{writable: []string{"text"},
		required: []string{"text"}, example: GoalBody{}},
	decode: func(r *fieldReader) domain.Goal {
		x := domain.Goal{}
		x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
		r.read("text", "a string", &x.Text)
		return x
	},
	idOf: func(x domain.Goal) string { return x.ID },
	docs: docWords{noun: "goal", gloss: "mål", held: "A measure refers to the goal",
		adds: "Adds a goal to a region.", list: "Every region's goals, by region and position.",
		inRegion: "The region's goals in the programme's words, in the order the source lists them."},
})

// GoalBody is what a goal write may carry. A create may leave out position (the next one) and language
// (nb); a replace carries every field; a PATCH carries what changes, as a JSON Merge Patch.
type GoalBody struct {
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"4"`
	Text     string `json:"text" example:"Styrke samarbeidet om reiseliv i hele regionen"`
	Language string `json:"language" example:"nb"`
	// Source is the id of the source the text comes from (a source object with its id is read too).
	Source string `json:"source" ref:"id" example:"tromsoregionen-seed"`
}

var results = regionText(store.Results, resource[domain.Result]{
	path: textID("tromsoregionen-result-1"),
	body: bodyFields{writable: []string{"text"},
		required: []string{"text"}, example: ResultBody{}},
	decode: func(r *fieldReader) domain.Result {
		x := domain.Result{}
		x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
		r.read("text", "a string", &x.Text)
		return x
	},
	idOf: func(x domain.Result) string { return x.ID },
	docs: docWords{noun: "result", gloss: "resultat",
		adds: "Adds a result to a region.", list: "Every region's results, by region and position.",
		inRegion: "What the region reports it achieved in the programme, in its own words."},
})

// ResultBody is what a result write may carry, as a goal's.
type ResultBody struct {
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"4"`
	Text     string `json:"text" example:"Felles regional strategisk næringsplan er vedtatt"`
	Language string `json:"language" example:"nb"`
	Source   string `json:"source" ref:"id" example:"tromsoregionen-seed"`
}

var lessons = regionText(store.Lessons, resource[domain.Lesson]{
	path: textID("tromsoregionen-lesson-1"),
	body: bodyFields{writable: []string{"title", "text"},
		required: []string{"title"}, example: LessonBody{}},
	decode: func(r *fieldReader) domain.Lesson {
		x := domain.Lesson{}
		x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
		r.read("title", "a string", &x.Title)
		r.read("text", "a string", &x.Text)
		return x
	},
	idOf: func(x domain.Lesson) string { return x.ID },
	docs: docWords{noun: "lesson", gloss: "råd",
		adds: "Adds a lesson, a title and its explanation, to a region.", list: "Every region's lessons, by region and position.",
		inRegion: "The region's advice to others, learnt in the programme: a title and its explanation."},
})

// LessonBody is what a lesson write may carry.
type LessonBody struct {
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"4"`
	Title    string `json:"title" example:"Faglig kunnskap"`
	Text     string `json:"text"`
	Language string `json:"language" example:"nb"`
	Source   string `json:"source" ref:"id" example:"tromsoregionen-seed"`
}

var themes = regionText(store.Themes, resource[domain.Theme]{
	path: textID("tromsoregionen-theme-1"),
	body: bodyFields{writable: []string{"parent", "kind", "phase", "title", "description"},
		required: []string{"title"}, example: ThemeBody{}},
	decode: func(r *fieldReader) domain.Theme {
		x := domain.Theme{Kind: domain.ThemeQuoted}
		x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
		var parent string
		if r.read("parent", "a theme id (a string) or null", &parent) {
			x.Parent = &parent
		}
		r.read("kind", "quoted or summary_label", &x.Kind)
		var phase int
		if r.read("phase", "1, 2 or null", &phase) {
			x.Phase = &phase
		}
		r.read("title", "a string", &x.Title)
		r.read("description", "a string", &x.Description)
		return x
	},
	idOf: func(x domain.Theme) string { return x.ID },
	docs: docWords{noun: "theme", gloss: "tema", held: "A sub-theme or a measure refers to the theme",
		adds:     "Adds a main theme, or with parent a sub-theme, to a region.",
		list:     "Every region's themes: main themes before their sub-themes, each in position order.",
		inRegion: "The region's main themes and sub-themes, with the programme phase each belongs to."},
})

// ThemeBody is what a theme write may carry: a main theme, or with parent a sub-theme of one.
type ThemeBody struct {
	Region      string  `json:"region" example:"tromsoregionen"`
	Position    int     `json:"position" example:"4"`
	Parent      *string `json:"parent" example:"tromsoregionen-theme-1"`
	Kind        string  `json:"kind" enums:"quoted,summary_label" example:"quoted"`
	Phase       *int    `json:"phase" example:"2"`
	Title       string  `json:"title" example:"Arktisk teknologi"`
	Description string  `json:"description"`
	Language    string  `json:"language" example:"nb"`
	Source      string  `json:"source" ref:"id" example:"tromsoregionen-seed"`
}

var measures = regionText(store.Measures, resource[domain.Measure]{
	path: textID("tromsoregionen-measure-3"),
	body: bodyFields{writable: []string{"title", "description", "status", "period", "starts", "ends", "themes", "goals", "partners"},
		readOnly: []string{"id", "status_inferred"},
		required: []string{"title", "status"}, example: MeasureBody{}},
	decode: func(r *fieldReader) domain.Measure {
		x := domain.Measure{Themes: []string{}, Goals: []string{}, Partners: []string{}}
		x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
		r.read("title", "a string", &x.Title)
		r.read("description", "a string", &x.Description)
		r.read("status", "a string", &x.Status)
		r.read("period", "a string", &x.Period)
		var starts, ends string
		if r.read("starts", "a date (a string) or null", &starts) {
			x.Starts = &starts
		}
		if r.read("ends", "a date (a string) or null", &ends) {
			x.Ends = &ends
		}
		r.read("themes", "a list of theme ids", &x.Themes)
		r.read("goals", "a list of goal ids", &x.Goals)
		r.read("partners", "a list of partner ids", &x.Partners)
		return x
	},
	idOf: func(x domain.Measure) string { return x.ID },
	docs: docWords{noun: "measure", gloss: "tiltak",
		adds:     "Adds a measure to a region; the themes, goals and partners it names must be the region's.",
		list:     "Every region's measures with their status, period and the themes, goals and partners they serve.",
		inRegion: "What the region does or has done, with status and period, linked to its themes, goals and partners."},
})

// MeasureBody is what a measure write may carry.
type MeasureBody struct {
	Region      string   `json:"region" example:"tromsoregionen"`
	Position    int      `json:"position" example:"4"`
	Title       string   `json:"title" example:"Reiselivssamarbeid"`
	Description string   `json:"description"`
	Status      string   `json:"status" enums:"planned,ongoing,completed" example:"planned"`
	Period      string   `json:"period" example:"2027-2028"`
	Starts      *string  `json:"starts" format:"date" example:"2027-01-01"`
	Ends        *string  `json:"ends" format:"date"`
	Themes      []string `json:"themes"`
	Goals       []string `json:"goals" example:"tromsoregionen-goal-1"`
	Partners    []string `json:"partners" example:"tromsoregionen-partner-4"`
	Language    string   `json:"language" example:"nb"`
	Source      string   `json:"source" ref:"id" example:"tromsoregionen-seed"`
}

var partners = regionText(store.Partners, resource[domain.Partner]{
	path: textID("tromsoregionen-partner-4"),
	body: bodyFields{writable: []string{"name", "kind", "role"}, readOnly: []string{"id", "kind_inferred"},
		required: []string{"name", "kind"}, example: PartnerBody{}},
	decode: func(r *fieldReader) domain.Partner {
		x := domain.Partner{}
		x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
		r.read("name", "a string", &x.Name)
		r.read("kind", "a string", &x.Kind)
		r.read("role", "a string", &x.Role)
		return x
	},
	idOf: func(x domain.Partner) string { return x.ID },
	docs: docWords{noun: "partner organisation", gloss: "partner", held: "A measure refers to the partner",
		adds: "Adds a partner organisation to a region.", list: "Every region's partner organisations, by region and position.",
		inRegion: "The organisations the region worked with, and the role each had."},
})

// PartnerBody is what a partner write may carry.
type PartnerBody struct {
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"4"`
	Name     string `json:"name" example:"Troms fylkeskommune"`
	Kind     string `json:"kind" enums:"business_organisation,research_and_development,county_authority,regional_council,public_funding_agency,municipality,other" example:"county_authority"`
	Role     string `json:"role"`
	Language string `json:"language" example:"nb"`
	Source   string `json:"source" ref:"id" example:"tromsoregionen-seed"`
}

var documents = regionText(store.Documents, resource[domain.Document]{
	path: textID("tromsoregionen-document-1"),
	body: bodyFields{writable: []string{"title", "description", "url"}, readOnly: []string{"id", "inferred"},
		required: []string{"title"}, example: DocumentBody{}},
	decode: func(r *fieldReader) domain.Document {
		x := domain.Document{}
		x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
		r.read("title", "a string", &x.Title)
		r.read("description", "a string", &x.Description)
		var url string
		if r.read("url", "an address (a string) or null", &url) {
			x.URL = &url
		}
		return x
	},
	idOf: func(x domain.Document) string { return x.ID },
	docs: docWords{noun: "document", gloss: "dokument",
		adds:     "Adds a document about a region, such as its application, to the region.",
		list:     "Every region's documents, by region and position.",
		inRegion: "Documents about the region, such as its application to the programme, with their addresses where known."},
})

// DocumentBody is what a document write may carry.
type DocumentBody struct {
	Region      string  `json:"region" example:"tromsoregionen"`
	Position    int     `json:"position" example:"4"`
	Title       string  `json:"title" example:"Sluttrapport"`
	Description string  `json:"description"`
	URL         *string `json:"url" example:"https://distriktssenteret.no/artikkel/tromso/"`
	Language    string  `json:"language" example:"nb"`
	Source      string  `json:"source" ref:"id" example:"tromsoregionen-seed"`
}

// positionTaken is why a region text's create or replace is a 409.
const positionTaken = "Another record of the region has this position"

// textID is the path id of a region text or a source: lower-case letters, digits and hyphens.
func textID(example string) idParam {
	return idParam{name: "id", read: pathID, example: example, rule: "an id: lower-case letters, digits and single hyphens"}
}

// Sources.

var sources = resource[domain.Source]{
	name: "sources", path: textID("ssb-07459"), scope: domain.ScopeWrite,
	body: bodyFields{writable: []string{"id", "title", "publisher", "url", "licence", "retrieved", "note", "borders"},
		required: []string{"id", "title", "publisher", "licence"}, readOnly: []string{}, example: SourceBody{}},
	decode: func(r *fieldReader) domain.Source {
		x := domain.Source{}
		r.read("id", "an id (a string)", &x.ID)
		r.read("title", "a string", &x.Title)
		r.read("publisher", "a string", &x.Publisher)
		var url, retrieved string
		if r.read("url", "an address (a string) or null", &url) {
			x.URL = &url
		}
		r.read("licence", "a string", &x.Licence)
		if r.read("retrieved", "a date (a string) or null", &retrieved) {
			x.Retrieved = &retrieved
		}
		r.read("note", "a string", &x.Note)
		var borders string
		if r.read("borders", "a date (a string) or null", &borders) {
			x.Borders = &borders
		}
		return x
	},
	idOf: func(x domain.Source) string { return x.ID }, records: Store.Sources, list: Store.ListSources, spec: query.Sources,
	docs: docWords{noun: "source", tag: "sources", taken: "A source has this id already", held: "Records cite the source; the detail counts them",
		adds: "Adds a source under the id the client chooses.",
		list: "Every source a figure or a text cites: publisher, address, licence and when it was retrieved."},
}

// SourceBody is what a source write may carry; the id is the client's choice, and stays.
type SourceBody struct {
	ID        string  `json:"id" example:"ssb-07459-2027"`
	Title     string  `json:"title" example:"Befolkning 1. januar 2027"`
	Publisher string  `json:"publisher" example:"Statistisk sentralbyrå"`
	URL       *string `json:"url" example:"https://www.ssb.no/statbank/table/07459"`
	Licence   string  `json:"licence" example:"NLOD 2.0 / CC BY 4.0"`
	Retrieved *string `json:"retrieved" format:"date" example:"2027-03-01"`
	Note      string  `json:"note"`
	// Borders: the date whose municipal borders every figure of the source is for, if one; null when each
	// figure is for the municipality as it was on its own date.
	Borders *string `json:"borders" format:"date" example:"2024-01-01"`
}

// Population and area observations: their id is what, subject, date and source.

var population = resource[domain.PopulationObservation]{
	name: "population", path: observationPath("population:5501:2015-01-01:ssb-07459"), scope: domain.ScopeWrite,
	body: bodyFields{writable: []string{"municipality", "region", "reference_date", "value", "kind", "note", "source"},
		required: []string{"reference_date", "value", "source"}, readOnly: observationReadOnly, example: ObservationBody{}},
	decode: func(r *fieldReader) domain.PopulationObservation {
		o := domain.PopulationObservation{Subject: subjectFields(r)} // a kind left out is the store's to give
		r.read("reference_date", "a date (a string)", &o.ReferenceDate)
		r.read("value", "a whole number of persons", &o.Value)
		readKind(r, &o.Kind)
		r.read("note", "a string", &o.Note)
		o.Source.ID = r.sourceField("source")
		return o
	},
	idOf: func(o domain.PopulationObservation) string { return o.ID }, records: Store.Population,
	docs: docWords{noun: "population observation", tag: tagStatistics, taken: observationTaken, createNote: kindDefault,
		adds: "Adds one population figure of a municipality (by the code it had on the reference date) or a region. Its id is its subject, date and source."},
}

var area = resource[domain.AreaObservation]{
	name: "area", path: observationPath("area:5501:2025-01-01:aprestmo-norway-geodata"), scope: domain.ScopeWrite,
	body: bodyFields{writable: []string{"municipality", "region", "reference_date", "value_km2", "measure", "kind", "note", "source"},
		required: []string{"reference_date", "value_km2", "source"}, readOnly: observationReadOnly, example: ObservationBody{}},
	decode: func(r *fieldReader) domain.AreaObservation {
		o := domain.AreaObservation{Measure: domain.AreaUnknown, Subject: subjectFields(r)}
		r.read("reference_date", "a date (a string)", &o.ReferenceDate)
		r.read("value_km2", "a number of km²", &o.ValueKM2)
		r.read("measure", "total, land or unknown", &o.Measure)
		readKind(r, &o.Kind)
		r.read("note", "a string", &o.Note)
		o.Source.ID = r.sourceField("source")
		return o
	},
	idOf: func(o domain.AreaObservation) string { return o.ID }, records: Store.Area,
	docs: docWords{noun: "area observation", tag: tagStatistics, taken: observationTaken, createNote: kindDefault,
		adds: "Adds one area figure of a municipality (by the code it had on the reference date) or a region. Its id is its subject, date and source."},
}

// ObservationBody is what a population or area write may carry: a municipality (by the code it had on the
// reference date) or a region, the date, the figure, its kind and source. A replace may not change the
// municipality or region, the date or the source: they are the observation's identity.
type ObservationBody struct {
	Municipality  string  `json:"municipality" ref:"code" example:"5501"`
	Region        string  `json:"region" ref:"id" example:"tromsoregionen"`
	ReferenceDate string  `json:"reference_date" format:"date" example:"2027-01-01"`
	Value         int64   `json:"value" example:"92900"`
	ValueKM2      float64 `json:"value_km2" example:"2520.8"`
	Measure       string  `json:"measure" enums:"total,land,unknown" example:"unknown"`
	Kind          string  `json:"kind" enums:"official,sum_of_predecessors,apportioned,reported,compiled" example:"official"`
	Note          string  `json:"note"`
	Source        string  `json:"source" ref:"id" example:"ssb-07459-2027"`
}

const observationTaken = "An observation of this subject, date and source exists"

// readKind reads a figure's kind: left out (or null), it is the store's to give; given, it must be one.
func readKind(r *fieldReader, into *domain.Kind) {
	if r.read("kind", kindRule, into) && !slices.Contains(domain.Kinds, *into) {
		r.errs = append(r.errs, domain.FieldError{Field: "kind", In: "body", Message: "must be " + kindRule})
	}
}

// kindRule and kindDefault say how a figure's kind is written: stated, or left to the code history where the
// source gives its figures on later borders.
const (
	kindRule    = "official, sum_of_predecessors, apportioned, reported or compiled"
	kindDefault = "kind defaults to official; for a source whose figures are on later borders (its borders field) it is what the code history makes of the figure, and a kind stated otherwise is a 422"
)

var observationReadOnly = []string{"id", "published_code", "predecessors", "unit"}

var observationIDPattern = regexp.MustCompile(`^(population|area):[a-z0-9]+(-[a-z0-9]+)*:[0-9]{4}-[0-9]{2}-[0-9]{2}:[a-z0-9]+(-[a-z0-9]+)*$`)

func observationPath(example string) idParam {
	rule := "an observation id, such as population:5501:2015-01-01:ssb-07459"
	return idParam{name: "id", example: example, rule: rule,
		read: func(c echo.Context) (string, error) { return pathParam(c, "id", observationIDPattern, "must be "+rule) }}
}

// subjectFields reads the municipality (a code, or the object a GET answer holds) or the region (an id, or
// its object), so a client can PUT back what it read.
func subjectFields(r *fieldReader) domain.Subject {
	var s domain.Subject
	if code, ok := r.ref("municipality", "code", "a municipality code"); ok {
		s.Municipality = &domain.MunicipalityRef{Code: code}
	}
	if id, ok := r.ref("region", "id", "a region id"); ok {
		s.Region = &domain.RegionRef{ID: id}
	}
	return s
}

// The register: regions, their memberships, municipalities and successions, written with the admin scope.

var regions = resource[domain.Region]{
	name: "regions", path: idParam{name: "slug", read: pathSlug, example: "tromsoregionen", rule: "a region id"},
	scope: domain.ScopeAdmin, ownGet: true,
	body: bodyFields{writable: []string{"id", "name", "alternative_name", "description", "language", "phases", "source"},
		required: []string{"id", "name", "language", "source"}, readOnly: []string{"programme", "lead_municipality", "members"},
		example: RegionBody{}},
	decode: func(r *fieldReader) domain.Region {
		x := domain.Region{Phases: []domain.RegionPhase{}}
		r.read("id", "an id (a string)", &x.ID)
		r.read("name", "a string", &x.Name)
		r.read("alternative_name", "a string", &x.AlternativeName)
		r.read("description", "a string", &x.Description)
		r.read("language", "a language tag (a string)", &x.Language)
		r.read("phases", "a list of {phase, status}", &x.Phases)
		x.Source.ID = r.sourceField("source")
		return x
	},
	idOf: func(x domain.Region) string { return x.ID }, records: Store.Regions,
	docs: docWords{noun: "region", tag: "regions", taken: "A region has this id already",
		held: "Memberships, texts or figures belong to the region; the detail counts them",
		adds: "Adds a city region under the id the client chooses, with its own facts and phases; its members are memberships of their own."},
}

// RegionBody is what a region write may carry: the region's own facts and phases, not its members.
type RegionBody struct {
	// ID is chosen on create: lower-case letters, digits and hyphens, as in the region's address.
	ID              string               `json:"id" example:"lofotregionen"`
	Name            string               `json:"name" example:"Lofotregionen"`
	AlternativeName string               `json:"alternative_name"`
	Description     string               `json:"description"`
	Language        string               `json:"language" example:"nb"`
	Phases          []domain.RegionPhase `json:"phases"`
	Source          string               `json:"source" ref:"id" example:"tromsoregionen-seed"`
}

var memberships = resource[domain.RegionMembership]{
	name: "memberships", scope: domain.ScopeAdmin,
	path: idParam{name: "id", example: "tromsoregionen:5501:2", rule: membershipRule,
		read: func(c echo.Context) (string, error) {
			return pathParam(c, "id", membershipIDPattern, "must be "+membershipRule)
		}},
	body: bodyFields{writable: []string{"region", "municipality", "role", "phase", "valid_from", "valid_to", "listed", "source"},
		required: []string{"region", "municipality", "role", "source"}, example: MembershipBody{}},
	decode: func(r *fieldReader) domain.RegionMembership {
		m := domain.RegionMembership{}
		r.read("region", "a region id (a string)", &m.Region)
		m.Municipality.ID, _ = r.ref("municipality", "id", "a municipality id")
		r.read("role", "lead, partner or member", &m.Role)
		r.read("phase", "1, 2 or null", &m.Phase)
		r.read("valid_from", "a date (a string) or null", &m.ValidFrom)
		r.read("valid_to", "a date (a string) or null", &m.ValidTo)
		var listed struct {
			Code string `json:"code"`
			Name string `json:"name"`
		}
		if r.read("listed", "an object with code and name", &listed) {
			m.Listed.Code, m.Listed.Name = listed.Code, listed.Name
		}
		m.Source.ID = r.sourceField("source")
		return m
	},
	idOf: func(m domain.RegionMembership) string { return m.ID }, records: Store.Memberships, list: Store.ListRegionMemberships,
	spec: query.Members,
	docs: docWords{noun: "membership", tag: "regions", taken: "The municipality is a member already, or the region has a lead",
		adds: "Adds a municipality to a region's member list: its role, phase and dates, and how the source lists it (left out: the code and name it had on valid_from).",
		list: "Every region's members in full: as listed, the identity they were, and what they are today."},
}

// MembershipBody is what a membership write may carry; its region, municipality and phase are its identity.
type MembershipBody struct {
	Region       string      `json:"region" example:"tromsoregionen"`
	Municipality string      `json:"municipality" ref:"id" example:"5503"`
	Role         string      `json:"role" enums:"lead,partner,member" example:"partner"`
	Phase        *int        `json:"phase" example:"2"`
	ValidFrom    *string     `json:"valid_from" format:"date" example:"2027-01-01"`
	ValidTo      *string     `json:"valid_to" format:"date"`
	Listed       *ListedBody `json:"listed"`
	Source       string      `json:"source" ref:"id" example:"tromsoregionen-seed"`
}

// ListedBody is how the source lists a member.
type ListedBody struct {
	Code string `json:"code" example:"1903"`
	Name string `json:"name" example:"Harstad"`
}

var membershipIDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*:[0-9]{4}(-[0-9]{4})?(:[12])?$`)

const membershipRule = "a membership id: region, municipality id and phase, such as tromsoregionen:5501:2"

var municipalities = resource[domain.Municipality]{
	name: "municipalities", scope: domain.ScopeAdmin, ownGet: true, versions: true,
	path: idParam{name: "code", example: "5501", rule: identityRule,
		read: func(c echo.Context) (string, error) {
			return pathParam(c, "code", identityPathPattern, "must be "+identityRule)
		}},
	body: bodyFields{writable: []string{"id", "codes", "names", "source"}, required: []string{"id", "codes", "source"},
		readOnly: []string{"code", "name", "county", "valid_from", "valid_to"}, example: MunicipalityBody{}},
	decode: func(r *fieldReader) domain.Municipality {
		m := domain.Municipality{Names: []domain.Name{}}
		r.read("id", "a municipality id (a string)", &m.ID)
		var codes []struct {
			Code      string  `json:"code"`
			Name      string  `json:"name"`
			County    any     `json:"county"`
			ValidFrom *string `json:"valid_from"`
			ValidTo   *string `json:"valid_to"`
		}
		r.read("codes", "a list of {code, name, county, valid_from, valid_to}", &codes)
		for _, c := range codes {
			county := ""
			switch v := c.County.(type) {
			case string:
				county = v
			case map[string]any: // the county object of a GET answer
				county, _ = v["code"].(string)
			}
			m.Codes = append(m.Codes, domain.MunicipalityCode{Code: c.Code, Name: c.Name, County: domain.County{Code: county},
				ValidFrom: c.ValidFrom, ValidTo: c.ValidTo})
		}
		r.read("names", "a list of {name, language, source, valid_from, valid_to}", &m.Names)
		m.Source.ID = r.sourceField("source")
		return m
	},
	idOf: func(m domain.Municipality) string { return m.ID }, records: Store.Municipalities,
	docs: docWords{noun: "municipality", tag: "municipalities", taken: "A municipality has this id already",
		held: "Memberships, observations or successions refer to it; the detail counts them", createNote: "names, and a name's dates (open), may be left out",
		adds: "Adds a municipality identity (after a reform, say) with its code periods, oldest first and not overlapping, the last one open while it is in force, and its names in each official language, each with the period it is in force (valid_from, valid_to; left out or null, open), one name per language at a time. Its id is its code in force, or its last code and the year before its end. Writes take the id, not a former code; the record's write history is at /versions, since /history is the lineage."},
}

// MunicipalityBody is what a municipality write may carry: the whole identity. Names are every name it
// has had, each dated, as the record (a GET without parameters) lists them.
type MunicipalityBody struct {
	ID     string           `json:"id" example:"5601"`
	Codes  []CodePeriodBody `json:"codes"`
	Names  []domain.Name    `json:"names"`
	Source string           `json:"source" ref:"id" example:"ssb-klass-131"`
}

// CodePeriodBody is one period of a municipality's code, name and county (a code, or the county object).
type CodePeriodBody struct {
	Code      string  `json:"code" example:"5601"`
	Name      string  `json:"name" example:"Nyby"`
	County    string  `json:"county" ref:"code" example:"56"`
	ValidFrom *string `json:"valid_from" format:"date" example:"2028-01-01"`
	ValidTo   *string `json:"valid_to" format:"date"`
}

// identityPathPattern is a municipality id: its code, or for one that has ended, its last code and year.
var identityPathPattern = regexp.MustCompile(`^[0-9]{4}(-[0-9]{4})?$`)

const identityRule = "a municipality id: its code in force, or its last code and year (1725-2019)"

var successions = resource[domain.Succession]{
	name: "successions", scope: domain.ScopeAdmin,
	path: idParam{name: "id", example: "5005-2019:5007:2020-01-01", rule: successionRule,
		read: func(c echo.Context) (string, error) {
			return pathParam(c, "id", successionIDPattern, "must be "+successionRule)
		}},
	body: bodyFields{writable: []string{"predecessor", "successor", "date", "kind", "source"},
		required: []string{"predecessor", "successor", "date", "kind", "source"}, example: SuccessionBody{}},
	decode: func(r *fieldReader) domain.Succession {
		x := domain.Succession{}
		r.read("predecessor", "a municipality id (a string)", &x.Predecessor)
		r.read("successor", "a municipality id (a string)", &x.Successor)
		r.read("date", "a date (a string)", &x.Date)
		r.read("kind", "merger, split or part_transferred", &x.Kind)
		x.Source.ID = r.sourceField("source")
		return x
	},
	idOf: func(x domain.Succession) string { return x.ID }, records: Store.Successions, list: Store.ListSuccessions,
	spec: query.Successions,
	docs: docWords{noun: "succession", tag: "municipalities", taken: "This succession exists already",
		adds: "Records a merger or split between two identities on a date; with the predecessor's code period closed, its code resolves to the successor. A reform is the new municipality, its successions, and the old code periods closed.",
		list: "The mergers and splits from SSB's change table: predecessor, successor, date and kind."},
}

// SuccessionBody is what a succession write may carry; its municipalities and date are its identity.
type SuccessionBody struct {
	Predecessor string `json:"predecessor" example:"5699"`
	Successor   string `json:"successor" example:"5601"`
	Date        string `json:"date" format:"date" example:"2028-01-01"`
	Kind        string `json:"kind" enums:"merger,split,part_transferred" example:"merger"`
	Source      string `json:"source" ref:"id" example:"ssb-klass-131"`
}

var successionIDPattern = regexp.MustCompile(`^[0-9]{4}(-[0-9]{4})?:[0-9]{4}(-[0-9]{4})?:[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

const successionRule = "a succession id: predecessor, successor and date, such as 5005-2019:5007:2020-01-01"
