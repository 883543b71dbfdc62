// Package explorer serves the pages at / for people who would rather look than read JSON: the regions, a
// region's facts, texts, members and population, a municipality's names, history and population, and a map
// of Tromsøregionen. The pages are in Norwegian (bokmål) with the data's own words, rendered on the server
// with html/template and SVG, with no script. They are made from the same store calls as the API's answers,
// so they can never say something the API does not, and every figure links to the API answer that gives it.
package explorer

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"net/url"

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
	ListRegionMemberships(ctx context.Context, q query.Query) (domain.List[domain.RegionMembership], error)
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
