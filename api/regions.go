package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/jsonstat"
	"github.com/byregion/byregion/internal/query"
)

// RegionDetail is a region with what include= embedded.
type RegionDetail struct {
	domain.Region
	Municipalities *[]domain.RegionMembership      `json:"municipalities,omitempty"`
	Population     *[]domain.PopulationObservation `json:"population,omitempty"`
	Area           *[]domain.AreaObservation       `json:"area,omitempty"`
	Goals          *[]domain.Goal                  `json:"goals,omitempty"`
	Results        *[]domain.Result                `json:"results,omitempty"`
	Lessons        *[]domain.Lesson                `json:"lessons,omitempty"`
	Themes         *[]domain.Theme                 `json:"themes,omitempty"`
	Measures       *[]domain.Measure               `json:"measures,omitempty"`
	Partners       *[]domain.Partner               `json:"partners,omitempty"`
	Documents      *[]domain.Document              `json:"documents,omitempty"`
	Quality        *domain.QualityReport           `json:"quality,omitempty"`
}

// listRegions godoc
//
//	@Summary		List city regions
//	@Description	The city regions of Byregionprogrammet, each with its programme phases, lead municipality and members: as the sources list them (2015 municipalities) and as they map to the municipalities in force today, with the reforms between. include= embeds their texts, series and members with a fixed number of queries.
//	@ID				listRegions
//	@Tags			regions
//	@Produce		json
//	@Produce		text/csv
//	@Param			county			query		string	false	"Only regions with a member in these counties, as listed (2015) or today: two-digit codes, comma-separated"			example(55,19)
//	@Param			phase			query		string	false	"Only regions confirmed in these programme phases"																	example(2)
//	@Param			municipality	query		string	false	"Only regions these municipalities belong to: a code each was listed under, had at any time, or has today"			example(3817)
//	@Param			id				query		string	false	"Only these regions (ids, comma-separated)"																			example(tromsoregionen,region-namdal)
//	@Param			at				query		string	false	"Members valid on this date, each with its code and name then (members[].at)"										example(2016-06-01)
//	@Param			q				query		string	false	"Search the names, ignoring case, accents and diacritics"															example(tromso)
//	@Param			sort			query		string	false	"Sort keys, comma-separated, - for descending: id, name (Norwegian order)"											example(-name)
//	@Param			fields			query		string	false	"Only these top-level fields"																						example(id,name,members)
//	@Param			include			query		string	false	"Embed: municipalities, population, area, goals, results, lessons, themes, measures, partners, documents, quality"	example(goals,measures)
//	@Param			limit			query		int		false	"Items per page (JSON)"																								minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor			query		string	false	"Opaque cursor from meta.next of the previous page"																	example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count			query		bool	false	"Compute meta.total (costs a count of the whole result)"															example(true)
//	@Param			format			query		string	false	"Answer format; also chosen by the Accept header"																	Enums(json, csv)			example(csv)
//	@Param			dialect			query		string	false	"CSV dialect: rfc4180 (comma, decimal point) or excel-nb (semicolon, decimal comma, UTF-8 BOM)"						Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200				{object}	Collection[RegionDetail]
//	@Header			200				{string}	ETag	"Strong validator; send it back in If-None-Match"
//	@Header			200				{string}	Link	"RFC 8288 links to the next and first pages"
//	@Failure		400				{object}	Problem	"A malformed or unknown parameter"
//	@Failure		406				{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500				{object}	Problem
//	@Router			/api/v1/regions [get]
func (s *Server) listRegions(c echo.Context) error {
	q, err := parse(c, query.Regions)
	if err != nil {
		return err
	}
	return listing[domain.Region]{list: s.store.ListRegions, embed: s.embedInRegions}.serve(s, c, q)
}

