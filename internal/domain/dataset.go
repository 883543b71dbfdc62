package domain

// Dataset is a whole dataset to load at once, as the embedded default dataset is. References between
// its parts are by id or code; the store resolves them.
type Dataset struct {
	Name     string // identifies the dataset, so it is loaded once
	Checksum string // identifies the exact files it was read from
	Sources  []Source
	Counties []County
	// CountySource is the source id of the county names.
	CountySource   string
	Programmes     []Programme
	Municipalities []Municipality
	Successions    []Succession
	Regions        []Region
	Population     []PopulationObservation
	Area           []AreaObservation
	Goals          []Goal
	Results        []Result
	Lessons        []Lesson
	Themes         []Theme
	Partners       []Partner
	Measures       []Measure
	Documents      []Document
}
