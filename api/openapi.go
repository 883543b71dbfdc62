package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/docs"
)

// swag v1 writes Swagger 2.0 (docs/); frontends' tooling expects OpenAPI 3, so the same document is
// converted once at start-up and validated, and served at /openapi.json.
func openAPI3() ([]byte, error) {
	var v2 openapi2.T
	if err := json.Unmarshal([]byte(docs.SwaggerInfo.ReadDoc()), &v2); err != nil {
		return nil, fmt.Errorf("read swagger 2.0 spec: %w", err)
	}
	v3, err := openapi2conv.ToV3(&v2)
	if err != nil {
		return nil, fmt.Errorf("convert spec to OpenAPI 3: %w", err)
	}
	if err := v3.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("OpenAPI 3 spec is invalid: %w", err)
	}
	return json.Marshal(v3)
}

// openAPI godoc
//
//	@Summary		OpenAPI 3 description of this API
//	@Description	The API's contract as OpenAPI 3, converted from the Swagger 2.0 document that Swagger UI at /docs/ shows. Generate typed clients from this one.
//	@Tags			service
//	@Produce		json
//	@Success		200	{object}	object
//	@Failure		400	{object}	Problem	"An unknown query parameter"
//	@Router			/openapi.json [get]
func (s *Server) openAPI(c echo.Context) error {
	if err := noParams(c); err != nil {
		return err
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, s.openapi)
}
