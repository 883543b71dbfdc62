package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
	"github.com/byregion/byregion/internal/store"
)

// A writable resource is declared once (declarations.go): its name, its id in the path, the scope its
// writes need, the fields a body may write and how they are read, where its records are, and the words of
// its documentation. Its routes are mounted from the declaration, and its OpenAPI operations are generated
// from it (operations.go writes operations_gen.go). Every resource is served by the same protocol: strict
// bodies, If-Match on updates and deletes, JSON Merge Patch, Idempotency-Key on creates, and its history.
//
// swag reads operations only from comments, so the comments are generated, not the code: the generated file
// holds nothing but comments above blank functions, and the package compiles without it. A generator of
// handlers would have to compile the package it generates.

// resource declares one writable resource.
type resource[T any] struct {
	name     string       // its path under /api/v1 and its name in the changes log: "goals"
	path     idParam      // its id in the path
	scope    domain.Scope // what a key needs to write it
	body     bodyFields   // what a body may carry
	decode   func(*fieldReader) T
	idOf     func(T) string
	records  func(Store) domain.Records[T]
	list     func(Store, context.Context, query.Query) (domain.List[T], error) // nil: it has a list of its own
	spec     query.Spec                                                        // what the list takes
	inRegion bool                                                              // listed under /regions/{slug}/<name> too
	ownGet   bool                                                              // its GET of one record is a handler of its own
	versions bool                                                              // its history is at .../versions (/history is something else)
	docs     docWords
}

// idParam is the path parameter that names a record, and how it is read.
type idParam struct {
	name    string // "id"
	read    func(echo.Context) (string, error)
	example string
	rule    string // what it must be, for the docs
}

// bodyFields are the fields a write's body may carry.
type bodyFields struct {
	writable []string // the fields it may set
	required []string // the fields a create must have
	readOnly []string // fields of a GET answer it may carry back, which are ignored; nil means just id
	// example is a value of the body's type, for the docs: swag describes a body from a Go type.
	example any
}

// mount registers the resource's routes on the /api/v1 group.
func (r resource[T]) mount(s *Server, g *echo.Group) {
	writes := []echo.MiddlewareFunc{s.require(r.scope), middleware.BodyLimit(s.maxBody), bodyDeadline(s.bodyTimeout), s.timeout(s.writeTimeout)}
	one := "/" + r.name + "/:" + r.path.name
	if r.list != nil {
		g.GET("/"+r.name, func(c echo.Context) error { return r.serveList(s, c) })
	}
	if r.inRegion {
		g.GET("/regions/:slug/"+r.name, func(c echo.Context) error { return regionList(s, c, r.spec, r.listIn(s)) })
	}
	if !r.ownGet {
		g.GET(one, func(c echo.Context) error { return r.serveGet(s, c) })
	}
	g.POST("/"+r.name, func(c echo.Context) error { return r.serveCreate(s, c) }, writes...)
	g.PUT(one, func(c echo.Context) error { return r.serveReplace(s, c) }, writes...)
	g.PATCH(one, func(c echo.Context) error { return r.servePatch(s, c) }, writes...)
	g.DELETE(one, func(c echo.Context) error { return r.serveDelete(s, c) }, writes...)
	g.GET(one+"/"+r.historyName(), func(c echo.Context) error { return r.serveHistory(s, c) })
}

func (r resource[T]) historyName() string {
	if r.versions {
		return "versions"
	}
	return "history"
}

func (r resource[T]) serveList(s *Server, c echo.Context) error {
	q, err := parse(c, r.spec)
	if err != nil {
		return err
	}
	return listing[T]{list: r.listIn(s)}.serve(s, c, q)
}

// listIn is the resource's list in the server's store.
func (r resource[T]) listIn(s *Server) func(context.Context, query.Query) (domain.List[T], error) {
	return func(ctx context.Context, q query.Query) (domain.List[T], error) { return r.list(s.store, ctx, q) }
}

func (r resource[T]) serveGet(s *Server, c echo.Context) error {
	id, err := pathKey(c, r.path.read)
	if err != nil {
		return err
	}
	v, err := r.records(s.store).Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return serveRecord(c, http.StatusOK, v.Version, v.Item)
}

func (r resource[T]) serveCreate(s *Server, c echo.Context) error {
	if err := noParams(c); err != nil {
		return err
	}
	item, raw, err := r.readBody(c)
	if err != nil {
		return err
	}
	idem, err := idempotency(c, raw)
	if err != nil {
		return err
	}
	v, err := r.records(s.store).Create(c.Request().Context(), actor(c), item, idem)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/"+r.name+"/"+r.idOf(v.Item))
	if v.Replayed {
		c.Response().Header().Set("Idempotent-Replayed", "true")
	}
	return serveRecord(c, http.StatusCreated, v.Version, v.Item)
}

