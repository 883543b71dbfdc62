package jsonstat

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

func municipality(code, name string) domain.Subject {
	return domain.Subject{Municipality: &domain.MunicipalityRef{Code: code, Name: name}}
}

// A value sits where JSON-stat's row-major order puts it over SSB's dimensions (subject, then contents, then
// time); a cell with no figure is null; SSB's own figures, a sum of predecessors' and an apportioned one are
// one content, told apart by their status (s, e), decided by the kind and not the note; a reported figure has
// its own content and status r; the notes explain exactly the codes used; each source is credited once.
func TestPopulationLaysValuesOutInRowMajorOrder(t *testing.T) {
	ssb := domain.Source{ID: "ssb-07459", Publisher: "Statistisk sentralbyrå", Title: "07459"}
	region := domain.Source{ID: "seed", Publisher: "Distriktssenteret", Title: "Tromsøregionen"}
	d := Population([]domain.PopulationObservation{
		{Subject: municipality("5501", "Tromsø"), ReferenceDate: "2016-01-01", Value: 74541, Kind: domain.KindOfficial, Source: ssb},
		{Subject: municipality("5501", "Tromsø"), ReferenceDate: "2015-01-01", Value: 72681, Kind: domain.KindOfficial, Source: ssb,
			Note: "a note is no status"},
		{Subject: municipality("5503", "Harstad"), ReferenceDate: "2015-01-01", Value: 24703, Kind: domain.KindSumOfPredecessors, Source: ssb,
			Note: "1903 Harstad and 1911 Kvæfjord"},
		{Subject: municipality("5503", "Harstad"), ReferenceDate: "2016-01-01", Value: 24800, Kind: domain.KindApportioned, Source: ssb},
		{Subject: municipality("5503", "Harstad"), ReferenceDate: "2015-01-01", Value: 24700, Kind: domain.KindReported, Source: region},
	})
	d.Cite()
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
		{"Harstad sum of predecessors 2015", 1, 0, 0, 24703},
		{"Harstad apportioned 2016", 1, 0, 1, 24800},
		{"Harstad reported 2015", 1, 1, 0, 24700},
		{"Harstad reported 2016", 1, 1, 1, -1},
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
	if want := map[string]string{"4": "s", "5": "e", "6": "r"}; !maps.Equal(d.Status, want) {
		t.Errorf("status %v, want %v", d.Status, want)
	}
	if got := explained(t, d); !slices.Equal(got, []string{"s", "e", "r"}) {
		t.Errorf("the notes explain %v, want s, e, r: %q", got, d.Note)
	}
	if d.Source != "Statistisk sentralbyrå: 07459; Distriktssenteret: Tromsøregionen" {
		t.Errorf("source %q", d.Source)
	}
}

// explained are the status codes a dataset's notes explain, in order; the machine-readable meanings in
// extension.status must be the same codes, in the same words.
func explained(t *testing.T, d Dataset) []string {
	t.Helper()
	var codes []string
	for _, note := range d.Note {
		if m := statusNote.FindStringSubmatch(note); m != nil {
			codes = append(codes, m[1])
			if d.Extension.Status[m[1]] == "" || !strings.Contains(note, d.Extension.Status[m[1]]) {
				t.Errorf("extension.status[%s] is %q, the note %q", m[1], d.Extension.Status[m[1]], note)
			}
		}
	}
	if len(codes) != len(d.Extension.Status) {
		t.Errorf("extension.status %v, the notes explain %v", d.Extension.Status, codes)
	}
	return codes
}

var statusNote = regexp.MustCompile(`^Status ([a-z]): \S`)

// Every builder gives each value the status of its kind of figure, or u for a sum or indicator that is not
// complete, and explains exactly the codes it used.
func TestStatusIsTheKindOfFigure(t *testing.T) {
	seed := domain.Source{ID: "seed", Publisher: "Distriktssenteret", Title: "Tromsøregionen"}
	region := domain.RegionRef{ID: "tromsoregionen", Name: "Tromsøregionen"}
	subject := domain.IndicatorSubject{ID: "tromsoregionen", Name: "Tromsøregionen"}
	cases := []struct {
		name   string
		d      Dataset
		status map[string]string
		notes  []string
	}{
		{"SSB's own figures have none", Population([]domain.PopulationObservation{
			{Subject: municipality("5501", "Tromsø"), ReferenceDate: "2015-01-01", Value: 72681, Kind: domain.KindOfficial, Note: "moved"}}),
			map[string]string{}, nil},
		{"a compiled area is c", Area([]domain.AreaObservation{
			{Subject: municipality("5501", "Tromsø"), ReferenceDate: "2025-01-01", ValueKM2: 2520.8, Kind: domain.KindCompiled, Source: seed}}),
			map[string]string{"0": "c"}, []string{"c"}},
		{"a region's incomplete sum is u, its own figure r", Totals(true)([]domain.RegionTotal{
			{Region: region, ReferenceDate: "2015-01-01", Computed: &domain.Total{Value: 80000}, Reported: &domain.ReportedFigure{Value: 85510, Source: "seed"}},
			{Region: region, ReferenceDate: "2016-01-01", Computed: &domain.Total{Value: 86000, Complete: true}}}),
			map[string]string{"0": "u", "2": "r"}, []string{"r", "u"}},
		{"an incomplete indicator is u", Indicators([]domain.Indicator{
			{Subject: subject, ReferenceDate: "2015-01-01", Population: 80000},
			{Subject: subject, ReferenceDate: "2016-01-01", Population: 86000, Complete: true}}),
			map[string]string{"0": "u"}, []string{"u"}},
		// Region × ContentsCode (Befolkning, Endring, EndringProsent) × Tid (2015, 2016): the change of 2016
		// is from an incomplete year, so it is u though 2016 itself is complete.
		{"a change from an incomplete year is u", Indicators([]domain.Indicator{
			{Subject: subject, ReferenceDate: "2015-01-01", Population: 80000},
			{Subject: subject, ReferenceDate: "2016-01-01", Population: 86000, Complete: true,
				Change: &domain.Growth{Since: "2015-01-01", Absolute: 6000, Percent: 7.5}}}),
			map[string]string{"0": "u", "3": "u", "5": "u"}, []string{"u"}},
	}
	for _, c := range cases {
		if !maps.Equal(c.d.Status, c.status) {
			t.Errorf("%s: status %v, want %v", c.name, c.d.Status, c.status)
		}
		if got := explained(t, c.d); !slices.Equal(got, c.notes) {
			t.Errorf("%s: the notes explain %v, want %v: %q", c.name, got, c.notes, c.d.Note)
		}
	}
}

