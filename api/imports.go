package api

import (
	"bytes"
	"mime"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/imports"
	"github.com/byregion/byregion/internal/query"
)

// importRejected is a 422 for an import with rejected rows: nothing was written; the report says why.
type importRejected struct{ report domain.ImportReport }

func (importRejected) Error() string {
	return "Some rows were rejected, so nothing was written; report.errors gives each one's line and reason."
}

var importSpec = query.Spec{Params: []string{"kind", "dry_run", "source"}}

// createImport godoc
//
//	@Summary		Import observations
//	@Description	Imports population or area figures in one transaction: all or nothing. The body is CSV (columns municipality or region, reference_date or year, value, source, and optionally kind, note, measure), a JSON array of objects with those fields, or a JSON-stat 2.0 dataset exactly as SSB's table 07459 download gives it (dimensions Region, Tid, ContentsCode; others such as Kjonn and Alder are summed; source= names the source). A municipality code is the one the figure was published under on its date. The answer counts inserted, updated, unchanged, skipped (cells without a figure) and rejected rows; with any row rejected nothing is written and the answer is 422 with each row's line (CSV) or index (JSON) and reason. dry_run=true checks and counts without writing. Every row written is in the changes feed.
//	@ID				importObservations
//	@Tags			writes
//	@Accept			text/csv
//	@Accept			json
//	@Security		BearerAuth
//	@Param			kind	query		string	true	"What the file holds"											Enums(population, area)	example(population)
//	@Param			dry_run	query		bool	false	"Check and count without writing"								example(true)
//	@Param			source	query		string	false	"The source of rows that name none (required for JSON-stat)"	example(ssb-07459)
//	@Param			body	body		string	true	"The file"
//	@Success		200		{object}	domain.ImportReport
//	@Failure		400		{object}	Problem	"A file that cannot be read, or a malformed parameter"
//	@Failure		401		{object}	Problem	"No key, or one not in use"
//	@Failure		403		{object}	Problem	"A key without the write scope"
//	@Failure		413		{object}	Problem	"A file over the import size limit"
//	@Failure		415		{object}	Problem	"A body that is neither text/csv nor application/json"
//	@Failure		422		{object}	Problem	"Rejected rows: nothing was written; report lists them"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/imports [post]
func (s *Server) createImport(c echo.Context) error {
	q, err := parse(c, importSpec)
	if err != nil {
		return err
	}
	kind := q.Values.Get("kind")
	if !slices.Contains(imports.Kinds, kind) {
		return domain.Invalid("query", "kind", "is required: population or area")
	}
	dryRun := false
	switch q.Values.Get("dry_run") {
	case "", "false":
	case "true":
		dryRun = true
	default:
		return domain.Invalid("query", "dry_run", "must be true or false")
	}
	media, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	format := map[string]string{"text/csv": "csv", mediaJSON: "json"}[media]
	if format == "" {
		return unsupportedMedia{want: "text/csv or application/json"}
	}
	body, err := readAllBody(c)
	if err != nil {
		return err
	}
	rows, rejected, skipped, err := imports.Parse(kind, format, bytes.NewReader(body), imports.Defaults{Source: q.Values.Get("source")})
	if err != nil {
		return &domain.Error{Code: domain.EINVALID, Message: "The file cannot be read: " + err.Error() + ".",
			Fields: []domain.FieldError{{Field: "body", In: "body", Message: err.Error()}}}
	}
	report, err := s.store.ImportObservations(c.Request().Context(), actor(c), kind, rows, rejected, skipped, dryRun)
	if err != nil {
		return err
	}
	if report.Rejected > 0 {
		return importRejected{report}
	}
	return c.JSON(http.StatusOK, report)
}
