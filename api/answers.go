package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/labstack/echo/v4"
	"github.com/maypok86/otter/v2"
)

// The data is read-mostly, so an answer is identified by what was asked (path, normalised query, the
// Accept header) and the data's version. Every GET passes through answers, the one place that:
//   - gives a successful answer its strong ETag and Cache-Control. Collections derive the ETag from the
//     answer's identity, so a matching If-None-Match is a 304 without a query or an encoding, and a
//     streamed CSV can send it before its body. A record's plain GET carries its own ETag (its version and
//     a fingerprint of what it shows, recordETag), which answers If-None-Match and If-Match alike;
//   - keeps the encoded bytes of answers, and their gzip form, in a cache bounded in bytes, dropped as a
//     whole when the data version moves, so a repeated request costs neither a query nor an encoding;
//   - compresses for clients that accept gzip: an answer kept in memory is compressed once, one larger
//     than the largest kept answer is streamed through a compressor.
//
// The tag names the answer's content before compression, the same for both encodings, so that If-Match
// works whichever a client received; Vary: Accept-Encoding keeps shared caches from mixing them.

// answer is an encoded answer: what the handler set of its status, headers and body.
type answer struct {
	status  int
	header  http.Header // only the headers listed in keptHeaders
	body    []byte
	gzipped []byte // nil when the body is too short to gain from compression
	// buf holds body while only one request holds the answer, to be used again once it is sent.
	buf *bytes.Buffer
}

// captureBuffers are the buffers answers are made in, used again when an answer is not kept.
var captureBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// release gives the answer's buffer back to the pool; its body must no longer be the buffer's bytes.
func (a *answer) release() {
	if a.buf == nil {
		return
	}
	if a.buf.Cap() <= 1<<20 { // a rare large answer is not worth keeping a megabyte for
		a.buf.Reset()
		captureBuffers.Put(a.buf)
	}
	a.buf = nil
}

// sent is called once an answer has gone out: one that was not kept gives its buffer back.
func (a *answer) sent() {
	if a.buf != nil {
		a.body = nil
		a.release()
	}
}

// keptHeaders are the headers of an answer that belong to it rather than to the request that asked.
var keptHeaders = []string{echo.HeaderContentType, echo.HeaderContentDisposition, "Link", "Code-Mapping", "ETag",
	echo.HeaderCacheControl, echo.HeaderLocation}

// minGzip is the shortest body worth compressing: below it, gzip's own framing outweighs the gain.
const minGzip = 1024

// answerID identifies an answer: what was asked, at which data version.
type answerID struct {
	version string
	key     answerKey
}

// weight is an answer's cost in the cache, in bytes.
func (a *answer) weight(id answerID) uint32 {
	n := len(id.key.origin) + len(id.key.path) + len(id.key.query) + len(id.key.accept) + len(a.body) + len(a.gzipped) + 256
	for k, vs := range a.header {
		n += len(k)
		for _, v := range vs {
			n += len(v)
		}
	}
	return uint32(n)
}

// answerCache keeps answers of one data version. Its zero value (no entries) keeps nothing.
type answerCache struct {
	entries  *otter.Cache[answerID, *answer]
	mu       sync.Mutex
	flying   map[answerID]*flight
	maxEntry int // the largest body kept
	version  atomic.Pointer[string]
	hits     atomic.Int64
	misses   atomic.Int64
}

// newAnswerCache makes a cache of at most maxBytes; 0 keeps nothing.
func newAnswerCache(maxBytes int64) (*answerCache, error) {
	c := &answerCache{}
	if maxBytes <= 0 {
		return c, nil
	}
	entries, err := otter.New(&otter.Options[answerID, *answer]{
		MaximumWeight: uint64(maxBytes),
		Weigher:       func(id answerID, a *answer) uint32 { return a.weight(id) },
	})
	if err != nil {
		return nil, err
	}
	// No single answer may take more than an eighth of the cache; larger ones are streamed every time.
	c.entries, c.maxEntry, c.flying = entries, int(min(maxBytes/8, 1<<30)), map[answerID]*flight{}
	return c, nil
}

