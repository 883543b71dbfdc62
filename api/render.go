package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	gojson "github.com/goccy/go-json"
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/jsonstat"
	"github.com/byregion/byregion/internal/query"
)

// Collection is the envelope of every collection answer in JSON.
type Collection[T any] struct {
	Data []T            `json:"data"`
	Meta CollectionMeta `json:"meta"`
}

// CollectionMeta says how the collection was paged.
type CollectionMeta struct {
	Limit int `json:"limit" example:"50"`
	// Next is the absolute URL of the next page, null on the last page. The Link header has it too.
	Next *string `json:"next" example:"http://localhost:8080/api/v1/municipalities?cursor=eyJzIjoiY29kZSIsInYiOlsiMDQyMCIsIjA0MjAiXX0&limit=50"`
	// Total counts every item the filters select, over all pages. It is computed only when asked for with
	// count=true, and null otherwise: counting costs as much as reading the whole result.
	Total *int64 `json:"total" example:"357"`
	// Mapped lists the codes no longer in force that a filter named, and the municipalities in force they
	// were read as. The Code-Mapping header says the same for every format.
	Mapped []domain.CodeMapping `json:"mapped,omitempty"`
	// Coverage says where the data begin and end, when the years asked for (from, to) left the answer empty.
	Coverage *domain.Coverage `json:"coverage,omitempty"`
	// Hint helps with an answer a filter left empty: a county code no longer in force, with the date it was
	// and what its municipalities are in now.
	Hint string `json:"hint,omitempty" example:"County 19 (Troms) had no municipality on 2026-12-06: it was in force until 2020-01-01. Its municipalities are in 55 (Troms) today; ask with at=2019-12-31 for them as they were."`
}

// listing is how one collection is answered: its store call, and what it can embed or render as JSON-stat.
type listing[T any] struct {
	list func(context.Context, query.Query) (domain.List[T], error)
	// rows reads the whole result as it goes, for CSV and JSON-stat; nil pages through list instead.
	rows func(context.Context, query.Query) (domain.Rows[T], error)
	// embed adds what include= asks for to a page of items, with a fixed number of queries; nil when the
	// collection embeds nothing.
	embed func(context.Context, query.Query, []T) ([]any, error)
	// jsonstat renders every item as a JSON-stat dataset (made by completed); nil when the collection has none.
	jsonstat func(context.Context, []T) (jsonstat.Dataset, error)
}

// serve answers the collection in the format the request asks for: JSON (one page), CSV (the whole
// result, streamed), XLSX (the whole result, and the sources it cites, which the server's store completes)
// or JSON-stat (the whole result).
func (l listing[T]) serve(s *Server, c echo.Context, q query.Query) error {
	offered := []string{formatJSON, formatCSV, formatXLSX}
	if l.jsonstat != nil {
		offered = append(offered, formatJSONStat)
	}
	format, err := negotiate(c, q, offered...)
	if err != nil {
		return err
	}
	d, err := dialect(q, format)
	if err != nil {
		return err
	}
	if format != formatJSON {
		for _, name := range []string{"limit", "cursor", "include", "count"} {
			if name == "limit" && format != formatJSONStat {
				continue // a preview: the first rows of the export
			}
			if c.QueryParams().Has(name) {
				return domain.Invalid("query", name, fmt.Sprintf("is only for JSON; a %s answer holds the whole result", format))
			}
		}
	}
	switch format {
	case formatCSV:
		rows, err := l.everything(c.Request().Context(), q)
		if err != nil {
			return err
		}
		if c.QueryParams().Has("limit") {
			rows = firstRows(rows, q.Page.Limit)
		}
		return streamCSV(c, q, rows, d)
	case formatXLSX:
		rows, err := l.everything(c.Request().Context(), q)
		if err != nil {
			return err
		}
		if c.QueryParams().Has("limit") {
			rows = firstRows(rows, q.Page.Limit)
		}
		return answerXLSX(c, q, rows, s.inFull)
	case formatJSONStat:
		rows, err := l.everything(c.Request().Context(), q)
		if err != nil {
			return err
		}
		var items []T
		if err := rows.Each(func(item T) error { items = append(items, item); return nil }); err != nil {
			return err
		}
		d, err := l.jsonstat(c.Request().Context(), items)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, d)
	}
	page, err := l.list(c.Request().Context(), q)
	if err != nil {
		return err
	}
	data := anys(page.Items)
	if len(q.Include) > 0 && l.embed != nil {
		if data, err = l.embed(c.Request().Context(), q, page.Items); err != nil {
			return err
		}
	}
	return collection(c, q, page, data)
}

