// Package jsonstat lays the API's series out as JSON-stat 2.0 datasets.
package jsonstat

import (
	"sort"
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// JSON-stat 2.0 (https://json-stat.org/format/) is the format SSB's own API answers in. A series becomes one
// dataset of subject (municipality or region) × time × contents, with Norwegian labels; the contents
// dimension separates what the figures are (official statistics and reported figures, computed sums, or
// indicators), status marks each value that is not SSB's own for its unit, and the sources travel in the
// dataset.

// Dataset is a JSON-stat 2.0 dataset.
type Dataset struct {
	Version   string               `json:"version" example:"2.0"`
	Class     string               `json:"class" example:"dataset"`
	Label     string               `json:"label" example:"Befolkning 1. januar"`
	Source    string               `json:"source"`
	ID        []string             `json:"id"`
	Size      []int                `json:"size"`
	Role      map[string][]string  `json:"role"`
	Dimension map[string]Dimension `json:"dimension"`
	Value     []*float64           `json:"value"`
	Status    map[string]string    `json:"status,omitempty"`
	Note      []string             `json:"note,omitempty"`
	Extension Extension            `json:"extension"`
}

// Extension carries what JSON-stat has no field for: the sources of the figures, in full.
type Extension struct {
	Sources []domain.Source `json:"sources"`
}

// Dimension is one dimension of a dataset.
type Dimension struct {
	Label    string   `json:"label"`
	Category Category `json:"category"`
}

// Category lists a dimension's categories.
type Category struct {
	Index map[string]int    `json:"index"`
	Label map[string]string `json:"label,omitempty"`
	Unit  map[string]Unit   `json:"unit,omitempty"`
}

// Unit is the unit of a metric category.
type Unit struct {
	Label    string `json:"label"`
	Decimals int    `json:"decimals"`
}

// Dimension ids, as SSB's own tables name them.
const (
	dimRegion   = "Region"
	dimTime     = "Tid"
	dimContents = "ContentsCode"
)

// statContent is one category of the contents dimension.
type statContent struct {
	id, label, unit string
	decimals        int
}

// statPoint is one value of a dataset.
type statPoint struct {
	subject, subjectLabel, date, content string
	value                                float64
	status                               string // "" or a status code explained in the notes
}

// build lays the points out as a dataset: subjects in the order they come, times in order.
func build(label string, contents []statContent, points []statPoint, notes []string, sources []domain.Source) Dataset {
	subjects, subjectLabels := map[string]int{}, map[string]string{}
	times := map[string]bool{}
	for _, p := range points {
		if _, ok := subjects[p.subject]; !ok {
			subjects[p.subject] = len(subjects)
			subjectLabels[p.subject] = p.subjectLabel
		}
		times[p.date] = true
	}
	timeList := make([]string, 0, len(times))
	for t := range times {
		timeList = append(timeList, t)
	}
	sort.Strings(timeList)
	timeIndex := map[string]int{}
	for i, t := range timeList {
		timeIndex[t] = i
	}
	contentIndex, contentLabels, units := map[string]int{}, map[string]string{}, map[string]Unit{}
	for i, c := range contents {
		contentIndex[c.id], contentLabels[c.id] = i, c.label
		units[c.id] = Unit{Label: c.unit, Decimals: c.decimals}
	}
	size := []int{len(subjects), len(timeList), len(contents)}
	values := make([]*float64, size[0]*size[1]*size[2])
	status := map[string]string{}
	for _, p := range points {
		i := (subjects[p.subject]*size[1]+timeIndex[p.date])*size[2] + contentIndex[p.content]
		v := p.value
		values[i] = &v
		if p.status != "" {
			status[strconv.Itoa(i)] = p.status
		}
	}
	var credits []string
	for _, s := range sources {
		credits = append(credits, s.Publisher+": "+s.Title)
	}
	return Dataset{
		Version: "2.0", Class: "dataset", Label: label, Source: strings.Join(credits, "; "),
		ID: []string{dimRegion, dimTime, dimContents}, Size: size,
		Role: map[string][]string{"geo": {dimRegion}, "time": {dimTime}, "metric": {dimContents}},
		Dimension: map[string]Dimension{
			dimRegion:   {Label: "region", Category: Category{Index: subjects, Label: subjectLabels}},
			dimTime:     {Label: "tid", Category: Category{Index: timeIndex}},
			dimContents: {Label: "statistikkvariabel", Category: Category{Index: contentIndex, Label: contentLabels, Unit: units}},
		},
		Value: values, Status: status,
		Note:      notes,
		Extension: Extension{Sources: append([]domain.Source{}, sources...)},
	}
}

// Status codes of values.
const (
	statusReported = "r" // a figure the region itself reports
	statusAdjusted = "a" // an official figure with a note: the intermediary's figure for today's borders
	statusPartial  = "u" // a sum or indicator that is not complete for the subject's territory
)

const observationStatusNote = "Status r: tall oppgitt av regionen selv. Status a: mellomleddets tall for dagens kommunegrenser, før en sammenslåing eller deling (se merknaden i JSON-svaret)."

// kindContents separate official statistics from figures a region reports.
func kindContents(label, unit string, decimals int) []statContent {
	return []statContent{
		{id: string(domain.KindOfficial), label: label + " (offisiell statistikk)", unit: unit, decimals: decimals},
		{id: string(domain.KindReported), label: label + " (oppgitt av regionen)", unit: unit, decimals: decimals},
	}
}

// subjectOf names an observation's subject: the municipality code in force, or the region id.
func subjectOf(s domain.Subject) (string, string) {
	if s.Municipality != nil {
		return s.Municipality.Code, s.Municipality.Name
	}
	return s.Region.ID, s.Region.Name
}

// uniqueSources lists each source once, in the order met.
func uniqueSources(all []domain.Source) []domain.Source {
	var out []domain.Source
	seen := map[string]bool{}
	for _, s := range all {
		if !seen[s.ID] {
			seen[s.ID] = true
			out = append(out, s)
		}
	}
	return out
}

// Population lays out population observations.
func Population(items []domain.PopulationObservation) Dataset {
	points := make([]statPoint, len(items))
	sources := make([]domain.Source, len(items))
	for i, o := range items {
		id, label := subjectOf(o.Subject)
		points[i] = statPoint{subject: id, subjectLabel: label, date: o.ReferenceDate, content: string(o.Kind), value: float64(o.Value)}
		switch {
		case o.Kind == domain.KindReported:
			points[i].status = statusReported
		case o.Note != "":
			points[i].status = statusAdjusted
		}
		sources[i] = o.Source
	}
	return build("Befolkning 1. januar", kindContents("Befolkning 1. januar", "personer", 0), points,
		[]string{observationStatusNote}, uniqueSources(sources))
}

// Area lays out area observations.
func Area(items []domain.AreaObservation) Dataset {
	points := make([]statPoint, len(items))
	sources := make([]domain.Source, len(items))
	for i, o := range items {
		id, label := subjectOf(o.Subject)
		points[i] = statPoint{subject: id, subjectLabel: label, date: o.ReferenceDate, content: string(o.Kind), value: o.ValueKM2}
		if o.Kind == domain.KindReported {
			points[i].status = statusReported
		}
		sources[i] = o.Source
	}
	return build("Areal", kindContents("Areal", "km²", 2), points, []string{observationStatusNote}, uniqueSources(sources))
}

// Totals lays out a region's totals: the computed sum beside the reported figure.
func Totals(label, unit string, decimals int) func([]domain.RegionTotal) Dataset {
	return func(items []domain.RegionTotal) Dataset {
		var points []statPoint
		for _, t := range items {
			if t.Computed != nil {
				p := statPoint{subject: t.Region.ID, subjectLabel: t.Region.Name, date: t.ReferenceDate, content: "computed", value: t.Computed.Value}
				if !t.Computed.Complete {
					p.status = statusPartial
				}
				points = append(points, p)
			}
			if t.Reported != nil {
				points = append(points, statPoint{subject: t.Region.ID, subjectLabel: t.Region.Name, date: t.ReferenceDate,
					content: "reported", value: t.Reported.Value, status: statusReported})
			}
		}
		return build(label, []statContent{
			{id: "computed", label: label + " (summert fra kommunenes offisielle tall)", unit: unit, decimals: decimals},
			{id: "reported", label: label + " (oppgitt av regionen)", unit: unit, decimals: decimals},
		}, points, []string{"Status r: tall oppgitt av regionen selv. Status u: summen er ikke fullstendig for regionens område (se merknaden i JSON-svaret)."}, nil)
	}
}

// Indicators lays out indicators: population, density and growth.
func Indicators(items []domain.Indicator) Dataset {
	var points []statPoint
	for _, r := range items {
		status := ""
		if !r.Complete {
			status = statusPartial
		}
		add := func(content string, v float64) {
			points = append(points, statPoint{subject: r.Subject.ID, subjectLabel: r.Subject.Name, date: r.ReferenceDate,
				content: content, value: v, status: status})
		}
		add("population", r.Population)
		if r.Density != nil {
			add("density", *r.Density)
		}
		if r.Change != nil {
			add("change", r.Change.Absolute)
			add("change_percent", r.Change.Percent)
		}
	}
	return build("Befolkningsindikatorer", []statContent{
		{id: "population", label: "Befolkning 1. januar", unit: "personer"},
		{id: "density", label: "Befolkningstetthet", unit: "innbyggere per km²", decimals: 2},
		{id: "change", label: "Endring fra året før", unit: "personer"},
		{id: "change_percent", label: "Endring fra året før, prosent", unit: "prosent", decimals: 2},
	}, points, []string{"Status u: summen er ikke fullstendig for området (se merknaden i JSON-svaret)."}, nil)
}
