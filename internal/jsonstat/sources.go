package jsonstat

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// Cite completes a dataset from its sources, which extension.sources must hold in full by then: the
// credits (source), the latest date a source was retrieved (updated) with a note on what that date is, and
// SSB's extension where every figure comes from one table of SSB's statbank. The builders name some sources
// by id only (totals and indicators know no more), so whoever has them in full cites, once.
func (d *Dataset) Cite() {
	sources := d.Extension.Sources
	d.Source = credits(sources)
	// The date as the source gives it: JSON-stat's updated is any ISO 8601 form JavaScript's Date.parse
	// reads, a date alone among them, and a time of day would be invented. The latest, since a dataset is as
	// recent as its most recently retrieved figures; dates compare as strings (YYYY-MM-DD, validated).
	d.Updated = ""
	for _, s := range sources {
		if s.Retrieved != nil && *s.Retrieved > d.Updated {
			d.Updated = *s.Retrieved
		}
	}
	switch {
	case d.Updated != "":
		d.Note = append(d.Note, "updated ("+d.Updated+") er den seneste datoen tallene ble hentet fra en kilde "+
			"(retrieved i extension.sources), ikke datoen kilden publiserte dem.")
	case len(sources) > 0:
		d.Note = append(d.Note, "Kildene oppgir ikke når tallene ble hentet, derfor har datasettet ingen updated.")
	}
	d.Extension.PX = nil
	if table := oneStatbankTable(sources); table != "" {
		d.Extension.PX = &PX{TableID: table, Language: "no"}
	}
}

// PX is the part of SSB's extension.px a client needs to find the table again: its id, and the language of
// the labels. SSB writes more (decimals, official-statistics, matrix, ...) from the table's own metadata;
// of those, decimals is each content's unit here, and the rest are claims about SSB's table, not about
// these figures, some of which are sums or estimates made from it.
type PX struct {
	TableID  string `json:"tableid" example:"07459"`
	Language string `json:"language" example:"no"`
}

// oneStatbankTable is the id of the statbank table every source is, or "" when a source is not SSB's
// statbank or the sources are several tables.
func oneStatbankTable(sources []domain.Source) string {
	table := ""
	for i, s := range sources {
		id := statbankTable(s)
		if id == "" || (i > 0 && id != table) {
			return ""
		}
		table = id
	}
	return table
}

// ssbPublisher is SSB's name as the sources write it.
const ssbPublisher = "Statistisk sentralbyrå"

// statbankPath is the path of a table in SSB's statbank, in Norwegian or English:
// /statbank/table/07459, /en/statbank/table/07459/tableViewLayout1/.
var statbankPath = regexp.MustCompile(`^(?:/en)?/statbank/table/([0-9]+)(?:/|$)`)

// statbankTable is the id of the statbank table a source is, read from the source's own address, or "".
func statbankTable(s domain.Source) string {
	if s.Publisher != ssbPublisher || s.URL == nil {
		return ""
	}
	u, err := url.Parse(*s.URL)
	if err != nil || (u.Host != "www.ssb.no" && u.Host != "ssb.no") {
		return ""
	}
	if m := statbankPath.FindStringSubmatch(u.Path); m != nil {
		return m[1]
	}
	return ""
}

// credits names the sources as a dataset's source does: "publisher: title", separated by semicolons.
func credits(sources []domain.Source) string {
	var credits []string
	for _, s := range sources {
		if s.Title != "" {
			credits = append(credits, s.Publisher+": "+s.Title)
		}
	}
	return strings.Join(credits, "; ")
}

// uniqueSources lists each source once, in the order met.
func uniqueSources(all []domain.Source) []domain.Source {
	var out []domain.Source
	seen := map[string]bool{}
	for _, s := range all {
		if !seen[s.ID] {
			seen[s.ID] = true
			out = append(out, s)
		}
	}
	return out
}

// sourcesOf are the sources of observations by their ids, which end in the source's id.
func sourcesOf(observations []string) []string {
	out := make([]string, 0, len(observations))
	for _, id := range observations {
		out = append(out, id[strings.LastIndexByte(id, ':')+1:])
	}
	return out
}

// sourceIDs are sources known by id only, each once.
func sourceIDs(ids []string) []domain.Source {
	sources := make([]domain.Source, len(ids))
	for i, id := range ids {
		sources[i] = domain.Source{ID: id}
	}
	return uniqueSources(sources)
}
