package domain

// Goal is one of a region's stated goals (mål).
type Goal struct {
	ID       string `json:"id" example:"tromsoregionen-goal-1"`
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"1"`
	Text     string `json:"text" example:"Gjennom økt samhandling i Tromsøregionen bidra til økt verdiskaping"`
	Language string `json:"language" example:"nb"`
	Source   Source `json:"source"`
}

// Result is one of a region's stated results (resultater).
type Result struct {
	ID       string `json:"id" example:"tromsoregionen-result-1"`
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"1"`
	Text     string `json:"text"`
	Language string `json:"language" example:"nb"`
	Source   Source `json:"source"`
}

// Lesson is a region's advice to others (råd), a title and its explanation.
type Lesson struct {
	ID       string `json:"id" example:"tromsoregionen-lesson-1"`
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"1"`
	Title    string `json:"title" example:"Politisk forankring og deltakelse"`
	Text     string `json:"text"`
	Language string `json:"language" example:"nb"`
	Source   Source `json:"source"`
}

// ThemeKind says whether a theme's title quotes its source.
type ThemeKind string

const (
	ThemeQuoted       ThemeKind = "quoted"        // the source's own words
	ThemeSummaryLabel ThemeKind = "summary_label" // a short label written for the dataset from the source; not a quotation
)

// Theme is a main theme (hovedtema) of a programme phase, or a sub-theme (deltema) of one.
type Theme struct {
	ID          string    `json:"id" example:"tromsoregionen-theme-1"`
	Region      string    `json:"region" example:"tromsoregionen"`
	Parent      *string   `json:"parent" example:"tromsoregionen-theme-1"`
	Kind        ThemeKind `json:"kind" enums:"quoted,summary_label" example:"quoted"`
	Phase       *int      `json:"phase" example:"2"`
	Position    int       `json:"position" example:"1"`
	Title       string    `json:"title" example:"Innovasjon og næringsutvikling i Tromsøregionen"`
	Description string    `json:"description"`
	Language    string    `json:"language" example:"nb"`
	Source      Source    `json:"source"`
}

// PartnerKind classifies an organisation that works with a region.
type PartnerKind string

const (
	PartnerBusinessOrganisation PartnerKind = "business_organisation"
	PartnerResearch             PartnerKind = "research_and_development"
	PartnerCountyAuthority      PartnerKind = "county_authority"
	PartnerRegionalCouncil      PartnerKind = "regional_council"
	PartnerPublicFunding        PartnerKind = "public_funding_agency"
	PartnerMunicipality         PartnerKind = "municipality"
	PartnerOther                PartnerKind = "other"
)

// Partner is an organisation, or a group of them as vaguely as the source names it, and its role in a region.
type Partner struct {
	ID       string      `json:"id" example:"tromsoregionen-partner-4"`
	Region   string      `json:"region" example:"tromsoregionen"`
	Position int         `json:"position" example:"4"`
	Name     string      `json:"name" example:"Nord-Troms regionråd"`
	Kind     PartnerKind `json:"kind" enums:"business_organisation,research_and_development,county_authority,regional_council,public_funding_agency,municipality,other" example:"regional_council"`
	// KindInferred is true where the source does not state the kind and the dataset inferred it from the
	// name; a kind written through the API is stated.
	KindInferred bool `json:"kind_inferred"`
	// Role is the partner's part in the region, in the source's words.
	Role     string `json:"role"`
	Language string `json:"language" example:"nb"`
	Source   Source `json:"source"`
}

// Status is where a measure stands.
type Status string

const (
	StatusPlanned   Status = "planned"
	StatusOngoing   Status = "ongoing"
	StatusCompleted Status = "completed"
)

// Measure is a measure (tiltak) a region carries out.
type Measure struct {
	ID          string `json:"id" example:"tromsoregionen-measure-1"`
	Region      string `json:"region" example:"tromsoregionen"`
	Position    int    `json:"position" example:"1"`
	Title       string `json:"title" example:"Oppfølging av regional strategisk næringsplan med tiltak"`
	Description string `json:"description"`
	Status      Status `json:"status" enums:"planned,ongoing,completed" example:"ongoing"`
	// StatusInferred is true where the source does not state the status and the dataset inferred it; a
	// status written through the API is stated.
	StatusInferred bool `json:"status_inferred"`
	// Period is the period in the source's own words; Starts and Ends are dates where the source gives them.
	Period   string   `json:"period" example:"etter programslutt"`
	Starts   *string  `json:"starts" format:"date"`
	Ends     *string  `json:"ends" format:"date"`
	Themes   []string `json:"themes"`
	Goals    []string `json:"goals"`
	Partners []string `json:"partners" example:"tromsoregionen-partner-4"`
	Language string   `json:"language" example:"nb"`
	Source   Source   `json:"source"`
}

// Document is a document about a region, such as its application to the programme.
type Document struct {
	ID          string  `json:"id" example:"tromsoregionen-document-1"`
	Region      string  `json:"region" example:"tromsoregionen"`
	Position    int     `json:"position" example:"1"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	URL         *string `json:"url"`
	// Inferred is true where the source does not list the document and the dataset inferred it from what
	// the source says (Tromsøregionen's page quotes its application but lists no document); a document a
	// write states is not inferred.
	Inferred bool   `json:"inferred"`
	Language string `json:"language" example:"nb"`
	Source   Source `json:"source"`
}

// RegionText is a kind of a region's texts: a goal, a result, a lesson, a theme, a measure, a partner, a
// document. Every kind has the fields ID, Region, Position, Language and Source; the store keeps each of
// its other fields under its JSON name, so that a new kind of text needs its type and its table.
type RegionText interface {
	Validate() error
	// SearchText is the text q= finds it by.
	SearchText() []string
}

func (g Goal) SearchText() []string     { return []string{g.Text} }
func (r Result) SearchText() []string   { return []string{r.Text} }
func (l Lesson) SearchText() []string   { return []string{l.Title, l.Text} }
func (t Theme) SearchText() []string    { return []string{t.Title, t.Description} }
func (p Partner) SearchText() []string  { return []string{p.Name, p.Role} }
func (m Measure) SearchText() []string  { return []string{m.Title, m.Description} }
func (d Document) SearchText() []string { return []string{d.Title, d.Description} }
