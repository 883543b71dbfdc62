package domain

// Kind says what sort of figure an observation is: the one labelling model every answer, export and page
// shows. Whether a municipal statistic is SSB's own figure, a sum or an apportionment follows from the code
// history (Klass): a source that puts every year on later borders (csdata, on 2024's) publishes, for a year
// before a merger or a split, not a figure SSB published for one municipality but one built from its
// predecessors' figures.
type Kind string

const (
	// KindOfficial is official statistics as published: SSB's own figure for the municipality as it was on
	// the reference date, under the code it had then (published_code).
	KindOfficial Kind = "official"
	// KindSumOfPredecessors is the sum of SSB's own figures for the municipalities that later merged into
	// this one, each wholly: exact for today's territory, but no figure SSB published for one municipality.
	KindSumOfPredecessors Kind = "sum_of_predecessors"
	// KindApportioned is a share of one or more predecessors' figures that the source estimated, because a
	// predecessor was split or gave up part of its territory: an estimate, not a count.
	KindApportioned Kind = "apportioned"
	KindReported    Kind = "reported" // a figure the programme or the region itself states
	// KindCompiled is a figure from a compilation that does not say where it comes from or when it was
	// measured (the municipal areas): neither official statistics nor a region's own word.
	KindCompiled Kind = "compiled"
)

// Kinds are every kind of figure, in the order answers list them.
var Kinds = []Kind{KindOfficial, KindSumOfPredecessors, KindApportioned, KindReported, KindCompiled}

// StatisticalKinds are the kinds of figure that come from official statistics: SSB's own, a sum of them, or
// the source's apportionment of them. These are the figures a region's sum adds up.
var StatisticalKinds = []Kind{KindOfficial, KindSumOfPredecessors, KindApportioned}

// AreaMeasure says what an area figure measures.
type AreaMeasure string

const (
	AreaTotal   AreaMeasure = "total"   // land and freshwater
	AreaLand    AreaMeasure = "land"    // land only
	AreaUnknown AreaMeasure = "unknown" // the source does not say
)

// Subject is what an observation is about: a municipality or a region, never both.
type Subject struct {
	Municipality *MunicipalityRef `json:"municipality"`
	Region       *RegionRef       `json:"region"`
}

// RegionRef names a region inside another resource.
type RegionRef struct {
	ID   string `json:"id" example:"tromsoregionen"`
	Name string `json:"name" example:"Tromsøregionen"`
}

// PopulationObservation is the number of residents of a subject on a reference date.
type PopulationObservation struct {
	ID string `json:"id" example:"population:5501:2015-01-01:ssb-07459"`
	Subject
	ReferenceDate string `json:"reference_date" format:"date" example:"2015-01-01"`
	// PublishedCode is the code an official figure was published under: the one the municipality had on
	// the reference date. Null for every other kind (a sum, an apportionment, a region's own figure).
	PublishedCode *string `json:"published_code" example:"1902"`
	// Predecessors are the municipalities of the reference date, by their code and name then, whose SSB
	// figures a sum of predecessors adds up or an apportionment divides; empty for every other figure.
	Predecessors []MunicipalityRef `json:"predecessors"`
	Value        int64             `json:"value" example:"72681"`
	Unit         string            `json:"unit" example:"persons"`
	// Kind is what the figure is: official (SSB's own, for the municipality as it was on the reference date,
	// published under published_code), sum_of_predecessors (the sum of SSB's figures for the municipalities
	// that later merged into this one), apportioned (the source's estimate of a share, after a split or a
	// transfer of land: not a count), reported (a region's own figure) or compiled (a compilation's figure
	// of unstated origin). The first three follow from the code history where the source puts its figures on
	// later borders (its borders field).
	Kind Kind `json:"kind" enums:"official,sum_of_predecessors,apportioned,reported,compiled" example:"official"`
	// Note says what a figure that is not SSB's own is built from (the predecessors it sums or apportions).
	Note   string `json:"note"`
	Source Source `json:"source"`
}

// AreaObservation is the area of a subject in square kilometres.
type AreaObservation struct {
	ID string `json:"id" example:"area:5501:2025-01-01:aprestmo-norway-geodata"`
	Subject
	ReferenceDate string `json:"reference_date" format:"date" example:"2025-01-01"`
	// PublishedCode: as for population, only on official figures (the areas are compiled: null).
	PublishedCode *string `json:"published_code" example:"5501"`
	// Predecessors: as for population.
	Predecessors []MunicipalityRef `json:"predecessors"`
	ValueKM2     float64           `json:"value_km2" example:"2520.8"`
	Unit         string            `json:"unit" example:"km2"`
	Measure      AreaMeasure       `json:"measure" enums:"total,land,unknown" example:"unknown"`
	// Kind: as for population; the municipal areas are compiled.
	Kind   Kind   `json:"kind" enums:"official,sum_of_predecessors,apportioned,reported,compiled" example:"compiled"`
	Note   string `json:"note"`
	Source Source `json:"source"`
}
