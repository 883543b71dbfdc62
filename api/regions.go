package api

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// listRegions godoc
//
//	@Summary		List city regions
//	@Description	The city regions of Byregionprogrammet, by id, each with its programme phases, lead municipality and members: as the sources list them (2015 municipalities) and as they map to the municipalities in force today, with the reforms between.
//	@Tags			regions
//	@Param			county			query		string	false	"Only regions with a member in these counties, as listed (2015) or today: two-digit codes, comma-separated"	example(55,19)
//	@Param			phase			query		int		false	"Only regions confirmed in this programme phase"	Enums(1, 2)
//	@Param			municipality	query		string	false	"Only regions this municipality belongs to: a code it was listed under, had at any time, or has today"	example(3817)
//	@Param			limit	query		int		false	"Items per page"												minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Region]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions [get]
func (s *Server) listRegions(c echo.Context) error {
	q, err := readQuery(c, append([]string{"county", "phase", "municipality"}, pageParams...)...)
	if err != nil {
		return err
	}
	f := domain.RegionListFilter{County: q.counties("county"), Phase: q.phase("phase"), Municipality: q.code("municipality")}
	page := q.page()
	if err := q.err(); err != nil {
		return err
	}
	l, err := s.store.ListRegions(c.Request().Context(), f, page)
	if err != nil {
		return err
	}
	return collection(c, l, page)
}

// getRegion godoc
//
//	@Summary		Get a city region
//	@Description	One city region: name, description in the programme's words, programme, lead municipality and members with their roles.
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Success		200		{object}	domain.Region
//	@Failure		400		{object}	Problem	"A malformed id or an unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug} [get]
func (s *Server) getRegion(c echo.Context) error { return getByPath(c, pathSlug, s.store.Region) }

// listRegionMunicipalities godoc
//
//	@Summary		List a region's municipalities
//	@Description	The region's member municipalities in full (codes, names in every language, county, code history), each with its role: lead (søkerkommune) or partner (samarbeidskommune).
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"											minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.RegionMembership]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/municipalities [get]
func (s *Server) listRegionMunicipalities(c echo.Context) error {
	slug, err := pathSlug(c)
	if err != nil {
		return err
	}
	return servePages(c, func(ctx context.Context, page domain.Page) (domain.List[domain.RegionMembership], error) {
		return s.store.ListRegionMemberships(ctx, slug, page)
	})
}

// listRegionPopulation godoc
//
//	@Summary		List a region's population observations
//	@Description	The population the region itself reports (kind reported) and the official figures of each member municipality (kind official), by subject and date. Each names its source.
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Param			from	query		int		false	"First reference year, inclusive"							example(2015)
//	@Param			to		query		int		false	"Last reference year, inclusive"							example(2020)
//	@Param			kind	query		string	false	"Only official statistics or only the region's reported figures"	Enums(official, reported)
//	@Param			limit	query		int		false	"Items per page"											minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.PopulationObservation]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/population [get]
func (s *Server) listRegionPopulation(c echo.Context) error {
	slug, err := pathSlug(c)
	if err != nil {
		return err
	}
	return serveObservations(c, domain.ObservationFilter{Region: slug}, s.store.ListPopulation)
}

// listRegionArea godoc
//
//	@Summary		List a region's area observations
//	@Description	The area the region itself reports (kind reported) and the area of each member municipality, in km², saying what each figure measures where the source says.
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Param			from	query		int		false	"First reference year, inclusive"							example(2015)
//	@Param			to		query		int		false	"Last reference year, inclusive"							example(2025)
//	@Param			kind	query		string	false	"Only official statistics or only the region's reported figures"	Enums(official, reported)
//	@Param			limit	query		int		false	"Items per page"											minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.AreaObservation]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/area [get]
func (s *Server) listRegionArea(c echo.Context) error {
	slug, err := pathSlug(c)
	if err != nil {
		return err
	}
	return serveObservations(c, domain.ObservationFilter{Region: slug}, s.store.ListArea)
}

// listRegionGoals godoc
//
//	@Summary		List a region's goals
//	@Description	The region's goals (mål) in the programme's words, in the order the source lists them.
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Goal]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/goals [get]
func (s *Server) listRegionGoals(c echo.Context) error {
	return listRegionTexts(c, s.store.ListGoals)
}

// listRegionResults godoc
//
//	@Summary		List a region's results
//	@Description	What the region achieved in the programme (resultater), in its words and order.
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Result]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/results [get]
func (s *Server) listRegionResults(c echo.Context) error {
	return listRegionTexts(c, s.store.ListResults)
}

// listRegionLessons godoc
//
//	@Summary		List a region's lessons
//	@Description	The region's advice to others on regional cooperation (råd), each a title and its explanation.
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Lesson]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/lessons [get]
func (s *Server) listRegionLessons(c echo.Context) error {
	return listRegionTexts(c, s.store.ListLessons)
}

// listRegionThemes godoc
//
//	@Summary		List a region's themes
//	@Description	Main themes (hovedtema) per programme phase, then their sub-themes (deltema; parent names the main theme), with the text that describes each.
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Theme]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/themes [get]
func (s *Server) listRegionThemes(c echo.Context) error {
	return listRegionTexts(c, s.store.ListThemes)
}

// listRegionMeasures godoc
//
//	@Summary		List a region's measures
//	@Description	The region's measures (tiltak) with status, period in the source's words and the ids of the themes, goals and partners they involve.
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Measure]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/measures [get]
func (s *Server) listRegionMeasures(c echo.Context) error {
	return listRegionTexts(c, s.store.ListMeasures)
}

// listRegionPartners godoc
//
//	@Summary		List a region's partners
//	@Description	Organisations the region works with, named as the source names them (vaguely where it is vague), with their kind and, as role, the source's sentence about them.
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Partner]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/partners [get]
func (s *Server) listRegionPartners(c echo.Context) error {
	return listRegionTexts(c, s.store.ListPartners)
}

// listRegionDocuments godoc
//
//	@Summary		List a region's documents
//	@Description	Documents about the region, such as its application to the programme; url is null where the source gives none.
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"	example(tromsoregionen)
//	@Param			limit	query		int		false	"Items per page"	minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"	example(WyI1NTAzIl0)
//	@Success		200		{object}	Collection[domain.Document]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/documents [get]
func (s *Server) listRegionDocuments(c echo.Context) error {
	return listRegionTexts(c, s.store.ListDocuments)
}
