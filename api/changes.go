package api

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// ChangesPage is a page of the changes feed. Next is always there: at the end of the feed it is where
// to ask again later.
type ChangesPage struct {
	Data []domain.Change `json:"data"`
	Meta ChangesMeta     `json:"meta"`
}

// ChangesMeta links the next page of the feed.
type ChangesMeta struct {
	Limit int    `json:"limit" example:"100"`
	Next  string `json:"next" example:"http://localhost:8080/api/v1/changes?limit=100&since=Mw"`
	// Cursor is the opaque position after this page, for since=.
	Cursor string `json:"cursor" example:"Mw"`
}

func encodeSeq(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(seq, 10)))
}

func decodeSeq(s string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	return n, err == nil && n >= 0
}

// listChanges godoc
//
//	@Summary		The changes feed
//	@Description	Every create, update and delete made through the API, in commit order: resource, id, version, operation, time, the name of the key that made it, and the record after the change (null for a delete: a tombstone). Start with no since, then follow meta.next; at the end, meta.next is where to ask again, so a system can sync incrementally and miss nothing. The first change is the load of the embedded dataset (resource datasets, with its name and checksum); its records are version 1 and not listed one by one.
//	@ID				listChanges
//	@Tags			changes
//	@Param			since	query		string	false	"Opaque cursor: meta.cursor of the last page read"	example(Mw)
//	@Param			limit	query		int		false	"Changes per page"									minimum(1)	maximum(1000)	default(100)	example(100)
//	@Success		200		{object}	ChangesPage
//	@Failure		400		{object}	Problem	"A malformed cursor or limit, or an unknown parameter"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/changes [get]
func (s *Server) listChanges(c echo.Context) error {
	q, err := parse(c, query.Changes)
	if err != nil {
		return err
	}
	var since int64
	if v := q.Values.Get("since"); v != "" || q.Values.Has("since") {
		var ok bool
		if since, ok = decodeSeq(v); !ok {
			return domain.Invalid("query", "since", "is not a cursor of this feed; use meta.cursor of a page you read")
		}
	}
	limit := 100
	if v := q.Values.Get("limit"); v != "" || q.Values.Has("limit") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > query.MaxLimit {
			return domain.Invalid("query", "limit", "must be an integer from 1 to 1000")
		}
		limit = n
	}
	changes, err := s.store.ListChanges(c.Request().Context(), since, limit)
	if err != nil {
		return err
	}
	last := since
	if len(changes) > 0 {
		last = changes[len(changes)-1].Seq
	}
	cursor := encodeSeq(last)
	next := link(c, "/api/v1/changes", url.Values{"limit": {strconv.Itoa(limit)}, "since": {cursor}})
	c.Response().Header().Set("Link", `<`+next+`>; rel="next"`)
	return c.JSON(http.StatusOK, ChangesPage{Data: changes, Meta: ChangesMeta{Limit: limit, Next: next, Cursor: cursor}})
}
