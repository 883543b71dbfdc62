package domain

// Aggregates are derived figures: computed when asked from official figures, never stored, and each
// names the observations it came from.

// RegionTotal is a region's population or area on one reference date: the sum of the official figures of
// the municipalities its members are or became, beside the figure the region itself reported.
type RegionTotal struct {
	Region        RegionRef       `json:"region"`
	ReferenceDate string          `json:"reference_date" format:"date" example:"2015-01-01"`
	Unit          string          `json:"unit" example:"persons"`
	Computed      *Total          `json:"computed"`
	Reported      *ReportedFigure `json:"reported"`
	// Difference is reported minus computed, where both exist.
	Difference *float64 `json:"difference" example:"0"`
	Note       string   `json:"note"`
}

// Total is a sum of municipal figures (population: SSB's own, sums of predecessors' and the source's
// apportionments; area: the compiled figures).
type Total struct {
	Value float64 `json:"value" example:"85510"`
	// Counted is how many municipalities' figures were summed; Expected how many the members are or
	// became on the date. Complete means the sum is exactly the members' territory's figure: every figure
	// counted, they hold exactly the members' territory, and none is an apportionment (an estimate).
	// Caveats say why not, where it is not.
	Counted        int               `json:"counted" example:"5"`
	Expected       int               `json:"expected" example:"5"`
	Complete       bool              `json:"complete" example:"true"`
	Caveats        []Caveat          `json:"caveats"`
	Municipalities []MunicipalityRef `json:"municipalities"`
	// ReferenceDate is the date of the figures summed, where it differs from the row's (area: the latest
	// edition of the area figures is used, whatever the row's date).
	ReferenceDate string `json:"reference_date" format:"date" example:"2015-01-01"`
	// DerivedFrom lists the ids of the observations summed.
	DerivedFrom []string `json:"derived_from"`
}

// CaveatCode names one reason a derived figure is not exact for its subject.
type CaveatCode string

const (
	CaveatMissingFigures   CaveatCode = "missing_figures"   // some municipality has no figure on the date
	CaveatTerritoryDiffers CaveatCode = "territory_differs" // the municipalities summed are not exactly the subject's territory
	CaveatApportioned      CaveatCode = "apportioned"       // a figure summed is the source's apportionment, an estimate
)

// CaveatCodes are every caveat code.
var CaveatCodes = []CaveatCode{CaveatMissingFigures, CaveatTerritoryDiffers, CaveatApportioned}

// Caveat is one reason a derived figure (a total, an indicator, a growth, a quality check) is not
// complete, in a stable code, a sentence, and the municipalities it concerns: those without a figure, those
// whose figure is apportioned, or a municipality that was not a member and today's one it is part of.
type Caveat struct {
	Code    CaveatCode `json:"code" enums:"missing_figures,territory_differs,apportioned" example:"apportioned"`
	Message string     `json:"message" example:"The figure of 1580 Haram on 2019-01-01 is the source's apportionment of predecessors' figures, after a split or a transfer of territory: an estimate, not a count."`
	// Date is the reference date the caveat is about.
	Date           string            `json:"date" format:"date" example:"2019-01-01"`
	Municipalities []MunicipalityRef `json:"municipalities"`
}

// Indicator is one year of a subject's indicators: population, density and growth.
type Indicator struct {
	Subject       IndicatorSubject `json:"subject"`
	ReferenceDate string           `json:"reference_date" format:"date" example:"2020-01-01"`
	Population    float64          `json:"population" example:"89356"`
	// Complete is false where some municipality's figure is missing, the sum is not exactly the subject's
	// territory, or a figure is an apportionment (an estimate); Caveats say which, and the indicators are
	// then shown but should be read with care.
	Complete bool     `json:"complete" example:"true"`
	Caveats  []Caveat `json:"caveats"`
	// AreaKM2 is the latest area figure of the subject's municipalities (a compilation's, see its source),
	// the same for every year; AreaReferenceDate is that figure's date, the compilation's edition. Density
	// is inhabitants per km² of it.
	AreaKM2           *float64 `json:"area_km2" example:"7464.82"`
	AreaReferenceDate *string  `json:"area_reference_date" format:"date" example:"2025-01-01"`
	Density           *float64 `json:"density" example:"11.97"`
	// Change is the change since the previous year's figure; SinceStart the change since the programme's start
	// (the figures of 1 January 2015), null before and on that date.
	Change     *Growth `json:"change"`
	SinceStart *Growth `json:"since_start"`
	// DerivedFrom lists the ids of the observations these figures came from.
	DerivedFrom []string `json:"derived_from"`
}

// IndicatorSubject is what indicators are about: a region, a municipality or an ad-hoc group.
type IndicatorSubject struct {
	Kind           string            `json:"kind" enums:"region,municipality,group" example:"region"`
	ID             string            `json:"id" example:"tromsoregionen"`
	Name           string            `json:"name" example:"Tromsøregionen"`
	Municipalities []MunicipalityRef `json:"municipalities"`
}

// Growth is the change between two reference dates.
type Growth struct {
	Since    string  `json:"since" format:"date" example:"2015-01-01"`
	Absolute float64 `json:"absolute" example:"3846"`
	// Percent is rounded to two decimals.
	Percent float64 `json:"percent" example:"4.5"`
	// Complete is true only when both figures are complete: a change from or to an incomplete year, an
	// apportioned one (as every year before a split is) or one not of the same territory is not, and its
	// caveats say which year and why.
	Complete bool     `json:"complete" example:"true"`
	Caveats  []Caveat `json:"caveats"`
}

// RegionSummary is a region's profile for a dashboard, in one answer.
type RegionSummary struct {
	Region     Region       `json:"region"`
	Year       int          `json:"year" example:"2025"`
	Population *RegionTotal `json:"population"`
	Area       *RegionTotal `json:"area"`
	Indicators *Indicator   `json:"indicators"`
	// ProgrammeStart is the year the programme began (phase 1, spring 2014; the sources give no day).
	ProgrammeStart int `json:"programme_start" example:"2014"`
	// GrowthSince is the reference date growth is measured from: that of the figures the programme reports
	// for its regions (1 January 2015), null where there are none.
	GrowthSince *string        `json:"growth_since" format:"date" example:"2015-01-01"`
	Goals       []Goal         `json:"goals"`
	Measures    map[Status]int `json:"measures_by_status"`
	// MeasuresInferred counts, of each status's measures, those whose status the source does not state and
	// the dataset inferred (status_inferred): Tromsøregionen's work after the programme is "ongoing" by
	// inference only.
	MeasuresInferred map[Status]int `json:"measures_by_status_inferred"`
	MeasureList      []Measure      `json:"measures"`
	Partners         []Partner      `json:"partners"`
}