// getRegion godoc
//
//	@Summary		Get a city region
//	@Description	One city region: name, description in the programme's words, phases, lead municipality and members with their roles, as listed and today. include= embeds its texts, series, members in full and quality report. Asked without parameters, its ETag is its version ("v1"), for If-Match on a write.
//	@ID				getRegion
//	@Tags			regions
//	@Param			slug	path		string	true	"Region id"																											example(tromsoregionen)
//	@Param			include	query		string	false	"Embed: municipalities, population, area, goals, results, lessons, themes, measures, partners, documents, quality"	example(municipalities,goals,measures,partners)
//	@Param			at		query		string	false	"Members valid on this date, each with its code and name then (members[].at)"										example(2016-06-01)
//	@Param			fields	query		string	false	"Only these top-level fields"																						example(id,name,lead_municipality)
//	@Success		200		{object}	RegionDetail
//	@Header			200		{string}	ETag	"Without parameters: the region's version and a fingerprint of the answer, for If-None-Match and If-Match"
//	@Failure		400		{object}	Problem	"A malformed id, parameter or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		406		{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug} [get]
func (s *Server) getRegion(c echo.Context) error {
	slug, err := pathSlug(c)
	if err != nil {
		return err
	}
	q, err := parse(c, query.Region)
	if err != nil {
		return err
	}
	if err := jsonOnly(c, q); err != nil {
		return err
	}
	if len(c.QueryParams()) == 0 {
		// The region as it is: its ETag is its version, which a write sends back in If-Match.
		v, err := s.store.Regions().Get(c.Request().Context(), slug)
		if err != nil {
			return err
		}
		return serveRecord(c, http.StatusOK, v.Version, v.Item)
	}
	r, err := s.store.Region(c.Request().Context(), slug, q.Value("at"))
	if err != nil {
		return err
	}
	detail, err := s.embedInRegions(c.Request().Context(), q, []domain.Region{r})
	if err != nil {
		return err
	}
	return single(c, q, detail[0])
}

// embedInRegions adds what include= asks for to regions: one store call per include, whatever the
// number of regions, each filtered to all of them at once.
func (s *Server) embedInRegions(ctx context.Context, q query.Query, regions []domain.Region) ([]any, error) {
	details := make([]RegionDetail, len(regions))
	ids := make([]string, len(regions))
	for i, r := range regions {
		details[i].Region, ids[i] = r, r.ID
	}
	everything := func(spec query.Spec) query.Query {
		return spec.All().With(spec, "region", ids...)
	}
	var err error
	for _, what := range q.Include {
		switch what {
		case "municipalities":
			err = embed(ctx, s.store.ListRegionMemberships, everything(query.Members), details,
				func(m domain.RegionMembership) string { return m.Region }, func(d *RegionDetail, v *[]domain.RegionMembership) { d.Municipalities = v })
		case "goals":
			err = embed(ctx, goals.listIn(s), everything(goals.spec), details,
				func(x domain.Goal) string { return x.Region }, func(d *RegionDetail, v *[]domain.Goal) { d.Goals = v })
		case "results":
			err = embed(ctx, results.listIn(s), everything(results.spec), details,
				func(x domain.Result) string { return x.Region }, func(d *RegionDetail, v *[]domain.Result) { d.Results = v })
		case "lessons":
			err = embed(ctx, lessons.listIn(s), everything(lessons.spec), details,
				func(x domain.Lesson) string { return x.Region }, func(d *RegionDetail, v *[]domain.Lesson) { d.Lessons = v })
		case "themes":
			err = embed(ctx, themes.listIn(s), everything(themes.spec), details,
				func(x domain.Theme) string { return x.Region }, func(d *RegionDetail, v *[]domain.Theme) { d.Themes = v })
		case "measures":
			err = embed(ctx, measures.listIn(s), everything(measures.spec), details,
				func(x domain.Measure) string { return x.Region }, func(d *RegionDetail, v *[]domain.Measure) { d.Measures = v })
		case "partners":
			err = embed(ctx, partners.listIn(s), everything(partners.spec), details,
				func(x domain.Partner) string { return x.Region }, func(d *RegionDetail, v *[]domain.Partner) { d.Partners = v })
		case "documents":
			err = embed(ctx, documents.listIn(s), everything(documents.spec), details,
				func(x domain.Document) string { return x.Region }, func(d *RegionDetail, v *[]domain.Document) { d.Documents = v })
		case "quality":
			var l domain.List[domain.QualityReport]
			if l, err = s.store.ListQuality(ctx, everything(query.Quality)); err == nil {
				for i := range details {
					for j := range l.Items {
						if l.Items[j].Region.ID == details[i].ID {
							details[i].Quality = &l.Items[j]
						}
					}
				}
			}
		case "population":
			err = embedSeries(ctx, s.store.ListPopulation, everything(query.Population), details,
				func(o domain.PopulationObservation) domain.Subject { return o.Subject },
				func(d *RegionDetail, v *[]domain.PopulationObservation) { d.Population = v })
		case "area":
			err = embedSeries(ctx, s.store.ListArea, everything(query.Area), details,
				func(o domain.AreaObservation) domain.Subject { return o.Subject },
				func(d *RegionDetail, v *[]domain.AreaObservation) { d.Area = v })
		}
		if err != nil {
			return nil, err
		}
	}
	return anys(details), nil
}

