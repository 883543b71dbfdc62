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
	// Regions, like the municipality register, are written with the admin scope.
	adminWrite := []echo.MiddlewareFunc{s.require(domain.ScopeAdmin), middleware.BodyLimit(s.maxBody), s.timeout(s.writeTimeout)}
	v1.GET("/regions", s.listRegions)
	v1.POST("/regions", s.createRegion, adminWrite...)
	v1.GET("/regions/:slug", s.getRegion)
	v1.PUT("/regions/:slug", s.replaceRegion, adminWrite...)
	v1.PATCH("/regions/:slug", s.patchRegion, adminWrite...)
	v1.DELETE("/regions/:slug", s.deleteRegion, adminWrite...)
	v1.GET("/regions/:slug/history", s.getRegionHistory)
	v1.GET("/memberships", s.listMemberships)
	v1.POST("/memberships", s.createMembership, adminWrite...)
	v1.GET("/memberships/:id", s.getMembership)
	v1.PUT("/memberships/:id", s.replaceMembership, adminWrite...)
	v1.PATCH("/memberships/:id", s.patchMembership, adminWrite...)
	v1.DELETE("/memberships/:id", s.deleteMembership, adminWrite...)
	v1.GET("/memberships/:id/history", s.getMembershipHistory)
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
	v1.POST("/population", s.createPopulationObservation, write...)
	v1.GET("/population/:id", s.getPopulationObservation)
	v1.PUT("/population/:id", s.replacePopulationObservation, write...)
	v1.PATCH("/population/:id", s.patchPopulationObservation, write...)
	v1.DELETE("/population/:id", s.deletePopulationObservation, write...)
	v1.GET("/population/:id/history", s.getPopulationObservationHistory)
	v1.GET("/area", s.listArea)
	v1.POST("/area", s.createAreaObservation, write...)
	v1.GET("/area/:id", s.getAreaObservation)
	v1.PUT("/area/:id", s.replaceAreaObservation, write...)
	v1.PATCH("/area/:id", s.patchAreaObservation, write...)
	v1.DELETE("/area/:id", s.deleteAreaObservation, write...)
	v1.GET("/area/:id/history", s.getAreaObservationHistory)

	// The regions' texts: read anyone, write with a write key. Each has its history.
	v1.GET("/goals", s.listGoals)
	v1.POST("/goals", s.createGoal, write...)
	v1.GET("/goals/:id", s.getGoal)
	v1.PUT("/goals/:id", s.replaceGoal, write...)
	v1.PATCH("/goals/:id", s.patchGoal, write...)
	v1.DELETE("/goals/:id", s.deleteGoal, write...)
	v1.GET("/goals/:id/history", s.getGoalHistory)
	v1.GET("/results", s.listResults)
	v1.POST("/results", s.createResult, write...)
	v1.GET("/results/:id", s.getResult)
	v1.PUT("/results/:id", s.replaceResult, write...)
	v1.PATCH("/results/:id", s.patchResult, write...)
	v1.DELETE("/results/:id", s.deleteResult, write...)
	v1.GET("/results/:id/history", s.getResultHistory)
	v1.GET("/lessons", s.listLessons)
	v1.POST("/lessons", s.createLesson, write...)
	v1.GET("/lessons/:id", s.getLesson)
	v1.PUT("/lessons/:id", s.replaceLesson, write...)
	v1.PATCH("/lessons/:id", s.patchLesson, write...)
	v1.DELETE("/lessons/:id", s.deleteLesson, write...)
	v1.GET("/lessons/:id/history", s.getLessonHistory)
	v1.GET("/documents", s.listDocuments)
	v1.POST("/documents", s.createDocument, write...)
	v1.GET("/documents/:id", s.getDocument)
	v1.PUT("/documents/:id", s.replaceDocument, write...)
	v1.PATCH("/documents/:id", s.patchDocument, write...)
	v1.DELETE("/documents/:id", s.deleteDocument, write...)
	v1.GET("/documents/:id/history", s.getDocumentHistory)
	v1.GET("/partners", s.listPartners)
	v1.POST("/partners", s.createPartner, write...)
	v1.GET("/partners/:id", s.getPartner)
	v1.PUT("/partners/:id", s.replacePartner, write...)
	v1.PATCH("/partners/:id", s.patchPartner, write...)
	v1.DELETE("/partners/:id", s.deletePartner, write...)
	v1.GET("/partners/:id/history", s.getPartnerHistory)
	v1.GET("/measures", s.listMeasures)
	v1.POST("/measures", s.createMeasure, write...)
	v1.GET("/measures/:id", s.getMeasure)
	v1.PUT("/measures/:id", s.replaceMeasure, write...)
	v1.PATCH("/measures/:id", s.patchMeasure, write...)
	v1.DELETE("/measures/:id", s.deleteMeasure, write...)
	v1.GET("/measures/:id/history", s.getMeasureHistory)
	v1.GET("/themes", s.listThemes)
	v1.POST("/themes", s.createTheme, write...)
	v1.GET("/themes/:id", s.getTheme)
	v1.PUT("/themes/:id", s.replaceTheme, write...)
	v1.PATCH("/themes/:id", s.patchTheme, write...)
	v1.DELETE("/themes/:id", s.deleteTheme, write...)
	v1.GET("/themes/:id/history", s.getThemeHistory)

	v1.GET("/aggregates/population", s.listGroupPopulation)
	v1.GET("/quality", s.listQuality)

	v1.GET("/changes", s.listChanges)
	admin := []echo.MiddlewareFunc{s.require(domain.ScopeAdmin), middleware.BodyLimit(s.maxBody)}
	v1.GET("/keys", s.listKeys, admin...)
	v1.POST("/keys", s.createKey, admin...)
	v1.DELETE("/keys/:name", s.revokeKey, admin...)
	v1.POST("/imports", s.createImport, s.require(domain.ScopeWrite), middleware.BodyLimit(s.maxImport), s.timeout(10*s.writeTimeout))

	v1.GET("/sources", s.listSources)
	v1.POST("/sources", s.createSource, write...)
	v1.GET("/sources/:id", s.getSource)
	v1.PUT("/sources/:id", s.replaceSource, write...)
	v1.PATCH("/sources/:id", s.patchSource, write...)
	v1.DELETE("/sources/:id", s.deleteSource, write...)
	v1.GET("/sources/:id/history", s.getSourceHistory)
}
