package explorer

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// homePage is /: every region with its counties, lead, population and trend, and a search.
type homePage struct {
	Query               string
	Regions             []regionRow
	FoundRegions        []domain.Region
	FoundMunicipalities []domain.Municipality
	Searched            bool
	Noted               bool // some row has notes under the table
}

// regionRow is a region in the home page's table. Where a sum of the members' figures is not complete, the
// row marks it, and Notes (under the table, at #merknad-{id}) say why.
type regionRow struct {
	Region             domain.Region
	Counties, Lead     string
	Reported, Computed *figure
	// ComputedMark says in words that the sum beside the region's own figure is not comparable with it
	// ("ikke sammenlignbar"); empty where it is.
	ComputedMark string
	// IncompleteYears are the years whose sum the trend draws though it is not complete, as a list.
	IncompleteYears string
	Trend           template.HTML
	PopulationHref  string
	// NoteSummary says which of the row's sums are not complete, or not comparable, for the note under the
	// table that Notes complete; empty where all are.
	NoteSummary string
	Notes       []note
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
			if errors.As(err, &e) { // the API's rules for q=, said in Norwegian
				return x.problem(c, http.StatusBadRequest, "Søket kan ikke brukes",
					"Et søk må ha minst én bokstav eller ett siffer, og høyst 200 tegn.")
			}
			return err
		}
	}
	regions, err := x.store.ListRegions(ctx, parse(query.Regions, url.Values{"sort": {"name"}, "limit": {"1000"}}))
	if err != nil {
		return err
	}
	inForce, err := x.counties(ctx)
	if err != nil {
		return err
	}
	members, err := x.memberships(ctx, "")
	if err != nil {
		return err
	}
	for _, r := range regions.Items {
		row := regionRow{Region: r, PopulationHref: "/api/v1/regions/" + r.ID + "/population",
			Counties: regionCounties(members[r.ID], inForce).String()}
		if r.Lead != nil {
			row.Lead = r.Lead.Name
		}
		totals, err := x.regionTotals(ctx, r.ID)
		if err != nil {
			return err
		}
		n := notes{prefix: "merknad-" + r.ID + "-"}
		series, reported := sumSeries(r.ID, totals, &n)
		row.Notes = n.list
		var incomplete []int
		for _, p := range series {
			if len(p.Remarks) > 0 {
				incomplete = append(incomplete, p.Year)
			}
		}
		row.IncompleteYears = years(incomplete)
		label := "Folketallet i " + r.Name + " 2005–2026, summert fra medlemmenes tall fra SSB"
		if len(incomplete) > 0 {
			label += "; summene for " + row.IncompleteYears + " er ikke fullstendige (se merknadene under tabellen)"
		}
		row.Trend = sparkline(series, label)
		if reported != nil {
			row.Reported = &figure{Value: reported.Value, Date: reported.Date, Href: reported.Href}
			for _, t := range totals {
				if t.ReferenceDate == reported.Date && t.Computed != nil {
					row.Computed = &figure{Value: t.Computed.Value, Date: t.ReferenceDate, Href: reported.Href}
					row.ComputedMark = sumMark(t.Computed)
				}
			}
		}
		row.NoteSummary = noteSummary(row)
		page.Noted = page.Noted || row.NoteSummary != ""
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

// noteSummary says, for the note under the home page's table, which of a row's sums are marked and why.
func noteSummary(row regionRow) string {
	var parts []string
	if row.ComputedMark != "" {
		parts = append(parts, "summen for "+date(row.Computed.Date)+" er ikke sammenlignbar med tallet regionen selv oppga")
	}
	if row.IncompleteYears != "" {
		if strings.ContainsAny(row.IncompleteYears, "–,") || strings.Contains(row.IncompleteYears, " og ") {
			parts = append(parts, "summene for "+row.IncompleteYears+" er ikke fullstendige")
		} else {
			parts = append(parts, "summen for "+row.IncompleteYears+" er ikke fullstendig")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	s := list(parts)
	if len(row.Notes) > 0 {
		return s + ":"
	}
	return s + " (se kvalitetskontrollen på regionens side)."
}

// searchValues are the query of the home page's search, for regions and municipalities alike.
func searchValues(q string) url.Values { return url.Values{"q": {q}, "limit": {"50"}} }

// regionTotals are a region's population per year: the sum of its members' figures from SSB, and the
// figure the region itself reported, if any.
func (x *Explorer) regionTotals(ctx context.Context, slug string) ([]domain.RegionTotal, error) {
	totals, err := x.store.RegionPopulationTotals(ctx, query.RegionTotals.All().With(query.RegionTotals, "region", slug))
	return totals.Items, err
}

// sumSeries draws a region's totals: a point for each year's sum, hollow with remarks where the sum is not
// complete (its caveats go to n), and a mark for the figure the region itself reported, if any.
func sumSeries(slug string, totals []domain.RegionTotal, n *notes) ([]point, *mark) {
	var series []point
	var reported *mark
	for _, t := range totals {
		year, _ := strconv.Atoi(t.ReferenceDate[:4])
		href := "/api/v1/regions/" + slug + "/population?from=" + t.ReferenceDate[:4] + "&to=" + t.ReferenceDate[:4]
		if t.Computed != nil {
			p := point{Year: year, Value: t.Computed.Value, Href: href,
				Label:   date(t.ReferenceDate) + ": " + count(t.Computed.Value) + " innbyggere (summen av medlemmenes tall fra SSB)",
				Remarks: n.add(t.Computed.Caveats, t.ReferenceDate, year)}
			if !t.Computed.Complete {
				p.Shape = hollow
				p.Label = date(t.ReferenceDate) + ": " + count(t.Computed.Value) +
					" innbyggere (summen av medlemmenes tall fra SSB, ikke fullstendig: " + remarkWords(p.Remarks) + ")"
				if len(p.Remarks) == 0 { // not complete, and the answer says no more: the page says that much
					p.Remarks = []remark{{Text: "ikke fullstendig"}}
				}
			}
			series = append(series, p)
		}
		if t.Reported != nil {
			reported = &mark{Year: year, Value: t.Reported.Value, Href: href, Date: t.ReferenceDate,
				Label: date(t.ReferenceDate) + ": " + count(t.Reported.Value) + " innbyggere (oppgitt av regionen selv)"}
		}
	}
	return series, reported
}

// remarkWords are a figure's remarks as words: "ikke samme område, anslag".
func remarkWords(rs []remark) string {
	var words []string
	for _, r := range rs {
		words = append(words, r.Text)
	}
	if len(words) == 0 {
		return "se API-svaret"
	}
	return list(words)
}
