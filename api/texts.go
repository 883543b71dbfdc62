package api

import (
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

// listResults godoc
//
//	@Summary		List results
//	@Description	Every region's results (resultater), by region and position.
//	@Tags			texts
//	@Produce		json
//	@Produce		text/csv
//	@Param			region	query		string	false	"Only these regions' results (ids, comma-separated)"	example(tromsoregionen)
//	@Param			q		query		string	false	"Search the texts, ignoring case, accents and diacritics"	example(samarbeid)
//	@Param			sort	query		string	false	"Sort keys, - for descending; the default is region, position"	example(-position)
//	@Param			fields	query		string	false	"Only these top-level fields"	example(id,region)
//	@Param			limit	query		int		false	"Items per page (JSON)"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"	example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"	Enums(json, csv)	example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"	Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.Result]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has an id given in region"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/results [get]
func (s *Server) listResults(c echo.Context) error {
	q, err := parse(c, query.Results)
	if err != nil {
		return err
	}
	return listing[domain.Result]{list: s.store.ListResults}.serve(c, q)
}

// listLessons godoc
//
//	@Summary		List lessons
//	@Description	Every region's lessons (råd), by region and position.
//	@Tags			texts
//	@Produce		json
//	@Produce		text/csv
//	@Param			region	query		string	false	"Only these regions' lessons (ids, comma-separated)"	example(tromsoregionen)
//	@Param			q		query		string	false	"Search the texts, ignoring case, accents and diacritics"	example(samarbeid)
//	@Param			sort	query		string	false	"Sort keys, - for descending; the default is region, position"	example(-position)
//	@Param			fields	query		string	false	"Only these top-level fields"	example(id,region)
//	@Param			limit	query		int		false	"Items per page (JSON)"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"	example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"	Enums(json, csv)	example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"	Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.Lesson]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has an id given in region"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/lessons [get]
func (s *Server) listLessons(c echo.Context) error {
	q, err := parse(c, query.Lessons)
	if err != nil {
		return err
	}
	return listing[domain.Lesson]{list: s.store.ListLessons}.serve(c, q)
}

// listDocuments godoc
//
//	@Summary		List documents
//	@Description	Every region's documents, by region and position.
//	@Tags			texts
//	@Produce		json
//	@Produce		text/csv
//	@Param			region	query		string	false	"Only these regions' documents (ids, comma-separated)"	example(tromsoregionen)
//	@Param			q		query		string	false	"Search the texts, ignoring case, accents and diacritics"	example(samarbeid)
//	@Param			sort	query		string	false	"Sort keys, - for descending; the default is region, position"	example(-position)
//	@Param			fields	query		string	false	"Only these top-level fields"	example(id,region)
//	@Param			limit	query		int		false	"Items per page (JSON)"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"	example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"	Enums(json, csv)	example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"	Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.Document]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has an id given in region"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/documents [get]
func (s *Server) listDocuments(c echo.Context) error {
	q, err := parse(c, query.Documents)
	if err != nil {
		return err
	}
	return listing[domain.Document]{list: s.store.ListDocuments}.serve(c, q)
}

// listThemes godoc
//
//	@Summary		List themes
//	@Description	Every region's themes: main themes, then their sub-themes, by region; kind says whether a title quotes its source or is a summary label.
//	@Tags			texts
//	@Produce		json
//	@Produce		text/csv
//	@Param			region	query		string	false	"Only these regions' themes (ids, comma-separated)"	example(tromsoregionen)
//	@Param			kind	query		string	false	"Only these (comma-separated)"	Enums(quoted, summary_label)	example(quoted)
//	@Param			phase	query		string	false	"Only themes of these programme phases"	Enums(1, 2)	example(2)
//	@Param			q		query		string	false	"Search the texts, ignoring case, accents and diacritics"	example(naering)
//	@Param			sort	query		string	false	"Sort keys, - for descending"	example(-position)
//	@Param			fields	query		string	false	"Only these top-level fields"	example(id,title)
//	@Param			limit	query		int		false	"Items per page (JSON)"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"	example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"	Enums(json, csv)	example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"	Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.Theme]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has an id given in region"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/themes [get]
func (s *Server) listThemes(c echo.Context) error {
	q, err := parse(c, query.Themes)
	if err != nil {
		return err
	}
	return listing[domain.Theme]{list: s.store.ListThemes}.serve(c, q)
}
