package explorer

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/store"
)

// regionPage is /regioner/{slug}.
type regionPage struct {
	Region      domain.Region
	APIHref     string
	MembersHref string
	// Phases are the programme's phases with how sure the sources are of each; PhaseNote says what the
	// statuses of those not confirmed mean.
	Phases, PhaseNote string
	Counties          countyList
	Members           []memberRow
	Reported          *mark
	// Computed is the sum of the members' figures on the date of the region's own; ComputedMark says in a
	// word why it is not comparable with it (empty where it is), Estimated names the municipalities whose
	// figures in it are estimates.
	Computed     *point
	ComputedMark string
	Estimated    string
	Chart        chartView
	Map          template.HTML
	Goals        []domain.Goal
	Results      []domain.Result
	Lessons      []domain.Lesson
	Measures     []domain.Measure
	Partners     []domain.Partner
	Quality      []finding
	Links        []download
}

// memberRow is a member as the programme listed it and what it is today, with the reforms between.
type memberRow struct {
	Role          string
	Listed        domain.ListedMunicipality
	Today         []domain.MunicipalityToday
	ReformsInText []string
}

// finding is a quality check in words, with the API answer it comes from: what it found, and each caveat
// that kept it from comparing the figures.
type finding struct {
	What, Text, Href string
	Caveats          []string
	After            string // what the members' figures are, where it needs saying
}

type download struct{ Label, Href, Type string }

// roles are the members' roles in Norwegian, as the programme named them.
var roles = map[domain.Role]string{"lead": "søkerkommune", "partner": "samarbeidskommune", "member": "medlem"}

// reformWords are the reforms in Norwegian.
var reformWords = map[domain.ReformKind]string{"renumbered": "fikk nytt nummer", "renamed": "fikk nytt navn",
	"merged": "ble slått sammen", "split": "ble delt"}

func (x *Explorer) region(c echo.Context) error {
	if ok, err := x.onlyParams(c); !ok || err != nil {
		return err
	}
	ctx := c.Request().Context()
	slug := c.Param("slug")
	r, err := x.store.Region(ctx, slug, "")
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return x.problem(c, http.StatusNotFound, "Ingen byregion heter «"+slug+"»", "Forsiden lister de 33 byregionene.")
	}
	if err != nil {
		return err
	}
	page := regionPage{Region: r, APIHref: "/api/v1/regions/" + slug, MembersHref: "/api/v1/regions/" + slug + "/municipalities",
		Phases: phases(r.Phases), PhaseNote: phaseNote(r.Phases)}
	for _, m := range r.Members {
		row := memberRow{Role: roles[m.Role], Listed: m.Municipality, Today: m.Municipality.Today}
		for _, t := range m.Municipality.Today {
			for _, rf := range t.Reforms {
				row.ReformsInText = append(row.ReformsInText, date(rf.Date)+": "+rf.From+" "+reformWords[rf.Kind]+" ("+rf.To+")")
			}
		}
		page.Members = append(page.Members, row)
	}
	inForce, err := x.counties(ctx)
	if err != nil {
		return err
	}
	members, err := x.memberships(ctx, slug)
	if err != nil {
		return err
	}
	page.Counties = regionCounties(members[slug], inForce)
	report, err := x.store.RegionQuality(ctx, slug)
	if err != nil {
		return err
	}
	totals, err := x.regionTotals(ctx, slug)
	if err != nil {
		return err
	}
	n := notes{prefix: "merknad-"}
	series, reported := sumSeries(slug, totals, &n)
	page.Reported = reported
	legend := shapeSigns[dot] + ` summen av medlemmenes tall fra SSB 1. januar (tabell 07459)`
	if len(n.list) > 0 {
		legend += `; ` + shapeSigns[hollow] + ` den samme summen der den ikke er fullstendig (merknadene under diagrammet sier hvorfor)`
	}
	var marks []mark
	if reported != nil {
		marks = append(marks, *reported)
		for i, p := range series {
			if p.Year == reported.Year {
				page.Computed = &series[i]
			}
		}
		for _, t := range totals {
			if t.ReferenceDate == reported.Date {
				page.ComputedMark = sumMark(t.Computed)
				page.Estimated = apportioned(t.Computed)
			}
		}
		legend += `; <span class="mark" aria-hidden="true">◆</span> folketallet regionen selv oppga for ` + esc(date(reported.Date))
	}
	page.Chart = chartView{Series: series, Caption: "Folketall 1. januar, summert fra medlemmenes tall fra SSB",
		Legend: template.HTML(legend + ". Hvert punkt lenker til API-svaret med tallet."),
		SVG: lineChart(series, marks, 2005, 2026, "Folketall i "+r.Name+" 2005–2026",
			"Summen av folketallet 1. januar hvert år i kommunene medlemmene er i dag, fra SSBs tabell 07459; hule punkter er "+
				"summer som ikke er fullstendige, og merknadene under sier hvorfor. Ruten er folketallet regionen selv oppga. "+
				"Tabellen under har de samme tallene."),
		NotesHeading: "Merknader til summene", Notes: n.list}
	if len(n.list) > 0 {
		page.Chart.RemarksHeader = "Merknad"
	}
	if slug == "tromsoregionen" {
		page.Map = drawMap(x.tromso, func(code string) string { return "/kommuner/" + code },
			"Kart over kommunene i Tromsøregionen", "Tromsø, Karlsøy, Balsfjord, Lyngen og Storfjord, med kommunegrensene fra Kartverket (2024). "+
				"Hver kommune lenker til sin side.")
	}
	if err := x.texts(ctx, slug, &page); err != nil {
		return err
	}
	qualityHref := "/api/v1/regions/" + slug + "/quality"
	page.Quality = []finding{
		inWords(report.Population, populationCheck, qualityHref),
		inWords(report.Area, areaCheck, qualityHref),
	}
	page.Links = []download{
		{"Medlemmenes folketall, CSV (Excel, norsk)", "/api/v1/population?region=" + slug + "&format=csv&dialect=excel-nb", "text/csv"},
		{"Medlemmenes folketall, XLSX", "/api/v1/population?region=" + slug + "&format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"Regionens folketall per år, JSON-stat 2.0", "/api/v1/regions/" + slug + "/population?format=jsonstat", "application/json"},
		{"Regionens folketall per år, CSV", "/api/v1/regions/" + slug + "/population?format=csv", "text/csv"},
	}
	return x.render(c, http.StatusOK, "region", page)
}

