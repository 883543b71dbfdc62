package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/jsonstat"
	"github.com/byregion/byregion/internal/query"
)

// MunicipalityDetail is a municipality with what include= embedded.
type MunicipalityDetail struct {
	domain.Municipality
	Population *[]domain.PopulationObservation `json:"population,omitempty"`
	Area       *[]domain.AreaObservation       `json:"area,omitempty"`
}

// listMunicipalities godoc
//
//	@Summary		List municipalities
//	@Description	The 357 municipalities in force, each with its names in force in every official language (each dated: the period SSB's official name included it), county and code history; with at=, those in force on that date, with their code, name, county and names then. A name's language is a BCP 47 tag: no, se, smj, sma, fkv; smi where the source calls a name Sámi without saying which Sámi language (Rana's Raane and three others of 2024), und where no source gives its language. Search finds a municipality by any name it has had, in any language, ignoring case, accents and diacritics (tromso, TROMSØ, omasvuotna, habmer). include=population embeds each one's series (from= and to= bound the years) with a fixed number of queries.
//	@ID				listMunicipalities
//	@Tags			municipalities
//	@Produce		json
//	@Produce		text/csv
//	@Param			code	query		string	false	"Only these codes (comma-separated); a code no longer in force is read as what it became, and meta.mapped says so"																example(5501,0301)
//	@Param			at		query		string	false	"The municipalities in force on this date, with their code, name, county and names then"																						example(2016-06-01)
//	@Param			county	query		string	false	"Only these counties, as the municipalities were in on at (or today): two-digit codes, comma-separated; a county no longer in force gives an empty page with a hint in meta"	example(55,56)
//	@Param			q		query		string	false	"Search every name it has had, in every language; å, aa and a are the same, ø is o, æ is ae"																					example(omasvuotna)
//	@Param			sort	query		string	false	"Sort keys, - for descending: code, name (Norwegian order: A…Z, Æ, Ø, Å), county"																								example(name)
//	@Param			fields	query		string	false	"Only these top-level fields"																																					example(code,name,county)
//	@Param			include	query		string	false	"Embed: population, area"																																						example(population)
//	@Param			from	query		int		false	"First year of embedded series, inclusive"																																		example(2015)
//	@Param			to		query		int		false	"Last year of embedded series, inclusive"																																		example(2020)
//	@Param			limit	query		int		false	"Items per page (JSON)"																																							minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"																																example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"																																							example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"																																Enums(json, csv)			example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"																																									Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[MunicipalityDetail]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/municipalities [get]
func (s *Server) listMunicipalities(c echo.Context) error {
	q, err := parse(c, query.Municipalities)
	if err != nil {
		return err
	}
	if err := yearRange(q); err != nil {
		return err
	}
	return listing[domain.Municipality]{list: s.store.ListMunicipalities,
		embed: s.embedInMunicipalities}.serve(s, c, q)
}

// embedInMunicipalities adds each municipality's series, one store call per include for the whole page.
func (s *Server) embedInMunicipalities(ctx context.Context, q query.Query, ms []domain.Municipality) ([]any, error) {
	details := make([]MunicipalityDetail, len(ms))
	codes := make([]string, len(ms))
	for i, m := range ms {
		details[i].Municipality, codes[i] = m, m.Code
	}
	series := func(spec query.Spec) query.Query {
		sq := spec.All().With(spec, "municipality", codes...)
		for _, name := range []string{"from", "to"} {
			if f, ok := q.Filter(name); ok {
				sq = sq.With(spec, name, f.Values...)
			}
		}
		return sq
	}
	var err error
	if q.Includes("population") {
		err = embedByMunicipality(ctx, s.store.ListPopulation, series(query.Population), details,
			func(o domain.PopulationObservation) domain.Subject { return o.Subject },
			func(d *MunicipalityDetail, v *[]domain.PopulationObservation) { d.Population = v })
	}
	if q.Includes("area") && err == nil {
		err = embedByMunicipality(ctx, s.store.ListArea, series(query.Area), details,
			func(o domain.AreaObservation) domain.Subject { return o.Subject },
			func(d *MunicipalityDetail, v *[]domain.AreaObservation) { d.Area = v })
	}
	if err != nil {
		return nil, err
	}
	return anys(details), nil
}

