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
	Region   domain.Region
	APIHref  string
	Members  []memberRow
	Reported *mark
	Computed *point
	Chart    chartView
	Map      template.HTML
	Goals    []domain.Goal
	Results  []domain.Result
	Lessons  []domain.Lesson
	Measures []domain.Measure
	Partners []domain.Partner
	Quality  []finding
	Links    []download
}

// memberRow is a member as the programme listed it and what it is today, with the reforms between.
type memberRow struct {
	Role          string
	Listed        domain.ListedMunicipality
	Today         []domain.MunicipalityToday
	ReformsInText []string
}

// finding is a quality check in words, with the API answer it comes from.
type finding struct {
	What, Text, Note, Href string
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
	page := regionPage{Region: r, APIHref: "/api/v1/regions/" + slug}
	for _, m := range r.Members {
		row := memberRow{Role: roles[m.Role], Listed: m.Municipality, Today: m.Municipality.Today}
		for _, t := range m.Municipality.Today {
			for _, rf := range t.Reforms {
				row.ReformsInText = append(row.ReformsInText, date(rf.Date)+": "+rf.From+" "+reformWords[rf.Kind]+" ("+rf.To+")")
			}
		}
		page.Members = append(page.Members, row)
	}
	series, reported, err := x.regionSeries(ctx, slug)
	if err != nil {
		return err
	}
	page.Reported = reported
	legend := `<span class="dot">●</span> summen av medlemmenes offisielle tall 1. januar (SSB, tabell 07459)`
	var marks []mark
	if reported != nil {
		marks = append(marks, *reported)
		for i, p := range series {
			if p.Year == reported.Year {
				page.Computed = &series[i]
			}
		}
		legend += `; <span class="mark">◆</span> folketallet regionen oppga for ` + esc(date(reported.Date))
	}
	page.Chart = chartView{Series: series, Caption: "Folketall 1. januar, summert fra medlemskommunene",
		Legend: template.HTML(legend + ". Hvert punkt lenker til API-svaret med tallet."),
		SVG: lineChart(series, marks, 2005, 2026, "Folketall i "+r.Name+" 2005–2026",
			"Summen av medlemskommunenes offisielle folketall 1. januar hvert år (SSB, tabell 07459), på dagens kommunegrenser; "+
				"ruten er folketallet regionen selv oppga. Tabellen under har de samme tallene.")}
	if slug == "tromsoregionen" {
		page.Map = drawMap(x.tromso, func(code string) string { return "/kommuner/" + code },
			"Kart over kommunene i Tromsøregionen", "Tromsø, Karlsøy, Balsfjord, Lyngen og Storfjord, med kommunegrensene fra Kartverket (2024). "+
				"Hver kommune lenker til sin side.")
	}
	if err := x.texts(ctx, slug, &page); err != nil {
		return err
	}
	report, err := x.store.RegionQuality(ctx, slug)
	if err != nil {
		return err
	}
	qualityHref := "/api/v1/regions/" + slug + "/quality"
	page.Quality = []finding{
		{What: "Folketall", Text: inWords(report.Population, "folketall", "innbyggere", 0), Note: report.Population.Note, Href: qualityHref},
		{What: "Areal", Text: inWords(report.Area, "areal", "km²", 2), Note: report.Area.Note, Href: qualityHref},
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

// inWords says in Norwegian what a check of a reported figure found. what is the figure's name, unit its
// unit, decimals how many to write.
func inWords(f domain.FigureCheck, what, unit string, decimals int) string {
	num := func(v float64) string { return number(v, decimals) + " " + unit }
	switch f.Status {
	case domain.CheckMatch:
		return "Regionen oppga " + num(f.Reported.Value) + " per " + date(f.Reported.ReferenceDate) +
			", og det er nøyaktig summen av medlemskommunenes tall."
	case domain.CheckExplained:
		s := "Regionen oppga " + num(f.Reported.Value) + " per " + date(f.Reported.ReferenceDate) + ", mens medlemskommunene til sammen hadde " +
			num(f.Computed.Value) + "."
		if f.Explanation != nil {
			s += " Forskjellen, " + num(f.Explanation.Value) + ", er nøyaktig tallet for " + f.Explanation.Municipality.Name +
				" (" + f.Explanation.Municipality.Code + "), som ikke står på medlemslista: regionen har trolig regnet med " +
				f.Explanation.Municipality.Name + "."
		}
		return s
	case domain.CheckUnexplained:
		s := "Regionen oppga " + num(f.Reported.Value) + " per " + date(f.Reported.ReferenceDate) + ", mens medlemskommunene til sammen hadde " +
			num(f.Computed.Value)
		if f.Difference != nil {
			s += " (en forskjell på " + signed(*f.Difference, decimals) + " " + unit + ")"
		}
		return s + ". Ingen enkelt kommune utenfor medlemslista forklarer forskjellen."
	case domain.CheckNotComparable:
		return "Det oppgitte " + what + "et kan ikke sammenlignes med summen av medlemmene: medlemmene er ikke lenger akkurat det samme " +
			"området (se merknaden fra API-et)."
	case domain.CheckNotReported:
		return "Kildene oppgir ikke noe " + what + " for regionen."
	}
	return strings.TrimSpace(f.Note)
}
