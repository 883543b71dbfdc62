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
	problemBusy             = problemKind{"/problems/busy", "Busy", http.StatusServiceUnavailable}
	problemTooLarge         = problemKind{"/problems/too-large", "Body too large", http.StatusRequestEntityTooLarge}
	problemBodyTimeout      = problemKind{"/problems/body-timeout", "Body too slow", http.StatusRequestTimeout}
	problemURITooLong       = problemKind{"/problems/uri-too-long", "Address too long", http.StatusRequestURITooLong}
	problemInternal         = problemKind{"/problems/internal", "Internal error", http.StatusInternalServerError}
	problemHTTP             = problemKind{"/problems/http", "", 0} // any other status Echo raises
)

// domainProblems is the one map from the domain's error codes to the problems the API answers with.
var domainProblems = map[domain.Code]problemKind{
	domain.EINVALID:          problemInvalidParameter,
	domain.EUNKNOWNPARAMETER: problemUnknownParameter,
	domain.ENOTFOUND:         problemNotFound,
	domain.ECONFLICT:         problemConflict,
	domain.EUNPROCESSABLE:    problemValidation,
	domain.ESTALE:            problemStale,
	domain.EAMBIGUOUS:        problemMultipleChoices,
	domain.EKEYREUSED:        problemValidation,
	domain.EBUSY:             problemBusy,
}

// busyRetryAfter is the Retry-After of a write refused as busy, in seconds: the queue moves in milliseconds,
// but the write that held it may be an import.
const busyRetryAfter = "2"

// httpProblem is an error of the HTTP layer itself (no key, a media type, a precondition), which knows
// its kind of problem, and may add to the answer (a header, a report).
type httpProblem interface {
	error
	problem() problemKind
}

// decorated is an httpProblem that adds to its answer.
type decorated interface {
	decorate(c echo.Context, p *Problem)
}

// handleError renders every error as problem+json. Internal errors are logged with the request id and
// never described to the client.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		// The answer has begun (a streamed CSV): it can only be logged.
		s.log.Error("answer cut short", "request_id", c.Response().Header().Get(echo.HeaderXRequestID),
			"path", c.Request().URL.Path, "error", err)
		return
	}
	p := s.problem(err, c)
	h := c.Response().Header()
	if r := c.Request(); r.ContentLength != 0 && r.Method != http.MethodGet && r.Method != http.MethodHead {
		// The body may be unread, or still arriving: closing the connection after the answer spares the
		// server from reading it first, so even a slow client gets its 401 or 413 at once.
		h.Set(echo.HeaderConnection, "close")
	}
	h.Set(echo.HeaderContentType, mediaProblem)
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
	var hp httpProblem
	var de *domain.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &hp):
		pr := p(hp.problem(), hp.Error(), nil)
		if d, ok := hp.(decorated); ok {
			d.decorate(c, &pr)
		}
		return pr
	case errors.As(err, &de) && domainProblems[de.Code].status != 0:
		pr := p(domainProblems[de.Code], de.Message, de.Fields)
		switch de.Code {
		case domain.ESTALE:
			// Another write came between the check of If-Match and this one's: its version names the record.
			c.Response().Header().Set("ETag", versionTag(de.Current))
		case domain.EBUSY:
			c.Response().Header().Set(echo.HeaderRetryAfter, busyRetryAfter)
		case domain.EKEYREUSED:
			pr.Errors = []domain.FieldError{{Field: "Idempotency-Key", In: "header", Message: "was used for a request with another body"}}
		case domain.EAMBIGUOUS:
			for _, t := range de.Choices {
				pr.Choices = append(pr.Choices, Choice{Code: t.Code, Name: t.Name, Href: "/api/v1/municipalities/" + t.Code})
			}
		}
		return pr
	case errors.As(err, &he) && he.Code == http.StatusNotFound:
		return p(problemNotFound, fmt.Sprintf("There is no resource at %s; the API's routes are listed at /openapi.json.", c.Request().URL.Path), nil)
	case errors.As(err, &he) && he.Code == http.StatusMethodNotAllowed:
		return p(problemMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s; the methods it takes are in /openapi.json.", c.Request().Method, c.Request().URL.Path), nil)
	case errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge:
		return p(problemTooLarge, "The body is over the size limit ("+s.limitOf(c)+"); send less, or for many observations use an import.", nil)
	case errors.As(err, &he) && he.Code < http.StatusInternalServerError:
		k := problemHTTP
		k.status, k.title = he.Code, http.StatusText(he.Code)
		return p(k, fmt.Sprint(he.Message), nil)
	}
	// The request's log line, at ERROR, carries the cause; the client gets the request id only.
	return p(problemInternal, "Something went wrong on our side. Quote the request id if you report it.", nil)
}

// limitOf is the body limit of the request's route, as configured.
func (s *Server) limitOf(c echo.Context) string {
	if c.Path() == "/api/v1/imports" {
		return s.maxImport
	}
	return s.maxBody
}

// The HTTP layer's own problems.

func (tooManyRequests) problem() problemKind      { return problemTooManyRequests }
func (notAcceptable) problem() problemKind        { return problemNotAcceptable }
func (unauthorized) problem() problemKind         { return problemUnauthorized }
func (forbidden) problem() problemKind            { return problemForbidden }
func (unsupportedMedia) problem() problemKind     { return problemUnsupportedMedia }
func (preconditionRequired) problem() problemKind { return problemPrecondition }
func (preconditionFailed) problem() problemKind   { return problemStale }
func (importRejected) problem() problemKind       { return problemValidation }
func (bodyTimeout) problem() problemKind          { return problemBodyTimeout }
func (uriTooLong) problem() problemKind           { return problemURITooLong }

func (u unauthorized) decorate(c echo.Context, _ *Problem) {
	c.Response().Header().Set(echo.HeaderWWWAuthenticate, wwwAuthenticate(u))
}

func (pf preconditionFailed) decorate(c echo.Context, _ *Problem) {
	c.Response().Header().Set("ETag", pf.etag)
}

func (ir importRejected) decorate(_ echo.Context, p *Problem) { p.Report = &ir.report }