// embedByMunicipality reads a series for every municipality of the page in one call and hands each its own.
func embedByMunicipality[T any](ctx context.Context, list func(context.Context, query.Query) (domain.List[T], error),
	q query.Query, details []MunicipalityDetail, subjectOf func(T) domain.Subject, set func(*MunicipalityDetail, *[]T)) error {
	l, err := list(ctx, q)
	if err != nil {
		return err
	}
	for i := range details {
		mine := []T{}
		for _, o := range l.Items {
			if m := subjectOf(o).Municipality; m != nil && m.Code == details[i].Code {
				mine = append(mine, o)
			}
		}
		set(&details[i], &mine)
	}
	return nil
}

// getMunicipality godoc
//
//	@Summary		Get a municipality
//	@Description	One municipality by its code in force (four digits, leading zero kept): official name, names in Norwegian, Sámi and Kven where official, county, and every earlier code and name it had. Without parameters the answer is the record a write sends back (its ETag for If-Match): names lists every name it has had, each with the period SSB's official name included it (valid_from, valid_to), as codes lists every code period. With at=, or any other parameter, names lists those in force on that date, or without at= the latest (those whose valid_to is null, as code, name and county are the latest period's). A name's language is a BCP 47 tag: no, se, smj, sma, fkv; smi where the source calls a name Sámi without saying which Sámi language (Rana's Raane and three others of 2024), und where no source gives its language.
//	@ID				getMunicipality
//	@Tags			municipalities
//	@Param			code	path		string	true	"Municipality code in force; an older code is redirected"	example(5501)
//	@Param			at		query		string	false	"Its code, name, county and names on this date"				example(2016-06-01)
//	@Param			fields	query		string	false	"Only these top-level fields"								example(code,name,county)
//	@Success		200		{object}	domain.Municipality
//	@Header			200		{string}	ETag	"Without parameters: the record's version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Success		308		"A code no longer in force: Location is the municipality it became, with the query kept"
//	@Failure		300		{object}	Problem	"A code no longer in force that became several municipalities: choices lists them"
//	@Failure		400		{object}	Problem	"A code that is not four digits, or an unknown parameter"
//	@Failure		404		{object}	Problem	"No municipality ever had this code, or it did not exist on the date at= names"
//	@Failure		406		{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/municipalities/{code} [get]
func (s *Server) getMunicipality(c echo.Context) error {
	code, moved, err := s.codeInForce(c)
	if err != nil || moved != "" {
		return redirectOr(c, moved, err)
	}
	q, err := parse(c, query.Municipality)
	if err != nil {
		return err
	}
	if err := jsonOnly(c, q); err != nil {
		return err
	}
	m, err := s.store.Municipality(c.Request().Context(), code, q.Value("at"))
	if err != nil {
		return err
	}
	if len(c.QueryParams()) == 0 {
		// The municipality as it is, with the ETag a write sends back in If-Match.
		v, err := s.store.Municipalities().Get(c.Request().Context(), m.ID)
		if err != nil {
			return err
		}
		return serveRecord(c, http.StatusOK, v.Version, v.Item)
	}
	return single(c, q, m)
}

// redirectOr answers 308 to moved, or returns err.
func redirectOr(c echo.Context, moved string, err error) error {
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusPermanentRedirect, moved)
}

// codeInForce reads the path's code, and where a code is no longer in force, the path of the municipality
// it became (moved), with the rest of the path and the query kept: the handler answers 308 Permanent
// Redirect to it. A code that became several municipalities is EAMBIGUOUS, which lists them (300).
func (s *Server) codeInForce(c echo.Context) (code, moved string, err error) {
	if code, err = pathCode(c); err != nil {
		return "", "", err
	}
	today, err := s.store.ResolveCode(c.Request().Context(), code)
	if err != nil {
		return "", "", err
	}
	if len(today) == 1 && today[0].Code == code {
		return code, "", nil
	}
	if len(today) != 1 {
		names := make([]string, len(today))
		for i, t := range today {
			names[i] = t.Code + " " + t.Name
		}
		return "", "", &domain.Error{Code: domain.EAMBIGUOUS, Choices: today, Message: fmt.Sprintf("The code %s is no longer "+
			"in force, and its municipality became several: %s. Choose one; the API does not guess.", code, strings.Join(names, ", "))}
	}
	u := *c.Request().URL
	u.Path = strings.Replace(u.Path, "/municipalities/"+code, "/municipalities/"+today[0].Code, 1)
	return "", (&url.URL{Path: u.Path, RawQuery: u.RawQuery}).String(), nil
}

