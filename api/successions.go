package api

import (
	"regexp"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// SuccessionBody is what a succession write may carry. Its municipalities and date are what it is.
type SuccessionBody struct {
	Predecessor string `json:"predecessor" example:"5699"`
	Successor   string `json:"successor" example:"5601"`
	Date        string `json:"date" format:"date" example:"2028-01-01"`
	Kind        string `json:"kind" enums:"merger,split,part_transferred" example:"merger"`
	Source      string `json:"source" example:"ssb-klass-131"`
}

var successionIDPattern = regexp.MustCompile(`^[0-9]{4}(-[0-9]{4})?:[0-9]{4}(-[0-9]{4})?:[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

func pathSuccessionID(c echo.Context) (string, error) {
	return pathParam(c, "id", successionIDPattern, "must be a succession id: predecessor, successor and date, such as 5005-2019:5007:2020-01-01")
}

func (s *Server) successionWriter() textWriter[domain.Succession] {
	return textWriter[domain.Succession]{
		path: "/api/v1/successions", resource: "successions", pathID: pathSuccessionID,
		writable: []string{"predecessor", "successor", "date", "kind", "source"},
		required: []string{"predecessor", "successor", "date", "kind", "source"},
		decode: func(r *fieldReader) domain.Succession {
			x := domain.Succession{}
			r.read("predecessor", "a municipality id (a string)", &x.Predecessor)
			r.read("successor", "a municipality id (a string)", &x.Successor)
			r.read("date", "a date (a string)", &x.Date)
			r.read("kind", "merger, split or part_transferred", &x.Kind)
			x.Source.ID = r.sourceField("source")
			return x
		},
		idOf: func(x domain.Succession) string { return x.ID },
		get:  s.store.VersionedSuccession, create: s.store.CreateSuccession, replace: s.store.ReplaceSuccession,
		remove: s.store.DeleteSuccession, history: s.store.RecordHistory,
	}
}

// listSuccessions godoc
//
//	@Summary		List successions
//	@Description	The mergers and splits between municipality identities, from SSB's change table: what a retired code resolves to follows them. By date.
//	@Tags			municipalities
//	@Produce		json
//	@Produce		text/csv
//	@Param			predecessor	query		string	false	"Only successions from these municipality ids (comma-separated)"	example(1902)
//	@Param			successor	query		string	false	"Only successions to these municipality ids (comma-separated)"	example(5501)
//	@Param			kind		query		string	false	"Only these kinds"	Enums(merger, split, part_transferred)	example(merger)
//	@Param			sort		query		string	false	"Sort keys: date, predecessor, successor; - for descending"	example(-date)
//	@Param			fields		query		string	false	"Only these top-level fields"	example(id,kind)
//	@Param			limit		query		int		false	"Items per page (JSON)"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor		query		string	false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count		query		bool	false	"Compute meta.total"	example(true)
//	@Param			format		query		string	false	"Answer format; also chosen by the Accept header"	Enums(json, csv)	example(csv)
//	@Param			dialect		query		string	false	"CSV dialect"	Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200			{object}	Collection[domain.Succession]
//	@Failure		400			{object}	Problem	"A malformed or unknown parameter"
//	@Failure		406			{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/successions [get]
func (s *Server) listSuccessions(c echo.Context) error {
	q, err := parse(c, query.Successions)
	if err != nil {
		return err
	}
	return listing[domain.Succession]{list: s.store.ListSuccessions}.serve(c, q)
}

// getSuccession godoc
//
//	@Summary		Get a succession
//	@Description	One merger or split. Its ETag names its version and a fingerprint of what it shows: send it in If-None-Match to revalidate (304 while unchanged) and in If-Match to change it.
//	@Tags			municipalities
//	@Param			id	path		string	true	"Succession id"	example(5005-2019:5007:2020-01-01)
//	@Success		200	{object}	domain.Succession
//	@Header			200	{string}	ETag	"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No succession has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/successions/{id} [get]
func (s *Server) getSuccession(c echo.Context) error { return s.successionWriter().serveGet(c) }

// createSuccession godoc
//
//	@Summary		Record a merger or split
//	@Description	Records that the predecessor went (wholly or in part) to the successor on the date; from then on the predecessor's retired codes resolve to the successor. Needs a key with the admin scope. The answer is 201 with the succession, its Location and its ETag.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string			false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-reform-2028)
//	@Param			body			body		SuccessionBody	true	"The succession"
//	@Success		201				{object}	domain.Succession
//	@Header			201				{string}	Location	"The new succession"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the admin scope"
//	@Failure		409				{object}	Problem		"This succession is recorded already"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		429				{object}	Problem		"Over the rate limit"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/successions [post]
func (s *Server) createSuccession(c echo.Context) error { return s.successionWriter().serveCreate(c) }

// replaceSuccession godoc
//
//	@Summary		Replace a succession
//	@Description	Changes its kind or source; its municipalities and date must stay. Needs an admin key and If-Match: without it 428, with an older version 412 and the current ETag.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"Succession id"						example(5005-2019:5007:2020-01-01)
//	@Param			If-Match	header		string			true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		SuccessionBody	true	"The succession, every field"
//	@Success		200			{object}	domain.Succession
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the admin scope"
//	@Failure		404			{object}	Problem	"No succession has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/successions/{id} [put]
func (s *Server) replaceSuccession(c echo.Context) error { return s.successionWriter().serveReplace(c) }

// patchSuccession godoc
//
//	@Summary		Change a succession's kind or source
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json). Needs an admin key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"Succession id"						example(5005-2019:5007:2020-01-01)
//	@Param			If-Match	header		string			true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		SuccessionBody	true	"The fields that change"
//	@Success		200			{object}	domain.Succession
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the admin scope"
//	@Failure		404			{object}	Problem	"No succession has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/successions/{id} [patch]
func (s *Server) patchSuccession(c echo.Context) error { return s.successionWriter().servePatch(c) }

// deleteSuccession godoc
//
//	@Summary		Delete a succession
//	@Description	Deletes it; the predecessor's retired codes no longer resolve through it. Needs an admin key and If-Match.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Succession id"						example(5005-2019:5007:2020-01-01)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the admin scope"
//	@Failure		404	{object}	Problem	"No succession has this id"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/successions/{id} [delete]
func (s *Server) deleteSuccession(c echo.Context) error { return s.successionWriter().serveDelete(c) }

// getSuccessionHistory godoc
//
//	@Summary		The history of a succession
//	@Description	Every change to it through the API, oldest first: who (the key's name), when, the version and the succession after it (null after a delete). One of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			id	path		string	true	"Succession id"	example(5005-2019:5007:2020-01-01)
//	@Success		200	{object}	Collection[domain.Change]
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No succession has or had this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/successions/{id}/history [get]
func (s *Server) getSuccessionHistory(c echo.Context) error {
	return s.successionWriter().serveHistory(c)
}
