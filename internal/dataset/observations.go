package dataset

import (
	"fmt"
	"strconv"

	"github.com/byregion/byregion/internal/domain"
)

// Observation ids read "{kind}:{subject}:{reference date}:{source}", so they are stable across rebuilds
// and sort by subject, then date.
func observationID(kind, subject, date, source string) string {
	return kind + ":" + subject + ":" + date + ":" + source
}

// loadPopulation reads SSB table 07459 (1 January, 2005-2026) for every municipality on 2024 codes. The
// figures are on the borders of 2024 (the source's borders, in sources.csv): the store labels each one
// from the code history as SSB's own, a sum of predecessors or an apportionment when it loads them.
func loadPopulation(ms *municipalities) ([]domain.PopulationObservation, error) {
	t, err := readTable("ssb07459_population_jan1_by_municipality_2024codes_2005-2026.csv", ',',
		"kommunenummer_2024", "kommunenavn_2024", "year", "population_jan1")
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, m := range ms.list {
		if m.ValidTo == nil {
			known[m.Code] = true
		}
	}
	out := make([]domain.PopulationObservation, 0, len(t.rows))
	for i := range t.rows {
		code := t.get(i, "kommunenummer_2024")
		if !known[code] {
			return nil, t.errorf(i, "municipality %s is not in SSB's 2024 classification", code)
		}
		year, err := strconv.Atoi(t.get(i, "year"))
		if err != nil || year < 1900 || year > 2100 {
			return nil, t.errorf(i, "year %q is not a year", t.get(i, "year"))
		}
		value, err := strconv.ParseInt(t.get(i, "population_jan1"), 10, 64)
		if err != nil || value < 0 {
			return nil, t.errorf(i, "population %q is not a count", t.get(i, "population_jan1"))
		}
		date := fmt.Sprintf("%04d-01-01", year)
		o := domain.PopulationObservation{
			ID:            observationID("population", code, date, sourcePopulation),
			Subject:       domain.Subject{Municipality: &domain.MunicipalityRef{Code: code, Name: t.get(i, "kommunenavn_2024")}},
			ReferenceDate: date, Value: value, Unit: "persons", Kind: domain.KindOfficial,
			Source: domain.Source{ID: sourcePopulation},
		}
		out = append(out, o)
	}
	return out, nil
}

// areaReferenceDate is the edition of the area file; the file does not say when the areas were measured.
const areaReferenceDate = "2025-01-01"

const areaNote = "A compilation's figure: the publisher does not state its origin, what it measures or when it was " +
	"measured; it looks like total area (land and freshwater). The reference date is the file's edition " +
	"(municipalities-2025), not a date of measurement."

// loadArea reads the area of every municipality on 2024 codes.
func loadArea() ([]domain.AreaObservation, error) {
	t, err := readTable("aprestmo_municipalities_2025_area_population.csv", ',', "kommunenummer", "name", "area_km2")
	if err != nil {
		return nil, err
	}
	out := make([]domain.AreaObservation, 0, len(t.rows))
	for i := range t.rows {
		code := t.get(i, "kommunenummer")
		if !validCode(code) {
			return nil, t.errorf(i, "municipality code %q is not four digits", code)
		}
		km2, err := strconv.ParseFloat(t.get(i, "area_km2"), 64)
		if err != nil || km2 <= 0 {
			return nil, t.errorf(i, "area %q is not a positive number", t.get(i, "area_km2"))
		}
		out = append(out, domain.AreaObservation{
			ID:            observationID("area", code, areaReferenceDate, sourceArea),
			Subject:       domain.Subject{Municipality: &domain.MunicipalityRef{Code: code, Name: t.get(i, "name")}},
			ReferenceDate: areaReferenceDate, ValueKM2: km2, Unit: "km2",
			Measure: domain.AreaUnknown, Kind: domain.KindCompiled, Note: areaNote,
			Source: domain.Source{ID: sourceArea},
		})
	}
	return out, nil
}
