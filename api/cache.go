package api

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// The data is read-mostly, so an answer is identified by what was asked (route, normalised query,
// representation) and the data's version. Its strong ETag derives from that identity, so a matching
// If-None-Match is answered 304 without a query or an encoding, and the ETag can be sent before the body
// is produced, even for a streamed CSV.

// conditional sets ETag and Cache-Control on every successful GET and answers If-None-Match.
func (s *Server) conditional(cacheControl string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.Method != http.MethodGet || req.URL.Path == "/healthz" || req.URL.Path == "/readyz" {
				// Probes must answer about now, and must answer even when the database cannot.
				c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
				return next(c)
			}
			version, err := s.store.DataVersion(req.Context())
			if err != nil {
				return err
			}
			etag := answerETag(version, req)
			res := c.Response()
			res.Header().Add(echo.HeaderVary, echo.HeaderAccept)
			res.Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
			if matches(req.Header.Get(headerIfNoneMatch), etag) {
				res.Header().Set("ETag", etag)
				res.Header().Set(echo.HeaderCacheControl, cacheControl)
				return c.NoContent(http.StatusNotModified)
			}
			res.Before(func() {
				if res.Status == http.StatusOK {
					if res.Header().Get("ETag") == "" { // a record's own ETag (its version) and caching come first
						res.Header().Set("ETag", etag)
						res.Header().Set(echo.HeaderCacheControl, cacheControl)
					}
				}
			})
			return next(c)
		}
	}
}

// answerETag is the strong ETag of an answer: the data version, the path, the query with its
// parameters in order, and what decides the representation (the Accept and Accept-Encoding headers).
func answerETag(version string, req *http.Request) string {
	h := sha256.New()
	for _, part := range []string{version, req.URL.Path, normalQuery(req.URL.Query()),
		req.Header.Get(echo.HeaderAccept), gzipAccepted(req)} {
		io.WriteString(h, part)
		h.Write([]byte{0})
	}
	return `"` + hex.EncodeToString(h.Sum(nil))[:32] + `"`
}

func normalQuery(v url.Values) string { return v.Encode() } // Encode sorts by key

func gzipAccepted(req *http.Request) string {
	if strings.Contains(req.Header.Get(echo.HeaderAcceptEncoding), "gzip") {
		return "gzip"
	}
	return ""
}

// matches reports whether an If-None-Match header names the ETag (or is *).
func matches(header, etag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimSpace(candidate)
		if candidate == etag || candidate == "*" || candidate == "W/"+etag {
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
