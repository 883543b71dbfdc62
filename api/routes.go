package api

import (
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/byregion/byregion/internal/domain"
)

// routes is the whole API surface, one line per route.
func (s *Server) routes() {
	e := s.echo
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.serveMetrics)
	e.GET("/openapi.json", s.openAPI)
	e.GET("/docs", s.swaggerUI) // Swagger UI on /openapi.json; not part of the spec
	e.GET("/docs/*", s.swaggerUI)
	s.explorer.Mount(e) // the pages at /, /regioner/… and /kommuner/… (api/explorer); not part of the spec

	v1 := e.Group("/api/v1")
	// The writable resources, each mounted from its declaration (declarations.go): its list, its records,
	// their writes and their history.
	for _, d := range declared {
		d.mount(s, v1)
	}

	v1.GET("/regions", s.listRegions)
	v1.GET("/regions/:slug", s.getRegion)
	v1.GET("/regions/:slug/municipalities", s.listRegionMunicipalities)
	v1.GET("/regions/:slug/population", s.listRegionPopulation)
	v1.GET("/regions/:slug/area", s.listRegionArea)
	v1.GET("/regions/:slug/quality", s.getRegionQuality)
	v1.GET("/regions/:slug/indicators", s.listRegionIndicators)
	v1.GET("/regions/:slug/summary", s.getRegionSummary)

	v1.GET("/municipalities", s.listMunicipalities)
	v1.GET("/municipalities/:code", s.getMunicipality)
	v1.GET("/municipalities/:code/population", s.listMunicipalityPopulation)
	v1.GET("/municipalities/:code/area", s.listMunicipalityArea)
	v1.GET("/municipalities/:code/history", s.getMunicipalityHistory)
	v1.GET("/municipalities/:code/indicators", s.listMunicipalityIndicators)

	v1.GET("/population", s.listPopulation)
	v1.GET("/area", s.listArea)
	v1.GET("/aggregates/population", s.listGroupPopulation)
	v1.GET("/quality", s.listQuality)

	v1.GET("/changes", s.listChanges)
	admin := []echo.MiddlewareFunc{s.require(domain.ScopeAdmin), middleware.BodyLimit(s.maxBody), bodyDeadline(s.bodyTimeout)}
	v1.GET("/keys", s.listKeys, admin...)
	v1.POST("/keys", s.createKey, admin...)
	v1.DELETE("/keys/:name", s.revokeKey, admin...)
	v1.POST("/imports", s.createImport, s.require(domain.ScopeWrite), middleware.BodyLimit(s.maxImport),
		bodyDeadline(10*s.bodyTimeout), s.timeout(10*s.writeTimeout))
}
