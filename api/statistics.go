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
//	@Description	Population of municipalities on a reference date (SSB table 07459, 1 January 2005-2026), each labelled by what it is: official (SSB's own figure for the municipality as it was, with the code it was published under), sum_of_predecessors (the sum of SSB's figures for the municipalities that later merged into it) or apportioned (the source's estimate, after a split); the note names the predecessors. A region's own reported figure (kind reported) is at /regions/{slug}/population, or here with kind=reported; without it the rows are municipalities' only, so a year's rows sum to the country. Each names its source. Also as CSV, XLSX and a JSON-stat 2.0 dataset (format=jsonstat) that SSB's tools and the JSON-stat libraries read.
//	@ID				listPopulation
//	@Tags			statistics
//	@Produce		json
//	@Produce		text/csv
//	@Param			municipality	query		string										false	"Only these municipalities (codes in force, comma-separated)"																														example(5501,5532)
//	@Param			region			query		string										false	"Only these regions: the figures of the municipalities their members became (and their own, with kind=reported)"																	example(tromsoregionen)
//	@Param			county			query		string										false	"Only municipalities in these counties on the figure's date (or on at); a county code no longer in force gives a hint in meta"														example(55)
//	@Param			at				query		string										false	"Only municipalities in force on this date, and with county, in those counties then"																								example(2024-01-01)
//	@Param			from			query		int											false	"First reference year, inclusive"																																					example(2015)
//	@Param			to				query		int											false	"Last reference year, inclusive"																																					example(2020)
//	@Param			kind			query		string										false	"What the figures are: official (SSB's own, for the municipality as it was), sum_of_predecessors, apportioned (an estimate), reported (a region's own), compiled; comma-separated"	Enums(official, sum_of_predecessors, apportioned, reported, compiled)	example(official)
//	@Param			value			query		string										false	"Only values in this range: min..max, either end may be left out"																													example(1000..5000)
//	@Param			adjusted		query		bool										false	"Only figures a source put on later borders from their predecessors' (kind sum_of_predecessors or apportioned: true), or only the others (false)"									example(false)
//	@Param			sort			query		string										false	"Sort keys: id (subject, then date), reference_date, value, kind; - for descending"																									example(-value)
//	@Param			fields			query		string										false	"Only these top-level fields"																																						example(municipality,reference_date,value)
//	@Param			limit			query		int											false	"Items per page (JSON)"																																								minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor			query		string										false	"Opaque cursor from meta.next of the previous page"																																	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count			query		bool										false	"Compute meta.total"																																								example(true)
//	@Param			format			query		string										false	"Answer format; also chosen by the Accept header"																																	Enums(json, csv, jsonstat)	example(jsonstat)
//	@Param			dialect			query		string										false	"CSV dialect"																																										Enums(rfc4180, excel-nb)	example(excel-nb)
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
//	@Param			municipality	query		string								false	"Only these municipalities (codes in force, comma-separated)"																														example(5501)
//	@Param			region			query		string								false	"Only these regions: the figures of the municipalities their members became (and their own, with kind=reported)"																	example(tromsoregionen)
//	@Param			county			query		string								false	"Only municipalities in these counties on the figure's date (or on at)"																												example(55)
//	@Param			at				query		string								false	"Only municipalities in force on this date, and with county, in those counties then"																								example(2024-01-01)
//	@Param			from			query		int									false	"First reference year, inclusive"																																					example(2015)
//	@Param			to				query		int									false	"Last reference year, inclusive"																																					example(2025)
//	@Param			kind			query		string								false	"What the figures are: official (SSB's own, for the municipality as it was), sum_of_predecessors, apportioned (an estimate), reported (a region's own), compiled; comma-separated"	Enums(official, sum_of_predecessors, apportioned, reported, compiled)	example(reported)
//	@Param			measure			query		string								false	"Only figures that measure this"																																					Enums(total, land, unknown)												example(unknown)
//	@Param			value_km2		query		string								false	"Only values in this range: min..max in km²"																																		example(1000..)
//	@Param			sort			query		string								false	"Sort keys: id, reference_date, value_km2, kind; - for descending"																													example(-value_km2)
//	@Param			fields			query		string								false	"Only these top-level fields"																																						example(municipality,value_km2)
//	@Param			limit			query		int									false	"Items per page (JSON)"																																								minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor			query		string								false	"Opaque cursor from meta.next of the previous page"																																	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count			query		bool								false	"Compute meta.total"																																								example(true)
//	@Param			format			query		string								false	"Answer format; also chosen by the Accept header"																																	Enums(json, csv, jsonstat)	example(csv)
//	@Param			dialect			query		string								false	"CSV dialect"																																										Enums(rfc4180, excel-nb)	example(excel-nb)
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
