package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// Collection is the envelope of every collection answer.
type Collection[T any] struct {
	Data []T            `json:"data"`
	Meta CollectionMeta `json:"meta"`
}

// CollectionMeta says how the collection was paged.
type CollectionMeta struct {
	Limit int `json:"limit" example:"50"`
	// Next is the path and query of the next page, null on the last page.
	Next *string `json:"next" example:"/api/v1/municipalities?cursor=WyIwNDIwIl0&limit=50"`
	// Total counts every item the filters select, over all pages.
	Total int64 `json:"total" example:"357"`
}

// collection renders one page of l, linking the next page by the same path and query with the cursor.
func collection[T any](c echo.Context, l domain.List[T], page domain.Page) error {
	body := Collection[T]{Data: l.Items, Meta: CollectionMeta{Limit: page.Limit, Total: l.Total}}
	if body.Data == nil {
		body.Data = []T{}
	}
	if l.NextCursor != "" {
		u := *c.Request().URL
		q := u.Query()
		q.Set("cursor", l.NextCursor)
		next := (&url.URL{Path: u.Path, RawQuery: q.Encode()}).String()
		body.Meta.Next = &next
	}
	return c.JSON(http.StatusOK, body)
}

// jsonSerializer is Echo's JSON encoding without HTML escaping, so links read "&", not "\u0026".
type jsonSerializer struct{ echo.DefaultJSONSerializer }

func (jsonSerializer) Serialize(c echo.Context, i any, indent string) error {
	enc := json.NewEncoder(c.Response())
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	return enc.Encode(i)
}

// servePages answers a collection that takes only paging parameters.
func servePages[T any](c echo.Context, list func(context.Context, domain.Page) (domain.List[T], error)) error {
	q, err := readQuery(c, pageParams...)
	if err != nil {
		return err
	}
	page := q.page()
	if err := q.err(); err != nil {
		return err
	}
	l, err := list(c.Request().Context(), page)
	if err != nil {
		return err
	}
	return collection(c, l, page)
}

// getByPath answers a single resource named by one path parameter, which read validates.
func getByPath[T any](c echo.Context, read func(echo.Context) (string, error), get func(context.Context, string) (T, error)) error {
	key, err := read(c)
	if err != nil {
		return err
	}
	if err := noParams(c); err != nil {
		return err
	}
	item, err := get(c.Request().Context(), key)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, item)
}
