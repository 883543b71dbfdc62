package explorer

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Charts are SVG drawn here, with no script: a line of points over years, each point a link to the API answer
// that gives its figure. Every chart has a table beside it with the same figures, for screen readers and for
// copying.

// chartView is a chart on a page with the table of its figures: what the legend says under it (written
// here, so trusted HTML), the table's caption, the heading of its column of remarks (none without), and the
// notes the remarks link to, shown under the chart.
type chartView struct {
	SVG           template.HTML
	Series        []point
	Legend        template.HTML
	Caption       string
	RemarksHeader string
	NotesHeading  string
	Notes         []note
}

// point is one figure of a series.
type point struct {
	Year    int
	Value   float64
	Href    string // the API answer that gives the figure
	Label   string // what a reader hears and sees on hover
	Shape   shape
	Remarks []remark // what the table says beside the figure, each linking to its note
}

// shape is how a point is drawn, so that figures of different kinds look different: a filled dot, a hollow
// one, a square.
type shape string

const (
	dot    shape = ""
	hollow shape = "hollow"
	square shape = "square"
)

// shapeSigns are the shapes as the legends write them.
var shapeSigns = map[shape]string{dot: `<span class="dot" aria-hidden="true">●</span>`,
	hollow: `<span class="dot" aria-hidden="true">○</span>`, square: `<span class="dot" aria-hidden="true">■</span>`}

// mark is a figure drawn apart from the line: the population a region reported.
type mark struct {
	Year  int
	Value float64
	Date  string
	Href  string
	Label string
}

// lineChart draws a series from first to last year (years without a figure are gaps in the line), with the
// marks as diamonds. desc is the chart's accessible description.
func lineChart(series []point, marks []mark, first, last int, title, desc string) template.HTML {
	const w, h, left, right, top, bottom = 640.0, 280.0, 64.0, 16.0, 16.0, 32.0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range series {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	for _, m := range marks {
		lo, hi = math.Min(lo, m.Value), math.Max(hi, m.Value)
	}
	if math.IsInf(lo, 0) {
		return ""
	}
	lo, hi, step := niceRange(lo, hi)
	x := func(year int) float64 { return left + (w-left-right)*float64(year-first)/float64(max(last-first, 1)) }
	y := func(v float64) float64 { return top + (h-top-bottom)*(1-(v-lo)/(hi-lo)) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="group" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, w, h, slug(title), slug(title))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, slug(title), esc(title), slug(title), esc(desc))
	for v := lo; v <= hi+step/2; v += step {
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, left, w-right, y(v), y(v))
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, left-6, y(v)+4, number(v, 0))
	}
	for year := first; year <= last; year++ {
		if (year-first)%5 == 0 || year == last && (last-first)%5 > 2 { // the last year, unless a label is close by
			fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="middle">%d</text>`, x(year), h-10, year)
		}
	}
	var path strings.Builder
	prev := 0
	for _, p := range series {
		if p.Year < first || p.Year > last {
			continue
		}
		cmd := "L"
		if prev == 0 || p.Year != prev+1 {
			cmd = "M"
		}
		fmt.Fprintf(&path, "%s%.1f %.1f", cmd, x(p.Year), y(p.Value))
		prev = p.Year
	}
	fmt.Fprintf(&b, `<path class="line" d="%s"/>`, path.String())
	for _, p := range series {
		if p.Year < first || p.Year > last {
			continue
		}
		switch p.Shape {
		case square:
			fmt.Fprintf(&b, `<a href="%s"><rect class="dot" x="%.1f" y="%.1f" width="7" height="7"><title>%s</title></rect></a>`,
				esc(p.Href), x(p.Year)-3.5, y(p.Value)-3.5, esc(p.Label))
		default:
			fmt.Fprintf(&b, `<a href="%s"><circle class="%s" cx="%.1f" cy="%.1f" r="3.5"><title>%s</title></circle></a>`,
				esc(p.Href), strings.TrimSpace("dot "+string(p.Shape)), x(p.Year), y(p.Value), esc(p.Label))
		}
	}
	for _, m := range marks {
		cx, cy := x(m.Year), y(m.Value)
		fmt.Fprintf(&b, `<a href="%s"><path class="mark" d="M%.1f %.1fl7 7l-7 7l-7 -7z"><title>%s</title></path></a>`,
			esc(m.Href), cx, cy-7, esc(m.Label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// sparkline is a small line of a series with no axes, for a list; the figures it draws are in the row.
func sparkline(series []point, label string) template.HTML {
	if len(series) < 2 {
		return ""
	}
	const w, h = 120.0, 28.0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range series {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	if hi == lo {
		hi = lo + 1
	}
	first, last := series[0].Year, series[len(series)-1].Year
	var path strings.Builder
	for i, p := range series {
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&path, "%s%.1f %.1f", cmd, 2+(w-4)*float64(p.Year-first)/float64(max(last-first, 1)), 2+(h-4)*(1-(p.Value-lo)/(hi-lo)))
	}
	return template.HTML(fmt.Sprintf(`<svg class="spark" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><path d="%s"/></svg>`,
		w, h, w, h, esc(label), path.String()))
}

// niceRange widens [lo, hi] to round numbers, with about five steps between them.
func niceRange(lo, hi float64) (float64, float64, float64) {
	if hi == lo {
		lo, hi = lo*0.9, hi*1.1+1
	}
	raw := (hi - lo) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*mag >= raw {
			step = f * mag
			break
		}
	}
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// slug makes an id from a title: letters and digits, the rest as hyphens.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
