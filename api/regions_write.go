package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// RegionBody is what a region write may carry: its own facts and phases. A create names the id; it cannot
// change. The lead and the members are memberships; the programme is Byregionprogrammet's.
type RegionBody struct {
	// ID is chosen on create: lower-case letters, digits and hyphens, as in the region's address.
	ID              string               `json:"id" example:"lofotregionen"`
	Name            string               `json:"name" example:"Lofotregionen"`
	AlternativeName string               `json:"alternative_name"`
	Description     string               `json:"description"`
	Language        string               `json:"language" example:"nb"`
	Phases          []domain.RegionPhase `json:"phases"`
	Source          string               `json:"source" example:"tromsoregionen-seed"`
}

func (s *Server) regionWriter() textWriter[domain.Region] {
	return textWriter[domain.Region]{
		path: "/api/v1/regions", resource: "regions", pathID: pathSlug,
		writable: []string{"id", "name", "alternative_name", "description", "language", "phases", "source"},
		required: []string{"id", "name", "language", "source"},
		readOnly: []string{"programme", "lead_municipality", "members"},
		decode: func(r *fieldReader) domain.Region {
			x := domain.Region{Phases: []domain.RegionPhase{}}
			r.read("id", "an id (a string)", &x.ID)
			r.read("name", "a string", &x.Name)
			r.read("alternative_name", "a string", &x.AlternativeName)
			r.read("description", "a string", &x.Description)
			r.read("language", "a language tag (a string)", &x.Language)
			r.read("phases", "a list of {phase, status}", &x.Phases)
			x.Source.ID = r.sourceField("source")
			return x
		},
		idOf: func(x domain.Region) string { return x.ID },
		get:  s.store.VersionedRegion, create: s.store.CreateRegion, replace: s.store.ReplaceRegion, remove: s.store.DeleteRegion,
		history: s.store.RecordHistory,
	}
}

// createRegion godoc
//
//	@Summary		Create a region
//	@Description	Adds a city region under the id the client chooses (409 when it is taken), with its own facts and phases; members are added as memberships. Needs a key with the admin scope. The answer is 201 with the region, its Location and its ETag. With an Idempotency-Key a retry returns the first answer and creates nothing; the same key with another body is a 422.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string		false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-region-2026)
//	@Param			body			body		RegionBody	true	"The region; alternative_name, description and phases may be left out"
//	@Success		201				{object}	domain.Region
//	@Header			201				{string}	Location	"The new region"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the admin scope"
//	@Failure		409				{object}	Problem		"A region has this id already"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		429				{object}	Problem		"Over the rate limit"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/regions [post]
func (s *Server) createRegion(c echo.Context) error { return s.regionWriter().serveCreate(c) }

// replaceRegion godoc
//
//	@Summary		Replace a region
//	@Description	Replaces the region's own fields and phases; its members stay. Needs an admin key and If-Match with the ETag of a plain GET of the region: without it 428, with an older one 412 and the current ETag. The read-only fields of a GET answer (programme, lead_municipality, members) may be sent back; they are ignored.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			slug		path		string		true	"Region id"							example(tromsoregionen)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		RegionBody	true	"The region, every field"
//	@Success		200			{object}	domain.Region
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the admin scope"
//	@Failure		404			{object}	Problem	"No region has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/regions/{slug} [put]
func (s *Server) replaceRegion(c echo.Context) error { return s.regionWriter().serveReplace(c) }

// patchRegion godoc
//
//	@Summary		Change some fields of a region
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json) to the region's own fields; phases, when sent, replace the list. Needs an admin key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			slug		path		string		true	"Region id"							example(tromsoregionen)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		RegionBody	true	"The fields that change"
//	@Success		200			{object}	domain.Region
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the admin scope"
//	@Failure		404			{object}	Problem	"No region has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/regions/{slug} [patch]
func (s *Server) patchRegion(c echo.Context) error { return s.regionWriter().servePatch(c) }

// deleteRegion godoc
//
//	@Summary		Delete a region
//	@Description	Deletes a region that has nothing left: its memberships, texts and figures must go first, each a change of its own in the feed. Needs an admin key and If-Match.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			slug		path	string	true	"Region id"							example(tromsoregionen)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the admin scope"
//	@Failure		404	{object}	Problem	"No region has this id"
//	@Failure		409	{object}	Problem	"The region still has members, texts or figures; the detail counts them"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/regions/{slug} [delete]
func (s *Server) deleteRegion(c echo.Context) error { return s.regionWriter().serveDelete(c) }

// getRegionHistory godoc
//
//	@Summary		The history of a region
//	@Description	Every change to the region's own fields through the API, oldest first: who (the key's name), when, the version and the region after it (null after a delete). A region of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Success		200		{object}	Collection[domain.Change]
//	@Failure		400		{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404		{object}	Problem	"No region has or had this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/history [get]
func (s *Server) getRegionHistory(c echo.Context) error { return s.regionWriter().serveHistory(c) }