// coalesce makes an answer once for all the requests that ask for it at the same time: while the first
// makes it, the others wait and take it, rather than each making it again (64 clients asking for a
// region's summary the moment after a write would otherwise make it 64 times). An answer that is not
// kept is not shared, and the moment the first request starts streaming one (an export larger than any
// kept answer) the others are let go to make their own. With nothing kept, every request makes its own,
// so that the cost of making an answer can be measured.
func (c *answerCache) coalesce(id answerID, produce func(streaming func()) (*answer, error)) (*answer, error) {
	if c.entries == nil {
		return produce(func() {})
	}
	c.mu.Lock()
	if f, ok := c.flying[id]; ok {
		c.mu.Unlock()
		<-f.landed
		if f.answer != nil {
			return f.answer, nil
		}
		return produce(func() {})
	}
	f := &flight{landed: make(chan struct{})}
	c.flying[id] = f
	c.mu.Unlock()
	var once sync.Once
	land := func(a *answer) {
		once.Do(func() {
			c.mu.Lock()
			delete(c.flying, id)
			c.mu.Unlock()
			f.answer = a
			close(f.landed)
		})
	}
	a, err := produce(func() { land(nil) })
	if a != nil && a.buf == nil { // kept: shared with those who waited
		land(a)
	}
	land(nil) // not kept: its buffer goes back to the pool once sent
	return a, err
}

// flight is an answer being made, which other requests for it wait for.
type flight struct {
	landed chan struct{}
	answer *answer // nil when it was not kept
}

// observe drops every answer kept when the data version has moved.
func (c *answerCache) observe(version string) {
	if c.entries == nil {
		return
	}
	if old := c.version.Load(); old == nil || *old != version {
		if c.version.CompareAndSwap(old, &version) {
			c.entries.InvalidateAll()
		}
	}
}

func (c *answerCache) get(id answerID) *answer {
	if c.entries == nil {
		return nil
	}
	a, ok := c.entries.GetIfPresent(id)
	if !ok {
		c.misses.Add(1)
		return nil
	}
	c.hits.Add(1)
	return a
}

// put keeps an answer, unless the version has moved on while it was made.
func (c *answerCache) put(id answerID, a *answer) {
	if c.entries == nil || len(a.body) > c.maxEntry {
		return
	}
	if v := c.version.Load(); v == nil || *v != id.version {
		return
	}
	c.entries.Set(id, a)
}

// answerKey identifies what was asked: where (the origin that links begin with), the path, the query with
// its parameters in order, and the Accept header, which with format= decides the representation.
type answerKey struct{ origin, path, query, accept string }

func keyOf(req *http.Request, origin string) answerKey {
	k := answerKey{origin: origin, path: req.URL.Path, accept: req.Header.Get(echo.HeaderAccept)}
	if req.URL.RawQuery != "" {
		k.query = req.URL.Query().Encode()
	}
	return k
}

func (k answerKey) String() string { return k.origin + k.path + "?" + k.query + "\x00" + k.accept }

// answerETag is the strong ETag of an answer identified by id.
func answerETag(id answerID) string {
	sum := sha256.Sum256([]byte(id.version + "\x00" + id.key.String()))
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// answers is the middleware described above. Only GET (and HEAD, which arrives as GET) is kept; the
// health probes are answered about now, never from the cache.
func (s *Server) answers(cacheControl string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.Method != http.MethodGet {
				return next(c)
			}
			if operational(req.URL.Path) {
				c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
				return next(c)
			}
			version, err := s.store.DataVersion(req.Context())
			if err != nil {
				return err
			}
			s.cache.observe(version)
			origin := s.origin(req)
			c.Set(originKey, origin)
			id := answerID{version: version, key: keyOf(req, origin)}
			res := c.Response()
			vary(res.Header())
			if a := s.cache.get(id); a != nil {
				return a.send(c)
			}
			etag := answerETag(id)
			if matches(req.Header.Get(headerIfNoneMatch), etag) {
				res.Header().Set("ETag", etag)
				res.Header().Set(echo.HeaderCacheControl, cacheControl)
				return c.NoContent(http.StatusNotModified)
			}

			a, err := s.cache.coalesce(id, func(streaming func()) (*answer, error) {
				return s.makeAnswer(c, next, id, etag, cacheControl, streaming)
			})
			if err != nil || a == nil { // a failure, or an answer streamed as it was made
				return err
			}
			err = a.send(c)
			a.sent()
			return err
		}
	}
}

