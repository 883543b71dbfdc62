package domain

// History is a municipality's lineage: its own code periods, the municipalities whose territory passed to
// it, and those its territory passed to, each with the date and the kind of change (SSB's change table).
type History struct {
	Municipality MunicipalityRef    `json:"municipality"`
	ID           string             `json:"id" example:"5501"`
	ValidFrom    *string            `json:"valid_from" format:"date"`
	ValidTo      *string            `json:"valid_to" format:"date"`
	Codes        []MunicipalityCode `json:"codes"`
	Predecessors []Related          `json:"predecessors"`
	Successors   []Related          `json:"successors"`
	// Today lists the municipalities in force that this one is, or became.
	Today  []MunicipalityToday `json:"today"`
	Source Source              `json:"source"`
}

// Related is a municipality on the other side of a merger or split.
type Related struct {
	ID   string         `json:"id" example:"1725-2019"`
	Code string         `json:"code" example:"5040"`
	Name string         `json:"name" example:"Namdalseid"`
	Date string         `json:"date" format:"date" example:"2020-01-01"`
	Kind SuccessionKind `json:"kind" enums:"merger,split,part_transferred" example:"merger"`
}

// CodeMapping says that a code no longer in force was read as the municipalities it became.
type CodeMapping struct {
	From string   `json:"from" example:"1902"`
	To   []string `json:"to" example:"5501"`
}
