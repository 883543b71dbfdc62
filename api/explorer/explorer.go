// Package explorer serves the pages at / for people who would rather look than read JSON: the regions, a
// region's facts, texts, members and population, a municipality's names, history and population, and a map
// of Tromsøregionen. The pages are in Norwegian (bokmål) with the data's own words, rendered on the server
// with html/template and SVG, with no script. They are made from the same store calls as the API's answers,
// so they can never say something the API does not, and every figure links to the API answer that gives it.
package explorer

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
	"github.com/byregion/byregion/internal/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Store is what the pages read: calls the API's answers are made from (api.Store has them all).
type Store interface {
	store.Backing // the regions' texts, through store.Texts
	ListRegions(ctx context.Context, q query.Query) (domain.List[domain.Region], error)
	Region(ctx context.Context, id, at string) (domain.Region, error)
	ListMunicipalities(ctx context.Context, q query.Query) (domain.List[domain.Municipality], error)
	Municipality(ctx context.Context, code, at string) (domain.Municipality, error)
	ResolveCode(ctx context.Context, code string) ([]domain.MunicipalityToday, error)
	History(ctx context.Context, code string) (domain.History, error)
	ListPopulation(ctx context.Context, q query.Query) (domain.List[domain.PopulationObservation], error)
	RegionPopulationTotals(ctx context.Context, q query.Query) (domain.List[domain.RegionTotal], error)
	RegionQuality(ctx context.Context, id string) (domain.QualityReport, error)
}

// Explorer is the pages and what they are made from.
type Explorer struct {
	store Store
	pages map[string]*template.Template // by page: each is the layout with its own content
	// tromso is the map of Tromsøregionen's municipalities, the only region with boundaries in the data.
	tromso []area
}

// New reads the templates and the map.
func New(st Store) (*Explorer, error) {
	areas, err := readMap(dataset.TromsoregionenMap())
	if err != nil {
		return nil, err
	}
	x := &Explorer{store: st, pages: map[string]*template.Template{}, tromso: areas}
	funcs := template.FuncMap{"count": count, "number": number, "signed": signed, "date": date, "deref": deref}
	for _, page := range []string{"home", "region", "municipality", "problem"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/"+page+".html")
		if err != nil {
			return nil, err
		}
		x.pages[page] = t
	}
	return x, nil
}

// Mount adds the pages' routes. They are GETs like the API's, so the answer cache keeps them by the data's
// version with the rest.
func (x *Explorer) Mount(e *echo.Echo) {
	e.GET("/", x.home)
	e.GET("/regioner/:slug", x.region)
	e.GET("/kommuner/:code", x.municipality)
}

// Routes are the pages' paths, which are not part of the API's contract.
var Routes = []string{"/", "/regioner/:slug", "/kommuner/:code"}

// render writes a page; the layout gives it its title and navigation.
func (x *Explorer) render(c echo.Context, status int, page string, data any) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(status)
	return x.pages[page].Execute(c.Response(), data)
}

// problem is a page that says what went wrong and what to do, with the status the API would give.
type problem struct {
	Title, Detail string
	Choices       []domain.MunicipalityToday
}

func (x *Explorer) problem(c echo.Context, status int, title, detail string) error {
	return x.render(c, status, "problem", problem{Title: title, Detail: detail})
}

// onlyParams refuses a query parameter a page does not take, as the API does.
func (x *Explorer) onlyParams(c echo.Context, allowed ...string) (bool, error) {
	for name := range c.QueryParams() {
		known := false
		for _, a := range allowed {
			known = known || a == name
		}
		if !known {
			detail := "Siden tar ingen parametre."
			if len(allowed) > 0 {
				detail = "Siden tar bare søkeparameteren q."
			}
			return false, x.problem(c, http.StatusBadRequest, "Ukjent parameter «"+name+"»", detail)
		}
	}
	return true, nil
}

