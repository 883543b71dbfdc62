package api

import (
	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// listMunicipalities godoc
//
//	@Summary		List municipalities
//	@Description	The 357 municipalities in force, by code, each with its names in every official language, county and code history.
//	@Tags			municipalities
//	@Param			county	query		string	false	"Only these counties: two-digit codes, comma-separated"	example(55,56)
//	@Param			limit	query		int		false	"Items per page"											minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Municipality]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/municipalities [get]
func (s *Server) listMunicipalities(c echo.Context) error {
	q, err := readQuery(c, append([]string{"county"}, pageParams...)...)
	if err != nil {
		return err
	}
	f := domain.MunicipalityFilter{County: q.counties("county")}
	page := q.page()
	if err := q.err(); err != nil {
		return err
	}
	l, err := s.store.ListMunicipalities(c.Request().Context(), f, page)
	if err != nil {
		return err
	}
	return collection(c, l, page)
}

// getMunicipality godoc
//
//	@Summary		Get a municipality
//	@Description	One municipality by its code in force (four digits, leading zero kept): official name, names in Norwegian, Sámi and Kven where official, county, and every earlier code and name it had.
//	@Tags			municipalities
//	@Param			code	path		string	true	"Municipality code in force"	example(5501)
//	@Success		200		{object}	domain.Municipality
//	@Failure		400		{object}	Problem	"A code that is not four digits, or an unknown parameter"
//	@Failure		404		{object}	Problem	"No municipality has this code in force"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/municipalities/{code} [get]
func (s *Server) getMunicipality(c echo.Context) error {
	return getByPath(c, pathCode, s.store.Municipality)
}

// listMunicipalityPopulation godoc
//
//	@Summary		List a municipality's population
//	@Description	Population on 1 January, 2005-2026, from SSB table 07459, oldest first. Figures from before the municipality's last merger or split are the intermediary's sums on today's borders, and their note says so.
//	@Tags			municipalities
//	@Param			code	path		string	true	"Municipality code in force"										example(5501)
//	@Param			from	query		int		false	"First reference year, inclusive"									example(2015)
//	@Param			to		query		int		false	"Last reference year, inclusive"									example(2020)
//	@Param			kind	query		string	false	"Only official statistics or only reported figures"	Enums(official, reported)
//	@Param			limit	query		int		false	"Items per page"													minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.PopulationObservation]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No municipality has this code in force"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/municipalities/{code}/population [get]
func (s *Server) listMunicipalityPopulation(c echo.Context) error {
	code, err := pathCode(c)
	if err != nil {
		return err
	}
	return serveObservations(c, domain.ObservationFilter{Municipality: code}, s.store.ListPopulation)
}

// listMunicipalityArea godoc
//
//	@Summary		List a municipality's area
//	@Description	Area in km², saying what it measures where the source says so.
//	@Tags			municipalities
//	@Param			code	path		string	true	"Municipality code in force"						example(5501)
//	@Param			from	query		int		false	"First reference year, inclusive"					example(2025)
//	@Param			to		query		int		false	"Last reference year, inclusive"					example(2025)
//	@Param			kind	query		string	false	"Only official statistics or only reported figures"	Enums(official, reported)
//	@Param			limit	query		int		false	"Items per page"									minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.AreaObservation]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No municipality has this code in force"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/municipalities/{code}/area [get]
func (s *Server) listMunicipalityArea(c echo.Context) error {
	code, err := pathCode(c)
	if err != nil {
		return err
	}
	return serveObservations(c, domain.ObservationFilter{Municipality: code}, s.store.ListArea)
}
