// Package api is Byregion API's HTTP layer: Echo routes, handlers, problem+json errors and the OpenAPI
// documents. Handlers read parameters, make one call to the store and render; they never touch SQL.
//
//	@title						Byregion API
//	@version					1.0
//	@description				Norwegian regional-development data: the city regions of Byregionprogrammet (the City Region Programme, launched 2014), their goals, results, lessons, themes, measures and partners in the programme's own words, joined with official statistics for every municipality. Every figure names its source and reference date; every text its language. Errors are RFC 9457 problem+json.
//	@contact.name				Byregion API
//	@license.name				CC BY 4.0: the data of SSB (also NLOD 2.0) and Kartverket; each source's licence is at /api/v1/sources
//	@license.url				https://creativecommons.org/licenses/by/4.0/
//	@BasePath					/
//	@tag.name					regions
//	@tag.description			City regions and everything the programme says about them
//	@tag.name					municipalities
//	@tag.description			Municipalities in force, with their code history and names in every official language
//	@tag.name					statistics
//	@tag.description			Population and area observations, each with its source
//	@tag.name					aggregates
//	@tag.description			Derived figures: totals, density and growth, computed when asked, each naming the observations it came from
//	@tag.name					quality
//	@tag.description			How each region's reported figures compare with official statistics
//	@tag.name					texts
//	@tag.description			Goals, results, lessons, themes, measures, partners and documents, across regions
//	@tag.name					sources
//	@tag.description			Where every figure and text came from
//	@tag.name					changes
//	@tag.description			Every write in commit order, to sync from, and each record's history
//	@tag.name					writes
//	@tag.description			Creating, replacing, changing and deleting records, with API keys, If-Match and Idempotency-Key
//	@tag.name					keys
//	@tag.description			API keys, for admins
//	@tag.name					service
//	@tag.description			Health, readiness and the API description
//	@securityDefinitions.apikey	BearerAuth
//	@in							header
//	@name						Authorization
//	@description				An API key as "Bearer <key>". Reads need none (unless the server is run with --require-read-key); writes need the write scope. Create keys with: byregion keys create --name NAME --scope read|write|admin
//	@produce					json
package api

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/byregion/byregion/api/explorer"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
	"github.com/byregion/byregion/internal/store"
)

// Store is what the API reads from; internal/store implements it. Collections take a query.Query parsed
// against their declaration in internal/query.
type Store interface {
	Ready(ctx context.Context) error
	DataVersion(ctx context.Context) (string, error)
	ListRegions(ctx context.Context, q query.Query) (domain.List[domain.Region], error)
	Region(ctx context.Context, id, at string) (domain.Region, error)
	ListRegionMemberships(ctx context.Context, q query.Query) (domain.List[domain.RegionMembership], error)
	ListMunicipalities(ctx context.Context, q query.Query) (domain.List[domain.Municipality], error)
	Municipality(ctx context.Context, code, at string) (domain.Municipality, error)
	ResolveCode(ctx context.Context, code string) ([]domain.MunicipalityToday, error)
	History(ctx context.Context, code string) (domain.History, error)
	ListPopulation(ctx context.Context, q query.Query) (domain.List[domain.PopulationObservation], error)
	PopulationRows(ctx context.Context, q query.Query) (domain.Rows[domain.PopulationObservation], error)
	ListArea(ctx context.Context, q query.Query) (domain.List[domain.AreaObservation], error)
	AreaRows(ctx context.Context, q query.Query) (domain.Rows[domain.AreaObservation], error)
	RegionPopulationTotals(ctx context.Context, q query.Query) (domain.List[domain.RegionTotal], error)
	RegionAreaTotals(ctx context.Context, q query.Query) (domain.List[domain.RegionTotal], error)
	RegionIndicators(ctx context.Context, q query.Query) (domain.List[domain.Indicator], error)
	GroupIndicators(ctx context.Context, q query.Query) (domain.List[domain.Indicator], error)
	RegionSummary(ctx context.Context, id string, year int) (domain.RegionSummary, error)
	RegionQuality(ctx context.Context, id string) (domain.QualityReport, error)
	ListQuality(ctx context.Context, q query.Query) (domain.List[domain.QualityReport], error)
	ListSources(ctx context.Context, q query.Query) (domain.List[domain.Source], error)
	SourcesByID(ctx context.Context, ids []string) (map[string]domain.Source, error)
	ListSuccessions(ctx context.Context, q query.Query) (domain.List[domain.Succession], error)

	// The writable resources' records, each read with its version and written on the one logged path; the
	// regions' texts are the store's Texts of each kind.
	store.Backing
	Sources() domain.Records[domain.Source]
	Population() domain.Records[domain.PopulationObservation]
	Area() domain.Records[domain.AreaObservation]
	Regions() domain.Records[domain.Region]
	Memberships() domain.Records[domain.RegionMembership]
	Municipalities() domain.Records[domain.Municipality]
	Successions() domain.Records[domain.Succession]

	// Keys, the changes feed and imports.
	Authenticate(ctx context.Context, secret string) (domain.APIKey, error)
	CreateKey(ctx context.Context, name string, scope domain.Scope) (domain.APIKey, string, error)
	ListKeys(ctx context.Context) ([]domain.APIKey, error)
	RevokeKey(ctx context.Context, name string) error

	// What metrics read of the database: the write queue and the connection pool.
	WriteQueue() store.WriteQueueStats
	ObserveWriteWaits(observe func(time.Duration))
	PoolStats() PoolStats
	ListChanges(ctx context.Context, since int64, limit int) ([]domain.Change, error)
	ImportObservations(ctx context.Context, actor, kind string, rows []domain.ImportRow, rejected []domain.ImportError,
		skipped int, dryRun bool) (domain.ImportReport, error)
}

