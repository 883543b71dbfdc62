package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// A write the store refuses as busy (its queue's wait ran out, or another process held the database) is
// a 503 with Retry-After and a problem, never a 500; every domain code has its status.
func TestEveryDomainCodeHasAStatus(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil)), echo: echo.New()}
	for code, want := range map[domain.Code]int{domain.EBUSY: 503, domain.EINVALID: 400, domain.ENOTFOUND: 404, domain.ECONFLICT: 409,
		domain.EUNPROCESSABLE: 422, domain.ESTALE: 412, domain.EAMBIGUOUS: 300, domain.EUNKNOWNPARAMETER: 400, domain.EKEYREUSED: 422} {
		rec := httptest.NewRecorder()
		c := s.echo.NewContext(httptest.NewRequest(http.MethodPost, "/api/v1/goals", nil), rec)
		s.handleError(&domain.Error{Code: code, Message: "m"}, c)
		var p Problem
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || rec.Code != want || p.Status != want ||
			rec.Header().Get(echo.HeaderContentType) != mediaProblem {
			t.Errorf("%s: %d %s", code, rec.Code, rec.Body.String())
		}
		if code == domain.EBUSY && rec.Header().Get(echo.HeaderRetryAfter) == "" {
			t.Errorf("a busy answer without Retry-After")
		}
	}
}
