package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// listSources godoc
//
//	@Summary		List sources
//	@Description	Every source a figure or text cites: title, publisher, URL, licence, when it was retrieved and how it reached us.
//	@Tags			sources
//	@Produce		json
//	@Produce		text/csv
//	@Param			publisher	query		string	false	"Only these publishers (comma-separated, exact)"			example(Statistisk sentralbyrå)
//	@Param			q			query		string	false	"Search titles and publishers"								example(kartverket)
//	@Param			sort		query		string	false	"Sort keys: id, title, publisher (Norwegian order)"			example(publisher)
//	@Param			fields		query		string	false	"Only these top-level fields"								example(id,title,licence)
//	@Param			limit		query		int		false	"Items per page (JSON)"										minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor		query		string	false	"Opaque cursor from meta.next of the previous page"			example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count		query		bool	false	"Compute meta.total"										example(true)
//	@Param			format		query		string	false	"Answer format; also chosen by the Accept header"			Enums(json, csv)	example(csv)
//	@Param			dialect		query		string	false	"CSV dialect"												Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200			{object}	Collection[domain.Source]
//	@Failure		400			{object}	Problem	"A malformed or unknown parameter"
//	@Failure		406			{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/sources [get]
func (s *Server) listSources(c echo.Context) error {
	q, err := parse(c, query.Sources)
	if err != nil {
		return err
	}
	return listing[domain.Source]{list: s.store.ListSources}.serve(c, q)
}
