package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// Problem is an RFC 9457 problem detail, the body of every error answer.
type Problem struct {
	// Type identifies the kind of problem; one stable value per kind, listed in the README.
	Type   string `json:"type" example:"/problems/invalid-parameter"`
	Title  string `json:"title" example:"Invalid parameter"`
	Status int    `json:"status" example:"400"`
	// Detail is a sentence a person can act on.
	Detail   string `json:"detail" example:"Parameter \"limit\" must be an integer from 1 to 1000."`
	Instance string `json:"instance" example:"/api/v1/municipalities?limit=abc"`
	// RequestID is also in the X-Request-Id header; quote it when reporting a problem.
	RequestID string `json:"request_id" example:"b1946ac92492d2347c6235b4d2611184"`
	// Errors names each offending parameter and the rule it broke.
	Errors []domain.FieldError `json:"errors,omitempty"`
}

// The kinds of problem. Each has one status and one type URI.
type problemKind struct {
	typ, title string
	status     int
}

var (
	problemInvalidParameter = problemKind{"/problems/invalid-parameter", "Invalid parameter", http.StatusBadRequest}
	problemUnknownParameter = problemKind{"/problems/unknown-parameter", "Unknown parameter", http.StatusBadRequest}
	problemNotFound         = problemKind{"/problems/not-found", "Not found", http.StatusNotFound}
	problemMethodNotAllowed = problemKind{"/problems/method-not-allowed", "Method not allowed", http.StatusMethodNotAllowed}
	problemConflict         = problemKind{"/problems/conflict", "Conflict", http.StatusConflict}
	problemInternal         = problemKind{"/problems/internal", "Internal error", http.StatusInternalServerError}
	problemHTTP             = problemKind{"/problems/http", "", 0} // any other status Echo raises
)

// errUnknownParameter marks a domain error about parameters the endpoint does not take.
var errUnknownParameter = errors.New("unknown parameter")

// unknownParameters is the error for query parameters an endpoint does not take: an EINVALID domain
// error that is also errUnknownParameter, so it gets its own problem type.
type unknownParameters struct{ err *domain.Error }

func (u unknownParameters) Error() string   { return u.err.Error() }
func (u unknownParameters) Unwrap() []error { return []error{errUnknownParameter, u.err} }

// handleError renders every error as problem+json. Internal errors are logged with the request id and
// never described to the client.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := s.problem(err, c)
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(p.Status)
		return
	}
	_ = c.JSON(p.Status, p)
}

func (s *Server) problem(err error, c echo.Context) Problem {
	reqID := c.Response().Header().Get(echo.HeaderXRequestID)
	p := func(k problemKind, detail string, fields []domain.FieldError) Problem {
		return Problem{Type: k.typ, Title: k.title, Status: k.status, Detail: detail,
			Instance: c.Request().URL.RequestURI(), RequestID: reqID, Errors: fields}
	}
	var de *domain.Error
	var he *echo.HTTPError
	switch {
	case errors.Is(err, errUnknownParameter) && errors.As(err, &de):
		return p(problemUnknownParameter, de.Message, de.Fields)
	case errors.As(err, &de) && de.Code == domain.EINVALID:
		return p(problemInvalidParameter, de.Message, de.Fields)
	case errors.As(err, &de) && de.Code == domain.ENOTFOUND:
		return p(problemNotFound, de.Message, nil)
	case errors.As(err, &de) && de.Code == domain.ECONFLICT:
		return p(problemConflict, de.Message, nil)
	case errors.As(err, &he) && he.Code == http.StatusNotFound:
		return p(problemNotFound, fmt.Sprintf("There is no resource at %s; the API's routes are listed at /openapi.json.", c.Request().URL.Path), nil)
	case errors.As(err, &he) && he.Code == http.StatusMethodNotAllowed:
		return p(problemMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s; this API only reads.", c.Request().Method, c.Request().URL.Path), nil)
	case errors.As(err, &he) && he.Code < http.StatusInternalServerError:
		k := problemHTTP
		k.status, k.title = he.Code, http.StatusText(he.Code)
		return p(k, fmt.Sprint(he.Message), nil)
	}
	s.log.Error("request failed", "request_id", reqID, "method", c.Request().Method, "path", c.Request().URL.Path, "error", err)
	return p(problemInternal, "Something went wrong on our side. Quote the request id if you report it.", nil)
}
