package explorer

import (
	"math"
	"strconv"
	"strings"
)

// Numbers and dates as Norwegian writes them: 85 510 (a no-break space between thousands, so a figure never
// breaks across lines), 7 464,82 with a decimal comma, 1. januar 2015.

const thinSpace = "\u00a0"

// number writes n rounded to decimals places, in Norwegian.
func number(n float64, decimals int) string {
	s := strconv.FormatFloat(math.Abs(n), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if n < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString("−")
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(thinSpace)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("," + frac)
	}
	return b.String()
}

// count writes a whole number.
func count(n float64) string { return number(n, 0) }

// signed writes a difference with its sign: +2 153, −12, 0.
func signed(n float64, decimals int) string {
	if n > 0 {
		return "+" + number(n, decimals)
	}
	return number(n, decimals)
}

var months = []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
	"november", "desember"}

// date writes an ISO date (YYYY-MM-DD) as "1. januar 2015"; anything else as it is.
func date(iso string) string {
	if len(iso) != 10 {
		return iso
	}
	m, err1 := strconv.Atoi(iso[5:7])
	d, err2 := strconv.Atoi(iso[8:10])
	if err1 != nil || err2 != nil || m < 1 || m > 12 {
		return iso
	}
	return strconv.Itoa(d) + ". " + months[m-1] + " " + iso[:4]
}

// decimalsOf is how many decimals a figure has as its source wrote it (at most two): 7240 has none.
func decimalsOf(v float64) int {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if _, frac, ok := strings.Cut(s, "."); ok {
		return min(len(frac), 2)
	}
	return 0
}
