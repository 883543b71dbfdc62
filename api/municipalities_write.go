package api

import (
	"regexp"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// MunicipalityBody is what a write to the municipality register may carry: the identity's dated code
// periods, oldest first, and its names in each language. A create names the id; it never changes.
type MunicipalityBody struct {
	// ID is the code in force, or for a municipality that has ended, its last code and last year (1725-2019).
	ID     string           `json:"id" example:"5601"`
	Codes  []CodePeriodBody `json:"codes"`
	Names  []domain.Name    `json:"names"`
	Source string           `json:"source" example:"ssb-klass-131"`
}

// CodePeriodBody is one period of a municipality's code, official name and county.
type CodePeriodBody struct {
	Code      string  `json:"code" example:"5601"`
	Name      string  `json:"name" example:"Nyby"`
	County    string  `json:"county" example:"56"`
	ValidFrom *string `json:"valid_from" format:"date" example:"2028-01-01"`
	ValidTo   *string `json:"valid_to" format:"date"`
}

var identityPathPattern = regexp.MustCompile(`^[0-9]{4}(-[0-9]{4})?$`)

// pathIdentity reads a municipality's id (not any code it has had, as the read routes take) from the path.
func pathIdentity(c echo.Context) (string, error) {
	return pathParam(c, "code", identityPathPattern, "must be a municipality id: its code in force, or its last code and year (1725-2019)")
}

func (s *Server) municipalityWriter() textWriter[domain.Municipality] {
	return textWriter[domain.Municipality]{
		path: "/api/v1/municipalities", resource: "municipalities", pathID: pathIdentity,
		writable: []string{"id", "codes", "names", "source"},
		required: []string{"id", "codes", "source"},
		readOnly: []string{"code", "name", "county", "valid_from", "valid_to"},
		decode: func(r *fieldReader) domain.Municipality {
			m := domain.Municipality{Names: []domain.Name{}}
			r.read("id", "a municipality id (a string)", &m.ID)
			var codes []struct {
				Code      string  `json:"code"`
				Name      string  `json:"name"`
				County    any     `json:"county"`
				ValidFrom *string `json:"valid_from"`
				ValidTo   *string `json:"valid_to"`
			}
			r.read("codes", "a list of {code, name, county, valid_from, valid_to}", &codes)
			for _, c := range codes {
				county := ""
				switch v := c.County.(type) {
				case string:
					county = v
				case map[string]any: // the county object of a GET answer
					county, _ = v["code"].(string)
				}
				m.Codes = append(m.Codes, domain.MunicipalityCode{Code: c.Code, Name: c.Name, County: domain.County{Code: county},
					ValidFrom: c.ValidFrom, ValidTo: c.ValidTo})
			}
			r.read("names", "a list of {name, language, source}", &m.Names)
			m.Source.ID = r.sourceField("source")
			return m
		},
		idOf: func(m domain.Municipality) string { return m.ID },
		get:  s.store.VersionedMunicipality, create: s.store.CreateMunicipality, replace: s.store.ReplaceMunicipality,
		remove: s.store.DeleteMunicipality, history: s.store.RecordHistory,
	}
}

// createMunicipality godoc
//
//	@Summary		Add a municipality to the register
//	@Description	Adds a municipality identity (after a reform, say) with its code periods, oldest first and not overlapping, the last one open while it is in force, and its names. Its id is its code in force, or its last code and last year. No other municipality may have one of its codes in the same period. Successions (what it was formed from) are not written here. Needs a key with the admin scope. The answer is 201 with the municipality, its Location and its ETag.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string				false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-municipality-2028)
//	@Param			body			body		MunicipalityBody	true	"The municipality; names may be left out"
//	@Success		201				{object}	domain.Municipality
//	@Header			201				{string}	Location	"The new municipality"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the admin scope"
//	@Failure		409				{object}	Problem		"A municipality has this id already"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		429				{object}	Problem		"Over the rate limit"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/municipalities [post]
func (s *Server) createMunicipality(c echo.Context) error {
	return s.municipalityWriter().serveCreate(c)
}

// replaceMunicipality godoc
//
//	@Summary		Replace a municipality's codes and names
//	@Description	Replaces the code periods and names of the municipality with this id (its identity, not a former code: writes are not redirected). Needs an admin key and If-Match with the ETag of a plain GET: without it 428, with an older one 412 and the current ETag. The read-only fields of a GET answer (code, name, county, valid_from, valid_to) may be sent back; they follow from the codes.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			code		path		string				true	"Municipality id"					example(5501)
//	@Param			If-Match	header		string				true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		MunicipalityBody	true	"The municipality, every field"
//	@Success		200			{object}	domain.Municipality
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the admin scope"
//	@Failure		404			{object}	Problem	"No municipality has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/municipalities/{code} [put]
func (s *Server) replaceMunicipality(c echo.Context) error {
	return s.municipalityWriter().serveReplace(c)
}

// patchMunicipality godoc
//
//	@Summary		Change a municipality's codes or names
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json): codes or names, when sent, replace the list. Needs an admin key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			code		path		string				true	"Municipality id"					example(5501)
//	@Param			If-Match	header		string				true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		MunicipalityBody	true	"The fields that change"
//	@Success		200			{object}	domain.Municipality
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the admin scope"
//	@Failure		404			{object}	Problem	"No municipality has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/municipalities/{code} [patch]
func (s *Server) patchMunicipality(c echo.Context) error {
	return s.municipalityWriter().servePatch(c)
}

// deleteMunicipality godoc
//
//	@Summary		Delete a municipality from the register
//	@Description	Deletes an identity nothing refers to: no memberships, observations or successions. Needs an admin key and If-Match.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			code		path	string	true	"Municipality id"					example(5501)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the admin scope"
//	@Failure		404	{object}	Problem	"No municipality has this id"
//	@Failure		409	{object}	Problem	"Memberships, observations or successions refer to it; the detail counts them"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/municipalities/{code} [delete]
func (s *Server) deleteMunicipality(c echo.Context) error {
	return s.municipalityWriter().serveDelete(c)
}

// getMunicipalityVersions godoc
//
//	@Summary		The versions of a municipality's record
//	@Description	Every change to the municipality's record through the API, oldest first: who (the key's name), when, the version and the record after it (null after a delete). It is called versions, not history, because /municipalities/{code}/history is the municipality's lineage. A municipality of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			code	path		string	true	"Municipality id"	example(5501)
//	@Success		200		{object}	Collection[domain.Change]
//	@Failure		400		{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404		{object}	Problem	"No municipality has or had this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/municipalities/{code}/versions [get]
func (s *Server) getMunicipalityVersions(c echo.Context) error {
	return s.municipalityWriter().serveHistory(c)
}
