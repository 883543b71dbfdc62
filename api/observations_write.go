package api

import (
	"regexp"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// ObservationBody is what a population or area write may carry: a municipality (by the code it had on the
// reference date) or a region, the date, the figure, its kind and source. A replace may not change the
// municipality or region, the date or the source: they are the observation's identity.
type ObservationBody struct {
	Municipality  string  `json:"municipality" example:"5501"`
	Region        string  `json:"region" example:"tromsoregionen"`
	ReferenceDate string  `json:"reference_date" format:"date" example:"2027-01-01"`
	Value         int64   `json:"value" example:"92900"`
	ValueKM2      float64 `json:"value_km2" example:"2520.8"`
	Measure       string  `json:"measure" enums:"total,land,unknown" example:"unknown"`
	Kind          string  `json:"kind" enums:"official,reported" example:"official"`
	Note          string  `json:"note"`
	Source        string  `json:"source" example:"ssb-07459-2027"`
}

var observationIDPattern = regexp.MustCompile(`^(population|area):[a-z0-9]+(-[a-z0-9]+)*:[0-9]{4}-[0-9]{2}-[0-9]{2}:[a-z0-9]+(-[a-z0-9]+)*$`)

func pathObservationID(c echo.Context) (string, error) {
	return pathParam(c, "id", observationIDPattern, "must be an observation id, such as population:5501:2015-01-01:ssb-07459")
}

// subjectFields reads the municipality (a code, or the object a GET answer holds) or the region (an id, or
// its object), so a client can PUT back what it read.
func subjectFields(r *fieldReader) domain.Subject {
	var s domain.Subject
	if code, ok := r.ref("municipality", "code", "a municipality code"); ok {
		s.Municipality = &domain.MunicipalityRef{Code: code}
	}
	if id, ok := r.ref("region", "id", "a region id"); ok {
		s.Region = &domain.RegionRef{ID: id}
	}
	return s
}

var observationReadOnly = []string{"id", "published_code", "unit"}

func (s *Server) populationWriter() textWriter[domain.PopulationObservation] {
	return textWriter[domain.PopulationObservation]{
		path: "/api/v1/population", resource: "population", pathID: pathObservationID,
		writable: []string{"municipality", "region", "reference_date", "value", "kind", "note", "source"},
		required: []string{"reference_date", "value", "source"}, readOnly: observationReadOnly,
		decode: func(r *fieldReader) domain.PopulationObservation {
			o := domain.PopulationObservation{Kind: domain.KindOfficial, Subject: subjectFields(r)}
			r.read("reference_date", "a date (a string)", &o.ReferenceDate)
			r.read("value", "a whole number of persons", &o.Value)
			r.read("kind", "official or reported", &o.Kind)
			r.read("note", "a string", &o.Note)
			o.Source.ID = r.sourceField("source")
			return o
		},
		idOf: func(o domain.PopulationObservation) string { return o.ID },
		get:  s.store.VersionedPopulation, create: s.store.CreatePopulation, replace: s.store.ReplacePopulation,
		remove: s.store.DeletePopulation, history: s.store.RecordHistory,
	}
}

func (s *Server) areaWriter() textWriter[domain.AreaObservation] {
	return textWriter[domain.AreaObservation]{
		path: "/api/v1/area", resource: "area", pathID: pathObservationID,
		writable: []string{"municipality", "region", "reference_date", "value_km2", "measure", "kind", "note", "source"},
		required: []string{"reference_date", "value_km2", "source"}, readOnly: observationReadOnly,
		decode: func(r *fieldReader) domain.AreaObservation {
			o := domain.AreaObservation{Kind: domain.KindOfficial, Measure: domain.AreaUnknown, Subject: subjectFields(r)}
			r.read("reference_date", "a date (a string)", &o.ReferenceDate)
			r.read("value_km2", "a number of km²", &o.ValueKM2)
			r.read("measure", "total, land or unknown", &o.Measure)
			r.read("kind", "official or reported", &o.Kind)
			r.read("note", "a string", &o.Note)
			o.Source.ID = r.sourceField("source")
			return o
		},
		idOf: func(o domain.AreaObservation) string { return o.ID },
		get:  s.store.VersionedArea, create: s.store.CreateArea, replace: s.store.ReplaceArea,
		remove: s.store.DeleteArea, history: s.store.RecordHistory,
	}
}

// getPopulationObservation godoc
//
//	@Summary		Get a population observation
//	@Description	One population figure with its source. Its ETag names its version and a fingerprint of what it shows: send it in If-None-Match to revalidate (304 while unchanged) and in If-Match to change it.
//	@Tags			statistics
//	@Param			id	path		string	true	"Observation id"	example(population:5501:2015-01-01:ssb-07459)
//	@Success		200	{object}	domain.PopulationObservation
//	@Header			200	{string}	ETag	"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No observation has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/population/{id} [get]
func (s *Server) getPopulationObservation(c echo.Context) error {
	return s.populationWriter().serveGet(c)
}

// createPopulationObservation godoc
//
//	@Summary		Create a population observation
//	@Description	Adds one population figure of a municipality (by the code it had on the reference date) or a region. Its id is its subject, date and source; one that exists is a 409 (change it with PUT or PATCH, or use an import). Needs a write key.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string			false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-population-2027)
//	@Param			body			body		ObservationBody	true	"The figure; kind defaults to official"
//	@Success		201				{object}	domain.PopulationObservation
//	@Header			201				{string}	Location	"The new observation"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the write scope"
//	@Failure		409				{object}	Problem		"An observation of this subject, date and source exists"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/population [post]
func (s *Server) createPopulationObservation(c echo.Context) error {
	return s.populationWriter().serveCreate(c)
}

// replacePopulationObservation godoc
//
//	@Summary		Replace a population observation
//	@Description	Replaces the figure, kind and note; the subject, date and source must stay as they are. Needs a write key and If-Match.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"Observation id"					example(population:5501:2015-01-01:ssb-07459)
//	@Param			If-Match	header		string			true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		ObservationBody	true	"The observation, every field"
//	@Success		200			{object}	domain.PopulationObservation
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No observation has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules, or a changed subject, date or source"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/population/{id} [put]
func (s *Server) replacePopulationObservation(c echo.Context) error {
	return s.populationWriter().serveReplace(c)
}

// patchPopulationObservation godoc
//
//	@Summary		Change a population observation
//	@Description	Applies a JSON Merge Patch (application/merge-patch+json) to the figure, kind or note. Needs a write key and If-Match.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"Observation id"					example(population:5501:2015-01-01:ssb-07459)
//	@Param			If-Match	header		string			true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		ObservationBody	true	"The fields that change"
//	@Success		200			{object}	domain.PopulationObservation
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No observation has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules, or a changed subject, date or source"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/population/{id} [patch]
func (s *Server) patchPopulationObservation(c echo.Context) error {
	return s.populationWriter().servePatch(c)
}

// deletePopulationObservation godoc
//
//	@Summary		Delete a population observation
//	@Description	Deletes one figure. Needs a write key and If-Match. The changes feed keeps a tombstone.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Observation id"					example(population:5501:2015-01-01:ssb-07459)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the write scope"
//	@Failure		404	{object}	Problem	"No observation has this id"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/population/{id} [delete]
func (s *Server) deletePopulationObservation(c echo.Context) error {
	return s.populationWriter().serveDelete(c)
}

// getPopulationObservationHistory godoc
//
//	@Summary		The history of a population observation
//	@Description	Every change to it through the API or an import, oldest first. A figure of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			id	path		string	true	"Observation id"	example(population:5501:2015-01-01:ssb-07459)
//	@Success		200	{object}	Collection[domain.Change]
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No observation has or had this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/population/{id}/history [get]
func (s *Server) getPopulationObservationHistory(c echo.Context) error {
	return s.populationWriter().serveHistory(c)
}

// getAreaObservation godoc
//
//	@Summary		Get a area observation
//	@Description	One area figure with its source. Its ETag names its version and a fingerprint of what it shows: send it in If-None-Match to revalidate (304 while unchanged) and in If-Match to change it.
//	@Tags			statistics
//	@Param			id	path		string	true	"Observation id"	example(area:5501:2025-01-01:aprestmo-norway-geodata)
//	@Success		200	{object}	domain.AreaObservation
//	@Header			200	{string}	ETag	"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No observation has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/area/{id} [get]
func (s *Server) getAreaObservation(c echo.Context) error { return s.areaWriter().serveGet(c) }

// createAreaObservation godoc
//
//	@Summary		Create a area observation
//	@Description	Adds one area figure of a municipality (by the code it had on the reference date) or a region. Its id is its subject, date and source; one that exists is a 409 (change it with PUT or PATCH, or use an import). Needs a write key.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string			false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-area-2027)
//	@Param			body			body		ObservationBody	true	"The figure; kind defaults to official"
//	@Success		201				{object}	domain.AreaObservation
//	@Header			201				{string}	Location	"The new observation"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the write scope"
//	@Failure		409				{object}	Problem		"An observation of this subject, date and source exists"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/area [post]
func (s *Server) createAreaObservation(c echo.Context) error { return s.areaWriter().serveCreate(c) }

// replaceAreaObservation godoc
//
//	@Summary		Replace a area observation
//	@Description	Replaces the figure, kind and note; the subject, date and source must stay as they are. Needs a write key and If-Match.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"Observation id"					example(area:5501:2025-01-01:aprestmo-norway-geodata)
//	@Param			If-Match	header		string			true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		ObservationBody	true	"The observation, every field"
//	@Success		200			{object}	domain.AreaObservation
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No observation has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules, or a changed subject, date or source"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/area/{id} [put]
func (s *Server) replaceAreaObservation(c echo.Context) error { return s.areaWriter().serveReplace(c) }

// patchAreaObservation godoc
//
//	@Summary		Change a area observation
//	@Description	Applies a JSON Merge Patch (application/merge-patch+json) to the figure, kind or note. Needs a write key and If-Match.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"Observation id"					example(area:5501:2025-01-01:aprestmo-norway-geodata)
//	@Param			If-Match	header		string			true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		ObservationBody	true	"The fields that change"
//	@Success		200			{object}	domain.AreaObservation
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the write scope"
//	@Failure		404			{object}	Problem	"No observation has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules, or a changed subject, date or source"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/area/{id} [patch]
func (s *Server) patchAreaObservation(c echo.Context) error { return s.areaWriter().servePatch(c) }

// deleteAreaObservation godoc
//
//	@Summary		Delete a area observation
//	@Description	Deletes one figure. Needs a write key and If-Match. The changes feed keeps a tombstone.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Observation id"					example(area:5501:2025-01-01:aprestmo-norway-geodata)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the write scope"
//	@Failure		404	{object}	Problem	"No observation has this id"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/area/{id} [delete]
func (s *Server) deleteAreaObservation(c echo.Context) error { return s.areaWriter().serveDelete(c) }

// getAreaObservationHistory godoc
//
//	@Summary		The history of a area observation
//	@Description	Every change to it through the API or an import, oldest first. A figure of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			id	path		string	true	"Observation id"	example(area:5501:2025-01-01:aprestmo-norway-geodata)
//	@Success		200	{object}	Collection[domain.Change]
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No observation has or had this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/area/{id}/history [get]
func (s *Server) getAreaObservationHistory(c echo.Context) error {
	return s.areaWriter().serveHistory(c)
}
