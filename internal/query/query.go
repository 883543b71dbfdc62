// Package query is the one query mechanism of every collection. Each collection declares what may be
// filtered (with types), sorted, searched, selected and included (a Spec); Parse checks a query string
// against that declaration and rejects the rest with an error that names what is allowed. The store turns
// the parsed Query into SQL; the API renders its rows.
package query

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/byregion/byregion/internal/domain"
)

// Type is the type of a field's values in the query string.
type Type int

const (
	String Type = iota
	Code        // a municipality code: four digits
	County      // a county code: two digits
	Slug        // an id: lower-case letters, digits and single hyphens
	Year        // a year of four digits
	Int         // an integer
	Number      // a decimal number
	Bool        // true or false
	Enum        // one of Field.Enum
	Date        // a calendar date, YYYY-MM-DD
)

// Field is a field a collection declares.
type Field struct {
	Name   string   // the name in the query string and in the answer
	Column string   // the SQL expression the store filters and sorts by; empty when the store handles it itself
	Type   Type     // what its values are
	Enum   []string // the values of an Enum
	Filter bool     // ?name=value, or a comma-separated list ?name=a,b
	Range  bool     // ?name=min..max, either end optional
	Sort   bool     // may appear in sort=
	Text   bool     // text: sorts in Norwegian order
	// Resolved marks a filter the store resolves itself although the field has a column to sort by
	// (a municipality code, which may be one no longer in force).
	Resolved bool
	// Example is a value the filter takes, for the docs, where its type does not make one plain.
	Example string
}

// Spec declares what a collection allows.
type Spec struct {
	Fields []Field
	// Search is the SQL expression of the folded search key; empty when q= is not allowed.
	Search string
	// ID is the SQL expression of the unique tiebreaker that ends every sort.
	ID string
	// DefaultSort is the sort when the query gives none.
	DefaultSort []SortKey
	// Select lists the fields of an item that fields= may name; empty when fields= is not allowed.
	Select []string
	// Include lists what include= may embed.
	Include []string
	// Params are the endpoint's own parameters (from, to, format, ...), read by the endpoint itself.
	Params []string
}

// Filter is one filter of a query.
type Filter struct {
	Field    Field
	Values   []string // any of these (for a list); one for an equality
	Min, Max string   // the bounds of a range, "" when open
}

// SortKey is one key of a sort.
type SortKey struct {
	Field Field
	Desc  bool
}

// Query is a parsed query string.
type Query struct {
	Filters []Filter
	Search  string    // folded; "" when none
	Sort    []SortKey // never empty: the default when none is given
	Fields  []string  // fields= selection; empty means all
	Include []string
	Page    domain.Page
	Count   bool // count=true: compute meta.total
	// Values holds the endpoint's own parameters, validated by the endpoint.
	Values url.Values
}

// Filter returns the filter on the named field, if the query has one.
func (q Query) Filter(name string) (Filter, bool) {
	for _, f := range q.Filters {
		if f.Field.Name == name {
			return f, true
		}
	}
	return Filter{}, false
}

// Value is the single value of the named filter, "" when the query has none.
func (q Query) Value(name string) string {
	if f, ok := q.Filter(name); ok && len(f.Values) == 1 {
		return f.Values[0]
	}
	return ""
}

// With adds a filter on the named field of spec, one the request itself decides, such as the region a
// path names (/regions/{slug}/goals).
func (q Query) With(spec Spec, name string, values ...string) Query {
	for _, f := range spec.Fields {
		if f.Name == name {
			f.Filter = true
			q.Filters = append(slices.Clone(q.Filters), Filter{Field: f, Values: values})
			return q
		}
	}
	panic("query: " + name + " is not a field of the spec") // a programming error, caught by any test
}

// All is the query for every item of a collection, in its default order: for embedding and summaries.
func (s Spec) All() Query { return Query{Sort: s.DefaultSort} }

// Includes reports whether include= names what.
func (q Query) Includes(what string) bool { return slices.Contains(q.Include, what) }

// SortString is the canonical form of the sort, as sort= writes it.
func (q Query) SortString() string {
	var parts []string
	for _, k := range q.Sort {
		if k.Desc {
			parts = append(parts, "-"+k.Field.Name)
		} else {
			parts = append(parts, k.Field.Name)
		}
	}
	return strings.Join(parts, ",")
}

const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// common are the parameters every collection takes.
var common = []string{"limit", "cursor", "count"}

