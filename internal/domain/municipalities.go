package domain

import "sort"

// County is a Norwegian county (fylke), identified by its two-digit code.
type County struct {
	Code string `json:"code" example:"55"`
	Name string `json:"name" example:"Troms"`
}

// Name is an official name of a municipality in one language, in the period SSB's official name of the
// municipality included it.
type Name struct {
	Name string `json:"name" example:"Omasvuotna"`
	// Language is a BCP 47 tag: no Norwegian, se Northern Sámi, smj Lule Sámi, sma Southern Sámi, fkv Kven;
	// smi (ISO 639-2's collective "Sami languages") for a name the source calls Sámi without saying which
	// Sámi language (SSB's four of 2024: Raane, Fuolldá, Levangke, Rivtták); und (undetermined) for a name no
	// source gives the language of (Divtasvuodna, Tysfjord's from 2012 until 2020).
	Language string `json:"language" example:"se"`
	// Source is the id of the source that gives the name in this language.
	Source string `json:"source" example:"kartverket-kommuneinfo"`
	// ValidFrom is null when the name was the municipality's before the first change SSB records (1972).
	ValidFrom *string `json:"valid_from" format:"date" example:"2015-01-01"`
	// ValidTo is null while the name is in force; the period ends the day before.
	ValidTo *string `json:"valid_to" format:"date" example:"2020-01-01"`
}

// InForce reports whether a period from–to (null: open) holds on date (YYYY-MM-DD): it begins on or before
// the date and ends after it, the one convention of every dated thing here.
func InForce(from, to *string, date string) bool {
	return (from == nil || *from <= date) && (to == nil || *to > date)
}

// ValidOn reports whether the name was in force on date.
func (n Name) ValidOn(date string) bool { return InForce(n.ValidFrom, n.ValidTo, date) }

// nameLanguageOrder puts Norwegian first, then the Sámi languages and Kven; a language not listed comes last.
var nameLanguageOrder = map[string]int{"no": 1, "se": 2, "smj": 3, "sma": 4, "smi": 5, "fkv": 6, "und": 8}

// SortNames puts names in the order every answer lists them: by language (Norwegian first, then the
// Sámi languages and Kven), and in one language oldest first.
func SortNames(names []Name) {
	rank := func(language string) int {
		if r, ok := nameLanguageOrder[language]; ok {
			return r
		}
		return 7
	}
	sort.SliceStable(names, func(i, j int) bool {
		a, b := names[i], names[j]
		if rank(a.Language) != rank(b.Language) {
			return rank(a.Language) < rank(b.Language)
		}
		if a.Language != b.Language {
			return a.Language < b.Language
		}
		if from, to := deref(a.ValidFrom), deref(b.ValidFrom); from != to {
			return from < to // an open start ("") first
		}
		return a.Name < b.Name
	})
}

// NamesOn are the names in force on date, in the order of names; date "" means the latest: those whose
// period is open (valid_to null), as a municipality's latest code period is.
func NamesOn(names []Name, date string) []Name {
	out := []Name{}
	for _, n := range names {
		if (date == "" && n.ValidTo == nil) || (date != "" && n.ValidOn(date)) {
			out = append(out, n)
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
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
	// Names are the official names in each language, each with the period it was part of SSB's name. A record
	// (a GET without parameters, a write's answer, its versions, the changes feed) lists every one, as Codes
	// lists every period, so that what is read can be written back; a view (a list, or a GET with any
	// parameter) lists those in force on at=, or without at= the latest (valid_to null).
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
