package explorer

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

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
	var statistical []string // the figures from SSB's statistics: the store filters, not the page
	for _, k := range domain.StatisticalKinds {
		statistical = append(statistical, string(k))
	}
	figures, err := x.store.ListPopulation(ctx, parse(query.Population, url.Values{"municipality": {code},
		"kind": {strings.Join(statistical, ",")}, "sort": {"reference_date"}, "limit": {"1000"}}))
	if err != nil {
		return err
	}
	page.Chart = populationChart(m.Name, figures.Items)
	regions, err := x.store.ListRegions(ctx, parse(query.Regions, url.Values{"municipality": {code}, "limit": {"1000"}}))
	if err != nil {
		return err
	}
	page.Regions = regions.Items
	return x.render(c, http.StatusOK, "municipality", page)
}

// kindShapes draw each kind of municipal figure apart: SSB's own as dots, sums of predecessors' as squares,
// estimates hollow.
var kindShapes = map[domain.Kind]shape{domain.KindOfficial: dot, domain.KindSumOfPredecessors: square,
	domain.KindApportioned: hollow}

// kindDrawn say how the chart draws each kind of figure, for those who cannot see it.
var kindDrawn = map[domain.Kind]string{domain.KindOfficial: "fylte punkter er SSBs egne tall",
	domain.KindSumOfPredecessors: "firkanter er summer av forgjengernes tall", domain.KindApportioned: "hule punkter er anslag"}

// populationChart draws a municipality's population per year from official statistics, each year's figure
// drawn and labelled by its kind: SSB's own (with the code SSB published it under), the sum of its
// predecessors' SSB figures, or the source's estimate. What each is built from is said once for the years it
// holds for, under the chart.
func populationChart(name string, figures []domain.PopulationObservation) chartView {
	seen := map[int]bool{}
	var series []point
	var runs []note // consecutive years whose figures are the same kind, built the same way
	kinds := map[domain.Kind]bool{}
	borders := ""
	for _, o := range figures {
		year, _ := strconv.Atoi(o.ReferenceDate[:4])
		if seen[year] {
			continue // one figure a year: the first source's
		}
		seen[year] = true
		kinds[o.Kind] = true
		if o.Source.Borders != nil {
			borders = *o.Source.Borders
		}
		text := kindText(o)
		if len(runs) == 0 || runs[len(runs)-1].Text != text {
			runs = append(runs, note{ID: "tall-" + strconv.Itoa(len(runs)+1), Text: text})
		}
		run := &runs[len(runs)-1]
		run.years = append(run.years, year)
		words := kindWords[o.Kind]
		if o.Kind == domain.KindOfficial && o.PublishedCode != nil {
			words += ", kommunenummer " + *o.PublishedCode
		}
		series = append(series, point{Year: year, Value: float64(o.Value), Href: "/api/v1/population/" + url.PathEscape(o.ID),
			Label: date(o.ReferenceDate) + ": " + count(float64(o.Value)) + " innbyggere (" + words + ")", Shape: kindShapes[o.Kind],
			Remarks: []remark{{Text: words, Refs: []ref{{N: strconv.Itoa(len(runs)), Href: "#" + run.ID}}}}})
	}
	var legend []string
	for _, k := range domain.Kinds {
		if kinds[k] {
			legend = append(legend, shapeSigns[kindShapes[k]]+" "+esc(kindWords[k]))
		}
	}
	desc := "Folketallet 1. januar hvert år fra SSBs tabell 07459"
	if borders != "" {
		desc += ", på kommunegrensene per " + date(borders)
	}
	var drawn []string
	for _, k := range domain.Kinds {
		if kinds[k] {
			drawn = append(drawn, kindDrawn[k])
		}
	}
	desc += "; " + list(drawn) + ". Tabellen under har de samme tallene."
	return chartView{Series: series, Caption: "Folketall 1. januar, og hva hvert tall er",
		Legend:        template.HTML(strings.Join(legend, "; ") + ". Hvert punkt lenker til API-svaret med tallet."),
		SVG:           lineChart(series, nil, 2005, 2026, "Folketall i "+name+" 2005–2026", desc),
		RemarksHeader: "Hva tallet er", NotesHeading: "Hva tallene er", Notes: runs}
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