// embed reads every item of a kind for all the regions in one call and hands each region its own.
func embed[T any](ctx context.Context, list func(context.Context, query.Query) (domain.List[T], error), q query.Query,
	details []RegionDetail, regionOf func(T) string, set func(*RegionDetail, *[]T)) error {
	q.Page = domain.Page{} // everything
	l, err := list(ctx, q)
	if err != nil {
		return err
	}
	for i := range details {
		mine := []T{}
		for _, item := range l.Items {
			if regionOf(item) == details[i].ID {
				mine = append(mine, item)
			}
		}
		set(&details[i], &mine)
	}
	return nil
}

// embedSeries hands each region its own observations and those of the municipalities its members became.
func embedSeries[T any](ctx context.Context, list func(context.Context, query.Query) (domain.List[T], error), q query.Query,
	details []RegionDetail, subjectOf func(T) domain.Subject, set func(*RegionDetail, *[]T)) error {
	q.Page = domain.Page{}
	l, err := list(ctx, q)
	if err != nil {
		return err
	}
	for i := range details {
		var today []string
		for _, m := range details[i].Members {
			for _, t := range m.Municipality.Today {
				today = append(today, t.Code)
			}
		}
		mine := []T{}
		for _, item := range l.Items {
			s := subjectOf(item)
			if (s.Region != nil && s.Region.ID == details[i].ID) || (s.Municipality != nil && slices.Contains(today, s.Municipality.Code)) {
				mine = append(mine, item)
			}
		}
		set(&details[i], &mine)
	}
	return nil
}

// regionList answers a collection under /regions/{slug}/... (a kind of text, the memberships): the region
// from the path.
func regionList[T any](s *Server, c echo.Context, spec query.Spec, list func(context.Context, query.Query) (domain.List[T], error)) error {
	slug, err := pathSlug(c)
	if err != nil {
		return err
	}
	nested := spec.Nested("region")
	q, err := parse(c, nested)
	if err != nil {
		return err
	}
	return listing[T]{list: list}.serve(s, c, q.With(spec, "region", slug))
}

// regionSeries answers /regions/{slug}/population and /area: the region's own figures and those of the
// municipalities its members became.
func regionSeries[T any](s *Server, c echo.Context, spec query.Spec, list func(context.Context, query.Query) (domain.List[T], error),
	jsonstat func(context.Context, []T) (jsonstat.Dataset, error)) error {
	slug, err := pathSlug(c)
	if err != nil {
		return err
	}
	nested := spec.Nested("region", "municipality")
	q, err := parse(c, nested)
	if err != nil {
		return err
	}
	return listing[T]{list: list, jsonstat: jsonstat}.serve(s, c, q.With(spec, "region", slug))
}

