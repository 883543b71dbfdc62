package api

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// readObservationQuery reads the filters of an observation collection. A subject fixed by the path
// (a municipality or a region) cannot also be given in the query.
func readObservationQuery(c echo.Context, fixed domain.ObservationFilter) (domain.ObservationFilter, domain.Page, error) {
	allowed := append([]string{"from", "to", "kind"}, pageParams...)
	if fixed.Municipality == "" && fixed.Region == "" {
		allowed = append(allowed, "municipality", "region")
	}
	q, err := readQuery(c, allowed...)
	if err != nil {
		return fixed, domain.Page{}, err
	}
	f := fixed
	if f.Municipality == "" && f.Region == "" {
		f.Municipality, f.Region = q.code("municipality"), q.slug("region")
	}
	f.From, f.To, f.Kind = q.year("from"), q.year("to"), q.kind("kind")
	q.yearRange(f.From, f.To)
	page := q.page()
	return f, page, q.err()
}

// observationList is the store's list of population or of area observations.
type observationList[T any] func(context.Context, domain.ObservationFilter, domain.Page) (domain.List[T], error)

// serveObservations answers an observation collection whose subject, if any, the path fixes.
func serveObservations[T any](c echo.Context, fixed domain.ObservationFilter, list observationList[T]) error {
	f, page, err := readObservationQuery(c, fixed)
	if err != nil {
		return err
	}
	l, err := list(c.Request().Context(), f, page)
	if err != nil {
		return err
	}
	return collection(c, l, page)
}

// listPopulation godoc
//
//	@Summary		List population observations
//	@Description	Population on a reference date for municipalities (SSB table 07459, 1 January 2005-2026, kind official) and regions (as each reports it, kind reported), by subject and date. Each names its source; notes say where a figure is not SSB's own for that unit.
//	@Tags			statistics
//	@Param			municipality	query		string	false	"Only this municipality (code in force)"									example(5501)
//	@Param			region			query		string	false	"Only this region: its reported figures and those of its member municipalities"	example(tromsoregionen)
//	@Param			from			query		int		false	"First reference year, inclusive"											example(2015)
//	@Param			to				query		int		false	"Last reference year, inclusive"											example(2020)
//	@Param			kind			query		string	false	"Only official statistics or only reported figures"							Enums(official, reported)
//	@Param			limit			query		int		false	"Items per page"															minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor			query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200				{object}	Collection[domain.PopulationObservation]
//	@Failure		400				{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404				{object}	Problem	"No municipality or region has the code or id given"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/population [get]
func (s *Server) listPopulation(c echo.Context) error {
	return serveObservations(c, domain.ObservationFilter{}, s.store.ListPopulation)
}

// listArea godoc
//
//	@Summary		List area observations
//	@Description	Area in km² for municipalities and regions, by subject and date, each saying what it measures where known and naming its source.
//	@Tags			statistics
//	@Param			municipality	query		string	false	"Only this municipality (code in force)"									example(5501)
//	@Param			region			query		string	false	"Only this region: its reported figures and those of its member municipalities"	example(tromsoregionen)
//	@Param			from			query		int		false	"First reference year, inclusive"											example(2015)
//	@Param			to				query		int		false	"Last reference year, inclusive"											example(2025)
//	@Param			kind			query		string	false	"Only official statistics or only reported figures"							Enums(official, reported)
//	@Param			limit			query		int		false	"Items per page"															minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor			query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200				{object}	Collection[domain.AreaObservation]
//	@Failure		400				{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404				{object}	Problem	"No municipality or region has the code or id given"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/area [get]
func (s *Server) listArea(c echo.Context) error {
	return serveObservations(c, domain.ObservationFilter{}, s.store.ListArea)
}