// everything is the whole result of a collection, item by item: read as it goes where the store can,
// else page by page. Errors the store finds before reading (a filter naming nothing) come first, before
// anything is written.
func (l listing[T]) everything(ctx context.Context, q query.Query) (domain.Rows[T], error) {
	if l.rows != nil {
		return l.rows(ctx, q)
	}
	q.Page = domain.Page{Limit: query.MaxLimit}
	first, err := l.list(ctx, q)
	if err != nil {
		return domain.Rows[T]{}, err
	}
	return domain.Rows[T]{Mapped: first.Mapped, Each: func(yield func(T) error) error {
		for page := first; ; {
			for _, item := range page.Items {
				if err := yield(item); err != nil {
					return err
				}
			}
			if page.NextCursor == "" {
				return nil
			}
			q.Page.Cursor = page.NextCursor
			if page, err = l.list(ctx, q); err != nil {
				return err
			}
		}
	}}, nil
}

// errEnough ends a preview's reading once it has its rows.
var errEnough = errors.New("enough rows")

// firstRows are the first n of rows: an export's preview.
func firstRows[T any](rows domain.Rows[T], n int) domain.Rows[T] {
	each := rows.Each
	rows.Each = func(yield func(T) error) error {
		count := 0
		err := each(func(item T) error {
			if count == n {
				return errEnough
			}
			count++
			return yield(item)
		})
		if errors.Is(err, errEnough) {
			return nil
		}
		return err
	}
	return rows
}

// completed is a JSON-stat builder whose datasets the store completes: every source named by id only is
// given in full, with its licence, and the dataset cites them all (credits, updated from the dates the
// sources were retrieved, SSB's table id). Updated is the sources' date, not when this server loaded or last
// changed its data, which says nothing of how recent the figures are.
func completed[T any](s *Server, build func([]T) jsonstat.Dataset) func(context.Context, []T) (jsonstat.Dataset, error) {
	return func(ctx context.Context, items []T) (jsonstat.Dataset, error) {
		d := build(items)
		full, err := s.inFull(ctx, d.Extension.Sources)
		if err != nil {
			return d, err
		}
		d.Extension.Sources = full
		d.Cite()
		d.Note = append(d.Note, "Kilder og lisenser står i extension.sources og på /api/v1/sources.")
		return d, nil
	}
}

// inFull gives in full the sources an answer names, some by id only (totals and indicators know no more),
// in one read of the store. A source named that the store does not hold is the data's fault, not the
// client's: an internal error, never a 404.
func (s *Server) inFull(ctx context.Context, cited []domain.Source) ([]domain.Source, error) {
	var ids []string
	for _, src := range cited {
		if src.Title == "" {
			ids = append(ids, src.ID)
		}
	}
	if len(ids) == 0 {
		return cited, nil
	}
	known, err := s.store.SourcesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Source, len(cited))
	for i, src := range cited {
		if src.Title == "" {
			full, ok := known[src.ID]
			if !ok {
				return nil, fmt.Errorf("the answer cites source %q, which the store does not hold", src.ID)
			}
			src = full
		}
		out[i] = src
	}
	return out, nil
}

// collection renders one page as JSON: the fields asked for, and links to the next and first pages in
// the body and in an RFC 8288 Link header.
func collection[T any](c echo.Context, q query.Query, page domain.List[T], items []any) error {
	data, err := selectFields(items, q)
	if err != nil {
		return err
	}
	body := Collection[any]{Data: data, Meta: CollectionMeta{Limit: q.Page.Limit, Mapped: page.Mapped, Coverage: page.Coverage,
		Hint: page.Hint}}
	if q.Count {
		body.Meta.Total = &page.Total
	}
	nextCursor := page.NextCursor
	codeMappingHeader(c, page.Mapped)
	u := c.Request().URL
	values := u.Query()
	values.Del("cursor")
	first := link(c, u.Path, values)
	links := fmt.Sprintf(`<%s>; rel="first"`, first)
	if nextCursor != "" {
		values.Set("cursor", nextCursor)
		next := link(c, u.Path, values)
		body.Meta.Next = &next
		links = fmt.Sprintf(`<%s>; rel="next", `, next) + links
	}
	c.Response().Header().Set("Link", links)
	return answerJSON(c, q, body)
}

