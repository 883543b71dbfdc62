package domain

// CheckStatus is the outcome of comparing a region's reported figure with official statistics.
type CheckStatus string

const (
	CheckMatch         CheckStatus = "match"          // the members' official figures add up to the reported one
	CheckExplained     CheckStatus = "explained"      // the gap is exactly one neighbouring municipality's figure
	CheckUnexplained   CheckStatus = "unexplained"    // the figures differ and no single municipality explains it
	CheckNotComparable CheckStatus = "not_comparable" // reforms mixed members with others, or figures are missing
	CheckNotReported   CheckStatus = "not_reported"   // the region reports no such figure
)

// QualityReport compares what a region reports with what official statistics give for its members.
// Everything in it is computed from the data when asked; nothing is typed in.
type QualityReport struct {
	Region     RegionRef   `json:"region"`
	Population FigureCheck `json:"population"`
	Area       FigureCheck `json:"area"`
}

// FigureCheck compares one reported figure with the sum of the members' official figures.
type FigureCheck struct {
	Status   CheckStatus     `json:"status" enums:"match,explained,unexplained,not_comparable,not_reported" example:"explained"`
	Reported *ReportedFigure `json:"reported"`
	Computed *ComputedFigure `json:"computed"`
	// Difference is reported minus computed.
	Difference  *float64     `json:"difference" example:"2153"`
	Explanation *Explanation `json:"explanation"`
	// Caveats say why the comparison could not be made, each in a code and a sentence (not_comparable).
	Caveats []Caveat `json:"caveats"`
	// Note says in a sentence what the comparison found, or why it could not be made.
	Note string `json:"note"`
}

// ReportedFigure is the figure the region states.
type ReportedFigure struct {
	Value         float64 `json:"value" example:"38843"`
	ReferenceDate string  `json:"reference_date" format:"date" example:"2015-01-01"`
	Source        string  `json:"source" example:"byregioner-region-namdal"`
}

// ComputedFigure is the sum of official figures for the municipalities in force today that the members
// became; it is comparable only when those are exactly the members' territory.
type ComputedFigure struct {
	Value          float64           `json:"value" example:"36690"`
	ReferenceDate  string            `json:"reference_date" format:"date" example:"2015-01-01"`
	Source         string            `json:"source" example:"ssb-07459"`
	Municipalities []MunicipalityRef `json:"municipalities"`
}

// Explanation names the one municipality outside the member list, in the region's county, whose own
// figure equals the difference.
type Explanation struct {
	Municipality ListedMunicipality `json:"municipality"`
	Value        float64            `json:"value" example:"2153"`
}
