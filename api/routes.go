package api

import (
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	echoSwagger "github.com/swaggo/echo-swagger"

	"github.com/byregion/byregion/internal/domain"
)

// routes is the whole API surface, one line per route.
func (s *Server) routes() {
	e := s.echo
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/openapi.json", s.openAPI)
	e.GET("/docs/*", echoSwagger.WrapHandler) // Swagger UI; not part of the spec

	v1 := e.Group("/api/v1")
	if s.requireReadKey {
		v1.Use(s.readsNeedKey)
	}
	write := []echo.MiddlewareFunc{s.require(domain.ScopeWrite), middleware.BodyLimit(s.maxBody), s.timeout(s.writeTimeout)}
	v1.GET("/regions", s.listRegions)
	v1.GET("/regions/:slug", s.getRegion)
	v1.GET("/regions/:slug/municipalities", s.listRegionMunicipalities)
	v1.GET("/regions/:slug/population", s.listRegionPopulation)
	v1.GET("/regions/:slug/area", s.listRegionArea)
	v1.GET("/regions/:slug/goals", s.listRegionGoals)
	v1.GET("/regions/:slug/results", s.listRegionResults)
	v1.GET("/regions/:slug/lessons", s.listRegionLessons)
	v1.GET("/regions/:slug/themes", s.listRegionThemes)
	v1.GET("/regions/:slug/measures", s.listRegionMeasures)
	v1.GET("/regions/:slug/partners", s.listRegionPartners)
	v1.GET("/regions/:slug/documents", s.listRegionDocuments)
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

	v1.GET("/goals", s.listGoals)
	v1.GET("/goals/:id", s.getGoal)
	v1.POST("/goals", s.createGoal, write...)
	v1.PUT("/goals/:id", s.replaceGoal, write...)
	v1.PATCH("/goals/:id", s.patchGoal, write...)
	v1.DELETE("/goals/:id", s.deleteGoal, write...)
	v1.GET("/goals/:id/history", s.getGoalHistory)
	v1.GET("/measures", s.listMeasures)
	v1.GET("/measures/:id", s.getMeasure)
	v1.GET("/partners", s.listPartners)
	v1.GET("/partners/:id", s.getPartner)

	v1.GET("/aggregates/population", s.listGroupPopulation)
	v1.GET("/quality", s.listQuality)

	v1.GET("/changes", s.listChanges)
	v1.POST("/imports", s.createImport, s.require(domain.ScopeWrite), middleware.BodyLimit(s.maxImport), s.timeout(10*s.writeTimeout))

	v1.GET("/sources", s.listSources)
	v1.GET("/sources/:id", s.getSource)
}
