package explorer

import "testing"

// Numbers and dates are written as Norwegian writes them.
func TestNorwegianNumbersAndDates(t *testing.T) {
	const nb = "\u00a0"
	for _, c := range []struct {
		got, want string
	}{
		{number(85510, 0), "85" + nb + "510"},
		{number(1007246, 0), "1" + nb + "007" + nb + "246"},
		{number(999, 0), "999"},
		{number(7464.82, 2), "7" + nb + "464,82"},
		{number(-2153, 0), "−2" + nb + "153"},
		{number(-0.001, 0), "0"},
		{signed(2153, 0), "+2" + nb + "153"},
		{date("2015-01-01"), "1. januar 2015"},
		{date("2024-12-31"), "31. desember 2024"},
		{date("2015"), "2015"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Round steps for an axis: about five, each 1, 2, 2.5 or 5 times a power of ten, covering the figures.
func TestNiceRange(t *testing.T) {
	for _, c := range []struct{ lo, hi, wantLo, wantHi, wantStep float64 }{
		{75234, 92470, 75000, 95000, 5000},
		{62558, 79943, 60000, 80000, 5000},
		{0.5, 0.9, 0.5, 0.9, 0.1},
	} {
		lo, hi, step := niceRange(c.lo, c.hi)
		if lo != c.wantLo || hi != c.wantHi || step != c.wantStep {
			t.Errorf("niceRange(%v, %v) = %v, %v, %v", c.lo, c.hi, lo, hi, step)
		}
	}
}
