package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// ResultBody is what a result write may carry. A create may leave out position (the next one) and language
// (nb); a replace carries every field; a PATCH carries what changes, as a JSON Merge Patch.
type ResultBody struct {
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"4"`
	Text     string `json:"text" example:"Felles regional strategisk næringsplan er vedtatt"`
	Language string `json:"language" example:"nb"`
	// Source is the id of the source the text comes from (a source object with its id is read too).
	Source string `json:"source" example:"tromsoregionen-seed"`
}

func (s *Server) resultWriter() textWriter[domain.Result] {
	return textWriter[domain.Result]{
		path: "/api/v1/results", resource: "results",
		writable: []string{"region", "position", "text", "language", "source"},
		required: []string{"region", "text", "source"},
		decode: func(r *fieldReader) domain.Result {
			x := domain.Result{}
			x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
			r.read("text", "a string", &x.Text)
			return x
		},
		idOf: func(x domain.Result) string { return x.ID },
		get:  s.store.VersionedResult, create: s.store.CreateResult, replace: s.store.ReplaceResult, remove: s.store.DeleteResult,
		history: s.store.RecordHistory,
	}
}

// getResult godoc
//
//	@Summary		Get a result (resultat)
//	@Description	One result as the API shows it. Its ETag names its version and a fingerprint of what it shows: send it in If-None-Match to revalidate (304 while unchanged) and in If-Match to change it.
//	@Tags			texts
//	@Param			id	path		string	true	"Result id"	example(tromsoregionen-result-1)
//	@Success		200	{object}	domain.Result
//	@Header			200	{string}	ETag	"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No result has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/results/{id} [get]
func (s *Server) getResult(c echo.Context) error { return s.resultWriter().serveGet(c) }

// createResult godoc
//
//	@Summary		Create a result (resultat)
//	@Description	Adds a result (resultat) to a region. Needs a key with the write scope. The answer is 201 with the result, its Location and its ETag. With an Idempotency-Key a retry returns the first answer and creates nothing; the same key with another body is a 422.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string		false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-result-2026)
//	@Param			body			body		ResultBody	true	"The result; position and language may be left out"
//	@Success		201				{object}	domain.Result
//	@Header			201				{string}	Location	"The new result"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the write scope"
//	@Failure		409				{object}	Problem		"Another result of the region has this position"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		429				{object}	Problem		"Over the rate limit"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/results [post]
func (s *Server) createResult(c echo.Context) error { return s.resultWriter().serveCreate(c) }

// replaceResult godoc
//
//	@Summary		Replace a result (resultat)
//	@Description	Replaces every writable field. Needs a write key and If-Match with the ETag of the version read: without it 428, with an older one 412 and the current ETag. The read-only fields of a GET answer may be sent back; they are ignored.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Result id"							example(tromsoregionen-result-1)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		ResultBody	true	"The result, every field"
//	@Success		200			{object}	domain.Result
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No result has this id"
//	@Failure		409			{object}	Problem	"Another result of the region has this position"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/results/{id} [put]
func (s *Server) replaceResult(c echo.Context) error { return s.resultWriter().serveReplace(c) }

// patchResult godoc
//
//	@Summary		Change some fields of a result (resultat)
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json) to the writable fields. Needs a write key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Result id"							example(tromsoregionen-result-1)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		ResultBody	true	"The fields that change"
//	@Success		200			{object}	domain.Result
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No result has this id"
//	@Failure		409			{object}	Problem	"Another result of the region has this position"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/results/{id} [patch]
func (s *Server) patchResult(c echo.Context) error { return s.resultWriter().servePatch(c) }

// deleteResult godoc
//
//	@Summary		Delete a result (resultat)
//	@Description	Deletes it, if nothing refers to it. Needs a write key and If-Match. The changes feed keeps a tombstone.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Result id"							example(tromsoregionen-result-1)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the write scope"
//	@Failure		404	{object}	Problem	"No result has this id"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/results/{id} [delete]
func (s *Server) deleteResult(c echo.Context) error { return s.resultWriter().serveDelete(c) }

// getResultHistory godoc
//
//	@Summary		The history of a result (resultat)
//	@Description	Every change to it through the API, oldest first: who (the key's name), when, the version and the record after it (null after a delete). A record of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			id	path		string	true	"Result id"	example(tromsoregionen-result-1)
//	@Success		200	{object}	Collection[domain.Change]
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No result has or had this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/results/{id}/history [get]
func (s *Server) getResultHistory(c echo.Context) error { return s.resultWriter().serveHistory(c) }