// getMunicipalityHistory godoc
//
//	@Summary		A municipality's code history
//	@Description	The lineage of the municipality that had this code, in force or not: its code periods (renumberings and renamings), the municipalities that merged or split into it and those it merged or split into, each with the date and kind of change, and what it is today. From SSB's classification 131 change table, 1972-2024.
//	@ID				getMunicipalityHistory
//	@Tags			municipalities
//	@Param			code	path		string	true	"Any code a municipality had"	example(1902)
//	@Success		200		{object}	domain.History
//	@Failure		400		{object}	Problem	"A code that is not four digits, or an unknown parameter"
//	@Failure		404		{object}	Problem	"No municipality ever had this code"
//	@Failure		406		{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/municipalities/{code}/history [get]
func (s *Server) getMunicipalityHistory(c echo.Context) error {
	return getByPath(c, pathCode, s.store.History)
}

// municipalitySeries answers /municipalities/{code}/population and /area.
func (s *Server) municipalitySeries(c echo.Context, spec query.Spec, serve func(query.Query) error) error {
	code, moved, err := s.codeInForce(c)
	if err != nil || moved != "" {
		return redirectOr(c, moved, err)
	}
	nested := spec.Nested("region", "municipality", "county", "at")
	q, err := parse(c, nested)
	if err != nil {
		return err
	}
	if err := yearRange(q); err != nil {
		return err
	}
	return serve(q.With(spec, "municipality", code))
}

// listMunicipalityPopulation godoc
//
//	@Summary		List a municipality's population
//	@Description	Population on 1 January, 2005-2026, from SSB table 07459, oldest first. Each figure says what it is: official (SSB's own, with the code it was published under), or, for a year before the municipality's last merger or split, sum_of_predecessors (the sum of SSB's figures for the municipalities that merged into it) or apportioned (the source's estimate of a share of a split municipality's), with its note naming the predecessors; in JSON-stat their kind gives their status (s for a sum of predecessors' figures, e for an apportionment).
//	@ID				listMunicipalityPopulation
//	@Tags			municipalities
//	@Produce		json
//	@Produce		text/csv
//	@Param			code		path		string										true	"Municipality code in force"																																						example(5501)
//	@Param			from		query		int											false	"First reference year, inclusive"																																					example(2015)
//	@Param			to			query		int											false	"Last reference year, inclusive"																																					example(2020)
//	@Param			kind		query		string										false	"What the figures are: official (SSB's own, for the municipality as it was), sum_of_predecessors, apportioned (an estimate), reported (a region's own), compiled; comma-separated"	Enums(official, sum_of_predecessors, apportioned, reported, compiled)	example(official)
//	@Param			value		query		string										false	"Only values in this range: min..max, either end may be left out"																													example(70000..)
//	@Param			adjusted	query		bool										false	"Only figures a source put on later borders from their predecessors' (kind sum_of_predecessors or apportioned: true), or only the others (false)"									example(false)
//	@Param			sort		query		string										false	"Sort keys: id (date order), reference_date, value, kind"																															example(-reference_date)
//	@Param			fields		query		string										false	"Only these top-level fields"																																						example(reference_date,value)
//	@Param			limit		query		int											false	"Items per page (JSON)"																																								minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor		query		string										false	"Opaque cursor from meta.next of the previous page"																																	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count		query		bool										false	"Compute meta.total"																																								example(true)
//	@Param			format		query		string										false	"Answer format; also chosen by the Accept header"																																	Enums(json, csv, jsonstat)	example(jsonstat)
//	@Param			dialect		query		string										false	"CSV dialect"																																										Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200			{object}	Collection[domain.PopulationObservation]	"JSON; format=jsonstat answers a JSONStat dataset"
//	@Failure		400			{object}	Problem										"A malformed or unknown parameter"
//	@Failure		404			{object}	Problem										"No municipality has this code in force"
//	@Failure		406			{object}	Problem										"The Accept header allows neither JSON nor CSV"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/municipalities/{code}/population [get]
func (s *Server) listMunicipalityPopulation(c echo.Context) error {
	return s.municipalitySeries(c, query.Population, func(q query.Query) error {
		return listing[domain.PopulationObservation]{list: s.store.ListPopulation, jsonstat: completed(s, jsonstat.Population)}.serve(s, c, q)
	})
}

