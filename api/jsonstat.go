package api

import (
	"sort"
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// JSON-stat 2.0 (https://json-stat.org/format/) is the format SSB's own API answers in. An observation
// series becomes one dataset of subject (municipality or region) × time × contents, with Norwegian
// labels; the contents dimension separates official statistics from figures a region reports, status
// marks each value that is not SSB's own for its unit, and the sources travel in the dataset.

// JSONStat is a JSON-stat 2.0 dataset.
type JSONStat struct {
	Version   string                       `json:"version" example:"2.0"`
	Class     string                       `json:"class" example:"dataset"`
	Label     string                       `json:"label" example:"Befolkning 1. januar"`
	Source    string                       `json:"source"`
	ID        []string                     `json:"id"`
	Size      []int                        `json:"size"`
	Role      map[string][]string          `json:"role"`
	Dimension map[string]JSONStatDimension `json:"dimension"`
	Value     []*float64                   `json:"value"`
	Status    map[string]string            `json:"status,omitempty"`
	Note      []string                     `json:"note,omitempty"`
	Extension map[string]any               `json:"extension,omitempty"`
}

// JSONStatDimension is one dimension of a dataset.
type JSONStatDimension struct {
	Label    string           `json:"label"`
	Category JSONStatCategory `json:"category"`
}

// JSONStatCategory lists a dimension's categories.
type JSONStatCategory struct {
	Index map[string]int          `json:"index"`
	Label map[string]string       `json:"label,omitempty"`
	Unit  map[string]JSONStatUnit `json:"unit,omitempty"`
}

// JSONStatUnit is the unit of a metric category.
type JSONStatUnit struct {
	Label    string `json:"label"`
	Decimals int    `json:"decimals"`
}

// Dimension ids, as SSB's own tables name them.
const (
	dimRegion   = "Region"
	dimTime     = "Tid"
	dimContents = "ContentsCode"
)

// Status codes of values.
const (
	statusReported = "r" // a figure the region itself reports
	statusAdjusted = "a" // an official figure with a note: the intermediary's figure for today's borders
)

// statPoint is one value of a series.
type statPoint struct {
	subject, subjectLabel, date string
	kind                        domain.Kind
	value                       float64
	adjusted                    bool
	source                      domain.Source
}

// statContents describes what a series measures.
type statContents struct {
	label, unit string
	decimals    int
}

// buildJSONStat lays the points out as a dataset: subjects in the order they come, times in order.
func buildJSONStat(what statContents, points []statPoint) JSONStat {
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
	kinds := []domain.Kind{domain.KindOfficial, domain.KindReported}
	contents := map[string]int{string(domain.KindOfficial): 0, string(domain.KindReported): 1}
	size := []int{len(subjects), len(timeList), len(kinds)}
	values := make([]*float64, size[0]*size[1]*size[2])
	status := map[string]string{}
	var sources []domain.Source
	seen := map[string]bool{}
	for _, p := range points {
		i := (subjects[p.subject]*size[1]+timeIndex[p.date])*size[2] + contents[string(p.kind)]
		v := p.value
		values[i] = &v
		switch {
		case p.kind == domain.KindReported:
			status[strconv.Itoa(i)] = statusReported
		case p.adjusted:
			status[strconv.Itoa(i)] = statusAdjusted
		}
		if !seen[p.source.ID] {
			seen[p.source.ID] = true
			sources = append(sources, p.source)
		}
	}
	var credits []string
	for _, s := range sources {
		credits = append(credits, s.Publisher+": "+s.Title)
	}
	unit := JSONStatUnit{Label: what.unit, Decimals: what.decimals}
	return JSONStat{
		Version: "2.0", Class: "dataset", Label: what.label, Source: strings.Join(credits, "; "),
		ID: []string{dimRegion, dimTime, dimContents}, Size: size,
		Role: map[string][]string{"geo": {dimRegion}, "time": {dimTime}, "metric": {dimContents}},
		Dimension: map[string]JSONStatDimension{
			dimRegion: {Label: "region", Category: JSONStatCategory{Index: subjects, Label: subjectLabels}},
			dimTime:   {Label: "tid", Category: JSONStatCategory{Index: timeIndex}},
			dimContents: {Label: "statistikkvariabel", Category: JSONStatCategory{
				Index: contents,
				Label: map[string]string{string(domain.KindOfficial): what.label + " (offisiell statistikk)",
					string(domain.KindReported): what.label + " (oppgitt av regionen)"},
				Unit: map[string]JSONStatUnit{string(domain.KindOfficial): unit, string(domain.KindReported): unit},
			}},
		},
		Value:  values,
		Status: status,
		Note: []string{
			"Status r: tall oppgitt av regionen selv. Status a: mellomleddets tall for dagens kommunegrenser, før en sammenslåing eller deling.",
			"Kilder og lisenser står i extension.sources og på /api/v1/sources.",
		},
		Extension: map[string]any{"sources": sources},
	}
}

// subjectOf names an observation's subject: the municipality code in force, or the region id.
func subjectOf(s domain.Subject) (string, string) {
	if s.Municipality != nil {
		return s.Municipality.Code, s.Municipality.Name
	}
	return s.Region.ID, s.Region.Name
}

// populationJSONStat renders population observations.
func populationJSONStat(items []domain.PopulationObservation) any {
	points := make([]statPoint, len(items))
	for i, o := range items {
		id, label := subjectOf(o.Subject)
		points[i] = statPoint{subject: id, subjectLabel: label, date: o.ReferenceDate, kind: o.Kind,
			value: float64(o.Value), adjusted: o.Kind == domain.KindOfficial && o.Note != "", source: o.Source}
	}
	return buildJSONStat(statContents{label: "Befolkning 1. januar", unit: "personer"}, points)
}

// areaJSONStat renders area observations.
func areaJSONStat(items []domain.AreaObservation) any {
	points := make([]statPoint, len(items))
	for i, o := range items {
		id, label := subjectOf(o.Subject)
		points[i] = statPoint{subject: id, subjectLabel: label, date: o.ReferenceDate, kind: o.Kind, value: o.ValueKM2,
			source: o.Source}
	}
	return buildJSONStat(statContents{label: "Areal", unit: "km²", decimals: 2}, points)
}