// Config holds the HTTP layer's settings.
type Config struct {
	// AllowOrigins are the browser origins CORS admits; empty means any.
	AllowOrigins []string
	// CacheControl is the Cache-Control of every successful GET; empty means DefaultCacheControl.
	CacheControl string
	// RequireReadKey makes reads need a key with the read scope, as writes need one with write.
	RequireReadKey bool
	// MaxBody is the largest request body accepted, as Echo's body limit writes it; empty means "1M".
	MaxBody string
	// MaxImport is the largest import accepted; empty means "64M".
	MaxImport string
	// RatePerSecond and RateBurst limit each client IP and each API key; 0 turns the limits off.
	RatePerSecond float64
	RateBurst     int
	// TrustedProxies are the address ranges of proxies whose X-Forwarded-For, -Proto and -Host are
	// believed; empty believes no one's, and the client is the connection's address.
	TrustedProxies []*net.IPNet
	// PublicURL is the scheme and host clients reach the API at ("https://api.example.no"), which links
	// begin with; empty means the request's own, as a trusted proxy forwarded it.
	PublicURL string
	// CacheBytes bounds the answers kept in memory; 0 keeps none.
	CacheBytes int64
	// WriteTimeout bounds a write's work; an import gets ten times as long. 0 means 30 seconds.
	WriteTimeout time.Duration
	// BodyTimeout bounds the time a write's body may take to arrive; an import's gets ten times as long.
	// 0 means 30 seconds.
	BodyTimeout time.Duration
}

// DefaultCacheControl lets browsers and shared caches keep an answer for a minute; after that they
// revalidate with If-None-Match, which costs no query.
const DefaultCacheControl = "public, max-age=60"

// DefaultCacheBytes is the default bound of the answer cache.
const DefaultCacheBytes = 32 << 20

// Server is the API's HTTP handler.
type Server struct {
	store          Store
	log            *slog.Logger
	echo           *echo.Echo
	cache          *answerCache
	metrics        *metrics
	authFailures   authFailures
	requireReadKey bool
	publicURL      string
	trustedProxies []*net.IPNet
	maxBody        string
	maxImport      string
	writeTimeout   time.Duration
	bodyTimeout    time.Duration
	explorer       *explorer.Explorer
}

// NewServer builds the handler with every route and middleware.
func NewServer(store Store, log *slog.Logger, cfg Config) (*Server, error) {
	cache, err := newAnswerCache(cfg.CacheBytes)
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	s := &Server{store: store, log: log, echo: e, cache: cache, authFailures: newAuthFailures(cfg.RatePerSecond > 0),
		requireReadKey: cfg.RequireReadKey, maxBody: cfg.MaxBody, publicURL: strings.TrimSuffix(cfg.PublicURL, "/"),
		trustedProxies: cfg.TrustedProxies}
	if s.maxBody == "" {
		s.maxBody = "1M"
	}
	if s.maxImport = cfg.MaxImport; s.maxImport == "" {
		s.maxImport = "64M"
	}
	if s.writeTimeout = cfg.WriteTimeout; s.writeTimeout == 0 {
		s.writeTimeout = 30 * time.Second
	}
	if s.bodyTimeout = cfg.BodyTimeout; s.bodyTimeout == 0 {
		s.bodyTimeout = 30 * time.Second
	}
	s.metrics = newMetrics(store, cache)
	if s.explorer, err = explorer.New(store); err != nil {
		return nil, err
	}
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = clientIP(cfg.TrustedProxies)
	e.JSONSerializer = jsonSerializer{}

	origins := cfg.AllowOrigins
	if len(origins) == 0 {
		origins = []string{"*"}
	}
	cacheControl := cfg.CacheControl
	if cacheControl == "" {
		cacheControl = DefaultCacheControl
	}
	e.Pre(headAsGet)
	e.Use(
		middleware.RequestID(),
		s.requestLog(),
		middleware.Recover(),
		middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins: origins,
			AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPost, http.MethodPut,
				http.MethodPatch, http.MethodDelete},
			AllowHeaders: []string{echo.HeaderAccept, headerIfNoneMatch, echo.HeaderContentType, echo.HeaderAuthorization,
				"If-Match", "Idempotency-Key"},
			ExposeHeaders: []string{echo.HeaderXRequestID, "ETag", "Link", echo.HeaderContentDisposition, "Code-Mapping"},
			MaxAge:        3600,
		}),
	)
	e.Use(boundedURI, decodedParams)
	e.Use(rateLimits(cfg.RatePerSecond, cfg.RateBurst)...)
	if s.requireReadKey {
		e.Use(s.readsNeedKey)
	}
	e.Use(s.answers(cacheControl))
	s.routes()
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Routes lists the registered routes, for the test that holds the spec to them.
func (s *Server) Routes() []*echo.Route { return s.echo.Routes() }
