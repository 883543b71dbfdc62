package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// Clients send their key as "Authorization: Bearer <key>". Reads are public unless Config.RequireReadKey;
// writes need a write key, anything about keys an admin key. Keys are compared in constant time by the
// store, and never logged: the request log holds the path and query, not headers.

// unauthorized is a 401: no key, or one that is not a key in use.
type unauthorized struct{ given bool }

func (u unauthorized) Error() string {
	if u.given {
		return "The API key is not valid: it may be mistyped or revoked. Send a key in use as \"Authorization: Bearer <key>\"."
	}
	return "This needs an API key: send it as \"Authorization: Bearer <key>\"."
}

// forbidden is a 403: a valid key whose scope is too small.
type forbidden struct{ need, have domain.Scope }

func (f forbidden) Error() string {
	return "The API key's scope is " + string(f.have) + "; this needs a key with the scope " + string(f.need) + "."
}

// actorKey is where the authenticated key's name is kept for the request.
const actorKey = "byregion.actor"

// require lets a request through only with a key of at least scope.
func (s *Server) require(scope domain.Scope) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			header := c.Request().Header.Get(echo.HeaderAuthorization)
			if header == "" {
				return unauthorized{}
			}
			_, secret, ok := bearer(header)
			if !ok {
				return s.authFailures.failed(c, unauthorized{given: true})
			}
			key, err := s.store.Authenticate(c.Request().Context(), secret)
			if err != nil {
				if errors.Is(err, domain.ErrBadKey) {
					return s.authFailures.failed(c, unauthorized{given: true})
				}
				return err
			}
			if !key.Scope.Allows(scope) {
				return forbidden{need: scope, have: key.Scope}
			}
			c.Set(actorKey, key.Name)
			return next(c)
		}
	}
}

// bearer reads an Authorization header of the Bearer scheme, whose name is case-insensitive (RFC 9110).
func bearer(header string) (scheme, token string, ok bool) {
	scheme, token, found := strings.Cut(strings.TrimSpace(header), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return scheme, "", false
	}
	token = strings.TrimSpace(token)
	return scheme, token, token != ""
}

// actor is the name of the key a write was made with.
func actor(c echo.Context) string {
	name, _ := c.Get(actorKey).(string)
	return name
}

// wwwAuthenticate is the challenge of a 401 (RFC 6750).
func wwwAuthenticate(u unauthorized) string {
	if u.given {
		return `Bearer realm="byregion", error="invalid_token"`
	}
	return `Bearer realm="byregion"`
}

// readsNeedKey makes every GET of the API need a key with the read scope (Config.RequireReadKey). It runs
// before the answer cache, so a kept answer is never given to a client without a key.
func (s *Server) readsNeedKey(next echo.HandlerFunc) echo.HandlerFunc {
	check := s.require(domain.ScopeRead)(next)
	return func(c echo.Context) error {
		if c.Request().Method == http.MethodGet && strings.HasPrefix(c.Request().URL.Path, "/api/") {
			return check(c)
		}
		return next(c)
	}
}
