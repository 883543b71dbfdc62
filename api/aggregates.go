package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/jsonstat"
	"github.com/byregion/byregion/internal/query"
)

// listGroupPopulation godoc
//
//	@Summary		Population indicators of an ad-hoc group of municipalities
//	@Description	The municipalities named, summed: population per year, density and growth, as for a region. Codes no longer in force are read as the municipalities they became, and meta.mapped says so. Every figure names the observations it came from.
//	@ID				getPopulationAggregates
//	@Tags			aggregates
//	@Produce		json
//	@Produce		text/csv
//	@Param			municipalities	query		string							true	"The municipalities, codes comma-separated"			example(5501,5532)
//	@Param			from			query		int								false	"First reference year, inclusive"					example(2015)
//	@Param			to				query		int								false	"Last reference year, inclusive"					example(2025)
//	@Param			sort			query		string							false	"reference_date, or -reference_date"				example(-reference_date)
//	@Param			fields			query		string							false	"Only these top-level fields"						example(reference_date,population,since_start)
//	@Param			limit			query		int								false	"Items per page (JSON)"								minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor			query		string							false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count			query		bool							false	"Compute meta.total"								example(true)
//	@Param			format			query		string							false	"Answer format; also chosen by the Accept header"	Enums(json, csv, jsonstat)	example(jsonstat)
//	@Param			dialect			query		string							false	"CSV dialect"										Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200				{object}	Collection[domain.Indicator]	"JSON; format=jsonstat answers a JSONStat dataset"
//	@Failure		400				{object}	Problem							"municipalities missing, or a malformed or unknown parameter"
//	@Failure		404				{object}	Problem							"No municipality ever had a code given"
//	@Failure		406				{object}	Problem							"The Accept header allows neither JSON nor CSV"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/aggregates/population [get]
func (s *Server) listGroupPopulation(c echo.Context) error {
	q, err := parse(c, query.Group)
	if err != nil {
		return err
	}
	if _, ok := q.Filter("municipalities"); !ok {
		return domain.Invalid("query", "municipalities", "is required: the codes of the municipalities to sum, comma-separated")
	}
	if err := yearRange(q); err != nil {
		return err
	}
	return listing[domain.Indicator]{list: s.store.GroupIndicators, jsonstat: completed(s, jsonstat.Indicators)}.serve(s, c, q)
}
