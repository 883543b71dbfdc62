package dataset

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// The programme's regions come from byregioner.csv: facts transcribed from public pages, one row a region
// (PROVENANCE.md, section 7). An empty cell stays absent; nothing is guessed.

const (
	regionsFile = "byregioner.csv"
	// listedOn is the date whose municipal structure the pages use: they name 2015 municipalities.
	listedOn = "2015-01-01"
)

// candidate is a municipality as it was on listedOn.
type candidate struct {
	id, code, name, county string
}

// listedMunicipalities indexes the municipalities of listedOn by every name they were known by.
func (ms *municipalities) listedMunicipalities() map[string][]candidate {
	out := map[string][]candidate{}
	for _, m := range ms.list {
		for _, p := range m.Codes {
			if deref(p.ValidFrom) <= listedOn && (p.ValidTo == nil || *p.ValidTo > listedOn) {
				c := candidate{id: m.ID, code: p.Code, name: p.Name, county: p.County.Code}
				for _, part := range nameParts(p.Name) {
					out[part] = append(out[part], c)
				}
			}
		}
	}
	return out
}

// resolveListed resolves a region's member names to the municipalities of listedOn. A name that more
// than one municipality had is resolved by the region's county: the counties of its members whose names
// are unique. A name that does not resolve to exactly one municipality stops the build, naming it and the
// candidates: the loader never picks one.
func resolveListed(region string, names []string, index map[string][]candidate) ([]candidate, error) {
	counties := map[string]bool{}
	for _, n := range names {
		if c := index[n]; len(c) == 1 {
			counties[c[0].county] = true
		}
	}
	out := make([]candidate, 0, len(names))
	for _, n := range names {
		var found []candidate
		for _, c := range index[n] {
			if len(index[n]) == 1 || counties[c.county] {
				found = append(found, c)
			}
		}
		if len(found) != 1 {
			var all []string
			for _, c := range index[n] {
				all = append(all, c.code+" "+c.name+" (county "+c.county+")")
			}
			return nil, fmt.Errorf("%s: region %q: municipality %q does not resolve to exactly one 2015 municipality "+
				"in the region's counties %v; candidates: %s", regionsFile, region, n, keys(counties), strings.Join(all, ", "))
		}
		out = append(out, found[0])
	}
	return out, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// parsePhases reads the phase column: "1;2", "2", "1", "2 (1 unverified)" or "2 (indicated, unconfirmed)".
func parsePhases(s string) ([]domain.RegionPhase, error) {
	switch s {
	case "1", "2", "1;2":
		var out []domain.RegionPhase
		for _, p := range strings.Split(s, ";") {
			n, _ := strconv.Atoi(p)
			out = append(out, domain.RegionPhase{Phase: n, Status: domain.PhaseConfirmed})
		}
		return out, nil
	case "2 (1 unverified)":
		return []domain.RegionPhase{{Phase: 1, Status: domain.PhaseUnverified}, {Phase: 2, Status: domain.PhaseConfirmed}}, nil
	case "2 (indicated, unconfirmed)":
		return []domain.RegionPhase{{Phase: 2, Status: domain.PhaseIndicated}}, nil
	}
	return nil, fmt.Errorf("phase %q is none of the forms PROVENANCE.md describes", s)
}

// splitName separates a region's name from the alternative name in parentheses.
func splitName(s string) (name, alternative string) {
	if i := strings.Index(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		return s[:i], s[i+2 : len(s)-1]
	}
	return s, ""
}

// loadRegions adds every row of byregioner.csv: the region, its members, its reported figures and the
// source of its row. It returns the rows' theme labels, which go after the themes the regions' own texts
// give.
func loadRegions(ds *domain.Dataset, ms *municipalities) ([]domain.Theme, error) {
	t, err := readTable(regionsFile, ',', "region", "phase", "lead_municipality", "partner_municipalities",
		"population", "population_date", "area_km2", "theme_label", "source_url")
	if err != nil {
		return nil, err
	}
	index := ms.listedMunicipalities()
	var labels []domain.Theme
	for i := range t.rows {
		name, alternative := splitName(t.get(i, "region"))
		id := slug(name)
		phases, err := parsePhases(t.get(i, "phase"))
		if err != nil {
			return nil, t.errorf(i, "%v", err)
		}
		src, err := rowSource(id, name, t.get(i, "source_url"))
		if err != nil {
			return nil, t.errorf(i, "%v", err)
		}
		ds.Sources = append(ds.Sources, src)
		region := domain.Region{ID: id, Name: name, AlternativeName: alternative, Language: seedLanguage,
			Programme: domain.ProgrammeRef{ID: programmeID}, Phases: phases, Members: []domain.Member{},
			Source: domain.Source{ID: src.ID}}

		// The member list is that of the region's last phase, the one the pages describe.
		phase := phases[len(phases)-1].Phase
		lead := t.get(i, "lead_municipality")
		var names []string
		if lead != "" {
			names = append(names, lead)
		}
		for _, n := range strings.Split(t.get(i, "partner_municipalities"), ";") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		members, err := resolveListed(name, names, index)
		if err != nil {
			return nil, err
		}
		for j, c := range members {
			role := domain.RolePartner
			switch {
			case lead == "":
				role = domain.RoleMember
			case j == 0:
				role = domain.RoleLead
				region.Lead = &domain.ListedMunicipality{ID: c.id, Code: c.code, Name: names[j]}
			}
			region.Members = append(region.Members, domain.Member{Role: role, Phase: &phase,
				Municipality: domain.ListedMunicipality{ID: c.id, Code: c.code, Name: names[j]}})
		}
		ds.Regions = append(ds.Regions, region)
		if err := addRowFigures(ds, t, i, region, src); err != nil {
			return nil, err
		}
		if label := t.get(i, "theme_label"); label != "" {
			labels = append(labels, domain.Theme{ID: itemID(id, "theme-label", 0), Region: id,
				Kind: domain.ThemeSummaryLabel, Title: label, Language: seedLanguage, Source: domain.Source{ID: src.ID}})
		}
	}
	return labels, nil
}

// addRowFigures adds the population and area a row reports, where it reports them.
func addRowFigures(ds *domain.Dataset, t *table, i int, region domain.Region, src domain.Source) error {
	pop, date, area := t.get(i, "population"), t.get(i, "population_date"), t.get(i, "area_km2")
	if (pop != "" || area != "") && !validDate(date) {
		return t.errorf(i, "a figure without a valid population_date")
	}
	subject := domain.Subject{Region: &domain.RegionRef{ID: region.ID, Name: region.Name}}
	if pop != "" {
		v, err := strconv.ParseInt(pop, 10, 64)
		if err != nil || v <= 0 {
			return t.errorf(i, "population %q is not a count", pop)
		}
		ds.Population = append(ds.Population, domain.PopulationObservation{
			ID: observationID("population", region.ID, date, src.ID), Subject: subject, ReferenceDate: date,
			Value: v, Unit: "persons", Kind: domain.KindReported, Source: domain.Source{ID: src.ID},
			Note: "Folketall i regionen, as the region's page states it.",
		})
	}
	if area != "" {
		v, err := strconv.ParseFloat(area, 64)
		if err != nil || v <= 0 {
			return t.errorf(i, "area %q is not a positive number", area)
		}
		ds.Area = append(ds.Area, domain.AreaObservation{
			ID: observationID("area", region.ID, date, src.ID), Subject: subject, ReferenceDate: date,
			ValueKM2: v, Unit: "km2", Measure: domain.AreaUnknown, Kind: domain.KindReported,
			Source: domain.Source{ID: src.ID},
			Note: "Areal i regionen, as the region's page states it. The page gives no date for the area; " +
				"the reference date is that of its population figure.",
		})
	}
	return nil
}

// rowSource is the source of one row: the pages its source_url lists, the first being the main one.
func rowSource(id, name, urls string) (domain.Source, error) {
	var list []string
	for _, u := range strings.Split(urls, " ; ") {
		if u = strings.TrimSpace(u); u != "" {
			list = append(list, u)
		}
	}
	if len(list) == 0 {
		return domain.Source{}, fmt.Errorf("no source_url")
	}
	first, err := url.Parse(list[0])
	if err != nil || first.Host == "" {
		return domain.Source{}, fmt.Errorf("source_url %q is not a URL", list[0])
	}
	note := "Transcribed by hand from the text of public pages (byregioner.csv; PROVENANCE.md, section 7). " +
		"Anything not seen on a page is left out."
	if len(list) > 1 {
		note += " Further pages: " + strings.Join(list[1:], " ; ") + "."
	}
	return domain.Source{ID: "byregioner-" + id, Title: name + " (Byregionprogrammet)",
		Publisher: strings.TrimPrefix(first.Host, "www."), URL: &list[0],
		Licence: "Not stated by the publishers", Note: note}, nil
}

// nextThemePosition is the position after the region's last main theme.
func nextThemePosition(ds *domain.Dataset, region string) int {
	n := 0
	for _, th := range ds.Themes {
		if th.Region == region && th.Parent == nil && th.Position > n {
			n = th.Position
		}
	}
	return n + 1
}