// listMunicipalityArea godoc
//
//	@Summary		List a municipality's area
//	@Description	Area in km², saying what it measures where the source says so.
//	@ID				listMunicipalityArea
//	@Tags			municipalities
//	@Produce		json
//	@Produce		text/csv
//	@Param			code		path		string								true	"Municipality code in force"																																						example(5501)
//	@Param			from		query		int									false	"First reference year, inclusive"																																					example(2025)
//	@Param			to			query		int									false	"Last reference year, inclusive"																																					example(2025)
//	@Param			kind		query		string								false	"What the figures are: official (SSB's own, for the municipality as it was), sum_of_predecessors, apportioned (an estimate), reported (a region's own), compiled; comma-separated"	Enums(official, sum_of_predecessors, apportioned, reported, compiled)	example(official)
//	@Param			measure		query		string								false	"Only figures that measure this"																																					Enums(total, land, unknown)												example(unknown)
//	@Param			value_km2	query		string								false	"Only values in this range: min..max in km²"																																		example(..3000)
//	@Param			sort		query		string								false	"Sort keys: id, reference_date, value_km2, kind"																																	example(reference_date)
//	@Param			fields		query		string								false	"Only these top-level fields"																																						example(reference_date,value_km2)
//	@Param			limit		query		int									false	"Items per page (JSON)"																																								minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor		query		string								false	"Opaque cursor from meta.next of the previous page"																																	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count		query		bool								false	"Compute meta.total"																																								example(true)
//	@Param			format		query		string								false	"Answer format; also chosen by the Accept header"																																	Enums(json, csv, jsonstat)	example(csv)
//	@Param			dialect		query		string								false	"CSV dialect"																																										Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200			{object}	Collection[domain.AreaObservation]	"JSON; format=jsonstat answers a JSONStat dataset"
//	@Failure		400			{object}	Problem								"A malformed or unknown parameter"
//	@Failure		404			{object}	Problem								"No municipality has this code in force"
//	@Failure		406			{object}	Problem								"The Accept header allows neither JSON nor CSV"
//	@Failure		500			{object}	Problem
//	@Router			/api/v1/municipalities/{code}/area [get]
func (s *Server) listMunicipalityArea(c echo.Context) error {
	return s.municipalitySeries(c, query.Area, func(q query.Query) error {
		return listing[domain.AreaObservation]{list: s.store.ListArea, jsonstat: completed(s, jsonstat.Area)}.serve(s, c, q)
	})
}

// listMunicipalityIndicators godoc
//
//	@Summary		A municipality's population indicators per year
//	@Description	Population, density (inhabitants per km² of its latest area figure, a compilation's, the same for every year: area_reference_date says which) and growth, absolute and in percent, from the year before and since the first year asked for. Every figure names the observations it came from.
//	@ID				listMunicipalityIndicators
//	@Tags			aggregates
//	@Produce		json
//	@Produce		text/csv
//	@Param			code	path		string							true	"Municipality code in force; an older code is redirected"	example(5501)
//	@Param			from	query		int								false	"First reference year, inclusive"							example(2015)
//	@Param			to		query		int								false	"Last reference year, inclusive"							example(2025)
//	@Param			sort	query		string							false	"reference_date, or -reference_date"						example(-reference_date)
//	@Param			fields	query		string							false	"Only these top-level fields"								example(reference_date,population,density)
//	@Param			limit	query		int								false	"Items per page (JSON)"										minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string							false	"Opaque cursor from meta.next of the previous page"			example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool							false	"Compute meta.total"										example(true)
//	@Param			format	query		string							false	"Answer format; also chosen by the Accept header"			Enums(json, csv, jsonstat)	example(csv)
//	@Param			dialect	query		string							false	"CSV dialect"												Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.Indicator]	"JSON; format=jsonstat answers a JSONStat dataset"
//	@Failure		300		{object}	Problem							"A code no longer in force that became several municipalities"
//	@Failure		400		{object}	Problem							"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem							"No municipality ever had this code"
//	@Failure		406		{object}	Problem							"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/municipalities/{code}/indicators [get]
func (s *Server) listMunicipalityIndicators(c echo.Context) error {
	return s.municipalitySeries(c, query.Indicators, func(q query.Query) error {
		return listing[domain.Indicator]{list: s.store.GroupIndicators, jsonstat: completed(s, jsonstat.Indicators)}.serve(s, c, q)
	})
}
