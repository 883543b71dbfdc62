package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// GoalBody is what a goal write may carry. A PUT carries every field; a POST may leave out position (the
// next one) and language (nb); a PATCH carries what changes, as a JSON Merge Patch.
type GoalBody struct {
	Region   string `json:"region" example:"tromsoregionen"`
	Position int    `json:"position" example:"4"`
	Text     string `json:"text" example:"Styrke samarbeidet om reiseliv i hele regionen"`
	Language string `json:"language" example:"nb"`
	// Source is the id of the source the text comes from (a source object with its id is read too).
	Source string `json:"source" example:"tromsoregionen-seed"`
}

var (
	goalWritable = []string{"region", "position", "text", "language", "source"}
	goalReadOnly = []string{"id"}
)

// readGoal decodes a goal from body fields; required lists the fields that must be there.
func readGoal(fields map[string]json.RawMessage, required ...string) (domain.Goal, error) {
	r := fieldReader{fields: fields}
	r.require(required...)
	g := domain.Goal{Language: "nb"}
	r.read("region", "a region id (a string)", &g.Region)
	r.read("position", "a positive integer", &g.Position)
	r.read("text", "a string", &g.Text)
	r.read("language", "a language tag (a string)", &g.Language)
	g.Source.ID = r.sourceField("source")
	return g, r.err()
}

// createGoal godoc
//
//	@Summary		Create a goal
//	@Description	Adds a goal to a region. Needs a key with the write scope. The answer is 201 with the goal, its Location and its ETag. With an Idempotency-Key, a retry of the same request returns the first answer and creates nothing; the same key with another body is a 422.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string		false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-goal-2026)
//	@Param			body			body		GoalBody	true	"The goal; position and language may be left out"
//	@Success		201				{object}	domain.Goal
//	@Header			201				{string}	Location	"The new goal"
//	@Header			201				{string}	ETag		"Its version, for If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the write scope"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/goals [post]
func (s *Server) createGoal(c echo.Context) error {
	if err := noParams(c); err != nil {
		return err
	}
	fields, raw, err := readBody(c, mediaJSON, goalWritable, goalReadOnly)
	if err != nil {
		return err
	}
	g, err := readGoal(fields, "region", "text", "source")
	if err != nil {
		return err
	}
	var idem *domain.Idempotency
	if key := c.Request().Header.Get("Idempotency-Key"); key != "" {
		idem = &domain.Idempotency{Key: key, RequestHash: requestHash(c, raw), Location: func(state any, version int64) (string, string) {
			return "/api/v1/goals/" + state.(domain.Goal).ID, recordETag(version)
		}}
	}
	v, err := s.store.CreateGoal(c.Request().Context(), actor(c), g, idem)
	var replay *domain.Replay
	if errors.As(err, &replay) {
		return replayed(c, replay.Status, replay.Location, replay.ETag, replay.Body)
	}
	if err != nil {
		return err
	}
	return written(c, http.StatusCreated, "/api/v1/goals/"+v.Item.ID, v.Version, v.Item)
}

// replaceGoal godoc
//
//	@Summary		Replace a goal
//	@Description	Replaces every writable field of a goal. Needs a write key and If-Match with the ETag of the version read: without it 428, with an older one 412 and the current ETag. The read-only fields of a GET answer may be sent back; they are ignored.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Goal id"								example(tromsoregionen-goal-1)
//	@Param			If-Match	header		string		true	"The ETag of the version you read"		example("v1")
//	@Param			body		body		GoalBody	true	"The goal, every field"
//	@Success		200			{object}	domain.Goal
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No goal has this id"
//	@Failure		409			{object}	Problem	"Another goal of the region has this position"
//	@Failure		412			{object}	Problem	"The goal changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/goals/{id} [put]
func (s *Server) replaceGoal(c echo.Context) error {
	id, version, err := writeTarget(c)
	if err != nil {
		return err
	}
	fields, _, err := readBody(c, mediaJSON, goalWritable, goalReadOnly)
	if err != nil {
		return err
	}
	g, err := readGoal(fields, goalWritable...)
	if err != nil {
		return err
	}
	v, err := s.store.ReplaceGoal(c.Request().Context(), actor(c), id, version, g)
	if err != nil {
		return err
	}
	return written(c, http.StatusOK, "", v.Version, v.Item)
}

// patchGoal godoc
//
//	@Summary		Change some fields of a goal
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json) to the goal's writable fields. Needs a write key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"Goal id"							example(tromsoregionen-goal-1)
//	@Param			If-Match	header		string		true	"The ETag of the version you read"	example("v1")
//	@Param			body		body		GoalBody	true	"The fields that change"
//	@Success		200			{object}	domain.Goal
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No goal has this id"
//	@Failure		409			{object}	Problem	"Another goal of the region has this position"
//	@Failure		412			{object}	Problem	"The goal changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/goals/{id} [patch]
func (s *Server) patchGoal(c echo.Context) error {
	id, version, err := writeTarget(c)
	if err != nil {
		return err
	}
	patch, _, err := readBody(c, mediaMergePatch, goalWritable, goalReadOnly)
	if err != nil {
		return err
	}
	current, err := s.store.VersionedGoal(c.Request().Context(), id)
	if err != nil {
		return err
	}
	doc, _ := json.Marshal(GoalBody{Region: current.Item.Region, Position: current.Item.Position, Text: current.Item.Text,
		Language: current.Item.Language, Source: current.Item.Source.ID})
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(doc, &fields)
	g, err := readGoal(mergePatch(fields, patch), goalWritable...)
	if err != nil {
		return err
	}
	v, err := s.store.ReplaceGoal(c.Request().Context(), actor(c), id, version, g)
	if err != nil {
		return err
	}
	return written(c, http.StatusOK, "", v.Version, v.Item)
}

// deleteGoal godoc
//
//	@Summary		Delete a goal
//	@Description	Deletes a goal that no measure refers to. Needs a write key and If-Match. The changes feed keeps a tombstone.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Goal id"							example(tromsoregionen-goal-1)
//	@Param			If-Match	header	string	true	"The ETag of the version you read"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the write scope"
//	@Failure		404	{object}	Problem	"No goal has this id"
//	@Failure		409	{object}	Problem	"A measure refers to the goal; the detail names it"
//	@Failure		412	{object}	Problem	"The goal changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/goals/{id} [delete]
func (s *Server) deleteGoal(c echo.Context) error {
	id, version, err := writeTarget(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteGoal(c.Request().Context(), actor(c), id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// writeTarget reads the id and If-Match of an update or delete.
func writeTarget(c echo.Context) (string, int64, error) {
	id, err := pathID(c)
	if err != nil {
		return "", 0, err
	}
	if err := noParams(c); err != nil {
		return "", 0, err
	}
	version, err := ifMatch(c)
	return id, version, err
}
