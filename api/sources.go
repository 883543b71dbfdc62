package api

import (
	"github.com/labstack/echo/v4"
)

// listSources godoc
//
//	@Summary		List sources
//	@Description	Every source a figure or text cites: title, publisher, URL, licence, when it was retrieved and how it reached us.
//	@Tags			sources
//	@Param			limit	query		int		false	"Items per page"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Source]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/sources [get]
func (s *Server) listSources(c echo.Context) error { return servePages(c, s.store.ListSources) }

// getSource godoc
//
//	@Summary		Get a source
//	@Description	One source: title, publisher, URL, licence, retrieval date, and a note on how the data reached us and what is uncertain.
//	@Tags			sources
//	@Param			id	path		string	true	"Source id"	example(ssb-07459)
//	@Success		200	{object}	domain.Source
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No source has this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/sources/{id} [get]
func (s *Server) getSource(c echo.Context) error { return getByPath(c, pathID, s.store.Source) }
