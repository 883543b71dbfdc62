package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Health is the body of /healthz and /readyz.
type Health struct {
	Status string `json:"status" example:"ok" enums:"ok,unavailable"`
}

// healthz godoc
//
//	@Summary		Liveness
//	@Description	Answers 200 while the process runs. It does not touch the database; see /readyz.
//	@ID				getHealth
//	@Tags			service
//	@Success		200	{object}	Health
//	@Failure		400	{object}	Problem	"An unknown query parameter"
//	@Router			/healthz [get]
func (s *Server) healthz(c echo.Context) error {
	if err := noParams(c); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

// readyz godoc
//
//	@Summary		Readiness
//	@Description	Answers 200 when the database is reachable and every migration is applied, 503 otherwise.
//	@ID				getReadiness
//	@Tags			service
//	@Success		200	{object}	Health
//	@Failure		400	{object}	Problem	"An unknown query parameter"
//	@Failure		503	{object}	Health
//	@Router			/readyz [get]
func (s *Server) readyz(c echo.Context) error {
	if err := noParams(c); err != nil {
		return err
	}
	if err := s.store.Ready(c.Request().Context()); err != nil {
		s.log.Warn("not ready", "request_id", c.Response().Header().Get(echo.HeaderXRequestID), "error", err)
		return c.JSON(http.StatusServiceUnavailable, Health{Status: "unavailable"})
	}
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}
