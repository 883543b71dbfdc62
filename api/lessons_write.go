package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// LessonBody is what a lesson write may carry. A create may leave out position (the next one) and language
// (nb); a replace carries every field; a PATCH carries what changes, as a JSON Merge Patch.
type LessonBody struct {
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"4"`
	Title    string `json:"title" example:"Faglig kunnskap"`
	Text     string `json:"text"`
	Language string `json:"language" example:"nb"`
	// Source is the id of the source the text comes from (a source object with its id is read too).
	Source string `json:"source" example:"tromsoregionen-seed"`
}

func (s *Server) lessonWriter() textWriter[domain.Lesson] {
	return textWriter[domain.Lesson]{
		path: "/api/v1/lessons", resource: "lessons",
		writable: []string{"region", "position", "title", "text", "language", "source"},
		required: []string{"region", "title", "source"},
		decode: func(r *fieldReader) domain.Lesson {
			x := domain.Lesson{}
			x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
			r.read("title", "a string", &x.Title)
			r.read("text", "a string", &x.Text)
			return x
		},
		idOf: func(x domain.Lesson) string { return x.ID },
		get:  s.store.VersionedLesson, create: s.store.CreateLesson, replace: s.store.ReplaceLesson, remove: s.store.DeleteLesson,
		history: s.store.RecordHistory,
	}
}

// getLesson godoc
//
//	@Summary		Get a lesson (råd)
//	@Description	One lesson as the API shows it. Its ETag names its version and a fingerprint of what it shows: send it in If-None-Match to revalidate (304 while unchanged) and in If-Match to change it.
//	@Tags			texts
//	@Param			id	path		string	true	"Lesson id"	example(tromsoregionen-lesson-1)
//	@Success		200	{object}	domain.Lesson
//	@Header			200	{string}	ETag	"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No lesson has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/lessons/{id} [get]
func (s *Server) getLesson(c echo.Context) error { return s.lessonWriter().serveGet(c) }

// createLesson godoc
//
//	@Summary		Create a lesson (råd)
//	@Description	Adds a lesson (råd): a title and its explanation to a region. Needs a key with the write scope. The answer is 201 with the lesson, its Location and its ETag. With an Idempotency-Key a retry returns the first answer and creates nothing; the same key with another body is a 422.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string		false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-lesson-2026)
//	@Param			body			body		LessonBody	true	"The lesson; position and language may be left out"
//	@Success		201				{object}	domain.Lesson
//	@Header			201				{string}	Location	"The new lesson"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the write scope"
//	@Failure		409				{object}	Problem		"Another lesson of the region has this position"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		429				{object}	Problem		"Over the rate limit"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/lessons [post]
func (s *Server) createLesson(c echo.Context) error { return s.lessonWriter().serveCreate(c) }

// replaceLesson godoc
//
//	@Summary		Replace a lesson (råd)
//	@Description	Replaces every writable field. Needs a write key and If-Match with the ETag of the version read: without it 428, with an older one 412 and the current ETag. The read-only fields of a GET answer may be sent back; they are ignored.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Lesson id"							example(tromsoregionen-lesson-1)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		LessonBody	true	"The lesson, every field"
//	@Success		200			{object}	domain.Lesson
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No lesson has this id"
//	@Failure		409			{object}	Problem	"Another lesson of the region has this position"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/lessons/{id} [put]
func (s *Server) replaceLesson(c echo.Context) error { return s.lessonWriter().serveReplace(c) }

// patchLesson godoc
//
//	@Summary		Change some fields of a lesson (råd)
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json) to the writable fields. Needs a write key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Lesson id"							example(tromsoregionen-lesson-1)
//	@Param			If-Match	header		string		true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		LessonBody	true	"The fields that change"
//	@Success		200			{object}	domain.Lesson
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No lesson has this id"
//	@Failure		409			{object}	Problem	"Another lesson of the region has this position"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/lessons/{id} [patch]
func (s *Server) patchLesson(c echo.Context) error { return s.lessonWriter().servePatch(c) }

// deleteLesson godoc
//
//	@Summary		Delete a lesson (råd)
//	@Description	Deletes it, if nothing refers to it. Needs a write key and If-Match. The changes feed keeps a tombstone.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Lesson id"							example(tromsoregionen-lesson-1)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the write scope"
//	@Failure		404	{object}	Problem	"No lesson has this id"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/lessons/{id} [delete]
func (s *Server) deleteLesson(c echo.Context) error { return s.lessonWriter().serveDelete(c) }

// getLessonHistory godoc
//
//	@Summary		The history of a lesson (råd)
//	@Description	Every change to it through the API, oldest first: who (the key's name), when, the version and the record after it (null after a delete). A record of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			id	path		string	true	"Lesson id"	example(tromsoregionen-lesson-1)
//	@Success		200	{object}	Collection[domain.Change]
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No lesson has or had this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/lessons/{id}/history [get]
func (s *Server) getLessonHistory(c echo.Context) error { return s.lessonWriter().serveHistory(c) }