// listRegionMunicipalities godoc
//
//	@Summary		List a region's municipalities
//	@Description	The region's members in full: as the source lists them (listed), the municipality identity they were (which may since have merged away), what they are today, and their role: lead (søkerkommune), partner (samarbeidskommune), or member where the source names no lead.
//	@ID				listRegionMunicipalities
//	@Tags			regions
//	@Produce		json
//	@Produce		text/csv
//	@Param			slug	path		string	true	"Region id"												example(tromsoregionen)
//	@Param			sort	query		string	false	"Sort keys: lead (the lead first), code (as listed)"	example(code)
//	@Param			fields	query		string	false	"Only these top-level fields"							example(role,listed)
//	@Param			limit	query		int		false	"Items per page (JSON)"									minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string	false	"Opaque cursor from meta.next of the previous page"		example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool	false	"Compute meta.total"									example(true)
//	@Param			format	query		string	false	"Answer format; also chosen by the Accept header"		Enums(json, csv)			example(csv)
//	@Param			dialect	query		string	false	"CSV dialect"											Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.RegionMembership]
//	@Failure		400		{object}	Problem	"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		406		{object}	Problem	"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/municipalities [get]
func (s *Server) listRegionMunicipalities(c echo.Context) error {
	return regionList(s, c, query.Members, s.store.ListRegionMemberships)
}

// listRegionPopulation godoc
//
//	@Summary		A region's population per year, summed from its members
//	@Description	For each reference date, the sum of the official population of the municipalities in force that the region's members (valid on that date) are or became, how many were counted of how many, and whether the sum is complete: every figure present and exactly the members' territory (a member that merged with a non-member or was split makes it incomplete, and the note says which). Beside it, the population the region itself reported, and the difference (2015: computed 85,510, reported 85,510, difference 0 for Tromsøregionen). Derived when asked, naming the observations summed. The observations themselves are at /population?region=.
//	@ID				listRegionPopulation
//	@Tags			aggregates
//	@Produce		json
//	@Produce		text/csv
//	@Param			slug	path		string							true	"Region id"													example(tromsoregionen)
//	@Param			from	query		int								false	"First reference year, inclusive"							example(2015)
//	@Param			to		query		int								false	"Last reference year, inclusive"							example(2020)
//	@Param			sort	query		string							false	"reference_date, or -reference_date for the latest first"	example(-reference_date)
//	@Param			fields	query		string							false	"Only these top-level fields"								example(reference_date,computed,reported,difference)
//	@Param			limit	query		int								false	"Items per page (JSON)"										minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string							false	"Opaque cursor from meta.next of the previous page"			example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool							false	"Compute meta.total"										example(true)
//	@Param			format	query		string							false	"Answer format; also chosen by the Accept header"			Enums(json, csv, jsonstat)	example(jsonstat)
//	@Param			dialect	query		string							false	"CSV dialect"												Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.RegionTotal]	"JSON; format=jsonstat answers a JSONStat dataset"
//	@Failure		400		{object}	Problem							"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem							"No region has this id"
//	@Failure		406		{object}	Problem							"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/population [get]
func (s *Server) listRegionPopulation(c echo.Context) error {
	return regionSeries(s, c, query.RegionTotals, s.store.RegionPopulationTotals, completed(s, jsonstat.Totals(true)))
}

// listRegionArea godoc
//
//	@Summary		A region's area, summed from its members, beside what it reports
//	@Description	The sum of the latest area figures of the municipalities in force that the region's members are or became, beside the area the region itself reported and the difference, which is shown however large (Tromsøregionen reports 7,240 km²; its municipalities' areas sum to 7,464.82 km²). The municipal areas come from a compilation that does not say where they come from or when they were measured (kind compiled); the sum stands at that compilation's edition, and the note says so.
//	@ID				listRegionArea
//	@Tags			aggregates
//	@Produce		json
//	@Produce		text/csv
//	@Param			slug	path		string							true	"Region id"													example(tromsoregionen)
//	@Param			from	query		int								false	"First reference year, inclusive"							example(2015)
//	@Param			to		query		int								false	"Last reference year, inclusive"							example(2025)
//	@Param			sort	query		string							false	"reference_date, or -reference_date for the latest first"	example(reference_date)
//	@Param			fields	query		string							false	"Only these top-level fields"								example(reference_date,computed,reported,difference)
//	@Param			limit	query		int								false	"Items per page (JSON)"										minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string							false	"Opaque cursor from meta.next of the previous page"			example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool							false	"Compute meta.total"										example(true)
//	@Param			format	query		string							false	"Answer format; also chosen by the Accept header"			Enums(json, csv, jsonstat)	example(csv)
//	@Param			dialect	query		string							false	"CSV dialect"												Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.RegionTotal]	"JSON; format=jsonstat answers a JSONStat dataset"
//	@Failure		400		{object}	Problem							"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem							"No region has this id"
//	@Failure		406		{object}	Problem							"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/area [get]
func (s *Server) listRegionArea(c echo.Context) error {
	return regionSeries(s, c, query.RegionTotals, s.store.RegionAreaTotals, completed(s, jsonstat.Totals(false)))
}

