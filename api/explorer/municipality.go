package explorer

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// municipalityPage is /kommuner/{code}.
type municipalityPage struct {
	Municipality domain.Municipality
	APIHref      string
	Names        []nameRow
	Events       []event
	Chart        chartView
	Regions      []domain.Region
}

type nameRow struct{ Name, Language, Tag string }

// event is a dated line of the municipality's history.
type event struct {
	Date, Text string
	Link       string // the page of the other municipality, if any
}

// languages names the official languages Kartverket gives names in; smi is a name SSB calls Sámi without
// saying which Sámi language, und one no source gives the language of.
var languages = map[string]string{"no": "norsk", "nb": "norsk", "nn": "norsk", "se": "nordsamisk", "smj": "lulesamisk",
	"sma": "sørsamisk", "smi": "samisk", "fkv": "kvensk", "und": "språk ikke oppgitt"}

// successionWords say what a merger or split was, from this municipality's side.
var successionWords = map[domain.SuccessionKind][2]string{ // [as predecessor, as successor]
	"merger":           {"ble slått sammen med andre til", "ble dannet av blant andre"},
	"split":            {"ble delt, og en del gikk til", "fikk en del av"},
	"part_transferred": {"ga en del av området til", "fikk en del av området fra"},
}

func (x *Explorer) municipality(c echo.Context) error {
	if ok, err := x.onlyParams(c); !ok || err != nil {
		return err
	}
	ctx := c.Request().Context()
	code := c.Param("code")
	if !query.Valid(query.Code, nil, code) {
		return x.problem(c, http.StatusNotFound, "«"+code+"» er ikke et kommunenummer", "Et kommunenummer har fire sifre, som 5501.")
	}
	today, err := x.store.ResolveCode(ctx, code)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return x.problem(c, http.StatusNotFound, "Ingen kommune har hatt nummeret "+code, "Søk etter kommunen på forsiden.")
	}
	if err != nil {
		return err
	}
	switch {
	case len(today) == 1 && today[0].Code != code: // a code no longer in force: where the API redirects, so does the page
		return c.Redirect(http.StatusPermanentRedirect, "/kommuner/"+today[0].Code)
	case len(today) != 1:
		return x.render(c, http.StatusMultipleChoices, "problem", problem{Title: "Nummeret " + code + " er ikke lenger i bruk",
			Detail: "Kommunen med dette nummeret ble til flere kommuner. Velg en:", Choices: today})
	}
	m, err := x.store.Municipality(ctx, code, "")
	if err != nil {
		return err
	}
	page := municipalityPage{Municipality: m, APIHref: "/api/v1/municipalities/" + code}
	for _, n := range m.Names {
		page.Names = append(page.Names, nameRow{Name: n.Name, Language: languages[n.Language], Tag: n.Language})
	}
	history, err := x.store.History(ctx, code)
	if err != nil {
		return err
	}
	page.Events = timeline(history)
	figures, err := x.store.ListPopulation(ctx, parse(query.Population, url.Values{"municipality": {code}, "kind": {"official"},
		"sort": {"reference_date"}, "limit": {"1000"}}))
	if err != nil {
		return err
	}
	seen := map[int]bool{}
	var series []point
	for _, o := range figures.Items {
		year, _ := strconv.Atoi(o.ReferenceDate[:4])
		if seen[year] {
			continue // one official figure a year: the first source's
		}
		seen[year] = true
		series = append(series, point{Year: year, Value: float64(o.Value), Href: "/api/v1/population/" + url.PathEscape(o.ID),
			Label: date(o.ReferenceDate) + ": " + count(float64(o.Value)) + " innbyggere (" + o.Source.Publisher + ")"})
	}
	page.Chart = chartView{Series: series, Caption: "Folketall 1. januar",
		Legend: `<span class="dot">●</span> offisielt folketall 1. januar (SSB, tabell 07459). Hvert punkt lenker til API-svaret med tallet.`,
		SVG: lineChart(series, nil, 2005, 2026, "Folketall i "+m.Name+" 2005–2026",
			"Folketallet 1. januar hvert år (SSB, tabell 07459), på dagens kommunegrenser. Tabellen under har de samme tallene.")}
	regions, err := x.store.ListRegions(ctx, parse(query.Regions, url.Values{"municipality": {code}, "limit": {"1000"}}))
	if err != nil {
		return err
	}
	page.Regions = regions.Items
	return x.render(c, http.StatusOK, "municipality", page)
}

// timeline is a municipality's history as dated events, oldest first: its code periods, and the mergers
// and splits on either side of it.
func timeline(h domain.History) []event {
	var out []event
	for i, p := range h.Codes {
		from := deref(p.ValidFrom)
		text := "Kommunenummer " + p.Code + ", " + p.Name + " (" + p.County.Name + ")"
		if i == 0 && from == "" {
			text += ", fra før 1972"
		}
		if p.ValidTo != nil {
			text += ", til " + date(*p.ValidTo)
		} else {
			text += ", i bruk i dag"
		}
		out = append(out, event{Date: from, Text: text})
	}
	for _, r := range h.Predecessors {
		out = append(out, event{Date: r.Date, Text: successionWords[r.Kind][1] + " " + r.Name + " (" + r.Code + ")", Link: "/kommuner/" + r.Code})
	}
	for _, r := range h.Successors {
		out = append(out, event{Date: r.Date, Text: successionWords[r.Kind][0] + " " + r.Name + " (" + r.Code + ")", Link: "/kommuner/" + r.Code})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}
