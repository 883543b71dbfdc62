package api

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// Every endpoint declares the query parameters it takes; readQuery rejects any other, and each accessor
// below validates one parameter and records what is wrong, so one 400 lists every bad parameter.

const (
	defaultLimit = 50
	maxLimit     = 1000
)

// pageParams are the parameters of every collection.
var pageParams = []string{"limit", "cursor"}

// query is a request's query string, checked against what the endpoint allows.
type query struct {
	values url.Values
	errs   []domain.FieldError
}

func readQuery(c echo.Context, allowed ...string) (*query, error) {
	values := c.QueryParams()
	var unknown []string
	q := &query{values: values}
	for name, vs := range values {
		if !slices.Contains(allowed, name) {
			unknown = append(unknown, name)
			continue
		}
		if len(vs) > 1 {
			q.fail(name, "is given more than once; give it once (a list is comma-separated)")
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		sorted := slices.Clone(allowed)
		sort.Strings(sorted)
		allowedText := "none"
		if len(sorted) > 0 {
			allowedText = strings.Join(sorted, ", ")
		}
		e := &domain.Error{Code: domain.EINVALID,
			Message: fmt.Sprintf("Unknown query parameter %s. This endpoint takes: %s.", strings.Join(quoteAll(unknown), ", "), allowedText)}
		for _, name := range unknown {
			e.Fields = append(e.Fields, domain.FieldError{Field: name, In: "query", Message: "is not a parameter of this endpoint; allowed: " + allowedText})
		}
		return nil, unknownParameters{e}
	}
	return q, nil
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strconv.Quote(n)
	}
	return out
}

func (q *query) fail(name, message string) {
	for _, e := range q.errs {
		if e.Field == name {
			return // one message per parameter
		}
	}
	q.errs = append(q.errs, domain.FieldError{Field: name, In: "query", Message: message})
}

// err is nil when every parameter read so far is valid.
func (q *query) err() error {
	if len(q.errs) == 0 {
		return nil
	}
	var parts []string
	for _, e := range q.errs {
		parts = append(parts, fmt.Sprintf("%q %s", e.Field, e.Message))
	}
	return &domain.Error{Code: domain.EINVALID, Message: "Parameter " + strings.Join(parts, "; ") + ".", Fields: q.errs}
}

func (q *query) page() domain.Page {
	p := domain.Page{Limit: defaultLimit, Cursor: q.values.Get("cursor")}
	if s, ok := q.values["limit"]; ok {
		n, err := strconv.Atoi(s[0])
		if err != nil || n < 1 || n > maxLimit {
			q.fail("limit", fmt.Sprintf("must be an integer from 1 to %d", maxLimit))
		}
		p.Limit = n
	}
	if _, ok := q.values["cursor"]; ok && p.Cursor == "" {
		q.fail("cursor", "must not be empty; use the next link of a previous page")
	}
	return p
}

var (
	codePattern   = regexp.MustCompile(`^[0-9]{4}$`)
	countyPattern = regexp.MustCompile(`^[0-9]{2}$`)
	slugPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

const (
	codeRule = "must be a municipality code of four digits, such as 5501 or 0301"
	slugRule = "must be a region id: lower-case letters, digits and single hyphens, such as tromsoregionen"
)

// code reads a four-digit municipality code, "" when absent.
func (q *query) code(name string) string {
	v, ok := q.values[name]
	if !ok {
		return ""
	}
	if !codePattern.MatchString(v[0]) {
		q.fail(name, codeRule)
	}
	return v[0]
}

// slug reads a region id, "" when absent.
func (q *query) slug(name string) string {
	v, ok := q.values[name]
	if !ok {
		return ""
	}
	if !slugPattern.MatchString(v[0]) {
		q.fail(name, slugRule)
	}
	return v[0]
}

// counties reads a comma-separated list of two-digit county codes.
func (q *query) counties(name string) []string {
	v, ok := q.values[name]
	if !ok {
		return nil
	}
	list := strings.Split(v[0], ",")
	for _, c := range list {
		if !countyPattern.MatchString(c) {
			q.fail(name, "must be county codes of two digits, comma-separated, such as 55 or 55,56")
		}
	}
	return list
}

// year reads a year from 1800 to 2200, 0 when absent.
func (q *query) year(name string) int {
	v, ok := q.values[name]
	if !ok {
		return 0
	}
	y, err := strconv.Atoi(v[0])
	if err != nil || y < 1800 || y > 2200 || len(v[0]) != 4 {
		q.fail(name, "must be a year of four digits, such as 2015")
	}
	return y
}

// phase reads a programme phase, 0 when absent.
func (q *query) phase(name string) int {
	v, ok := q.values[name]
	if !ok {
		return 0
	}
	if v[0] != "1" && v[0] != "2" {
		q.fail(name, "must be a programme phase: 1 or 2")
		return 0
	}
	return int(v[0][0] - '0')
}

// kind reads an observation kind.
func (q *query) kind(name string) domain.Kind {
	v, ok := q.values[name]
	if !ok {
		return ""
	}
	k := domain.Kind(v[0])
	if k != domain.KindOfficial && k != domain.KindReported {
		q.fail(name, "must be official or reported")
	}
	return k
}

// yearRange checks that from is not after to.
func (q *query) yearRange(from, to int) {
	if from != 0 && to != 0 && from > to {
		q.fail("to", "must not be before from")
	}
}

// pathParam reads a path parameter that must match pattern; rule says what it must be.
func pathParam(c echo.Context, name string, pattern *regexp.Regexp, rule string) (string, error) {
	v := c.Param(name)
	if !pattern.MatchString(v) {
		return "", &domain.Error{Code: domain.EINVALID, Message: fmt.Sprintf("Path parameter %q %s.", name, rule),
			Fields: []domain.FieldError{{Field: name, In: "path", Message: rule}}}
	}
	return v, nil
}

// pathCode reads a municipality code from the path.
func pathCode(c echo.Context) (string, error) { return pathParam(c, "code", codePattern, codeRule) }

// pathSlug reads a region id from the path.
func pathSlug(c echo.Context) (string, error) { return pathParam(c, "slug", slugPattern, slugRule) }

// pathID reads the id of a text or a source from the path.
func pathID(c echo.Context) (string, error) {
	return pathParam(c, "id", slugPattern, "must be an id: lower-case letters, digits and single hyphens, such as tromsoregionen-goal-1")
}
