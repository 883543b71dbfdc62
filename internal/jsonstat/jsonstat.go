// Package jsonstat lays the API's series out as JSON-stat 2.0 datasets.
package jsonstat

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// JSON-stat 2.0 (https://json-stat.org/format/) is the format SSB's own API answers in, and a series is laid
// out as SSB lays out its tables: one dataset of subject (municipality or region) × contents × time, in that
// order, with Norwegian labels and SSB's units. The contents separate what the figures are (SSB's statistics,
// reported or compiled figures, computed sums, or indicators); a status marks each value that is not SSB's
// own figure for the municipality as it was (status.go); and the dataset cites its sources, the date they
// were retrieved and, where there is one, SSB's table (sources.go).

// Dataset is a JSON-stat 2.0 dataset.
type Dataset struct {
	Version string `json:"version" example:"2.0"`
	Class   string `json:"class" example:"dataset"`
	Label   string `json:"label" example:"Befolkning 1. januar"`
	// Source credits the sources, "publisher: title" each; Cite sets it.
	Source string `json:"source"`
	// Updated is the latest date the figures were retrieved from their sources, absent where no source
	// gives one; Cite sets it.
	Updated   string               `json:"updated,omitempty" example:"2026-07-01"`
	ID        []string             `json:"id"`
	Size      []int                `json:"size"`
	Role      map[string][]string  `json:"role"`
	Dimension map[string]Dimension `json:"dimension"`
	Value     []*float64           `json:"value"`
	Status    map[string]string    `json:"status,omitempty"`
	Note      []string             `json:"note,omitempty"`
	Extension Extension            `json:"extension"`
}

