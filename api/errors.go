package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
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
	// Choices lists the municipalities a retired code became, with a 300 answer.
	Choices []Choice `json:"choices,omitempty"`
	// Report is what an import with rejected rows found, with a 422 answer.
	Report *domain.ImportReport `json:"report,omitempty"`
}

// Choice is one municipality a retired code became.
type Choice struct {
	Code string `json:"code" example:"1806"`
	Name string `json:"name" example:"Narvik"`
	Href string `json:"href" example:"/api/v1/municipalities/1806"`
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
	problemNotAcceptable    = problemKind{"/problems/not-acceptable", "Not acceptable", http.StatusNotAcceptable}
	problemMultipleChoices  = problemKind{"/problems/multiple-choices", "Multiple choices", http.StatusMultipleChoices}
	problemUnauthorized     = problemKind{"/problems/unauthorized", "Unauthorized", http.StatusUnauthorized}
	problemForbidden        = problemKind{"/problems/forbidden", "Forbidden", http.StatusForbidden}
	problemUnsupportedMedia = problemKind{"/problems/unsupported-media-type", "Unsupported media type", http.StatusUnsupportedMediaType}
	problemValidation       = problemKind{"/problems/validation", "Invalid fields", http.StatusUnprocessableEntity}
	problemPrecondition     = problemKind{"/problems/precondition-required", "Precondition required", http.StatusPreconditionRequired}
	problemStale            = problemKind{"/problems/precondition-failed", "Precondition failed", http.StatusPreconditionFailed}
	problemTooManyRequests  = problemKind{"/problems/too-many-requests", "Too many requests", http.StatusTooManyRequests}
	problemInternal         = problemKind{"/problems/internal", "Internal error", http.StatusInternalServerError}
	problemHTTP             = problemKind{"/problems/http", "", 0} // any other status Echo raises
)

// handleError renders every error as problem+json. Internal errors are logged with the request id and
// never described to the client.
func (s *Server) handleError(err error, c echo.Context) {
	if errors.Is(err, errAnswered) {
		return
	}
	if c.Response().Committed {
		// The answer has begun (a streamed CSV): it can only be logged.
		s.log.Error("answer cut short", "request_id", c.Response().Header().Get(echo.HeaderXRequestID),
			"path", c.Request().URL.Path, "error", err)
		return
	}
	p := s.problem(err, c)
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/problem+json")
	if p.Status != http.StatusPreconditionFailed { // a 412 carries the current version's ETag
		h.Del("ETag")
	}
	h.Del(echo.HeaderCacheControl)
	h.Del(echo.HeaderContentDisposition)
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
	var na notAcceptable
	var mc *domain.MultipleChoices
	var ua unauthorized
	var fb forbidden
	var um unsupportedMedia
	var ir importRejected
	var tm tooManyRequests
	var pf preconditionFailed
	switch {
	case errors.As(err, &tm):
		return p(problemTooManyRequests, tm.Error(), nil)
	case errors.As(err, &ir):
		pr := p(problemValidation, ir.Error(), nil)
		pr.Report = &ir.report
		return pr
	case errors.As(err, &na):
		return p(problemNotAcceptable, na.Error(), nil)
	case errors.As(err, &ua):
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, wwwAuthenticate(ua))
		return p(problemUnauthorized, ua.Error(), nil)
	case errors.As(err, &fb):
		return p(problemForbidden, fb.Error(), nil)
	case errors.As(err, &um):
		return p(problemUnsupportedMedia, um.Error(), nil)
	case errors.As(err, new(preconditionRequired)):
		return p(problemPrecondition, preconditionRequired{}.Error(), nil)
	case errors.As(err, &pf):
		c.Response().Header().Set("ETag", pf.etag)
		return p(problemStale, pf.Error(), nil)
	case errors.As(err, &de) && de.Code == domain.ESTALE:
		// Another write came between the check of If-Match and this one's: its version names the record.
		c.Response().Header().Set("ETag", versionTag(de.Current))
		return p(problemStale, de.Message, nil)
	case errors.As(err, &de) && de.Code == domain.EUNPROCESSABLE:
		return p(problemValidation, de.Message, de.Fields)
	case errors.As(err, &mc):
		pr := p(problemMultipleChoices, "", nil)
		var names []string
		for _, t := range mc.Successors {
			pr.Choices = append(pr.Choices, Choice{Code: t.Code, Name: t.Name, Href: "/api/v1/municipalities/" + t.Code})
			names = append(names, t.Code+" "+t.Name)
		}
		pr.Detail = fmt.Sprintf("The code %s is no longer in force, and its municipality became several: %s. Choose one; the API does not guess.",
			mc.Code, strings.Join(names, ", "))
		return pr
	case errors.Is(err, query.ErrUnknownParameter) && errors.As(err, &de):
		return p(problemUnknownParameter, de.Message, de.Fields)
	case errors.As(err, &de) && de.Code == domain.EINVALID:
		return p(problemInvalidParameter, de.Message, de.Fields)
	case errors.As(err, &de) && de.Code == domain.ENOTFOUND:
		return p(problemNotFound, de.Message, nil)
	case errors.As(err, &de) && de.Code == domain.ECONFLICT:
		return p(problemConflict, de.Message, de.Fields)
	case errors.As(err, &he) && he.Code == http.StatusNotFound:
		return p(problemNotFound, fmt.Sprintf("There is no resource at %s; the API's routes are listed at /openapi.json.", c.Request().URL.Path), nil)
	case errors.As(err, &he) && he.Code == http.StatusMethodNotAllowed:
		return p(problemMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s; the methods it takes are in /openapi.json.", c.Request().Method, c.Request().URL.Path), nil)
	case errors.As(err, &he) && he.Code < http.StatusInternalServerError:
		k := problemHTTP
		k.status, k.title = he.Code, http.StatusText(he.Code)
		return p(k, fmt.Sprint(he.Message), nil)
	}
	s.log.Error("request failed", "request_id", reqID, "method", c.Request().Method, "path", c.Request().URL.Path, "error", err)
	return p(problemInternal, "Something went wrong on our side. Quote the request id if you report it.", nil)
}
