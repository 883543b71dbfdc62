package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// ThemeBody is what a theme write may carry. A create may leave out position (the next one) and language
// (nb); a replace carries every field; a PATCH carries what changes, as a JSON Merge Patch.
type ThemeBody struct {
	Region      string  `json:"region" example:"tromsoregionen"`
	Position    int     `json:"position" example:"4"`
	Parent      *string `json:"parent" example:"tromsoregionen-theme-1"`
	Kind        string  `json:"kind" enums:"quoted,summary_label" example:"quoted"`
	Phase       *int    `json:"phase" example:"2"`
	Title       string  `json:"title" example:"Arktisk teknologi"`
	Description string  `json:"description"`
	Language    string  `json:"language" example:"nb"`
	// Source is the id of the source the text comes from (a source object with its id is read too).
	Source string `json:"source" example:"tromsoregionen-seed"`
}

func (s *Server) themeWriter() textWriter[domain.Theme] {
	return textWriter[domain.Theme]{
		path: "/api/v1/themes", resource: "themes",
		writable: []string{"region", "position", "parent", "kind", "phase", "title", "description", "language", "source"},
		required: []string{"region", "title", "source"},
		decode: func(r *fieldReader) domain.Theme {
			x := domain.Theme{Kind: domain.ThemeQuoted}
			x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
			var parent string
			if r.read("parent", "a theme id (a string) or null", &parent) {
				x.Parent = &parent
			}
			r.read("kind", "quoted or summary_label", &x.Kind)
			var phase int
			if r.read("phase", "1, 2 or null", &phase) {
				x.Phase = &phase
			}
			r.read("title", "a string", &x.Title)
			r.read("description", "a string", &x.Description)
			return x
		},
		idOf: func(x domain.Theme) string { return x.ID },
		get:  s.store.VersionedTheme, create: s.store.CreateTheme, replace: s.store.ReplaceTheme, remove: s.store.DeleteTheme,
		history: s.store.RecordHistory,
	}
}

// getTheme godoc
//
//	@Summary		Get a theme
//	@Description	One theme as the API shows it. Its ETag names its version and a fingerprint of what it shows: send it in If-None-Match to revalidate (304 while unchanged) and in If-Match to change it.
//	@Tags			texts
//	@Param			id	path		string	true	"Goal id"	example(tromsoregionen-theme-2)
//	@Success		200	{object}	domain.Theme
//	@Header			200	{string}	ETag	"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No theme has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/themes/{id} [get]
func (s *Server) getTheme(c echo.Context) error { return s.themeWriter().serveGet(c) }

// createTheme godoc
//
//	@Summary		Create a theme
//	@Description	Adds a theme to a region. Needs a key with the write scope. The answer is 201 with the theme, its Location and its ETag. With an Idempotency-Key a retry returns the first answer and creates nothing; the same key with another body is a 422.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string		false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-theme-2026)
//	@Param			body			body		ThemeBody	true	"The theme; position and language may be left out"
//	@Success		201				{object}	domain.Theme
//	@Header			201				{string}	Location	"The new theme"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the write scope"
//	@Failure		409				{object}	Problem		"Another theme of the region has this position"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		429				{object}	Problem		"Over the rate limit"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/themes [post]
func (s *Server) createTheme(c echo.Context) error { return s.themeWriter().serveCreate(c) }

// replaceTheme godoc
//
//	@Summary		Replace a theme
//	@Description	Replaces every writable field. Needs a write key and If-Match with the ETag of the version read: without it 428, with an older one 412 and the current ETag. The read-only fields of a GET answer may be sent back; they are ignored.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Goal id"							example(tromsoregionen-theme-2)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		ThemeBody	true	"The theme, every field"
//	@Success		200			{object}	domain.Theme
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No theme has this id"
//	@Failure		409			{object}	Problem	"Another theme of the region has this position"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/themes/{id} [put]
func (s *Server) replaceTheme(c echo.Context) error { return s.themeWriter().serveReplace(c) }

// patchTheme godoc
//
//	@Summary		Change some fields of a theme
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json) to the writable fields. Needs a write key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Goal id"							example(tromsoregionen-theme-2)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		ThemeBody	true	"The fields that change"
//	@Success		200			{object}	domain.Theme
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No theme has this id"
//	@Failure		409			{object}	Problem	"Another theme of the region has this position"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/themes/{id} [patch]
func (s *Server) patchTheme(c echo.Context) error { return s.themeWriter().servePatch(c) }

// deleteTheme godoc
//
//	@Summary		Delete a theme
//	@Description	Deletes it, if nothing refers to it. Needs a write key and If-Match. The changes feed keeps a tombstone.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Goal id"							example(tromsoregionen-theme-2)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the write scope"
//	@Failure		404	{object}	Problem	"No theme has this id"
//	@Failure		409	{object}	Problem	"Sub-themes or measures refer to the theme; the detail names them"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/themes/{id} [delete]
func (s *Server) deleteTheme(c echo.Context) error { return s.themeWriter().serveDelete(c) }

// getThemeHistory godoc
//
//	@Summary		The history of a theme
//	@Description	Every change to it through the API, oldest first: who (the key's name), when, the version and the record after it (null after a delete). A record of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			id	path		string	true	"Goal id"	example(tromsoregionen-theme-2)
//	@Success		200	{object}	Collection[domain.Change]
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No theme has or had this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/themes/{id}/history [get]
func (s *Server) getThemeHistory(c echo.Context) error { return s.themeWriter().serveHistory(c) }