// current reads the record an update or delete names, and checks If-Match against it. The version it
// returns is checked again by the store, atomically with the write.
func (r resource[T]) current(s *Server, c echo.Context) (string, domain.Versioned[T], error) {
	var none domain.Versioned[T]
	id, err := r.path.read(c)
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
	current, err := r.records(s.store).Get(c.Request().Context(), id)
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

func (r resource[T]) serveReplace(s *Server, c echo.Context) error {
	return r.replace(s, c, func(T) (T, error) {
		item, _, err := r.readBody(c)
		return item, err
	})
}

func (r resource[T]) servePatch(s *Server, c echo.Context) error {
	return r.replace(s, c, func(current T) (T, error) {
		patch, _, err := readBody(c, mediaMergePatch, r.body.writable, r.ignored())
		if err != nil {
			var none T
			return none, err
		}
		return r.decodeFields(mergePatch(r.writableView(current), patch))
	})
}

// replace puts what next makes of the current record in its place, when If-Match names the current version.
func (r resource[T]) replace(s *Server, c echo.Context, next func(current T) (T, error)) error {
	id, current, err := r.current(s, c)
	if err != nil {
		return err
	}
	item, err := next(current.Item)
	if err != nil {
		return err
	}
	v, err := r.records(s.store).Replace(c.Request().Context(), actor(c), id, current.Version, item)
	if err != nil {
		return err
	}
	return serveRecord(c, http.StatusOK, v.Version, v.Item)
}

func (r resource[T]) serveDelete(s *Server, c echo.Context) error {
	id, current, err := r.current(s, c)
	if err != nil {
		return err
	}
	if err := r.records(s.store).Delete(c.Request().Context(), actor(c), id, current.Version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (r resource[T]) serveHistory(s *Server, c echo.Context) error {
	id, err := r.path.read(c)
	if err != nil {
		return err
	}
	if err := noParams(c); err != nil {
		return err
	}
	changes, err := r.records(s.store).History(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Collection[domain.Change]{Data: changes, Meta: CollectionMeta{Limit: len(changes)}})
}

// readOnlyFields are the fields of a GET answer a body may carry back, unless a resource says otherwise.
var readOnlyFields = []string{"id"}

func (r resource[T]) ignored() []string {
	if r.body.readOnly == nil {
		return readOnlyFields
	}
	return r.body.readOnly
}

// readBody reads a create's or a replace's JSON body as an item, and the body's bytes.
func (r resource[T]) readBody(c echo.Context) (T, []byte, error) {
	var item T
	fields, raw, err := readBody(c, mediaJSON, r.body.writable, r.ignored())
	if err != nil {
		return item, nil, err
	}
	item, err = r.decodeFields(fields)
	return item, raw, err
}

func (r resource[T]) decodeFields(fields map[string]json.RawMessage) (T, error) {
	fr := fieldReader{fields: fields}
	fr.require(r.body.required...)
	item := r.decode(&fr)
	return item, fr.err()
}

// writableView is an item's writable fields as a body would carry them, its source as an id.
func (r resource[T]) writableView(item T) map[string]json.RawMessage {
	b, _ := json.Marshal(item)
	var all map[string]json.RawMessage
	_ = json.Unmarshal(b, &all)
	out := map[string]json.RawMessage{}
	for _, name := range r.body.writable {
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

// idempotency reads a create's Idempotency-Key, if it has one, and what identifies the request.
func idempotency(c echo.Context, body []byte) (*domain.Idempotency, error) {
	key := c.Request().Header.Get("Idempotency-Key")
	if key == "" {
		return nil, nil
	}
	if len(key) > 255 || strings.IndexFunc(key, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
		return nil, &domain.Error{Code: domain.EINVALID, Message: "Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID.",
			Fields: []domain.FieldError{{Field: "Idempotency-Key", In: "header", Message: "must be 1 to 255 printable ASCII characters"}}}
	}
	return &domain.Idempotency{Key: key, RequestHash: requestHash(c, body)}, nil
}

// regionText completes the declaration of a kind of region text: the store keeps it by its domain type,
// a key that writes texts writes it, its body has a region, a position, a language and a source besides
// its own fields, and it is listed under each region too.
func regionText[T domain.RegionText](kind store.TextKind, r resource[T]) resource[T] {
	store.DeclareText[T](kind)
	r.name, r.spec, r.scope, r.inRegion = kind.Resource, kind.Spec, domain.ScopeWrite, true
	r.records = func(s Store) domain.Records[T] { return store.Texts[T](s, kind) }
	r.list = func(s Store, ctx context.Context, q query.Query) (domain.List[T], error) {
		return store.Texts[T](s, kind).List(ctx, q)
	}
	r.body.writable = append(append([]string{"region", "position"}, r.body.writable...), "language", "source")
	r.body.required = append(append([]string{"region"}, r.body.required...), "source")
	r.docs.tag, r.docs.taken = tagTexts, positionTaken
	return r
}

// regionTextFields are what every region text's body has.
func regionTextFields(r *fieldReader) (region string, position int, language, source string) {
	language = "nb"
	r.read("region", "a region id (a string)", &region)
	r.read("position", "a positive integer", &position)
	r.read("language", "a language tag (a string)", &language)
	return region, position, language, r.sourceField("source")
}
