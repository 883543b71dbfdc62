package api

import (
	"mime"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// The formats an answer can take. A collection is JSON or CSV; an observation series is JSON-stat too.
const (
	formatJSON     = "json"
	formatCSV      = "csv"
	formatJSONStat = "jsonstat"
)

// The CSV dialects: RFC 4180 (comma, decimal point) or Norwegian Excel (semicolon, decimal comma, BOM).
const (
	dialectRFC4180 = "rfc4180"
	dialectExcelNB = "excel-nb"
)

// notAcceptable is the 406 answer: the Accept header allows none of the formats offered.
type notAcceptable struct{ offered []string }

func (e notAcceptable) Error() string {
	return "This resource is available as " + strings.Join(e.offered, ", ") + "; the Accept header allows none of them."
}

var mediaTypes = map[string]string{formatJSON: "application/json", formatCSV: "text/csv", formatJSONStat: "application/json",
	formatXLSX: mediaXLSX}

// negotiate picks the format: ?format= when given (it must be one the endpoint offers), otherwise the
// first media type of the Accept header that the endpoint offers; none acceptable is a 406.
func negotiate(c echo.Context, q query.Query, offered ...string) (string, error) {
	if v := q.Values.Get("format"); v != "" || q.Values.Has("format") {
		if !slices.Contains(offered, v) {
			return "", domain.Invalid("query", "format", "must be one of "+strings.Join(offered, ", ")+" here")
		}
		return v, nil
	}
	accept := c.Request().Header.Get(echo.HeaderAccept)
	if accept == "" {
		return formatJSON, nil
	}
	type ranged struct {
		media string
		q     float64
	}
	var ranges []ranged
	for _, part := range strings.Split(accept, ",") {
		media, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		weight := 1.0
		if v, ok := params["q"]; ok {
			if weight, err = strconv.ParseFloat(v, 64); err != nil {
				weight = 0
			}
		}
		if weight > 0 {
			ranges = append(ranges, ranged{media, weight})
		}
	}
	slices.SortStableFunc(ranges, func(a, b ranged) int {
		switch {
		case a.q > b.q:
			return -1
		case a.q < b.q:
			return 1
		}
		return 0
	})
	for _, r := range ranges {
		for _, f := range offered {
			mt := mediaTypes[f]
			if r.media == mt || r.media == "*/*" || r.media == strings.Split(mt, "/")[0]+"/*" ||
				(f == formatJSON && (r.media == mediaProblem || r.media == mediaSparse)) {
				return f, nil
			}
		}
	}
	var media []string
	for _, f := range offered {
		if !slices.Contains(media, mediaTypes[f]) {
			media = append(media, mediaTypes[f])
		}
	}
	return "", notAcceptable{offered: media}
}

// dialect reads the CSV dialect; it is only for CSV.
func dialect(q query.Query, format string) (string, error) {
	v := q.Values.Get("dialect")
	switch {
	case v == "" && !q.Values.Has("dialect"):
		return dialectRFC4180, nil
	case format != formatCSV:
		return "", domain.Invalid("query", "dialect", "is only for format=csv")
	case v != dialectRFC4180 && v != dialectExcelNB:
		return "", domain.Invalid("query", "dialect", "must be rfc4180 or excel-nb")
	}
	return v, nil
}

// jsonOnly checks that a single resource can be answered as JSON.
func jsonOnly(c echo.Context, q query.Query) error {
	_, err := negotiate(c, q, formatJSON)
	return err
}
