package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/jsonstat"
	"github.com/byregion/byregion/internal/query"
)

// yearRange checks that from is not after to.
func yearRange(q query.Query) error {
	from, okFrom := q.Filter("from")
	to, okTo := q.Filter("to")
	if okFrom && okTo && from.Values[0] > to.Values[0] {
		return domain.Invalid("query", "to", "must not be before from")
	}
	return nil
}

// listPopulation godoc
//
//	@Summary		List population observations
//	@Description	Population on a reference date for municipalities (SSB table 07459, 1 January 2005-2026, kind official) and regions (as each reports it, kind reported). Each names its source; notes say where a figure is not SSB's own for that unit. Also as CSV and as a JSON-stat 2.0 dataset (format=jsonstat) that SSB's tools and the JSON-stat libraries read.
//	@ID				listPopulation
//	@Tags			statistics
//	@Produce		json
//	@Produce		text/csv
//	@Param			municipality	query		string										false	"Only these municipalities (codes in force, comma-separated)"											example(5501,5532)
//	@Param			region			query		string										false	"Only these regions: their reported figures and those of the municipalities their members became"		example(tromsoregionen)
//	@Param			from			query		int											false	"First reference year, inclusive"																		example(2015)
//	@Param			to				query		int											false	"Last reference year, inclusive"																		example(2020)
//	@Param			kind			query		string										false	"Only official statistics or only reported figures"														Enums(official, reported)	example(official)
//	@Param			value			query		string										false	"Only values in this range: min..max, either end may be left out"										example(1000..5000)
//	@Param			adjusted		query		bool										false	"Only official figures that are (true) or are not (false) the intermediary's sums on today's borders"	example(false)
//	@Param			sort			query		string										false	"Sort keys: id (subject, then date), reference_date, value, kind; - for descending"						example(-value)
//	@Param			fields			query		string										false	"Only these top-level fields"																			example(municipality,reference_date,value)
//	@Param			limit			query		int											false	"Items per page (JSON)"																					minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor			query		string										false	"Opaque cursor from meta.next of the previous page"														example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count			query		bool										false	"Compute meta.total"																					example(true)
//	@Param			format			query		string										false	"Answer format; also chosen by the Accept header"														Enums(json, csv, jsonstat)	example(jsonstat)
//	@Param			dialect			query		string										false	"CSV dialect"																							Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200				{object}	Collection[domain.PopulationObservation]	"JSON; format=jsonstat answers a JSONStat dataset"
//	@Failure		400				{object}	Problem										"A malformed or unknown parameter"
//	@Failure		404				{object}	Problem										"No municipality or region has a code or id given"
//	@Failure		406				{object}	Problem										"The Accept header allows neither JSON nor CSV"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/population [get]
func (s *Server) listPopulation(c echo.Context) error {
	q, err := parse(c, query.Population)
	if err != nil {
		return err
	}
	if err := yearRange(q); err != nil {
		return err
	}
	return listing[domain.PopulationObservation]{list: s.store.ListPopulation,
		rows: s.store.PopulationRows, jsonstat: completed(s, jsonstat.Population)}.serve(s, c, q)
}

// listArea godoc
//
//	@Summary		List area observations
//	@Description	Area in km² for municipalities and regions, each saying what it measures where known and naming its source. Also as CSV and JSON-stat 2.0.
//	@ID				listArea
//	@Tags			statistics
//	@Produce		json
//	@Produce		text/csv
//	@Param			municipality	query		string								false	"Only these municipalities (codes in force, comma-separated)"										example(5501)
//	@Param			region			query		string								false	"Only these regions: their reported figures and those of the municipalities their members became"	example(tromsoregionen)
//	@Param			from			query		int									false	"First reference year, inclusive"																	example(2015)
//	@Param			to				query		int									false	"Last reference year, inclusive"																	example(2025)
//	@Param			kind			query		string								false	"Only official statistics or only reported figures"													Enums(official, reported)	example(reported)
//	@Param			measure			query		string								false	"Only figures that measure this"																	Enums(total, land, unknown)	example(unknown)
//	@Param			value_km2		query		string								false	"Only values in this range: min..max in km²"														example(1000..)
//	@Param			sort			query		string								false	"Sort keys: id, reference_date, value_km2, kind; - for descending"									example(-value_km2)
//	@Param			fields			query		string								false	"Only these top-level fields"																		example(municipality,value_km2)
//	@Param			limit			query		int									false	"Items per page (JSON)"																				minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor			query		string								false	"Opaque cursor from meta.next of the previous page"													example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count			query		bool								false	"Compute meta.total"																				example(true)
//	@Param			format			query		string								false	"Answer format; also chosen by the Accept header"													Enums(json, csv, jsonstat)	example(csv)
//	@Param			dialect			query		string								false	"CSV dialect"																						Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200				{object}	Collection[domain.AreaObservation]	"JSON; format=jsonstat answers a JSONStat dataset"
//	@Failure		400				{object}	Problem								"A malformed or unknown parameter"
//	@Failure		404				{object}	Problem								"No municipality or region has a code or id given"
//	@Failure		406				{object}	Problem								"The Accept header allows neither JSON nor CSV"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/area [get]
func (s *Server) listArea(c echo.Context) error {
	q, err := parse(c, query.Area)
	if err != nil {
		return err
	}
	if err := yearRange(q); err != nil {
		return err
	}
	return listing[domain.AreaObservation]{list: s.store.ListArea, rows: s.store.AreaRows, jsonstat: completed(s, jsonstat.Area)}.serve(s, c, q)
}
