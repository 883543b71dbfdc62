package explorer

import (
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

// The predecessors a figure is built from are named as Norwegian lists them.
func TestNamed(t *testing.T) {
	for _, c := range []struct {
		from []domain.MunicipalityRef
		want string
	}{
		{[]domain.MunicipalityRef{{Code: "1103", Name: "Stavanger"}, {Code: "1141", Name: "Finnøy"}, {Code: "1142", Name: "Rennesøy"}},
			"Stavanger (1103), Finnøy (1141) og Rennesøy (1142)"},
		{[]domain.MunicipalityRef{{Code: "1507", Name: "Ålesund"}}, "Ålesund (1507)"},
		{nil, ""},
	} {
		if got := named(c.from); got != c.want {
			t.Errorf("%v: %q, want %q", c.from, got, c.want)
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

// Every caveat code and phase status the API has is said in words of the pages' own, never as the API's code.
func TestEveryCodeHasWords(t *testing.T) {
	for _, c := range domain.CaveatCodes {
		text := caveatText(domain.Caveat{Code: c, Date: "2015-01-01", Municipalities: []domain.MunicipalityRef{{Code: "5501", Name: "Tromsø"}}}, "")
		if caveatWords[c] == "" || text == "Summen er ikke fullstendig." {
			t.Errorf("the caveat %s has no words: %q, %q", c, caveatWords[c], text)
		}
	}
	for _, p := range domain.PhaseStatuses {
		if phaseWords[p] == "" {
			t.Errorf("the phase status %s has no words", p)
		}
	}
	for _, k := range domain.StatisticalKinds {
		if kindWords[k] == "" {
			t.Errorf("the kind %s has no words", k)
		}
	}
}
