package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/docs"
)

// swag v1 writes Swagger 2.0 (docs/); frontends' tooling expects OpenAPI 3, so the same document is
// converted once, as the server starts, and validated, and served at /openapi.json. The docs tests
// convert it, so a document that does not convert never gets past CI.
func openAPI3() ([]byte, error) {
	var v2 openapi2.T
	if err := json.Unmarshal([]byte(docs.SwaggerInfo.ReadDoc()), &v2); err != nil {
		return nil, fmt.Errorf("read swagger 2.0 spec: %w", err)
	}
	examples := parameterExamples(&v2) // before converting, which drops them
	v3, err := openapi2conv.ToV3(&v2)
	if err != nil {
		return nil, fmt.Errorf("convert spec to OpenAPI 3: %w", err)
	}
	problemsAsProblemJSON(v3)
	for key, example := range examples {
		if p := v3.Paths.Value(key.path).GetOperation(key.method).Parameters.GetByInAndName(key.in, key.name); p != nil {
			p.Example = example
		}
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
	doc, err := s.openapi()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, doc)
}

// parameterKey names one parameter of one operation.
type parameterKey struct{ path, method, in, name string }

// parameterExamples collects each parameter's example, which Swagger 2.0 allows only as an extension
// (swag writes it there), so it can be put where OpenAPI 3 has it.
func parameterExamples(v2 *openapi2.T) map[parameterKey]any {
	out := map[parameterKey]any{}
	for path, item := range v2.Paths {
		for method, op := range item.Operations() {
			for _, p := range op.Parameters {
				if example, ok := p.Extensions["example"]; ok {
					out[parameterKey{path, method, p.In, p.Name}] = example
				}
			}
		}
	}
	return out
}

// problemsAsProblemJSON declares error answers with the media type they are sent with,
// application/problem+json (RFC 9457); swag v1 can only say application/json.
func problemsAsProblemJSON(v3 *openapi3.T) {
	for _, item := range v3.Paths.Map() {
		for _, op := range item.Operations() {
			for _, r := range op.Responses.Map() {
				if r.Value == nil {
					continue
				}
				if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil &&
					strings.HasSuffix(mt.Schema.Ref, "/api.Problem") {
					r.Value.Content = openapi3.Content{"application/problem+json": mt}
				}
			}
		}
	}
}
