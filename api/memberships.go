package api

import (
	"regexp"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// MembershipBody is what a membership write may carry. Its region, municipality (the identity's id) and
// phase are what it is and cannot change; listed says how the source lists the member and, left out, is
// the code and name the municipality had on valid_from (or has today).
type MembershipBody struct {
	Region       string      `json:"region" example:"tromsoregionen"`
	Municipality string      `json:"municipality" example:"5503"`
	Role         string      `json:"role" enums:"lead,partner,member" example:"partner"`
	Phase        *int        `json:"phase" example:"2"`
	ValidFrom    *string     `json:"valid_from" format:"date" example:"2027-01-01"`
	ValidTo      *string     `json:"valid_to" format:"date"`
	Listed       *ListedBody `json:"listed"`
	Source       string      `json:"source" example:"tromsoregionen-seed"`
}

// ListedBody is a member as a source lists it: a code the municipality has had, and the name used.
type ListedBody struct {
	Code string `json:"code" example:"1903"`
	Name string `json:"name" example:"Harstad"`
}

var membershipIDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*:[0-9]{4}(-[0-9]{4})?(:[12])?$`)

func pathMembershipID(c echo.Context) (string, error) {
	return pathParam(c, "id", membershipIDPattern, "must be a membership id: region, municipality id and phase, such as tromsoregionen:5501:2")
}

func (s *Server) membershipWriter() textWriter[domain.RegionMembership] {
	return textWriter[domain.RegionMembership]{
		path: "/api/v1/memberships", resource: "memberships", pathID: pathMembershipID,
		writable: []string{"region", "municipality", "role", "phase", "valid_from", "valid_to", "listed", "source"},
		required: []string{"region", "municipality", "role", "source"},
		readOnly: []string{"id"},
		decode: func(r *fieldReader) domain.RegionMembership {
			m := domain.RegionMembership{}
			r.read("region", "a region id (a string)", &m.Region)
			m.Municipality.ID, _ = r.ref("municipality", "id", "a municipality id")
			r.read("role", "lead, partner or member", &m.Role)
			r.read("phase", "1, 2 or null", &m.Phase)
			r.read("valid_from", "a date (a string) or null", &m.ValidFrom)
			r.read("valid_to", "a date (a string) or null", &m.ValidTo)
			var listed struct {
				Code string `json:"code"`
				Name string `json:"name"`
			}
			if r.read("listed", "an object with code and name", &listed) {
				m.Listed.Code, m.Listed.Name = listed.Code, listed.Name
			}
			m.Source.ID = r.sourceField("source")
			return m
		},
		idOf: func(m domain.RegionMembership) string { return m.ID },
		get:  s.store.VersionedMembership, create: s.store.CreateMembership, replace: s.store.ReplaceMembership,
		remove: s.store.DeleteMembership, history: s.store.RecordHistory,
	}
}

// listMemberships godoc
//
//	@Summary		List memberships
//	@Description	Every region's members in full, by region with the lead first: as the source lists them (listed), the municipality identity they were, what they are today, and their role: lead (søkerkommune), partner (samarbeidskommune), or member where the source names no lead.
//	@Tags			regions
//	@Produce		json
//	@Produce		text/csv
//	@Param			region	query		string	false	"Only these regions' members (ids, comma-separated)"	example(tromsoregionen)
//	@Param			sort	query		string	false	"Sort keys: region, lead (the lead first), code (as listed); - for descending"	example(code)
//	@Param			fields	query		string	false	"Only these top-level fields"	example(id,role,listed)
//	@Param			limit	query		int		false	"Items per page (JSON)"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"	example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"	Enums(json, csv)	example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"	Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.RegionMembership]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has an id given in region"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/memberships [get]
func (s *Server) listMemberships(c echo.Context) error {
	q, err := parse(c, query.Members)
	if err != nil {
		return err
	}
	return listing[domain.RegionMembership]{list: s.store.ListRegionMemberships}.serve(c, q)
}

// getMembership godoc
//
//	@Summary		Get a membership
//	@Description	One municipality in a region's member list. Its ETag names its version and a fingerprint of what it shows: send it in If-None-Match to revalidate (304 while unchanged) and in If-Match to change it.
//	@Tags			regions
//	@Param			id	path		string	true	"Membership id"	example(tromsoregionen:5501:2)
//	@Success		200	{object}	domain.RegionMembership
//	@Header			200	{string}	ETag	"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No membership has this id"
//	@Failure		406	{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/memberships/{id} [get]
func (s *Server) getMembership(c echo.Context) error { return s.membershipWriter().serveGet(c) }

// createMembership godoc
//
//	@Summary		Add a member to a region
//	@Description	Adds a municipality (by its id: its code, or for one that has ended, its last code and year) to a region's member list, for a phase or none. A region has one lead (422 for a second). Needs a key with the admin scope. The answer is 201 with the membership, its Location and its ETag. With an Idempotency-Key a retry returns the first answer and creates nothing; the same key with another body is a 422.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			Idempotency-Key	header		string			false	"A key of the client's choosing that makes a retry safe"	example(3f1c2a9e-member-2026)
//	@Param			body			body		MembershipBody	true	"The membership; phase, dates and listed may be left out"
//	@Success		201				{object}	domain.RegionMembership
//	@Header			201				{string}	Location	"The new membership"
//	@Header			201				{string}	ETag		"Its version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400				{object}	Problem		"A body that is not a JSON object, or an unknown field"
//	@Failure		401				{object}	Problem		"No key, or one not in use"
//	@Failure		403				{object}	Problem		"A key without the admin scope"
//	@Failure		409				{object}	Problem		"The municipality is a member for this phase already"
//	@Failure		413				{object}	Problem		"A body over the size limit"
//	@Failure		415				{object}	Problem		"A body that is not application/json"
//	@Failure		422				{object}	Problem		"Fields that break their rules, or refer to nothing; errors lists them"
//	@Failure		429				{object}	Problem		"Over the rate limit"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/memberships [post]
func (s *Server) createMembership(c echo.Context) error { return s.membershipWriter().serveCreate(c) }

// replaceMembership godoc
//
//	@Summary		Replace a membership
//	@Description	Replaces its role, dates, listing and source; its region, municipality and phase must stay. Needs an admin key and If-Match with the ETag of the version read: without it 428, with an older one 412 and the current ETag. The read-only id of a GET answer, and its municipality and listed objects, may be sent back.
//	@Tags			writes
//	@Accept			json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"Membership id"						example(tromsoregionen:5501:2)
//	@Param			If-Match	header		string			true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		MembershipBody	true	"The membership, every field"
//	@Success		200			{object}	domain.RegionMembership
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the admin scope"
//	@Failure		404			{object}	Problem	"No membership has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names; the ETag header is the current one"
//	@Failure		415			{object}	Problem	"A body that is not application/json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/memberships/{id} [put]
func (s *Server) replaceMembership(c echo.Context) error {
	return s.membershipWriter().serveReplace(c)
}

// patchMembership godoc
//
//	@Summary		Change some fields of a membership
//	@Description	Applies a JSON Merge Patch (RFC 7396, application/merge-patch+json) to its role, dates, listing and source. Needs an admin key and If-Match, as for PUT.
//	@Tags			writes
//	@Accept			application/merge-patch+json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"Membership id"						example(tromsoregionen:5501:2)
//	@Param			If-Match	header		string			true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Param			body		body		MembershipBody	true	"The fields that change"
//	@Success		200			{object}	domain.RegionMembership
//	@Header			200			{string}	ETag	"The new version"
//	@Failure		400			{object}	Problem	"A malformed body, field or If-Match"
//	@Failure		401			{object}	Problem	"No key, or one not in use"
//	@Failure		403			{object}	Problem	"A key without the admin scope"
//	@Failure		404			{object}	Problem	"No membership has this id"
//	@Failure		412			{object}	Problem	"It changed since the version If-Match names"
//	@Failure		415			{object}	Problem	"A body that is not application/merge-patch+json"
//	@Failure		422			{object}	Problem	"Fields that break their rules; errors lists them"
//	@Failure		428			{object}	Problem	"No If-Match"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/memberships/{id} [patch]
func (s *Server) patchMembership(c echo.Context) error { return s.membershipWriter().servePatch(c) }

// deleteMembership godoc
//
//	@Summary		Take a member off a region's list
//	@Description	Deletes the membership. Needs an admin key and If-Match. The changes feed keeps a tombstone.
//	@Tags			writes
//	@Security		BearerAuth
//	@Param			id			path	string	true	"Membership id"						example(tromsoregionen:5501:2)
//	@Param			If-Match	header	string	true	"The ETag of the version you read, or its version alone (\"v3\")"	example("v1")
//	@Success		204
//	@Failure		400	{object}	Problem	"A malformed id or If-Match"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the admin scope"
//	@Failure		404	{object}	Problem	"No membership has this id"
//	@Failure		412	{object}	Problem	"It changed since the version If-Match names"
//	@Failure		428	{object}	Problem	"No If-Match"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/memberships/{id} [delete]
func (s *Server) deleteMembership(c echo.Context) error { return s.membershipWriter().serveDelete(c) }

// getMembershipHistory godoc
//
//	@Summary		The history of a membership
//	@Description	Every change to it through the API, oldest first: who (the key's name), when, the version and the membership after it (null after a delete). A membership of the embedded dataset begins at version 1, which has no entry.
//	@Tags			changes
//	@Param			id	path		string	true	"Membership id"	example(tromsoregionen:5501:2)
//	@Success		200	{object}	Collection[domain.Change]
//	@Failure		400	{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404	{object}	Problem	"No membership has or had this id"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/memberships/{id}/history [get]
func (s *Server) getMembershipHistory(c echo.Context) error {
	return s.membershipWriter().serveHistory(c)
}
