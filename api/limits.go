package api

import (
	"context"
	"fmt"
	"math"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// Rate limits are there to keep one client from crowding out the others, not to ration ordinary use: an
// answer from the cache costs microseconds. Each client IP, and each API key, has a budget of requests:
// Rate per second with bursts of Burst; over it, the answer is 429 with Retry-After. The health probes are
// never limited, so an orchestrator never restarts a server because someone else flooded it. Failed
// authentication has a budget of its own per client IP, far smaller. Limits are per process; several
// replicas each keep their own.

// The default budget: a dashboard's burst of requests, an analyst's loop over every municipality, or a
// client reading each operation once all stay far inside it.
const (
	DefaultRate  = 100
	DefaultBurst = 1000
)

// Failed authentication: 10 per minute per client IP, with a burst of 20; above it, 429 instead of 401.
const (
	authFailuresPerSecond = 10.0 / 60
	authFailureBurst      = 20
)

// tooManyRequests is a 429.
type tooManyRequests struct{ retryAfter int }

func (t tooManyRequests) Error() string {
	return "Too many requests from this client; wait " + strconv.Itoa(t.retryAfter) + " second(s), as Retry-After says."
}

// operational reports whether a path is one an operator's tools call (the health probes and the metrics):
// no limit applies to them and no answer of theirs is kept, so a flood from anyone never makes an
// orchestrator restart a healthy server, nor blinds its monitoring.
func operational(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics"
}

// rateLimits limits requests per client IP and, where a bearer key is sent, per key. perSecond 0 turns
// them off.
func rateLimits(perSecond float64, burst int) []echo.MiddlewareFunc {
	if perSecond <= 0 {
		return nil
	}
	retryAfter := int(math.Ceil(1 / perSecond))
	limiter := func(who func(echo.Context) string) echo.MiddlewareFunc {
		return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
			Skipper: func(c echo.Context) bool { return operational(c.Request().URL.Path) || who(c) == "" },
			Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
				Rate: rate.Limit(perSecond), Burst: burst, ExpiresIn: 3 * time.Minute}),
			IdentifierExtractor: func(c echo.Context) (string, error) { return who(c), nil },
			DenyHandler: func(c echo.Context, _ string, _ error) error {
				c.Response().Header().Set(echo.HeaderRetryAfter, strconv.Itoa(retryAfter))
				return tooManyRequests{retryAfter}
			},
		})
	}
	byIP := limiter(func(c echo.Context) string { return c.RealIP() })
	byKey := limiter(func(c echo.Context) string {
		// The key's id part ("byr_<id>_..."), known before the key is checked; a made-up key has its own budget
		// and still spends its IP's.
		_, token, ok := bearer(c.Request().Header.Get(echo.HeaderAuthorization))
		token, isKey := strings.CutPrefix(token, "byr_")
		if !ok || !isKey {
			return ""
		}
		id, _, _ := strings.Cut(token, "_")
		return "key:" + id
	})
	return []echo.MiddlewareFunc{byIP, byKey}
}

// authFailures counts failed authentication per client IP; its zero value counts nothing.
type authFailures struct {
	store *middleware.RateLimiterMemoryStore
}

// newAuthFailures counts failures when the rate limits are on.
func newAuthFailures(limited bool) authFailures {
	if !limited {
		return authFailures{}
	}
	return authFailures{store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(authFailuresPerSecond), Burst: authFailureBurst, ExpiresIn: 10 * time.Minute})}
}

// failed records a failed authentication: the 401 it was, or a 429 once the client is over its budget.
func (a authFailures) failed(c echo.Context, err error) error {
	if a.store == nil {
		return err
	}
	if ok, _ := a.store.Allow(c.RealIP()); !ok {
		retryAfter := int(math.Ceil(1 / authFailuresPerSecond))
		c.Response().Header().Set(echo.HeaderRetryAfter, strconv.Itoa(retryAfter))
		return tooManyRequests{retryAfter}
	}
	return err
}

// clientIP is how the client's address is read. By default it is the connection's: headers such as
// X-Forwarded-For are believed from nobody, or any client could pick its own rate-limit budget. Behind
// proxies, their address ranges are trusted, and the address they forward is believed from them alone.
func clientIP(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	options := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, r := range trusted {
		options = append(options, echo.TrustIPRange(r))
	}
	return echo.ExtractIPFromXFFHeader(options...)
}

// maxURI is the longest request URI (path and query) the API reads: far above any real query (every
// municipality code in one filter is 1,800 characters), and short enough that no answer echoes megabytes of
// a query back in a Location or Link header.
const maxURI = 8 << 10

// uriTooLong is a 414.
type uriTooLong struct{}

func (uriTooLong) Error() string {
	return fmt.Sprintf("The address is longer than %d characters; ask for less at a time.", maxURI)
}

// boundedURI refuses a request URI over maxURI.
func boundedURI(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if len(c.Request().RequestURI) > maxURI || len(c.Request().URL.RawQuery) > maxURI {
			return uriTooLong{}
		}
		return next(c)
	}
}

// bodyDeadline gives a route's bodies d to arrive (readAllBody keeps to it).
func bodyDeadline(d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Set(bodyTimeoutKey, d)
			return next(c)
		}
	}
}

// timeout bounds a request's work: its context ends after d, and the store's queries with it.
func (s *Server) timeout(d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ctx, cancel := context.WithTimeout(c.Request().Context(), d)
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}
