package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// SourceBody is what a source write may carry. A create names the id; a replace carries every field; a
// PATCH carries what changes, as a JSON Merge Patch. The id cannot change.
type SourceBody struct {
	// ID is chosen by the client on create: lower-case letters, digits and hyphens. It cannot change.
	ID        string  `json:"id" example:"ssb-07459-2027"`
	Title     string  `json:"title" example:"Befolkning 1. januar 2027"`
	Publisher string  `json:"publisher" example:"Statistisk sentralbyrå"`
	URL       *string `json:"url" example:"https://www.ssb.no/statbank/table/07459"`
	Licence   string  `json:"licence" example:"NLOD 2.0 / CC BY 4.0"`
	Retrieved *string `json:"retrieved" format:"date" example:"2027-03-01"`
	Note      string  `json:"note"`
}

func (s *Server) sourceWriter() textWriter[domain.Source] {
	return textWriter[domain.Source]{
		path: "/api/v1/sources", resource: "sources",
		writable: []string{"id", "title", "publisher", "url", "licence", "retrieved", "note"},
		required: []string{"id", "title", "publisher", "licence"},
		readOnly: []string{},
		decode: func(r *fieldReader) domain.Source {
			x := domain.Source{}
			r.read("id", "an id (a string)", &x.ID)
			r.read("title", "a string", &x.Title)
			r.read("publisher", "a string", &x.Publisher)
			var url, retrieved string
			if r.read("url", "an address (a string) or null", &url) {
				x.URL = &url
			}
			r.read("licence", "a string", &x.Licence)
			if r.read("retrieved", "a date (a string) or null", &retrieved) {
				x.Retrieved = &retrieved
			}
			r.read("note", "a string", &x.Note)
			return x
		},
		idOf: func(x domain.Source) string { return x.ID },
		get:  s.store.VersionedSource, create: s.store.CreateSource, replace: s.store.ReplaceSource, remove: s.store.DeleteSource,
		history: s.store.RecordHistory,
	}
}

// getSource godoc
//
//	@Summary		Get a source
//	@Description	One source as the API shows it. Its ETag names its version and a fingerprint of what it shows: send it in If-None-Match to revalidate (304 while unchanged) and in If-Match to change it.
//	@Tags			sources
//	@Param			id	path		string	true	"Goal id"	example(ssb-07459)
//	@Success		200	{object}	domain.Source
//	@Header			200	{string}	ETag	"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No source has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/sources/{id} [get]
func (s *Server) getSource(c echo.Context) error { return s.sourceWriter().serveGet(c) }

// createSource godoc
//
//	@Summary		Create a source
//	@Description	Adds a source under the id the client chooses (409 when it is taken), for figures and texts to cite. Needs a key with the write scope. The answer is 201 with the source, its Location and its ETag. With an Idempotency-Key a retry returns the first answer and creates nothing; the same key with another body is a 422.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string		false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-source-2026)
//	@Param			body			body		SourceBody	true	"The source; url, retrieved and note may be left out"
//	@Success		201				{object}	domain.Source
//	@Header			201				{string}	Location	"The new source"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the write scope"
//	@Failure		409				{object}	Problem		"A source has this id already"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		429				{object}	Problem		"Over the rate limit"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/sources [post]
func (s *Server) createSource(c echo.Context) error { return s.sourceWriter().serveCreate(c) }

// replaceSource godoc
//
//	@Summary		Replace a source
//	@Description	Replaces every writable field. Needs a write key and If-Match with the ETag of the version read: without it 428, with an older one 412 and the current ETag. The read-only fields of a GET answer may be sent back; they are ignored.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Goal id"							example(ssb-07459)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		SourceBody	true	"The source, every field"
//	@Success		200			{object}	domain.Source
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No source has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/sources/{id} [put]
func (s *Server) replaceSource(c echo.Context) error { return s.sourceWriter().serveReplace(c) }

// patchSource godoc
//
//	@Summary		Change some fields of a source
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json) to the writable fields. Needs a write key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Goal id"							example(ssb-07459)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		SourceBody	true	"The fields that change"
//	@Success		200			{object}	domain.Source
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No source has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/sources/{id} [patch]
func (s *Server) patchSource(c echo.Context) error { return s.sourceWriter().servePatch(c) }

// deleteSource godoc
//
//	@Summary		Delete a source
//	@Description	Deletes it, if nothing refers to it. Needs a write key and If-Match. The changes feed keeps a tombstone.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Goal id"							example(ssb-07459)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the write scope"
//	@Failure		404	{object}	Problem	"No source has this id"
//	@Failure		409	{object}	Problem	"Figures or texts cite the source; the detail counts them"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/sources/{id} [delete]
func (s *Server) deleteSource(c echo.Context) error { return s.sourceWriter().serveDelete(c) }

// getSourceHistory godoc
//
//	@Summary		The history of a source
//	@Description	Every change to it through the API, oldest first: who (the key's name), when, the version and the record after it (null after a delete). A record of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			id	path		string	true	"Goal id"	example(ssb-07459)
//	@Success		200	{object}	Collection[domain.Change]
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No source has or had this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/sources/{id}/history [get]
func (s *Server) getSourceHistory(c echo.Context) error { return s.sourceWriter().serveHistory(c) }
