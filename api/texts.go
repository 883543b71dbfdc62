package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// listGoals godoc
//
//	@Summary		List goals
//	@Description	Every region's goals (mål), by region and position.
//	@Tags			texts
//	@Produce		json
//	@Produce		text/csv
//	@Param			region	query		string	false	"Only these regions' goals (ids, comma-separated)"	example(tromsoregionen)
//	@Param			q		query		string	false	"Search the texts, ignoring case, accents and diacritics"	example(samarbeid)
//	@Param			sort	query		string	false	"Sort keys, - for descending; the default is region, position"	example(-position)
//	@Param			fields	query		string	false	"Only these top-level fields"	example(id,region)
//	@Param			limit	query		int		false	"Items per page (JSON)"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"	example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"	Enums(json, csv)	example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"	Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.Goal]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has an id given in region"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/goals [get]
func (s *Server) listGoals(c echo.Context) error {
	q, err := parse(c, query.Goals)
	if err != nil {
		return err
	}
	return listing[domain.Goal]{list: s.store.ListGoals}.serve(c, q)
}

// getGoal godoc
//
//	@Summary		Get a goal
//	@Description	One goal (mål) of a region, in the programme's words, with its language and source. Its ETag is its version: send it in If-Match to change the goal.
//	@Tags			texts
//	@Param			id	path		string	true	"Goal id"	example(tromsoregionen-goal-1)
//	@Success		200	{object}	domain.Goal
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No goal has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/goals/{id} [get]
func (s *Server) getGoal(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := noParams(c); err != nil {
		return err
	}
	if err := jsonOnly(c, query.Query{}); err != nil {
		return err
	}
	v, err := s.store.VersionedGoal(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if notModified(c, recordETag(v.Version)) {
		return nil
	}
	c.Response().Header().Set("ETag", recordETag(v.Version)) // the version, for If-Match
	return c.JSON(http.StatusOK, v.Item)
}

// listMeasures godoc
//
//	@Summary		List measures
//	@Description	Every region's measures (tiltak), by region and position, with status and the themes, goals and partners they involve.
//	@Tags			texts
//	@Produce		json
//	@Produce		text/csv
//	@Param			region	query		string	false	"Only these regions' measures (ids, comma-separated)"	example(tromsoregionen)
//	@Param			status	query		string	false	"Only these (comma-separated)"	Enums(planned, ongoing, completed)	example(ongoing)
//	@Param			q		query		string	false	"Search the texts, ignoring case, accents and diacritics"	example(samarbeid)
//	@Param			sort	query		string	false	"Sort keys, - for descending; the default is region, position"	example(-position)
//	@Param			fields	query		string	false	"Only these top-level fields"	example(id,region)
//	@Param			limit	query		int		false	"Items per page (JSON)"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"	example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"	Enums(json, csv)	example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"	Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.Measure]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has an id given in region"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/measures [get]
func (s *Server) listMeasures(c echo.Context) error {
	q, err := parse(c, query.Measures)
	if err != nil {
		return err
	}
	return listing[domain.Measure]{list: s.store.ListMeasures}.serve(c, q)
}

// getMeasure godoc
//
//	@Summary		Get a measure
//	@Description	One measure (tiltak): title, status, period in the source's words, and the ids of the themes, goals and partners it involves.
//	@Tags			texts
//	@Param			id	path		string	true	"Measure id"	example(tromsoregionen-measure-3)
//	@Success		200	{object}	domain.Measure
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No measure has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/measures/{id} [get]
func (s *Server) getMeasure(c echo.Context) error { return getByPath(c, pathID, s.store.Measure) }

// listPartners godoc
//
//	@Summary		List partners
//	@Description	Every region's partner organisations, by region and position.
//	@Tags			texts
//	@Produce		json
//	@Produce		text/csv
//	@Param			region	query		string	false	"Only these regions' partners (ids, comma-separated)"	example(tromsoregionen)
//	@Param			kind	query		string	false	"Only these (comma-separated)"	Enums(business_organisation, research_and_development, county_authority, regional_council, public_funding_agency, municipality, other)	example(regional_council)
//	@Param			q		query		string	false	"Search the texts, ignoring case, accents and diacritics"	example(samarbeid)
//	@Param			sort	query		string	false	"Sort keys, - for descending; the default is region, position"	example(-position)
//	@Param			fields	query		string	false	"Only these top-level fields"	example(id,region)
//	@Param			limit	query		int		false	"Items per page (JSON)"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"	example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"	Enums(json, csv)	example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"	Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.Partner]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has an id given in region"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/partners [get]
func (s *Server) listPartners(c echo.Context) error {
	q, err := parse(c, query.Partners)
	if err != nil {
		return err
	}
	return listing[domain.Partner]{list: s.store.ListPartners}.serve(c, q)
}

// getPartner godoc
//
//	@Summary		Get a partner
//	@Description	One partner organisation of a region: name as the source gives it, kind, and its role in the source's words.
//	@Tags			texts
//	@Param			id	path		string	true	"Partner id"	example(tromsoregionen-partner-4)
//	@Success		200	{object}	domain.Partner
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No partner has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/partners/{id} [get]
func (s *Server) getPartner(c echo.Context) error { return getByPath(c, pathID, s.store.Partner) }
