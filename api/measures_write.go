package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// MeasureBody is what a measure write may carry. A create may leave out position (the next one) and language
// (nb); a replace carries every field; a PATCH carries what changes, as a JSON Merge Patch.
type MeasureBody struct {
	Region      string   `json:"region" example:"tromsoregionen"`
	Position    int      `json:"position" example:"4"`
	Title       string   `json:"title" example:"Reiselivssamarbeid"`
	Description string   `json:"description"`
	Status      string   `json:"status" enums:"planned,ongoing,completed" example:"planned"`
	Period      string   `json:"period" example:"2027-2028"`
	Starts      *string  `json:"starts" format:"date" example:"2027-01-01"`
	Ends        *string  `json:"ends" format:"date"`
	Themes      []string `json:"themes"`
	Goals       []string `json:"goals" example:"tromsoregionen-goal-1"`
	Partners    []string `json:"partners" example:"tromsoregionen-partner-4"`
	Language    string   `json:"language" example:"nb"`
	// Source is the id of the source the text comes from (a source object with its id is read too).
	Source string `json:"source" example:"tromsoregionen-seed"`
}

func (s *Server) measureWriter() textWriter[domain.Measure] {
	return textWriter[domain.Measure]{
		path: "/api/v1/measures", resource: "measures",
		writable: []string{"region", "position", "title", "description", "status", "period", "starts", "ends", "themes", "goals", "partners", "language", "source"},
		required: []string{"region", "title", "status", "source"},
		decode: func(r *fieldReader) domain.Measure {
			x := domain.Measure{Themes: []string{}, Goals: []string{}, Partners: []string{}}
			x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
			r.read("title", "a string", &x.Title)
			r.read("description", "a string", &x.Description)
			r.read("status", "a string", &x.Status)
			r.read("period", "a string", &x.Period)
			var starts, ends string
			if r.read("starts", "a date (a string) or null", &starts) {
				x.Starts = &starts
			}
			if r.read("ends", "a date (a string) or null", &ends) {
				x.Ends = &ends
			}
			r.read("themes", "a list of theme ids", &x.Themes)
			r.read("goals", "a list of goal ids", &x.Goals)
			r.read("partners", "a list of partner ids", &x.Partners)
			return x
		},
		idOf: func(x domain.Measure) string { return x.ID },
		get:  s.store.VersionedMeasure, create: s.store.CreateMeasure, replace: s.store.ReplaceMeasure, remove: s.store.DeleteMeasure,
		history: s.store.RecordHistory,
	}
}

// getMeasure godoc
//
//	@Summary		Get a measure (tiltak)
//	@Description	One measure as the API shows it. Its ETag names its version and a fingerprint of what it shows: send it in If-None-Match to revalidate (304 while unchanged) and in If-Match to change it.
//	@Tags			texts
//	@Param			id	path		string	true	"Measure id"	example(tromsoregionen-measure-3)
//	@Success		200	{object}	domain.Measure
//	@Header			200	{string}	ETag	"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No measure has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/measures/{id} [get]
func (s *Server) getMeasure(c echo.Context) error { return s.measureWriter().serveGet(c) }

// createMeasure godoc
//
//	@Summary		Create a measure (tiltak)
//	@Description	Adds a measure (tiltak); the themes, goals and partners it names must be the region's to a region. Needs a key with the write scope. The answer is 201 with the measure, its Location and its ETag. With an Idempotency-Key a retry returns the first answer and creates nothing; the same key with another body is a 422.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string		false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-measure-2026)
//	@Param			body			body		MeasureBody	true	"The measure; position and language may be left out"
//	@Success		201				{object}	domain.Measure
//	@Header			201				{string}	Location	"The new measure"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the write scope"
//	@Failure		409				{object}	Problem		"Another measure of the region has this position"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		429				{object}	Problem		"Over the rate limit"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/measures [post]
func (s *Server) createMeasure(c echo.Context) error { return s.measureWriter().serveCreate(c) }

// replaceMeasure godoc
//
//	@Summary		Replace a measure (tiltak)
//	@Description	Replaces every writable field. Needs a write key and If-Match with the ETag of the version read: without it 428, with an older one 412 and the current ETag. The read-only fields of a GET answer may be sent back; they are ignored.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Measure id"							example(tromsoregionen-measure-3)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		MeasureBody	true	"The measure, every field"
//	@Success		200			{object}	domain.Measure
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No measure has this id"
//	@Failure		409			{object}	Problem	"Another measure of the region has this position"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/measures/{id} [put]
func (s *Server) replaceMeasure(c echo.Context) error { return s.measureWriter().serveReplace(c) }

// patchMeasure godoc
//
//	@Summary		Change some fields of a measure (tiltak)
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json) to the writable fields. Needs a write key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Measure id"							example(tromsoregionen-measure-3)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		MeasureBody	true	"The fields that change"
//	@Success		200			{object}	domain.Measure
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No measure has this id"
//	@Failure		409			{object}	Problem	"Another measure of the region has this position"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/measures/{id} [patch]
func (s *Server) patchMeasure(c echo.Context) error { return s.measureWriter().servePatch(c) }

// deleteMeasure godoc
//
//	@Summary		Delete a measure (tiltak)
//	@Description	Deletes it, if nothing refers to it. Needs a write key and If-Match. The changes feed keeps a tombstone.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Measure id"							example(tromsoregionen-measure-3)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the write scope"
//	@Failure		404	{object}	Problem	"No measure has this id"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/measures/{id} [delete]
func (s *Server) deleteMeasure(c echo.Context) error { return s.measureWriter().serveDelete(c) }

// getMeasureHistory godoc
//
//	@Summary		The history of a measure (tiltak)
//	@Description	Every change to it through the API, oldest first: who (the key's name), when, the version and the record after it (null after a delete). A record of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			id	path		string	true	"Measure id"	example(tromsoregionen-measure-3)
//	@Success		200	{object}	Collection[domain.Change]
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No measure has or had this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/measures/{id}/history [get]
func (s *Server) getMeasureHistory(c echo.Context) error { return s.measureWriter().serveHistory(c) }
