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

// Municipality is a lasting identity. Code, name and county are its latest (in force now, unless the
// identity has ended); Codes lists every period the dataset knows, oldest first. ValidFrom and ValidTo
// bound the identity: null ValidFrom means before SSB's first recorded change (1972), null ValidTo that
// it is in force.
type Municipality struct {
	// ID is the stable identity key: the code in force when the dataset was built ("5501"), or for an identity
	// that had ended by then, its last code and last year ("1725-2019"). Codes change; the id does not.
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

// SuccessionKind says how one municipality succeeded another.
type SuccessionKind string

const (
	SuccessionMerger          SuccessionKind = "merger"           // the predecessor merged into the successor
	SuccessionSplit           SuccessionKind = "split"            // the predecessor was divided; the successor took a part
	SuccessionPartTransferred SuccessionKind = "part_transferred" // a part moved; the predecessor goes on
)

// Succession links two municipality identities across a merger or a split (SSB's change table).
type Succession struct {
	// ID is "<predecessor>:<successor>:<date>".
	ID          string         `json:"id" example:"5005-2019:5007:2020-01-01"`
	Predecessor string         `json:"predecessor" example:"5005-2019"`
	Successor   string         `json:"successor" example:"5007"`
	Date        string         `json:"date" format:"date" example:"2020-01-01"`
	Kind        SuccessionKind `json:"kind" enums:"merger,split,part_transferred" example:"merger"`
	Source      Source         `json:"source"`
}
