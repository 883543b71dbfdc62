package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// Keys over HTTP need an admin key. A new key's secret is in the answer to its creation, once; nothing
// else ever shows it, and it is never logged.

// KeyBody is a key to make.
type KeyBody struct {
	Name  string `json:"name" example:"fylket-import"`
	Scope string `json:"scope" enums:"read,write,admin" example:"write"`
}

// NewKey is a key just made, with its secret: keep it, it is not shown again.
type NewKey struct {
	domain.APIKey
	Secret string `json:"secret" example:"byr_0a1b2c3d4e5f_…"`
}

// listKeys godoc
//
//	@Summary		List API keys
//	@Description	Every key: name, scope, when it was made and revoked. No secrets. Needs an admin key.
//	@ID				listKeys
//	@Tags			keys
//	@Security		BearerAuth
//	@Success		200	{object}	Collection[domain.APIKey]
//	@Failure		400	{object}	Problem	"An unknown parameter"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the admin scope"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/keys [get]
func (s *Server) listKeys(c echo.Context) error {
	if err := noParams(c); err != nil {
		return err
	}
	keys, err := s.store.ListKeys(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, Collection[domain.APIKey]{Data: keys, Meta: CollectionMeta{Limit: len(keys)}})
}

// createKey godoc
//
//	@Summary		Make an API key
//	@Description	Makes a key and answers with its secret, once; only a hash is kept. Needs an admin key.
//	@ID				createKey
//	@Tags			keys
//	@Accept			json
//	@Security		BearerAuth
//	@Param			body	body		KeyBody	true	"The key's name and scope"
//	@Success		201		{object}	NewKey
//	@Failure		400		{object}	Problem	"A body that is not a JSON object, or an unknown field"
//	@Failure		401		{object}	Problem	"No key, or one not in use"
//	@Failure		403		{object}	Problem	"A key without the admin scope"
//	@Failure		409		{object}	Problem	"A key has this name already"
//	@Failure		422		{object}	Problem	"A name or scope that breaks its rules"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/keys [post]
func (s *Server) createKey(c echo.Context) error {
	if err := noParams(c); err != nil {
		return err
	}
	fields, _, err := readBody(c, mediaJSON, []string{"name", "scope"}, nil)
	if err != nil {
		return err
	}
	r := fieldReader{fields: fields}
	r.require("name", "scope")
	var body KeyBody
	r.read("name", "a string", &body.Name)
	r.read("scope", "read, write or admin", &body.Scope)
	if err := r.err(); err != nil {
		return err
	}
	scope := domain.Scope(body.Scope)
	if !scope.Allows(domain.ScopeRead) {
		return &domain.Error{Code: domain.EUNPROCESSABLE, Message: "The scope must be read, write or admin.",
			Fields: []domain.FieldError{{Field: "scope", In: "body", Message: "must be read, write or admin"}}}
	}
	key, secret, err := s.store.CreateKey(c.Request().Context(), body.Name, scope)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusCreated, NewKey{APIKey: key, Secret: secret})
}

// revokeKey godoc
//
//	@Summary		Revoke an API key
//	@Description	Revokes a key at once: requests with it get 401 from now on. It stays listed. Needs an admin key.
//	@ID				revokeKey
//	@Tags			keys
//	@Security		BearerAuth
//	@Param			name	path	string	true	"The key's name"	example(fylket-import)
//	@Success		204
//	@Failure		400	{object}	Problem	"An unknown parameter"
//	@Failure		401	{object}	Problem	"No key, or one not in use"
//	@Failure		403	{object}	Problem	"A key without the admin scope"
//	@Failure		404	{object}	Problem	"No key in use has this name"
//	@Failure		500	{object}	Problem
//	@Router			/api/v1/keys/{name} [delete]
func (s *Server) revokeKey(c echo.Context) error {
	if err := noParams(c); err != nil {
		return err
	}
	if err := s.store.RevokeKey(c.Request().Context(), c.Param("name")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
