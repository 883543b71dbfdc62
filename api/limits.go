package api

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// Each client IP, and each API key, has a budget of requests: Rate per second with bursts of Burst. Over
// it, the answer is 429 with Retry-After. Limits are per process; several replicas each keep their own.

// tooManyRequests is a 429.
type tooManyRequests struct{ retryAfter int }

func (t tooManyRequests) Error() string {
	return "Too many requests from this client; wait " + strconv.Itoa(t.retryAfter) + " second(s), as Retry-After says."
}

// rateLimits limits requests per IP and, where a bearer key is sent, per key. perSecond 0 turns them off.
func rateLimits(perSecond float64, burst int) []echo.MiddlewareFunc {
	if perSecond <= 0 {
		return nil
	}
	retryAfter := int(math.Ceil(1 / perSecond))
	limiter := func(who func(echo.Context) string) echo.MiddlewareFunc {
		return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
			Skipper: func(c echo.Context) bool { return who(c) == "" },
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
		token, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer byr_")
		if !ok {
			return ""
		}
		id, _, _ := strings.Cut(token, "_")
		return "key:" + id
	})
	return []echo.MiddlewareFunc{byIP, byKey}
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
