package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// textWriter writes one kind of region text: the same protocol for every kind (strict bodies, If-Match,
// merge patch, Idempotency-Key), with the kind's own fields.
type textWriter[T any] struct {
	path     string   // "/api/v1/partners"
	writable []string // the fields a body may set
	readOnly []string // the fields of a GET answer a body may carry back, ignored; nil means just id
	required []string // the fields a create must have
	decode   func(r *fieldReader) T
	idOf     func(T) string
	get      func(ctx context.Context, id string) (domain.Versioned[T], error)
	create   func(ctx context.Context, actor string, item T, idem *domain.Idempotency) (domain.Versioned[T], error)
	replace  func(ctx context.Context, actor, id string, version int64, item T) (domain.Versioned[T], error)
	remove   func(ctx context.Context, actor, id string, version int64) error
	history  func(ctx context.Context, resource, id string) ([]domain.Change, error)
	resource string
	// pathID reads the record's id from the path; nil means an id of lower-case letters, digits and hyphens.
	pathID func(c echo.Context) (string, error)
}

func (w textWriter[T]) id(c echo.Context) (string, error) {
	if w.pathID != nil {
		return w.pathID(c)
	}
	return pathID(c)
}

// readOnlyFields are the fields of a GET answer a body may carry back; they are ignored.
var readOnlyFields = []string{"id"}

func (w textWriter[T]) ignored() []string {
	if w.readOnly == nil {
		return readOnlyFields
	}
	return w.readOnly
}

func (w textWriter[T]) read(fields map[string]json.RawMessage, required []string) (T, error) {
	r := fieldReader{fields: fields}
	r.require(required...)
	item := w.decode(&r)
	return item, r.err()
}

func (w textWriter[T]) serveGet(c echo.Context) error {
	id, err := w.id(c)
	if err != nil {
		return err
	}
	if err := noParams(c); err != nil {
		return err
	}
	if err := jsonOnly(c, query.Query{}); err != nil {
		return err
	}
	v, err := w.get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return serveRecord(c, http.StatusOK, v.Version, v.Item)
}

// body reads a create's or a replace's JSON body as an item, and the body's bytes.
func (w textWriter[T]) body(c echo.Context) (T, []byte, error) {
	var item T
	fields, raw, err := readBody(c, mediaJSON, w.writable, w.ignored())
	if err != nil {
		return item, nil, err
	}
	item, err = w.read(fields, w.required)
	return item, raw, err
}

func (w textWriter[T]) serveCreate(c echo.Context) error {
	if err := noParams(c); err != nil {
		return err
	}
	item, raw, err := w.body(c)
	if err != nil {
		return err
	}
	var idem *domain.Idempotency
	if key := c.Request().Header.Get("Idempotency-Key"); key != "" {
		idem = &domain.Idempotency{Key: key, RequestHash: requestHash(c, raw), Location: func(state any, version int64) (string, string) {
			_, etag, _ := recordAnswer(version, state)
			return w.path + "/" + w.idOf(state.(T)), etag
		}}
	}
	v, err := w.create(c.Request().Context(), actor(c), item, idem)
	var replay *domain.Replay
	if errors.As(err, &replay) {
		return replayed(c, replay.Status, replay.Location, replay.ETag, replay.Body)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, w.path+"/"+w.idOf(v.Item))
	return serveRecord(c, http.StatusCreated, v.Version, v.Item)
}

// current reads the record an update or delete names, and checks If-Match against it. The version it
// returns is checked again by the store, atomically with the write.
func (w textWriter[T]) current(c echo.Context) (string, domain.Versioned[T], error) {
	var none domain.Versioned[T]
	id, err := w.id(c)
	if err != nil {
		return "", none, err
	}
	if err := noParams(c); err != nil {
		return "", none, err
	}
	tags, err := ifMatch(c)
	if err != nil {
		return "", none, err
	}
	current, err := w.get(c.Request().Context(), id)
	if err != nil {
		return "", none, err
	}
	_, etag, err := recordAnswer(current.Version, current.Item)
	if err != nil {
		return "", none, err
	}
	if !satisfies(tags, current.Version, etag) {
		return "", none, preconditionFailed{etag: etag}
	}
	return id, current, nil
}

func (w textWriter[T]) serveReplace(c echo.Context) error {
	id, current, err := w.current(c)
	if err != nil {
		return err
	}
	item, _, err := w.body(c)
	if err != nil {
		return err
	}
	v, err := w.replace(c.Request().Context(), actor(c), id, current.Version, item)
	if err != nil {
		return err
	}
	return serveRecord(c, http.StatusOK, v.Version, v.Item)
}

func (w textWriter[T]) servePatch(c echo.Context) error {
	id, current, err := w.current(c)
	if err != nil {
		return err
	}
	patch, _, err := readBody(c, mediaMergePatch, w.writable, w.ignored())
	if err != nil {
		return err
	}
	item, err := w.read(mergePatch(w.writableView(current.Item), patch), w.required)
	if err != nil {
		return err
	}
	v, err := w.replace(c.Request().Context(), actor(c), id, current.Version, item)
	if err != nil {
		return err
	}
	return serveRecord(c, http.StatusOK, v.Version, v.Item)
}

// writableView is an item's writable fields as a body would carry them, its source as an id.
func (w textWriter[T]) writableView(item T) map[string]json.RawMessage {
	b, _ := json.Marshal(item)
	var all map[string]json.RawMessage
	_ = json.Unmarshal(b, &all)
	out := map[string]json.RawMessage{}
	for _, name := range w.writable {
		if v, ok := all[name]; ok {
			out[name] = v
		}
	}
	var source struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(out["source"], &source) == nil && source.ID != "" {
		out["source"], _ = json.Marshal(source.ID)
	}
	return out
}

func (w textWriter[T]) serveDelete(c echo.Context) error {
	id, current, err := w.current(c)
	if err != nil {
		return err
	}
	if err := w.remove(c.Request().Context(), actor(c), id, current.Version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (w textWriter[T]) serveHistory(c echo.Context) error {
	id, err := w.id(c)
	if err != nil {
		return err
	}
	if err := noParams(c); err != nil {
		return err
	}
	changes, err := w.history(c.Request().Context(), w.resource, id)
	if err != nil {
		return err
	}
	if len(changes) == 0 { // a record never changed through the API must exist
		if _, err := w.get(c.Request().Context(), id); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, Collection[domain.Change]{Data: changes, Meta: CollectionMeta{Limit: len(changes)}})
}

// regionTextFields are what every region text's body has.
func regionTextFields(r *fieldReader) (region string, position int, language, source string) {
	language = "nb"
	r.read("region", "a region id (a string)", &region)
	r.read("position", "a positive integer", &position)
	r.read("language", "a language tag (a string)", &language)
	return region, position, language, r.sourceField("source")
}