// Allowed lists every parameter a spec takes, sorted. Only a collection (a spec with an ID) pages.
func (s Spec) Allowed() []string {
	var out []string
	if s.ID != "" {
		out = slices.Clone(common)
	}
	out = append(out, s.Params...)
	for _, f := range s.Fields {
		if f.Filter || f.Range {
			out = append(out, f.Name)
		}
	}
	if s.Search != "" {
		out = append(out, "q")
	}
	if s.sortable() {
		out = append(out, "sort")
	}
	if len(s.Select) > 0 {
		out = append(out, "fields")
	}
	if len(s.Include) > 0 {
		out = append(out, "include")
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (s Spec) sortable() bool {
	for _, f := range s.Fields {
		if f.Sort {
			return true
		}
	}
	return false
}

func (s Spec) field(name string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

func (s Spec) names(pred func(Field) bool) []string {
	var out []string
	for _, f := range s.Fields {
		if pred(f) {
			out = append(out, f.Name)
		}
	}
	return out
}

// Parse checks values against the spec: unknown parameters are an error naming the allowed ones; every
// invalid value is listed in one error.
func Parse(values url.Values, spec Spec) (Query, error) {
	allowed := spec.Allowed()
	var unknown []string
	for name := range values {
		if !slices.Contains(allowed, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		return Query{}, Unknown(unknown, allowed)
	}
	p := &parser{values: values}
	for name, vs := range values {
		if len(vs) > 1 {
			p.fail(name, "is given more than once; give it once (a list is comma-separated)")
		}
	}
	q := Query{Values: url.Values{}, Page: p.page(), Count: p.boolean("count")}
	for _, name := range spec.Params {
		if v, ok := values[name]; ok {
			q.Values[name] = v
		}
	}
	for _, f := range spec.Fields {
		v, ok := values[f.Name]
		if !ok || !(f.Filter || f.Range) {
			continue
		}
		if filter, ok := p.filter(f, v[0]); ok {
			q.Filters = append(q.Filters, filter)
		}
	}
	if v, ok := values["q"]; ok {
		q.Search = Fold(v[0])
		if q.Search == "" {
			p.fail("q", "must contain at least one letter or digit")
		}
		if len([]rune(v[0])) > 200 {
			p.fail("q", "must be at most 200 characters")
		}
	}
	q.Sort = p.sort(spec)
	q.Fields = p.list("fields", spec.Select)
	q.Include = p.list("include", spec.Include)
	return q, p.err()
}

// Unknown is the error for parameters an endpoint does not take.
func Unknown(unknown, allowed []string) error {
	slices.Sort(unknown)
	allowedText := "none"
	if len(allowed) > 0 {
		allowedText = strings.Join(allowed, ", ")
	}
	var quoted []string
	for _, n := range unknown {
		quoted = append(quoted, strconv.Quote(n))
	}
	e := &domain.Error{Code: domain.EUNKNOWNPARAMETER,
		Message: fmt.Sprintf("Unknown query parameter %s. This endpoint takes: %s.", strings.Join(quoted, ", "), allowedText)}
	for _, name := range unknown {
		e.Fields = append(e.Fields, domain.FieldError{Field: name, In: "query",
			Message: "is not a parameter of this endpoint; allowed: " + allowedText})
	}
	return e
}

// parser reads values and records every problem.
type parser struct {
	values url.Values
	errs   []domain.FieldError
}

func (p *parser) fail(name, message string) {
	for _, e := range p.errs {
		if e.Field == name {
			return // one message per parameter
		}
	}
	p.errs = append(p.errs, domain.FieldError{Field: name, In: "query", Message: message})
}

func (p *parser) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	slices.SortFunc(p.errs, func(a, b domain.FieldError) int { return strings.Compare(a.Field, b.Field) })
	var parts []string
	for _, e := range p.errs {
		parts = append(parts, fmt.Sprintf("%q %s", e.Field, e.Message))
	}
	return &domain.Error{Code: domain.EINVALID, Message: "Parameter " + strings.Join(parts, "; ") + ".", Fields: p.errs}
}

func (p *parser) page() domain.Page {
	page := domain.Page{Limit: DefaultLimit, Cursor: p.values.Get("cursor")}
	if s, ok := p.values["limit"]; ok {
		n, err := strconv.Atoi(s[0])
		if err != nil || n < 1 || n > MaxLimit {
			p.fail("limit", fmt.Sprintf("must be an integer from 1 to %d", MaxLimit))
		}
		page.Limit = n
	}
	if _, ok := p.values["cursor"]; ok && page.Cursor == "" {
		p.fail("cursor", "must not be empty; use the next link of a previous page")
	}
	return page
}

func (p *parser) boolean(name string) bool {
	v, ok := p.values[name]
	if !ok {
		return false
	}
	b, err := strconv.ParseBool(v[0])
	if err != nil || (v[0] != "true" && v[0] != "false") {
		p.fail(name, "must be true or false")
	}
	return b
}

var patterns = map[Type]*regexp.Regexp{
	Code:   regexp.MustCompile(`^[0-9]{4}$`),
	County: regexp.MustCompile(`^[0-9]{2}$`),
	Slug:   regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`),
	Year:   regexp.MustCompile(`^[0-9]{4}$`),
	Int:    regexp.MustCompile(`^-?[0-9]{1,15}$`),
	Number: regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,6})?$`),
	Bool:   regexp.MustCompile(`^(true|false)$`),
}

// Rule says what a value of the type must be.
func Rule(t Type, enum []string) string {
	switch t {
	case Code:
		return "must be a municipality code of four digits, such as 5501 or 0301"
	case County:
		return "must be a county code of two digits, such as 55"
	case Slug:
		return "must be an id: lower-case letters, digits and single hyphens, such as tromsoregionen"
	case Year:
		return "must be a year of four digits, such as 2015"
	case Int:
		return "must be an integer"
	case Number:
		return "must be a number with a point for decimals, such as 2520.8"
	case Bool:
		return "must be true or false"
	case Enum:
		return "must be one of " + strings.Join(enum, ", ")
	case Date:
		return "must be a date YYYY-MM-DD, such as 2016-06-01"
	}
	return "must not be empty"
}

// Valid reports whether s is a value of the type.
func Valid(t Type, enum []string, s string) bool {
	switch t {
	case String:
		return s != "" && len(s) <= 200
	case Enum:
		return slices.Contains(enum, s)
	case Date:
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	}
	return patterns[t].MatchString(s)
}

func (p *parser) filter(f Field, v string) (Filter, bool) {
	if f.Range {
		if lo, hi, ok := strings.Cut(v, ".."); ok {
			if (lo != "" && !Valid(f.Type, f.Enum, lo)) || (hi != "" && !Valid(f.Type, f.Enum, hi)) || (lo == "" && hi == "") {
				p.fail(f.Name, "must be a range min..max (either end may be left out) where each end "+Rule(f.Type, f.Enum)[len("must be "):])
				return Filter{}, false
			}
			if lo != "" && hi != "" && less(f.Type, hi, lo) {
				p.fail(f.Name, "must be a range whose minimum is not above its maximum")
				return Filter{}, false
			}
			return Filter{Field: f, Min: lo, Max: hi}, true
		}
		if !f.Filter {
			p.fail(f.Name, "must be a range min..max, such as 1000..5000 (either end may be left out)")
			return Filter{}, false
		}
	}
	values := strings.Split(v, ",")
	for _, x := range values {
		if !Valid(f.Type, f.Enum, x) {
			rule := Rule(f.Type, f.Enum)
			if len(values) > 1 {
				rule = "must be a comma-separated list where each value " + rule[len("must "):]
			}
			if f.Type == Code && strings.ContainsFunc(x, unicode.IsLetter) {
				// A name where a code belongs: say where the code is found.
				rule += fmt.Sprintf("; %q is a name: find its code by searching the municipalities with q=%s", x, url.QueryEscape(x))
			}
			p.fail(f.Name, rule)
			return Filter{}, false
		}
	}
	if len(values) > 100 {
		p.fail(f.Name, "must list at most 100 values")
		return Filter{}, false
	}
	return Filter{Field: f, Values: values}, true
}

func less(t Type, a, b string) bool {
	if t == Int || t == Number || t == Year {
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		return x < y
	}
	return a < b
}

func (p *parser) sort(spec Spec) []SortKey {
	v, ok := p.values["sort"]
	if !ok {
		return spec.DefaultSort
	}
	allowed := spec.names(func(f Field) bool { return f.Sort })
	var keys []SortKey
	seen := map[string]bool{}
	for _, part := range strings.Split(v[0], ",") {
		desc := strings.HasPrefix(part, "-")
		name := strings.TrimPrefix(part, "-")
		f, ok := spec.field(name)
		if !ok || !f.Sort || seen[name] {
			p.fail("sort", fmt.Sprintf("must be a comma-separated list of fields, each at most once and each with - before it for descending order, from: %s", strings.Join(allowed, ", ")))
			return spec.DefaultSort
		}
		seen[name] = true
		keys = append(keys, SortKey{Field: f, Desc: desc})
	}
	return keys
}

func (p *parser) list(name string, allowed []string) []string {
	v, ok := p.values[name]
	if !ok {
		return nil
	}
	var out []string
	for _, x := range strings.Split(v[0], ",") {
		if !slices.Contains(allowed, x) {
			p.fail(name, "must be a comma-separated list from: "+strings.Join(allowed, ", "))
			return nil
		}
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