// parse makes a query of the store's from a query string the code writes; a mistake in it is the code's.
func parse(spec query.Spec, values url.Values) query.Query {
	q, err := query.Parse(values, spec)
	if err != nil {
		panic("explorer: " + err.Error())
	}
	return q
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// ------------------------------------------------------------------------------------------------ home

type homePage struct {
	Query               string
	Regions             []regionRow
	FoundRegions        []domain.Region
	FoundMunicipalities []domain.Municipality
	Searched            bool
}

type regionRow struct {
	Region             domain.Region
	County, Lead       string
	Reported, Computed *figure
	Trend              template.HTML
	PopulationHref     string
}

// figure is a number on a page with the API answer that gives it.
type figure struct {
	Value float64
	Date  string
	Href  string
}

func (x *Explorer) home(c echo.Context) error {
	if ok, err := x.onlyParams(c, "q"); !ok || err != nil {
		return err
	}
	ctx := c.Request().Context()
	page := homePage{Query: c.QueryParam("q"), Searched: c.QueryParam("q") != ""}
	// The search is checked first, as the API checks q=, so a query it refuses costs nothing.
	var search query.Query
	if page.Searched {
		var err error
		if search, err = query.Parse(searchValues(page.Query), query.Regions); err != nil {
			var e *domain.Error
			if errors.As(err, &e) {
				return x.problem(c, http.StatusBadRequest, "Søket kan ikke brukes", e.Message)
			}
			return err
		}
	}
	regions, err := x.store.ListRegions(ctx, parse(query.Regions, url.Values{"sort": {"name"}, "limit": {"1000"}}))
	if err != nil {
		return err
	}
	counties, err := x.counties(ctx)
	if err != nil {
		return err
	}
	for _, r := range regions.Items {
		row := regionRow{Region: r, PopulationHref: "/api/v1/regions/" + r.ID + "/population"}
		if r.Lead != nil {
			row.Lead = r.Lead.Name
		}
		// The county is the lead's today, or where the sources name no lead, the first member's.
		if first := r.Lead; first != nil && len(first.Today) > 0 {
			row.County = counties[first.Today[0].Code]
		} else if len(r.Members) > 0 && len(r.Members[0].Municipality.Today) > 0 {
			row.County = counties[r.Members[0].Municipality.Today[0].Code]
		}
		series, reported, err := x.regionSeries(ctx, r.ID)
		if err != nil {
			return err
		}
		row.Trend = sparkline(series, "Folketallet i "+r.Name+" 2005–2026, summert fra medlemmene")
		if reported != nil {
			row.Reported = &figure{Value: reported.Value, Date: reported.Date, Href: reported.Href}
			for _, p := range series {
				if strconv.Itoa(p.Year)+"-01-01" == reported.Date {
					row.Computed = &figure{Value: p.Value, Date: reported.Date, Href: p.Href}
				}
			}
		}
		page.Regions = append(page.Regions, row)
	}
	if page.Searched {
		found, err := x.store.ListRegions(ctx, search)
		if err != nil {
			return err
		}
		page.FoundRegions = found.Items
		municipalities, err := x.store.ListMunicipalities(ctx, parse(query.Municipalities, searchValues(page.Query)))
		if err != nil {
			return err
		}
		page.FoundMunicipalities = municipalities.Items
	}
	return x.render(c, http.StatusOK, "home", page)
}

// searchValues are the query of the home page's search, for regions and municipalities alike.
func searchValues(q string) url.Values { return url.Values{"q": {q}, "limit": {"50"}} }

// counties names the county of each municipality in force, by code.
func (x *Explorer) counties(ctx context.Context) (map[string]string, error) {
	all, err := x.store.ListMunicipalities(ctx, parse(query.Municipalities, url.Values{"limit": {"1000"}}))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, m := range all.Items {
		out[m.Code] = m.County.Name
	}
	return out, nil
}

// regionSeries is a region's population per year, summed from its members' official figures, and the
// figure the region itself reported, if any.
func (x *Explorer) regionSeries(ctx context.Context, slug string) ([]point, *mark, error) {
	totals, err := x.store.RegionPopulationTotals(ctx, query.RegionTotals.All().With(query.RegionTotals, "region", slug))
	if err != nil {
		return nil, nil, err
	}
	var series []point
	var reported *mark
	for _, t := range totals.Items {
		year, _ := strconv.Atoi(t.ReferenceDate[:4])
		href := "/api/v1/regions/" + slug + "/population?from=" + t.ReferenceDate[:4] + "&to=" + t.ReferenceDate[:4]
		if t.Computed != nil {
			series = append(series, point{Year: year, Value: t.Computed.Value, Href: href,
				Label: date(t.ReferenceDate) + ": " + count(t.Computed.Value) + " innbyggere (summen av medlemmene)"})
		}
		if t.Reported != nil {
			reported = &mark{Year: year, Value: t.Reported.Value, Href: href, Date: t.ReferenceDate,
				Label: date(t.ReferenceDate) + ": " + count(t.Reported.Value) + " innbyggere (oppgitt av regionen)"}
		}
	}
	return series, reported, nil
}
