package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// getRegionQuality godoc
//
//	@Summary		Data-quality report for a region
//	@Description	Compares the population and area the region reports with the sum of its members' official figures, computed when asked. Where a member merged with a non-member or was split, the comparison is marked not comparable, saying why. Where the figures differ, it names the one municipality outside the member list, in the region's county, whose figure is exactly the difference, if there is one.
//	@ID				getRegionQuality
//	@Tags			quality
//	@Param			slug	path		string	true	"Region id"	example(region-namdal)
//	@Success		200		{object}	domain.QualityReport
//	@Failure		400		{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		406		{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/quality [get]
func (s *Server) getRegionQuality(c echo.Context) error {
	return getByPath(c, pathSlug, s.store.RegionQuality)
}

// listQuality godoc
//
//	@Summary		Data-quality reports for every region
//	@Description	The data-quality report of every region, by region id: status match, explained, unexplained, not_comparable or not_reported for population and for area.
//	@ID				listQuality
//	@Tags			quality
//	@Produce		json
//	@Produce		text/csv
//	@Param			region	query		string	false	"Only these regions (ids, comma-separated)"			example(region-namdal,haugesundregionen)
//	@Param			sort	query		string	false	"Sort key: region, - for descending"				example(-region)
//	@Param			fields	query		string	false	"Only these top-level fields"						example(region,population)
//	@Param			limit	query		int		false	"Items per page (JSON)"								minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"								example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"	Enums(json, csv)			example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"										Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.QualityReport]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/quality [get]
func (s *Server) listQuality(c echo.Context) error {
	q, err := parse(c, query.Quality)
	if err != nil {
		return err
	}
	return listing[domain.QualityReport]{list: s.store.ListQuality}.serve(s, c, q)
}