// listRegionIndicators godoc
//
//	@Summary		A region's population indicators per year
//	@Description	Population (summed from the municipalities its members are or became), density (inhabitants per km² of their latest area figures, a compilation's, the same for every year: area_reference_date says which), and growth, absolute and in percent, from the year before and since the first year asked for (from=). Every figure names the observations it came from (derived_from); complete is false where the sum is not exactly the region's territory.
//	@ID				listRegionIndicators
//	@Tags			aggregates
//	@Produce		json
//	@Produce		text/csv
//	@Param			slug	path		string							true	"Region id"																	example(tromsoregionen)
//	@Param			from	query		int								false	"First reference year, inclusive; growth since_start is measured from it"	example(2015)
//	@Param			to		query		int								false	"Last reference year, inclusive"											example(2025)
//	@Param			sort	query		string							false	"reference_date, or -reference_date for the latest first"					example(-reference_date)
//	@Param			fields	query		string							false	"Only these top-level fields"												example(reference_date,population,density,since_start)
//	@Param			limit	query		int								false	"Items per page (JSON)"														minimum(1)	maximum(1000)	default(50)	example(50)
//	@Param			cursor	query		string							false	"Opaque cursor from meta.next of the previous page"							example(eyJzIjoiaWQiLCJ2IjpbImhhbGxpbmdkYWwiXX0)
//	@Param			count	query		bool							false	"Compute meta.total"														example(true)
//	@Param			format	query		string							false	"Answer format; also chosen by the Accept header"							Enums(json, csv, jsonstat)	example(jsonstat)
//	@Param			dialect	query		string							false	"CSV dialect"																Enums(rfc4180, excel-nb)	example(excel-nb)
//	@Success		200		{object}	Collection[domain.Indicator]	"JSON; format=jsonstat answers a JSONStat dataset"
//	@Failure		400		{object}	Problem							"A malformed or unknown parameter"
//	@Failure		404		{object}	Problem							"No region has this id"
//	@Failure		406		{object}	Problem							"The Accept header allows neither JSON nor CSV"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/indicators [get]
func (s *Server) listRegionIndicators(c echo.Context) error {
	return regionSeries(s, c, query.Indicators, s.store.RegionIndicators, completed(s, jsonstat.Indicators))
}

// getRegionSummary godoc
//
//	@Summary		A region's profile for a year
//	@Description	Everything a dashboard needs in one answer: the region with its members (as listed and today), its population for the year (summed, beside the reported figure), its area, density, growth since the programme's start (the date of the figures the programme reports, 1 January 2015), goals, measures with a count by status, and partners.
//	@ID				getRegionSummary
//	@Tags			aggregates
//	@Param			slug	path		string	true	"Region id"														example(tromsoregionen)
//	@Param			year	query		int		false	"The year (1 January); the latest with figures when left out"	example(2025)
//	@Success		200		{object}	domain.RegionSummary
//	@Failure		400		{object}	Problem	"A malformed id or year, or an unknown parameter"
//	@Failure		404		{object}	Problem	"No region has this id"
//	@Failure		406		{object}	Problem	"The Accept header does not allow JSON"
//	@Failure		500		{object}	Problem
//	@Router			/api/v1/regions/{slug}/summary [get]
func (s *Server) getRegionSummary(c echo.Context) error {
	slug, err := pathSlug(c)
	if err != nil {
		return err
	}
	q, err := parse(c, query.Summary)
	if err != nil {
		return err
	}
	if err := jsonOnly(c, q); err != nil {
		return err
	}
	year, _ := strconv.Atoi(q.Value("year")) // 0 when absent: the latest year
	summary, err := s.store.RegionSummary(c.Request().Context(), slug, year)
	if err != nil {
		return err
	}
	return single(c, q, summary)
}
