package domain

// Kind says what sort of figure an observation is.
type Kind string

const (
	KindOfficial Kind = "official" // official statistics (SSB and other public publishers)
	KindReported Kind = "reported" // a figure the programme or the region itself states
	// KindCompiled is a figure from a compilation that does not say where it comes from or when it was
	// measured (the municipal areas): neither official statistics nor a region's own word.
	KindCompiled Kind = "compiled"
)

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
	// PublishedCode is the code the municipality had on the reference date, the one the figure was
	// published under; null for a region, or where the municipality did not exist in that form then.
	PublishedCode *string `json:"published_code" example:"1902"`
	Value         int64   `json:"value" example:"72681"`
	Unit          string  `json:"unit" example:"persons"`
	Kind          Kind    `json:"kind" enums:"official,reported,compiled" example:"official"`
	Note          string  `json:"note"`
	Source        Source  `json:"source"`
}

// AreaObservation is the area of a subject in square kilometres.
type AreaObservation struct {
	ID string `json:"id" example:"area:5501:2025-01-01:aprestmo-norway-geodata"`
	Subject
	ReferenceDate string      `json:"reference_date" format:"date" example:"2025-01-01"`
	PublishedCode *string     `json:"published_code" example:"5501"`
	ValueKM2      float64     `json:"value_km2" example:"2520.8"`
	Unit          string      `json:"unit" example:"km2"`
	Measure       AreaMeasure `json:"measure" enums:"total,land,unknown" example:"unknown"`
	Kind          Kind        `json:"kind" enums:"official,reported,compiled" example:"compiled"`
	Note          string      `json:"note"`
	Source        Source      `json:"source"`
}