// Extension carries what JSON-stat has no field for: SSB's own extension where the figures are one of its
// tables, what each status code means, and the sources of the figures, in full.
type Extension struct {
	// PX is SSB's extension: the statbank table every figure comes from, where there is one.
	PX *PX `json:"px,omitempty"`
	// Status is what each status code the values use means, by code: the notes' words, for a program.
	Status  map[string]string `json:"status,omitempty"`
	Sources []domain.Source   `json:"sources"`
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

// Unit is the unit of a metric category. Decimals and label are JSON-stat's own (decimals is required
// wherever a unit is given, label is what a reader shows); base is the word SSB writes for what is counted or
// measured ("personer"), so a client written for SSB's answers reads ours.
type Unit struct {
	Label    string `json:"label" example:"personer"`
	Base     string `json:"base" example:"personer"`
	Decimals int    `json:"decimals" example:"0"`
}

// The units of the contents: counts are whole, km² and percentages have two decimals.
var (
	unitPersons = Unit{Label: "personer", Base: "personer", Decimals: 0}
	unitKM2     = Unit{Label: "km²", Base: "km²", Decimals: 2}
	unitDensity = Unit{Label: "innbyggere per km²", Base: "innbyggere per km²", Decimals: 2}
	unitPercent = Unit{Label: "prosent", Base: "prosent", Decimals: 2}
)

// Dimension ids, as SSB's own tables name them.
const (
	dimRegion   = "Region"
	dimContents = "ContentsCode"
	dimTime     = "Tid"
)

// statContent is one category of the contents dimension.
type statContent struct {
	id, label string
	kinds     []domain.Kind // the kinds of observation it holds, for observations
	unit      Unit
}

// statPoint is one value of a dataset.
type statPoint struct {
	subject, subjectLabel, date, content string
	value                                float64
	status                               string // "" or a status code explained in the notes
}

// build lays the points out as a dataset: subjects in the order they come, times in order, and the status
// codes used explained.
func build(label string, contents []statContent, points []statPoint, sources []domain.Source) Dataset {
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
	// Figures of 1 January are a year's, as SSB writes them: Tid "2015". Other dates keep the whole date.
	byYear := true
	for _, t := range timeList {
		byYear = byYear && strings.HasSuffix(t, "-01-01")
	}
	timeID := func(date string) string {
		if byYear {
			return date[:4]
		}
		return date
	}
	timeIndex, timeLabels := map[string]int{}, map[string]string{}
	for i, t := range timeList {
		timeIndex[timeID(t)], timeLabels[timeID(t)] = i, timeID(t)
	}
	// Only the contents that have a figure: an empty column says nothing.
	used := map[string]bool{}
	for _, p := range points {
		used[p.content] = true
	}
	contents = slices.DeleteFunc(slices.Clone(contents), func(c statContent) bool { return !used[c.id] })
	contentIndex, contentLabels, units := map[string]int{}, map[string]string{}, map[string]Unit{}
	for i, c := range contents {
		contentIndex[c.id], contentLabels[c.id] = i, c.label
		units[c.id] = c.unit
	}
	// SSB's order of dimensions (its table 07459 writes Region, Kjonn, Alder, ContentsCode, Tid), and values
	// in JSON-stat's row-major order over it: the last dimension, time, varies fastest.
	size := []int{len(subjects), len(contents), len(timeList)}
	values := make([]*float64, size[0]*size[1]*size[2])
	status := map[string]string{}
	for _, p := range points {
		i := (subjects[p.subject]*size[1]+contentIndex[p.content])*size[2] + timeIndex[timeID(p.date)]
		v := p.value
		values[i] = &v
		if p.status != "" {
			status[strconv.Itoa(i)] = p.status
		}
	}
	notes, meanings := explainStatus(status)
	return Dataset{
		Version: "2.0", Class: "dataset", Label: label,
		ID: []string{dimRegion, dimContents, dimTime}, Size: size,
		Role: map[string][]string{"geo": {dimRegion}, "time": {dimTime}, "metric": {dimContents}},
		Dimension: map[string]Dimension{
			dimRegion:   {Label: "region", Category: Category{Index: subjects, Label: subjectLabels}},
			dimTime:     {Label: "tid", Category: Category{Index: timeIndex, Label: timeLabels}},
			dimContents: {Label: "statistikkvariabel", Category: Category{Index: contentIndex, Label: contentLabels, Unit: units}},
		},
		Value: values, Status: status,
		Note:      notes,
		Extension: Extension{Status: meanings, Sources: append([]domain.Source{}, sources...)},
	}
}

// The contents categories, as SSB names its own in Norwegian: the figures from SSB's statistics in one, as
// SSB's table has them, and a content each for reported and compiled figures, so neither ever passes for
// statistics.
var (
	populationContents = []statContent{
		{id: "Befolkning", kinds: statisticalKinds, label: "Befolkning 1. januar (fra SSBs statistikk)", unit: unitPersons},
		{id: "BefolkningOppgitt", kinds: []domain.Kind{domain.KindReported}, label: "Befolkning, oppgitt av regionen", unit: unitPersons},
		{id: "BefolkningSammenstilt", kinds: []domain.Kind{domain.KindCompiled}, label: "Befolkning (sammenstilt tall; opphavet er ikke oppgitt)", unit: unitPersons},
	}
	areaContents = []statContent{
		{id: "Areal", kinds: statisticalKinds, label: "Areal (fra SSBs statistikk)", unit: unitKM2},
		{id: "ArealOppgitt", kinds: []domain.Kind{domain.KindReported}, label: "Areal, oppgitt av regionen", unit: unitKM2},
		{id: "ArealSammenstilt", kinds: []domain.Kind{domain.KindCompiled}, label: "Areal (sammenstilt tall; opphav og måletidspunkt er ikke oppgitt)", unit: unitKM2},
	}
)

// contentOf is the category that holds a kind of figure among contents: every kind has one (a test checks
// it), so a kind without one is a bug here, never a figure filed under another content.
func contentOf(contents []statContent, kind domain.Kind) statContent {
	for _, c := range contents {
		if slices.Contains(c.kinds, kind) {
			return c
		}
	}
	panic("jsonstat: no content for the kind " + string(kind))
}

// subjectOf names an observation's subject: the municipality code in force, or the region id.
func subjectOf(s domain.Subject) (string, string) {
	if s.Municipality != nil {
		return s.Municipality.Code, s.Municipality.Name
	}
	return s.Region.ID, s.Region.Name
}

// Population lays out population observations.
func Population(items []domain.PopulationObservation) Dataset {
	points := make([]statPoint, len(items))
	sources := make([]domain.Source, len(items))
	for i, o := range items {
		id, label := subjectOf(o.Subject)
		points[i] = statPoint{subject: id, subjectLabel: label, date: o.ReferenceDate, content: contentOf(populationContents, o.Kind).id,
			value: float64(o.Value), status: statusOfKind[o.Kind]}
		sources[i] = o.Source
	}
	return build("Befolkning 1. januar", populationContents, points, uniqueSources(sources))
}

// Area lays out area observations.
func Area(items []domain.AreaObservation) Dataset {
	points := make([]statPoint, len(items))
	sources := make([]domain.Source, len(items))
	for i, o := range items {
		id, label := subjectOf(o.Subject)
		points[i] = statPoint{subject: id, subjectLabel: label, date: o.ReferenceDate, content: contentOf(areaContents, o.Kind).id,
			value: o.ValueKM2, status: statusOfKind[o.Kind]}
		sources[i] = o.Source
	}
	return build("Areal", areaContents, points, uniqueSources(sources))
}

// Totals lays out a region's totals: the sum of its members' figures beside the figure it reported, each
// at its own date (an area summed from a later edition stands at that edition's year). The sources are
// named by id, as the totals know them; the API completes them and cites them.
func Totals(population bool) func([]domain.RegionTotal) Dataset {
	label, contents, summed := "Befolkning 1. januar", populationContents, statContent{id: "BefolkningSummert",
		label: "Befolkning 1. januar, summert fra medlemskommunenes tall (fra SSBs statistikk)", unit: unitPersons}
	if !population {
		label, contents, summed = "Areal", areaContents, statContent{id: "ArealSummert",
			label: "Areal, summert fra medlemskommunenes sammenstilte tall (opphav og måletidspunkt er ikke oppgitt)", unit: unitKM2}
	}
	reported := contentOf(contents, domain.KindReported)
	return func(items []domain.RegionTotal) Dataset {
		var points []statPoint
		var ids []string
		for _, t := range items {
			if t.Computed != nil {
				date := cmp.Or(t.Computed.ReferenceDate, t.ReferenceDate)
				p := statPoint{subject: t.Region.ID, subjectLabel: t.Region.Name, date: date, content: summed.id, value: t.Computed.Value}
				if !t.Computed.Complete {
					p.status = statusPartial
				}
				points = append(points, p)
				ids = append(ids, sourcesOf(t.Computed.DerivedFrom)...)
			}
			if t.Reported != nil {
				points = append(points, statPoint{subject: t.Region.ID, subjectLabel: t.Region.Name, date: t.ReferenceDate,
					content: reported.id, value: t.Reported.Value, status: statusReported})
				ids = append(ids, t.Reported.Source)
			}
		}
		return build(label, []statContent{summed, reported}, points, sourceIDs(ids))
	}
}

// Indicators lays out indicators: population, density and growth.
func Indicators(items []domain.Indicator) Dataset {
	var points []statPoint
	var ids []string
	for _, r := range items {
		// A year's figures are as complete as the year; a change, as both its years (change.complete).
		add := func(content string, v float64, complete bool) {
			status := ""
			if !complete {
				status = statusPartial
			}
			points = append(points, statPoint{subject: r.Subject.ID, subjectLabel: r.Subject.Name, date: r.ReferenceDate,
				content: content, value: v, status: status})
		}
		add("Befolkning", r.Population, r.Complete)
		if r.Density != nil {
			add("Befolkningstetthet", *r.Density, r.Complete)
		}
		if r.Change != nil {
			add("Endring", r.Change.Absolute, r.Change.Complete)
			add("EndringProsent", r.Change.Percent, r.Change.Complete)
		}
		ids = append(ids, sourcesOf(r.DerivedFrom)...)
	}
	return build("Befolkningsindikatorer", []statContent{
		{id: "Befolkning", label: populationContents[0].label, unit: unitPersons},
		{id: "Befolkningstetthet", label: "Innbyggere per km² (arealet er et sammenstilt tall, det samme for alle år)", unit: unitDensity},
		{id: "Endring", label: "Endring fra året før", unit: unitPersons},
		{id: "EndringProsent", label: "Endring fra året før, prosent", unit: unitPercent},
	}, points, sourceIDs(ids))
}
