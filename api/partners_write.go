package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// PartnerBody is what a partner write may carry. A create may leave out position (the next one) and language
// (nb); a replace carries every field; a PATCH carries what changes, as a JSON Merge Patch.
type PartnerBody struct {
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"4"`
	Name     string `json:"name" example:"Troms fylkeskommune"`
	Kind     string `json:"kind" enums:"business_organisation,research_and_development,county_authority,regional_council,public_funding_agency,municipality,other" example:"county_authority"`
	Role     string `json:"role"`
	Language string `json:"language" example:"nb"`
	// Source is the id of the source the text comes from (a source object with its id is read too).
	Source string `json:"source" example:"tromsoregionen-seed"`
}

func (s *Server) partnerWriter() textWriter[domain.Partner] {
	return textWriter[domain.Partner]{
		path: "/api/v1/partners", resource: "partners",
		writable: []string{"region", "position", "name", "kind", "role", "language", "source"},
		required: []string{"region", "name", "kind", "source"},
		decode: func(r *fieldReader) domain.Partner {
			x := domain.Partner{}
			x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
			r.read("name", "a string", &x.Name)
			r.read("kind", "a string", &x.Kind)
			r.read("role", "a string", &x.Role)
			return x
		},
		idOf: func(x domain.Partner) string { return x.ID },
		get:  s.store.VersionedPartner, create: s.store.CreatePartner, replace: s.store.ReplacePartner, remove: s.store.DeletePartner,
		history: s.store.RecordHistory,
	}
}

// getPartner godoc
//
//	@Summary		Get a partner organisation of a region
//	@Description	One partner as the API shows it. Its ETag names its version and a fingerprint of what it shows: send it in If-None-Match to revalidate (304 while unchanged) and in If-Match to change it.
//	@Tags			texts
//	@Param			id	path		string	true	"Partner id"	example(tromsoregionen-partner-4)
//	@Success		200	{object}	domain.Partner
//	@Header			200	{string}	ETag	"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No partner has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/partners/{id} [get]
func (s *Server) getPartner(c echo.Context) error { return s.partnerWriter().serveGet(c) }

// createPartner godoc
//
//	@Summary		Create a partner organisation of a region
//	@Description	Adds a partner organisation of a region to a region. Needs a key with the write scope. The answer is 201 with the partner, its Location and its ETag. With an Idempotency-Key a retry returns the first answer and creates nothing; the same key with another body is a 422.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string		false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-partner-2026)
//	@Param			body			body		PartnerBody	true	"The partner; position and language may be left out"
//	@Success		201				{object}	domain.Partner
//	@Header			201				{string}	Location	"The new partner"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the write scope"
//	@Failure		409				{object}	Problem		"Another partner of the region has this position"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		429				{object}	Problem		"Over the rate limit"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/partners [post]
func (s *Server) createPartner(c echo.Context) error { return s.partnerWriter().serveCreate(c) }

// replacePartner godoc
//
//	@Summary		Replace a partner organisation of a region
//	@Description	Replaces every writable field. Needs a write key and If-Match with the ETag of the version read: without it 428, with an older one 412 and the current ETag. The read-only fields of a GET answer may be sent back; they are ignored.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Partner id"							example(tromsoregionen-partner-4)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		PartnerBody	true	"The partner, every field"
//	@Success		200			{object}	domain.Partner
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No partner has this id"
//	@Failure		409			{object}	Problem	"Another partner of the region has this position"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/partners/{id} [put]
func (s *Server) replacePartner(c echo.Context) error { return s.partnerWriter().serveReplace(c) }

// patchPartner godoc
//
//	@Summary		Change some fields of a partner organisation of a region
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json) to the writable fields. Needs a write key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Partner id"							example(tromsoregionen-partner-4)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		PartnerBody	true	"The fields that change"
//	@Success		200			{object}	domain.Partner
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No partner has this id"
//	@Failure		409			{object}	Problem	"Another partner of the region has this position"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/partners/{id} [patch]
func (s *Server) patchPartner(c echo.Context) error { return s.partnerWriter().servePatch(c) }

// deletePartner godoc
//
//	@Summary		Delete a partner organisation of a region
//	@Description	Deletes it, if nothing refers to it. Needs a write key and If-Match. The changes feed keeps a tombstone.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Partner id"							example(tromsoregionen-partner-4)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the write scope"
//	@Failure		404	{object}	Problem	"No partner has this id"
//	@Failure		409	{object}	Problem	"A measure involves the partner; the detail names it"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/partners/{id} [delete]
func (s *Server) deletePartner(c echo.Context) error { return s.partnerWriter().serveDelete(c) }

// getPartnerHistory godoc
//
//	@Summary		The history of a partner organisation of a region
//	@Description	Every change to it through the API, oldest first: who (the key's name), when, the version and the record after it (null after a delete). A record of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			id	path		string	true	"Partner id"	example(tromsoregionen-partner-4)
//	@Success		200	{object}	Collection[domain.Change]
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No partner has or had this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/partners/{id}/history [get]
func (s *Server) getPartnerHistory(c echo.Context) error { return s.partnerWriter().serveHistory(c) }
