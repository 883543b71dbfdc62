package domain

// County is a Norwegian county (fylke), identified by its two-digit code.
type County struct {
	Code string `json:"code" example:"55"`
	Name string `json:"name" example:"Troms"`
}

// Name is an official name of a municipality in one language (BCP 47 tag:
// no Norwegian, se Northern Sámi, smj Lule Sámi, sma Southern Sámi, fkv Kven).
type Name struct {
	Name     string `json:"name" example:"Omasvuotna"`
	Language string `json:"language" example:"se"`
	// Source is the id of the source that gives the name.
	Source string `json:"source" example:"kartverket-kommuneinfo"`
}

// MunicipalityCode is one dated period of a municipality's code, official name and county.
type MunicipalityCode struct {
	Code   string `json:"code" example:"1902"`
	Name   string `json:"name" example:"Tromsø"`
	County County `json:"county"`
	// ValidFrom is null when the period began before the first change SSB records for the code.
	ValidFrom *string `json:"valid_from" format:"date" example:"2015-01-01"`
	// ValidTo is null while the code is in force; the period ends the day before.
	ValidTo *string `json:"valid_to" format:"date" example:"2020-01-01"`
}

// Municipality is a lasting identity. Code, name and county are those in force now; Codes lists every
// period the dataset knows, the current one last.
type Municipality struct {
	// ID is the stable identity key: the code in force when the identity was first loaded. Codes change; the id does not.
	ID     string `json:"id" example:"5501"`
	Code   string `json:"code" example:"5501"`
	Name   string `json:"name" example:"Tromsø"`
	County County `json:"county"`
	// Names are the official names in each language, as Kartverket lists them.
	Names     []Name             `json:"names"`
	ValidFrom *string            `json:"valid_from" format:"date" example:"2024-01-01"`
	ValidTo   *string            `json:"valid_to" format:"date"`
	Codes     []MunicipalityCode `json:"codes"`
	Source    Source             `json:"source"`
}

// MunicipalityRef names a municipality inside another resource.
type MunicipalityRef struct {
	Code string `json:"code" example:"5501"`
	Name string `json:"name" example:"Tromsø"`
}

// MunicipalityFilter selects municipalities.
type MunicipalityFilter struct {
	County []string // two-digit county codes; empty means all
}
