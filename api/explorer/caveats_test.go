package explorer

import (
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

// The predecessors a figure's note names are read from the one form the store writes them in; a note in
// any other form names none.
func TestPredecessors(t *testing.T) {
	for _, c := range []struct {
		note string
		want string
	}{
		{"Not a figure SSB published for one municipality: the sum of SSB's figures on 2005-01-01 for 1103 Stavanger, " +
			"1141 Finnøy and 1142 Rennesøy, which together had the territory this municipality has on 2024-01-01 (the source's borders).",
			"Stavanger (1103), Finnøy (1141) og Rennesøy (1142)"},
		{"An estimate by the source, not a count: its share of SSB's figures on 2020-01-01 for 1507 Ålesund, for the part of " +
			"their territory that is this municipality's on 2024-01-01 (the source's borders); 1507 Ålesund was split on 2024-01-01.",
			"Ålesund (1507)"},
		{"An estimate by the source, not a count: its share of SSB's figures on 2012-01-01 for 1805 Narvik, 1850 Tysfjord - " +
			"Divtasvuodna and 1854 Ballangen, for the part of their territory …", "Narvik (1805), Tysfjord - Divtasvuodna (1850) og Ballangen (1854)"},
		{"An estimate by the source, not a count: its figure for this municipality's borders of 2024-01-01, which changed on 2025-01-01.", ""},
		{"", ""},
	} {
		if got := named(predecessors(c.note)); got != c.want {
			t.Errorf("%.60s…: %q, want %q", c.note, got, c.want)
		}
	}
}

// Years run together as ranges.
func TestYears(t *testing.T) {
	var fifteen []int
	for y := 2005; y <= 2019; y++ {
		fifteen = append(fifteen, y)
	}
	for _, c := range []struct {
		years []int
		want  string
	}{
		{nil, ""},
		{[]int{2005}, "2005"},
		{fifteen, "2005–2019"},
		{[]int{2005, 2006, 2007, 2010, 2012, 2013}, "2005–2007, 2010 og 2012–2013"},
	} {
		if got := years(c.years); got != c.want {
			t.Errorf("years(%v) = %q, want %q", c.years, got, c.want)
		}
	}
}

// A region's own figure is written with the decimals its source wrote, at most two.
func TestDecimalsOf(t *testing.T) {
	for v, want := range map[float64]int{7240: 0, 969: 0, 6519.84: 2, 12.5: 1, 1.23456: 2} {
		if got := decimalsOf(v); got != want {
			t.Errorf("decimalsOf(%v) = %d, want %d", v, got, want)
		}
	}
}

// Every caveat is said in Norwegian, naming its municipalities, with its date unless it is the figure's own.
func TestCaveatText(t *testing.T) {
	two := []domain.MunicipalityRef{{Code: "1806", Name: "Narvik"}, {Code: "1875", Name: "Hábmer - Hamarøy"}}
	for _, c := range []struct {
		caveat domain.Caveat
		of     string
		want   []string
	}{
		{domain.Caveat{Code: domain.CaveatApportioned, Date: "2005-01-01", Municipalities: two}, "2005-01-01",
			[]string{"Tallene for Narvik (1806) og Hábmer - Hamarøy (1875) er anslag"}},
		{domain.Caveat{Code: domain.CaveatApportioned, Date: "2005-01-01", Municipalities: two[:1]}, "",
			[]string{"Tallet for Narvik (1806) per 1. januar 2005 er et anslag"}},
		{domain.Caveat{Code: domain.CaveatTerritoryDiffers, Date: "2015-01-01",
			Municipalities: []domain.MunicipalityRef{{Code: "1913", Name: "Skånland"}, {Code: "5512", Name: "Dielddanuorri - Tjeldsund"}}},
			"2015-01-01", []string{"Skånland (1913) var ikke medlem per 1. januar 2015", "Dielddanuorri - Tjeldsund (5512)"}},
		{domain.Caveat{Code: domain.CaveatMissingFigures, Date: "2005-01-01", Municipalities: []domain.MunicipalityRef{{Code: "1160", Name: "Vindafjord"}}},
			"", []string{"Summen mangler tall for Vindafjord (1160) per 1. januar 2005"}},
	} {
		got := caveatText(c.caveat, c.of)
		for _, want := range c.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q lacks %q", c.caveat.Code, got, want)
			}
		}
		if c.of == c.caveat.Date && c.caveat.Code != domain.CaveatTerritoryDiffers && strings.Contains(got, "januar") {
			t.Errorf("%s: %q says the figure's own date", c.caveat.Code, got)
		}
	}
}
