package main

import (
	"fmt"
	"strconv"

	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
)

// The scale dataset is the embedded one grown to the size of a national deployment: 357 municipalities
// with 50 years of figures under 56 sources (about a million observations), 40 regions and 10,000
// measures. It exists only in the benchmark's own database file. Its extra figures are the real SSB
// figures copied onto other years and sources, and its extra regions and measures are named as
// benchmark copies, so nothing in it could be mistaken for data; it keeps the embedded dataset's name,
// so a server started on it finds its dataset loaded and serves it as it is.

const (
	scaleYears    = 50 // 1977-2026
	scaleSources  = 56
	scaleRegions  = 40
	scaleMeasures = 10_000
)

// scaleDataset builds the scale dataset in memory.
func scaleDataset() (*domain.Dataset, error) {
	ds, err := dataset.Load()
	if err != nil {
		return nil, err
	}
	ds.Checksum = "scale-" + ds.Checksum

	// The real series by municipality in force, 2005-2026.
	real := map[string]map[int]int64{}
	for _, o := range ds.Population {
		if o.Municipality == nil || o.Source.ID != "ssb-07459" {
			continue
		}
		year, _ := strconv.Atoi(o.ReferenceDate[:4])
		if real[o.Municipality.Code] == nil {
			real[o.Municipality.Code] = map[int]int64{}
		}
		real[o.Municipality.Code][year] = o.Value
	}
	var codes []string
	for _, m := range ds.Municipalities {
		if m.ValidTo == nil {
			codes = append(codes, m.Code)
		}
	}
	for s := 1; s <= scaleSources; s++ {
		src := domain.Source{ID: fmt.Sprintf("bench-%02d", s), Title: "Benchmark copy of SSB 07459 (not data)",
			Publisher: "byregion load benchmark", Licence: "NLOD 2.0 / CC BY 4.0 (the copied figures)"}
		ds.Sources = append(ds.Sources, src)
		for _, code := range codes {
			for y := 2026 - scaleYears + 1; y <= 2026; y++ {
				value, ok := real[code][2005+(y-2005+22*10)%22]
				if !ok {
					continue
				}
				date := fmt.Sprintf("%04d-01-01", y)
				ds.Population = append(ds.Population, domain.PopulationObservation{
					ID:      "population:" + code + ":" + date + ":" + src.ID,
					Subject: domain.Subject{Municipality: &domain.MunicipalityRef{Code: code}}, ReferenceDate: date,
					Value: value, Kind: domain.KindOfficial, Source: src})
			}
		}
	}

	// Regions copied from the real ones until there are 40, and measures spread over all of them.
	real33 := len(ds.Regions)
	for i := 0; len(ds.Regions) < scaleRegions; i++ {
		r := ds.Regions[i%real33]
		r.ID, r.Name = fmt.Sprintf("bench-region-%02d", i+1), fmt.Sprintf("Benchmark copy of %s", r.Name)
		ds.Regions = append(ds.Regions, r)
	}
	next := map[string]int{}
	for _, m := range ds.Measures {
		next[m.Region] = max(next[m.Region], m.Position)
	}
	for i := len(ds.Measures); i < scaleMeasures; i++ {
		r := ds.Regions[i%len(ds.Regions)]
		next[r.ID]++
		ds.Measures = append(ds.Measures, domain.Measure{
			ID: fmt.Sprintf("%s-measure-%d", r.ID, next[r.ID]), Region: r.ID, Position: next[r.ID],
			Title: fmt.Sprintf("Benchmark measure %d", i+1), Description: "A measure made for the load benchmark.",
			Status: domain.StatusPlanned, Themes: []string{}, Goals: []string{}, Partners: []string{}, Language: "en",
			Source: ds.Sources[len(ds.Sources)-1]})
	}
	return ds, nil
}
