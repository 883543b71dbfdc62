package domain

// Source is where a figure or a text came from. Every observation and text names one.
type Source struct {
	ID        string  `json:"id" example:"ssb-07459"`
	Title     string  `json:"title" example:"Befolkning 1. januar (tabell 07459)"`
	Publisher string  `json:"publisher" example:"Statistisk sentralbyrå"`
	URL       *string `json:"url" example:"https://www.ssb.no/statbank/table/07459"`
	Licence   string  `json:"licence" example:"NLOD 2.0 / CC BY 4.0"`
	// Retrieved is the date the data were taken from the publisher or its intermediary (YYYY-MM-DD).
	Retrieved *string `json:"retrieved" format:"date" example:"2026-07-01"`
	// Note says how the data reached us and what is uncertain about them.
	Note string `json:"note"`
	// Borders is set where the source gives every figure for the municipalities' borders on one date,
	// whatever the figure's own date (csdata puts SSB's population on the borders of 2024-01-01): a figure
	// from before a merger or a split is then a sum or an apportionment of the predecessors' figures, and
	// its kind says which. Null where each figure is for the municipality as it was on its own date.
	Borders *string `json:"borders" format:"date" example:"2024-01-01"`
}

// Programme is a national programme that funds city regions.
type Programme struct {
	ID          string `json:"id" example:"byregionprogrammet"`
	Name        string `json:"name" example:"Byregionprogrammet"`
	Description string `json:"description"`
	Language    string `json:"language" example:"nb"`
	Source      Source `json:"source"`
}
