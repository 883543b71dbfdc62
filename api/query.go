package api

import (
	"fmt"
	"net/url"
	"regexp"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// parse reads the request's query string against the collection's declaration (internal/query).
func parse(c echo.Context, spec query.Spec) (query.Query, error) {
	return query.Parse(c.QueryParams(), spec)
}

// noParams rejects any query parameter, for endpoints that take none.
func noParams(c echo.Context) error {
	_, err := query.Parse(c.QueryParams(), query.Spec{})
	return err
}

var (
	codePattern = regexp.MustCompile(`^[0-9]{4}$`)
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// pathParam reads a path parameter that must match pattern; rule says what it must be.
// decodedParams decodes the path parameters once, as the route matched them: a client that encodes
// an id (population%3A5501%3A…, as generated clients do) names the same record as one that does not.
func decodedParams(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		values := c.ParamValues()
		for i, v := range values {
			decoded, err := url.PathUnescape(v)
			if err != nil || !utf8.ValidString(decoded) {
				name := c.ParamNames()[i]
				return &domain.Error{Code: domain.EINVALID, Message: fmt.Sprintf("Path parameter %q is not a valid percent-encoded UTF-8 value.", name),
					Fields: []domain.FieldError{{Field: name, In: "path", Message: "is not valid percent-encoding of UTF-8"}}}
			}
			values[i] = decoded
		}
		c.SetParamValues(values...)
		return next(c)
	}
}

func pathParam(c echo.Context, name string, pattern *regexp.Regexp, rule string) (string, error) {
	v := c.Param(name)
	if !pattern.MatchString(v) {
		return "", &domain.Error{Code: domain.EINVALID, Message: fmt.Sprintf("Path parameter %q %s.", name, rule),
			Fields: []domain.FieldError{{Field: name, In: "path", Message: rule}}}
	}
	return v, nil
}

// pathCode reads a municipality code from the path.
func pathCode(c echo.Context) (string, error) {
	return pathParam(c, "code", codePattern, query.Rule(query.Code, nil))
}

// pathSlug reads a region id from the path.
func pathSlug(c echo.Context) (string, error) {
	return pathParam(c, "slug", slugPattern, query.Rule(query.Slug, nil))
}

// pathID reads the id of a text or a source from the path.
func pathID(c echo.Context) (string, error) {
	return pathParam(c, "id", slugPattern, "must be an id: lower-case letters, digits and single hyphens, such as tromsoregionen-goal-1")
}