// texts reads the region's goals, results, lessons, measures and partners, in the region's order.
func (x *Explorer) texts(ctx context.Context, slug string, page *regionPage) error {
	return errors.Join(
		listTexts(ctx, x.store, store.Goals, slug, &page.Goals),
		listTexts(ctx, x.store, store.Results, slug, &page.Results),
		listTexts(ctx, x.store, store.Lessons, slug, &page.Lessons),
		listTexts(ctx, x.store, store.Measures, slug, &page.Measures),
		listTexts(ctx, x.store, store.Partners, slug, &page.Partners),
	)
}

func listTexts[T domain.RegionText](ctx context.Context, st store.Backing, kind store.TextKind, slug string, out *[]T) error {
	l, err := store.Texts[T](st, kind).List(ctx, parse(kind.Spec, url.Values{"region": {slug}, "limit": {"1000"}}))
	*out = l.Items
	return err
}

// comparison is what a quality check compares, as its sentences say it.
type comparison struct {
	What, unit string
	// dated is whether the region's own figure has a date from its source: its population has; its area
	// has none (the sources give the area undated, and the answer borrows the population's date for it).
	dated bool
	// sumDecimals are the decimals the sum of the members' figures is written with: none for a count, two for
	// the compiled areas, as their source writes them. The region's own figure is written as its source
	// wrote it (7 240).
	sumDecimals int
	// about says what the members' figures are, where it needs saying; year is the edition's.
	about func(year string) string
	// unexplained says why two figures that differ with no municipality to explain it may not be alike.
	unexplained string
}

var (
	populationCheck = comparison{What: "Folketall", unit: "innbyggere", dated: true}
	areaCheck       = comparison{What: "Areal", unit: "km²", sumDecimals: 2, about: func(year string) string {
		return " Kommunearealene er fra en samling som ikke sier hvor de kommer fra eller når de ble målt (utgaven fra " + year + ")."
	}, unexplained: " De to måler kanskje ikke det samme: kilden til kommunearealene sier ikke om ferskvann er med, og regionen sier det heller ikke."}
)

// inWords says in Norwegian what a check of a region's own figure against the sum of its members' found,
// from its status, figures, explanation and caveats.
func inWords(f domain.FigureCheck, m comparison, href string) finding {
	out := finding{What: m.What, Href: href}
	if f.Status == domain.CheckNotReported || f.Reported == nil {
		out.Text = "Kildene oppgir ikke noe " + strings.ToLower(m.What) + " for regionen."
		return out
	}
	own := decimalsOf(f.Reported.Value)
	reported := number(f.Reported.Value, own) + " " + m.unit
	if m.dated {
		reported += " per " + date(f.Reported.ReferenceDate)
	}
	said := "Regionen oppgir " + reported
	if f.Computed == nil {
		out.Text = said + "."
		if f.Status == domain.CheckNotComparable {
			out.Text = said + ", men det kan ikke sammenlignes med medlemskommunene: kildene lister ingen medlemmer."
		}
		return out
	}
	sum := number(f.Computed.Value, m.sumDecimals) + " " + m.unit
	about := ""
	if m.about != nil && len(f.Computed.ReferenceDate) >= 4 {
		about = m.about(f.Computed.ReferenceDate[:4])
	}
	switch f.Status {
	case domain.CheckMatch:
		out.Text = said + ", og det er nøyaktig summen av medlemskommunenes tall." + about
	case domain.CheckExplained:
		out.Text = said + ", mens summen for medlemskommunene er " + sum + "."
		if e := f.Explanation; e != nil {
			out.Text += " Forskjellen, " + number(e.Value, max(own, m.sumDecimals)) + " " + m.unit + ", er nøyaktig tallet for " +
				e.Municipality.Name + " (" + e.Municipality.Code + "), som ikke står på medlemslista: regionen har trolig regnet med " +
				e.Municipality.Name + "."
		}
		out.Text += about
	case domain.CheckUnexplained:
		out.Text = said + ", mens summen for medlemskommunene er " + sum
		if f.Difference != nil {
			out.Text += " (en forskjell på " + signed(*f.Difference, max(own, m.sumDecimals)) + " " + m.unit + ")"
		}
		out.Text += ". Ingen enkelt kommune utenfor medlemslista forklarer forskjellen." + m.unexplained + about
	case domain.CheckNotComparable:
		out.Text = said + ", men det kan ikke sammenlignes med summen for medlemskommunene (" + sum + ")"
		if len(f.Caveats) == 0 { // the answer gives no reason: the page says no more than it
			out.Text += "." + about
			break
		}
		out.Text += ":"
		for _, c := range f.Caveats {
			out.Caveats = append(out.Caveats, caveatText(c, ""))
		}
		out.After = strings.TrimSpace(about)
	default:
		out.Text = said + "."
	}
	return out
}