// makeAnswer runs the handler and holds its answer back, to keep it and send it whole. An answer larger
// than the cache keeps is streamed as it is made instead (streaming is called as it starts), and
// makeAnswer returns none.
func (s *Server) makeAnswer(c echo.Context, next echo.HandlerFunc, id answerID, etag, cacheControl string,
	streaming func()) (*answer, error) {
	res := c.Response()
	limit := s.cache.maxEntry
	if limit == 0 {
		limit = uncachedBuffer
	}
	w := &capture{ResponseWriter: res.Writer, limit: limit, gzip: acceptsGzip(c.Request()), buf: captureBuffers.Get().(*bytes.Buffer)}
	w.beforeStream = func() {
		streaming()
		finalHeaders(res.Header(), w.status, etag, cacheControl)
	}
	res.Writer = w
	err := next(c)
	res.Writer = w.ResponseWriter
	if w.streaming {
		w.buf.Reset()
		captureBuffers.Put(w.buf)
		return nil, w.close(err)
	}
	if err != nil {
		// Nothing has reached the client: the error handler answers in full, with none of the headers the
		// handler had set for its answer.
		res.Committed, res.Status, res.Size = false, http.StatusOK, 0
		for _, name := range keptHeaders {
			res.Header().Del(name)
		}
		return nil, err
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	res.Committed, res.Size = false, 0
	finalHeaders(res.Header(), w.status, etag, cacheControl)
	a := &answer{status: w.status, header: http.Header{}, body: w.buf.Bytes(), buf: w.buf}
	for _, name := range keptHeaders {
		if v := res.Header().Values(name); len(v) > 0 {
			a.header[http.CanonicalHeaderKey(name)] = v
		}
	}
	keep := s.cache.entries != nil && a.status == http.StatusOK && res.Header().Get(echo.HeaderCacheControl) != noStore
	if (keep || w.gzip) && len(a.body) >= minGzip {
		a.gzipped = compress(a.body) // once for every client to come, if kept
	}
	if keep {
		// The cache and other requests hold on to the body: it gets an array of its own, as long as it is.
		// A slice of the pooled buffer would pin all the buffer has grown to, which the cache does not count.
		a.body = bytes.Clone(a.body)
		a.release()
		s.cache.put(id, a)
	}
	return a, nil
}

// vary says that answers differ by Accept and Accept-Encoding (and by Origin, where CORS said so already),
// in one header line.
func vary(h http.Header) {
	if v := h[echo.HeaderVary]; len(v) == 1 && v[0] == echo.HeaderOrigin {
		h[echo.HeaderVary] = varyWithOrigin
		return
	}
	h[echo.HeaderVary] = append(h[echo.HeaderVary], varyAlways...)
}

var (
	varyAlways     = []string{echo.HeaderAccept + ", " + echo.HeaderAcceptEncoding}
	varyWithOrigin = []string{echo.HeaderOrigin + ", " + echo.HeaderAccept + ", " + echo.HeaderAcceptEncoding}
)

// uncachedBuffer is how much of an answer is held back when nothing is cached, so that a failure before
// it is a clean problem+json answer and a record's ETag can answer If-None-Match. An export (CSV) is held
// back no further than exportBuffer, cache or not: a small one is still kept, a large one streams at once.
const (
	uncachedBuffer = 256 << 10
	exportBuffer   = 256 << 10
)

// noStore is the Cache-Control of answers that the data version does not identify (API keys).
const noStore = "no-store"

// finalHeaders gives a successful answer its ETag and Cache-Control, unless its handler chose its own.
func finalHeaders(h http.Header, status int, etag, cacheControl string) {
	if status != http.StatusOK {
		return
	}
	if h.Get(echo.HeaderCacheControl) == noStore {
		return
	}
	if h.Get("ETag") == "" {
		h.Set("ETag", etag)
	}
	if h.Get(echo.HeaderCacheControl) == "" {
		h.Set(echo.HeaderCacheControl, cacheControl)
	}
}

// send writes the answer: 304 when If-None-Match names its ETag, else the body in the encoding asked for.
func (a *answer) send(c echo.Context) error {
	res := c.Response()
	h := res.Header()
	for name, v := range a.header {
		h[name] = v // shared with every request the answer goes to: nothing appends to these headers
	}
	if a.status == http.StatusOK && matches(c.Request().Header.Get(headerIfNoneMatch), h.Get("ETag")) {
		h.Del(echo.HeaderContentType)
		h.Del(echo.HeaderContentDisposition)
		res.WriteHeader(http.StatusNotModified)
		return nil
	}
	body := a.body
	if a.gzipped != nil && acceptsGzip(c.Request()) {
		body = a.gzipped
		h.Set(echo.HeaderContentEncoding, "gzip")
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	res.WriteHeader(a.status)
	_, err := res.Write(body)
	return err
}

// capture holds an answer back in memory up to limit bytes; beyond that it sends what it has and streams
// the rest, compressed when the client accepts gzip.
type capture struct {
	http.ResponseWriter
	limit        int
	gzip         bool
	status       int
	buf          *bytes.Buffer
	streaming    bool
	zw           *gzip.Writer
	beforeStream func()
}

func (w *capture) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *capture) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.streaming {
		return w.out().Write(b)
	}
	if w.buf.Len() == 0 && strings.HasPrefix(w.ResponseWriter.Header().Get(echo.HeaderContentType), "text/csv") {
		// An export: many at once must not each hold megabytes, so it is held back only so far.
		w.limit = min(w.limit, exportBuffer)
	}
	if w.buf.Len()+len(b) <= w.limit {
		return w.buf.Write(b)
	}
	w.streaming = true
	w.beforeStream()
	h := w.ResponseWriter.Header()
	h.Del(echo.HeaderContentLength)
	if w.gzip {
		h.Set(echo.HeaderContentEncoding, "gzip")
		w.zw = gzipWriters.Get().(*gzip.Writer)
		w.zw.Reset(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(w.status)
	if _, err := w.out().Write(w.buf.Bytes()); err != nil {
		return 0, err
	}
	w.buf.Reset()
	return w.out().Write(b)
}

func (w *capture) out() io.Writer {
	if w.zw != nil {
		return w.zw
	}
	return w.ResponseWriter
}

// Flush passes a streamed answer on to the client; an answer held back stays held.
func (w *capture) Flush() {
	if !w.streaming {
		return
	}
	if w.zw != nil {
		w.zw.Flush()
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// close ends a streamed answer.
func (w *capture) close(err error) error {
	if w.zw != nil {
		if cerr := w.zw.Close(); err == nil {
			err = cerr
		}
		gzipWriters.Put(w.zw)
	}
	return err
}

var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

func compress(b []byte) []byte {
	var out bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&out)
	zw.Write(b)
	zw.Close()
	gzipWriters.Put(zw)
	return out.Bytes()
}

// acceptsGzip reports whether the request's Accept-Encoding admits gzip (not with q=0).
func acceptsGzip(req *http.Request) bool {
	header := req.Header.Get(echo.HeaderAcceptEncoding)
	if header == "" {
		return false
	}
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.TrimSpace(coding) != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// matches reports whether an If-None-Match header names the ETag (or is *); weak comparison, as RFC 9110
// asks for If-None-Match.
func matches(header, etag string) bool {
	if header == "" || etag == "" {
		return false
	}
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == etag || candidate == "*" {
			return true
		}
	}
	return false
}

// headAsGet answers HEAD as GET without a body, on every GET route.
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method == http.MethodHead {
			c.Request().Method = http.MethodGet
			c.Set(headRequest, true)
			c.Response().Writer = bodyless{c.Response().Writer}
		}
		return next(c)
	}
}

const headRequest = "byregion.head"

// headerIfNoneMatch is the conditional request header (Echo names no constant for it).
const headerIfNoneMatch = "If-None-Match"

// bodyless drops the body of a HEAD answer; headers and status go through.
type bodyless struct{ http.ResponseWriter }

func (bodyless) Write(b []byte) (int, error) { return len(b), nil }

func (w bodyless) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