// updated is the latest date a source of the figures was retrieved, as the source gives it, and a note says
// so; with no date, no updated. px.tableid is SSB's table, read from the source's address, only where every
// figure comes from that one table.
func TestCiteDatesAndNamesTheTable(t *testing.T) {
	address := func(u string) *string { return &u }
	date := func(d string) *string { return &d }
	ssb := domain.Source{ID: "ssb-07459", Publisher: "Statistisk sentralbyrå", Title: "Befolkning 1. januar (tabell 07459)",
		URL: address("https://www.ssb.no/statbank/table/07459"), Retrieved: date("2026-07-01")}
	edition := ssb // the same table, another snapshot
	edition.ID, edition.Retrieved = "ssb-07459-2025", date("2025-03-01")
	english := ssb
	english.ID, english.URL = "ssb-07459-en", address("https://www.ssb.no/en/statbank/table/07459/tableViewLayout1/")
	other := ssb
	other.ID, other.URL = "ssb-11342", address("https://www.ssb.no/statbank/table/11342")
	klass := domain.Source{ID: "ssb-klass-131", Publisher: "Statistisk sentralbyrå", Title: "Standard for kommuneinndeling",
		URL: address("https://www.ssb.no/klass/klassifikasjoner/131"), Retrieved: date("2025-03-27")}
	copied := ssb // SSB's address, another publisher's figures
	copied.ID, copied.Publisher = "copy", "niphr/csdata"
	area := domain.Source{ID: "aprestmo-norway-geodata", Publisher: "aprestmo/norway-geodata", Title: "Norwegian municipalities 2025: area",
		URL: address("https://github.com/aprestmo/norway-geodata"), Retrieved: date("2025-06-08")}
	seed := domain.Source{ID: "seed", Publisher: "Distriktssenteret", Title: "Tromsøregionen"}
	cases := []struct {
		name    string
		sources []domain.Source
		updated string
		table   string
	}{
		{"one SSB table", []domain.Source{ssb}, "2026-07-01", "07459"},
		{"two snapshots of one table: the later", []domain.Source{edition, ssb}, "2026-07-01", "07459"},
		{"the table's English address", []domain.Source{english}, "2026-07-01", "07459"},
		{"two tables", []domain.Source{ssb, other}, "2026-07-01", ""},
		{"SSB's table and a region's own figure", []domain.Source{seed, ssb}, "2026-07-01", ""},
		{"SSB's table and a compilation", []domain.Source{ssb, area}, "2026-07-01", ""},
		{"a compilation", []domain.Source{area}, "2025-06-08", ""},
		{"SSB, but no statbank table", []domain.Source{klass}, "2025-03-27", ""},
		{"a statbank address, another publisher", []domain.Source{copied}, "2026-07-01", ""},
		{"no date", []domain.Source{seed}, "", ""},
	}
	for _, c := range cases {
		d := Dataset{Extension: Extension{Sources: c.sources}}
		d.Cite()
		if d.Updated != c.updated {
			t.Errorf("%s: updated %q, want %q", c.name, d.Updated, c.updated)
		}
		table := ""
		if d.Extension.PX != nil {
			table = d.Extension.PX.TableID
		}
		if table != c.table {
			t.Errorf("%s: px.tableid %q, want %q", c.name, table, c.table)
		}
		b, _ := json.Marshal(d)
		var written map[string]any
		json.Unmarshal(b, &written)
		if _, ok := written["updated"]; ok != (c.updated != "") {
			t.Errorf("%s: written %s", c.name, b)
		}
		if ext, _ := written["extension"].(map[string]any); (ext["px"] != nil) != (c.table != "") {
			t.Errorf("%s: extension %v", c.name, ext)
		}
		dated := slices.ContainsFunc(d.Note, func(n string) bool { return strings.Contains(n, "updated ("+c.updated+")") })
		if dated != (c.updated != "") {
			t.Errorf("%s: the notes %q", c.name, d.Note)
		}
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
