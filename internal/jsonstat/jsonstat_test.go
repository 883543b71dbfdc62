package jsonstat

import (
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

func municipality(code, name string) domain.Subject {
	return domain.Subject{Municipality: &domain.MunicipalityRef{Code: code, Name: name}}
}

// A value sits where JSON-stat's row-major order puts it over SSB's dimensions (subject, then contents, then
// time); a cell with no figure is null; a reported figure and an adjusted one carry their status; each source is credited once.
func TestPopulationLaysValuesOutInRowMajorOrder(t *testing.T) {
	ssb := domain.Source{ID: "ssb-07459", Publisher: "Statistisk sentralbyrå", Title: "07459"}
	region := domain.Source{ID: "seed", Publisher: "Distriktssenteret", Title: "Tromsøregionen"}
	d := Population([]domain.PopulationObservation{
		{Subject: municipality("5501", "Tromsø"), ReferenceDate: "2016-01-01", Value: 74541, Kind: domain.KindOfficial, Source: ssb},
		{Subject: municipality("5501", "Tromsø"), ReferenceDate: "2015-01-01", Value: 72681, Kind: domain.KindOfficial, Source: ssb},
		{Subject: municipality("5503", "Harstad"), ReferenceDate: "2015-01-01", Value: 24703, Kind: domain.KindOfficial, Source: ssb,
			Note: "for today's borders"},
		{Subject: municipality("5503", "Harstad"), ReferenceDate: "2015-01-01", Value: 24700, Kind: domain.KindReported, Source: region},
	})
	if got := strings.Join(d.ID, ","); got != "Region,ContentsCode,Tid" {
		t.Fatalf("id %s, want SSB's order Region,ContentsCode,Tid", got)
	}
	if got := d.Size; len(got) != 3 || got[0] != 2 || got[1] != 2 || got[2] != 2 {
		t.Fatalf("size %v, want [2 2 2]", got)
	}
	at := func(subject, content, time int) *float64 { return d.Value[(subject*2+content)*2+time] }
	cases := []struct {
		name                   string
		subject, content, time int
		want                   float64 // -1: null
	}{
		{"Tromsø official 2015", 0, 0, 0, 72681},
		{"Tromsø official 2016", 0, 0, 1, 74541},
		{"Tromsø reported 2015", 0, 1, 0, -1},
		{"Harstad official 2015", 1, 0, 0, 24703},
		{"Harstad reported 2015", 1, 1, 0, 24700},
		{"Harstad official 2016", 1, 0, 1, -1},
	}
	for _, c := range cases {
		v := at(c.subject, c.content, c.time)
		switch {
		case c.want < 0 && v != nil:
			t.Errorf("%s: %v, want null", c.name, *v)
		case c.want >= 0 && (v == nil || *v != c.want):
			t.Errorf("%s: %v, want %v", c.name, v, c.want)
		}
	}
	if i, ok := d.Dimension[dimTime].Category.Index["2015"]; !ok || i != 0 || d.Dimension[dimTime].Category.Label["2016"] != "2016" ||
		d.Dimension[dimRegion].Category.Label["5503"] != "Harstad" || d.Dimension[dimContents].Category.Index["BefolkningOppgitt"] != 1 {
		t.Errorf("dimensions %+v", d.Dimension)
	}
	if d.Status["4"] != statusAdjusted || d.Status["6"] != statusReported || len(d.Status) != 2 {
		t.Errorf("status %v", d.Status)
	}
	if d.Source != "Statistisk sentralbyrå: 07459; Distriktssenteret: Tromsøregionen" {
		t.Errorf("source %q", d.Source)
	}
}

// An empty series is an empty dataset, not a panic.
func TestEmptySeries(t *testing.T) {
	d := Area(nil)
	if len(d.Value) != 0 || d.Size[0] != 0 || d.Version != "2.0" || d.Class != "dataset" {
		t.Errorf("%+v", d)
	}
}

// Every content has its unit as SSB writes it, a base and decimals: counts whole, km² and percentages with
// two decimals; every series's builder, each with every content it can have.
func TestEveryContentHasAUnit(t *testing.T) {
	ssb := domain.Source{ID: "ssb-07459", Publisher: "Statistisk sentralbyrå", Title: "07459"}
	region := domain.RegionRef{ID: "tromsoregionen", Name: "Tromsøregionen"}
	density, area := 11.97, 7464.82
	var population []domain.PopulationObservation
	var areas []domain.AreaObservation
	for _, kind := range domain.Kinds {
		population = append(population, domain.PopulationObservation{Subject: municipality("5501", "Tromsø"),
			ReferenceDate: "2015-01-01", Value: 1, Kind: kind, Source: ssb})
		areas = append(areas, domain.AreaObservation{Subject: municipality("5501", "Tromsø"),
			ReferenceDate: "2025-01-01", ValueKM2: 1, Kind: kind, Source: ssb})
	}
	totals := []domain.RegionTotal{{Region: region, ReferenceDate: "2015-01-01",
		Computed: &domain.Total{Value: 1, Complete: true}, Reported: &domain.ReportedFigure{Value: 1, Source: "seed"}}}
	datasets := map[string]Dataset{
		"population": Population(population), "area": Area(areas),
		"population totals": Totals(true)(totals), "area totals": Totals(false)(totals),
		"indicators": Indicators([]domain.Indicator{{Subject: domain.IndicatorSubject{ID: "tromsoregionen", Name: "Tromsøregionen"},
			ReferenceDate: "2016-01-01", Population: 1, Complete: true, AreaKM2: &area, Density: &density,
			Change: &domain.Growth{Absolute: 1, Percent: 1}}}),
	}
	decimals := map[string]int{"personer": 0, "km²": 2, "innbyggere per km²": 2, "prosent": 2}
	for name, d := range datasets {
		contents := d.Dimension[dimContents].Category
		if len(contents.Index) == 0 {
			t.Errorf("%s: no contents", name)
		}
		for id := range contents.Index {
			u, ok := contents.Unit[id]
			want, known := decimals[u.Base]
			if !ok || !known || u.Decimals != want || u.Label == "" {
				t.Errorf("%s: %s has unit %+v", name, id, u)
			}
		}
	}
}
