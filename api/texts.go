package api

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// listFunc lists a kind of region text.
type listFunc[T any] func(context.Context, domain.RegionFilter, domain.Page) (domain.List[T], error)

// listRegionTexts serves one region's texts of a kind: the region from the path, paging from the query.
func listRegionTexts[T any](c echo.Context, list listFunc[T]) error {
	slug, err := pathSlug(c)
	if err != nil {
		return err
	}
	return servePages(c, func(ctx context.Context, page domain.Page) (domain.List[T], error) {
		return list(ctx, domain.RegionFilter{Region: slug}, page)
	})
}

// listTexts serves texts of a kind across regions, optionally of one region (?region=).
func listTexts[T any](c echo.Context, list listFunc[T]) error {
	q, err := readQuery(c, append([]string{"region"}, pageParams...)...)
	if err != nil {
		return err
	}
	f := domain.RegionFilter{Region: q.slug("region")}
	page := q.page()
	if err := q.err(); err != nil {
		return err
	}
	l, err := list(c.Request().Context(), f, page)
	if err != nil {
		return err
	}
	return collection(c, l, page)
}

// listGoals godoc
//
//	@Summary		List goals
//	@Description	Every region's goals, by region and position.
//	@Tags			texts
//	@Param			region	query		string	false	"Only this region's goals"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"				minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Goal]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has the id given in region"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/goals [get]
func (s *Server) listGoals(c echo.Context) error { return listTexts(c, s.store.ListGoals) }

// getGoal godoc
//
//	@Summary		Get a goal
//	@Description	One goal (mål) of a region, in the programme's words, with its language and source.
//	@Tags			texts
//	@Param			id	path		string	true	"Goal id"	example(tromsoregionen-goal-1)
//	@Success		200	{object}	domain.Goal
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No goal has this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/goals/{id} [get]
func (s *Server) getGoal(c echo.Context) error { return getByPath(c, pathID, s.store.Goal) }

// listMeasures godoc
//
//	@Summary		List measures
//	@Description	Every region's measures (tiltak), by region and position, with status and linked themes, goals and partners.
//	@Tags			texts
//	@Param			region	query		string	false	"Only this region's measures"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"					minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Measure]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has the id given in region"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/measures [get]
func (s *Server) listMeasures(c echo.Context) error { return listTexts(c, s.store.ListMeasures) }

// getMeasure godoc
//
//	@Summary		Get a measure
//	@Description	One measure (tiltak): title, status, period in the source's words, and the ids of the themes, goals and partners it involves.
//	@Tags			texts
//	@Param			id	path		string	true	"Measure id"	example(tromsoregionen-measure-3)
//	@Success		200	{object}	domain.Measure
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No measure has this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/measures/{id} [get]
func (s *Server) getMeasure(c echo.Context) error { return getByPath(c, pathID, s.store.Measure) }

// listPartners godoc
//
//	@Summary		List partners
//	@Description	Every region's partner organisations, by region and position.
//	@Tags			texts
//	@Param			region	query		string	false	"Only this region's partners"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"					minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Partner]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has the id given in region"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/partners [get]
func (s *Server) listPartners(c echo.Context) error { return listTexts(c, s.store.ListPartners) }

// getPartner godoc
//
//	@Summary		Get a partner
//	@Description	One partner organisation of a region: name as the source gives it, kind, and its role in the source's words.
//	@Tags			texts
//	@Param			id	path		string	true	"Partner id"	example(tromsoregionen-partner-4)
//	@Success		200	{object}	domain.Partner
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No partner has this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/partners/{id} [get]
func (s *Server) getPartner(c echo.Context) error { return getByPath(c, pathID, s.store.Partner) }