// answerJSON answers JSON; with fields=, as the sparse media type, whose items need not carry every field
// the full answer's schema requires.
func answerJSON(c echo.Context, q query.Query, v any) error {
	if len(q.Fields) == 0 {
		return c.JSON(http.StatusOK, v)
	}
	b, err := encodeJSON(v)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, mediaSparse, b)
}

// originKey holds, in a request's context, the scheme and host its links begin with.
const originKey = "origin"

// link is an absolute URL of this API: a browser app on another origin can follow it as it is.
func link(c echo.Context, path string, values url.Values) string {
	origin, _ := c.Get(originKey).(string)
	return origin + (&url.URL{Path: path, RawQuery: values.Encode()}).String()
}

// origin is the scheme and host of the API as the client reached it: the configured public URL, or the
// request's own, with what a trusted proxy forwarded (X-Forwarded-Proto and -Host) believed.
func (s *Server) origin(req *http.Request) string {
	if s.publicURL != "" {
		return s.publicURL
	}
	scheme, host := "http", req.Host
	if req.TLS != nil {
		scheme = "https"
	}
	if s.fromTrustedProxy(req) {
		if p := firstValue(req.Header.Get("X-Forwarded-Proto")); p == "http" || p == "https" {
			scheme = p
		}
		if h := firstValue(req.Header.Get("X-Forwarded-Host")); hostPattern.MatchString(h) {
			host = h
		}
	}
	return scheme + "://" + host
}

// hostPattern is a host name or address with an optional port, as a Host header may carry it.
var hostPattern = regexp.MustCompile(`^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$`)

// firstValue is the first of a header's comma-separated values: the one the client's side set.
func firstValue(h string) string {
	first, _, _ := strings.Cut(h, ",")
	return strings.TrimSpace(first)
}

// fromTrustedProxy reports whether a request came straight from a proxy whose forwarded headers are believed.
func (s *Server) fromTrustedProxy(req *http.Request) bool {
	host, _, err := net.SplitHostPort(req.RemoteAddr)
	if err != nil {
		host = req.RemoteAddr
	}
	ip := net.ParseIP(host)
	for _, r := range s.trustedProxies {
		if ip != nil && r.Contains(ip) {
			return true
		}
	}
	return false
}

// anys is a slice's items as values of any, for the renderers that take any kind.
func anys[T any](items []T) []any {
	out := make([]any, len(items))
	for i := range items {
		out[i] = items[i]
	}
	return out
}

// selectFields keeps the top-level fields that fields= names (and what include= embedded).
func selectFields(items []any, q query.Query) ([]any, error) {
	if len(q.Fields) == 0 {
		return items, nil
	}
	out := make([]any, len(items))
	for i, item := range items {
		b, err := json.Marshal(item)
		if err != nil {
			return nil, err
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		for k := range m {
			if !slices.Contains(q.Fields, k) && !slices.Contains(q.Include, k) {
				delete(m, k)
			}
		}
		out[i] = m
	}
	return out, nil
}

// single renders one resource as JSON, with the fields asked for.
func single(c echo.Context, q query.Query, item any) error {
	data, err := selectFields([]any{item}, q)
	if err != nil {
		return err
	}
	return answerJSON(c, q, data[0])
}

// jsonSerializer is Echo's JSON encoding without HTML escaping, so links read "&", not "\u0026".
type jsonSerializer struct{ echo.DefaultJSONSerializer }

func (jsonSerializer) Serialize(c echo.Context, i any, indent string) error {
	enc := gojson.NewEncoder(c.Response())
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	return enc.Encode(i)
}

// encodeJSON is a value's JSON exactly as the serializer sends it.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := gojson.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// pathKey reads the one path parameter, validated by read, that names a single answer: such an answer
// takes no query parameters and is JSON only.
func pathKey(c echo.Context, read func(echo.Context) (string, error)) (string, error) {
	key, err := read(c)
	if err != nil {
		return "", err
	}
	if err := noParams(c); err != nil {
		return "", err
	}
	return key, jsonOnly(c, query.Query{})
}

// getByPath answers a single resource named by one path parameter, which read validates.
func getByPath[T any](c echo.Context, read func(echo.Context) (string, error), get func(context.Context, string) (T, error)) error {
	key, err := pathKey(c, read)
	if err != nil {
		return err
	}
	item, err := get(c.Request().Context(), key)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, item)
}

// codeMappingHeader says which codes no longer in force were read as which municipalities: "1902=5501".
func codeMappingHeader(c echo.Context, mapped []domain.CodeMapping) {
	for _, m := range mapped {
		c.Response().Header().Add("Code-Mapping", m.From+"="+strings.Join(m.To, ","))
	}
}
