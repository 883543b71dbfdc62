package dataset

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// The seed text is Distriktssenteret's page on Tromsøregionen, kept verbatim. It is parsed, not retyped,
// so every text the API serves is the page's own words and every figure is the page's own figure.

const (
	seedFile     = "tromsoregionen.txt"
	seedLanguage = "nb"
	programmeID  = "byregionprogrammet"
)

// The headings of Distriktssenteret's region pages, in the order they appear.
var (
	headingGoals    = regexp.MustCompile(`^Mål for `)
	headingResults  = regexp.MustCompile(`^Resultater$`)
	headingLessons  = regexp.MustCompile(`råd for samarbeid om regional utvikling$`)
	headingAfter    = regexp.MustCompile(`^Dette jobber byregionen med (etter programslutt)$`)
	headingExtract  = regexp.MustCompile(`^Ut[rd]*dag fra (.+):$`) // the page writes "Utrdag"
	headingDocument = regexp.MustCompile(`^Dokumenter$`)
	headingFacts    = regexp.MustCompile(`^Fakta `)
	mainTheme       = regexp.MustCompile(`^Hovedtema for fase (\d) er: (.+), med følgende deltema:$`)
	listItem        = regexp.MustCompile(`^(?:•|\d+\.)\s+(.*)$`)
	factLine        = regexp.MustCompile(`^([^:]+):\s*(.+)$`)
	populationFact  = regexp.MustCompile(`^([\d.]+)\s*\((\d+)\.\s*jan\.?\s*(\d{4})\)$`)
	areaFact        = regexp.MustCompile(`^([\d.]+)\s*km²$`)
)

// seed is the page split into its parts.
type seed struct {
	name, intro                   string
	goals, results, lessons, work []string
	workPeriod                    string
	document                      string
	phase                         int
	theme                         string
	subThemes, themeParagraphs    []string
	facts                         map[string]string
}

func parseSeed(text string) (*seed, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	s := &seed{name: strings.TrimSpace(lines[0]), facts: map[string]string{}}
	section := "intro"
	for n, raw := range lines[1:] {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		switch {
		case headingGoals.MatchString(line):
			section = "goals"
			continue
		case headingResults.MatchString(line):
			section = "results"
			continue
		case headingLessons.MatchString(line):
			section = "lessons"
			continue
		case headingAfter.MatchString(line):
			section, s.workPeriod = "work", headingAfter.FindStringSubmatch(line)[1]
			continue
		case headingExtract.MatchString(line):
			section, s.document = "extract", headingExtract.FindStringSubmatch(line)[1]
			continue
		case headingDocument.MatchString(line):
			section = "documents"
			continue
		case headingFacts.MatchString(line):
			section = "facts"
			continue
		}
		item := ""
		if m := listItem.FindStringSubmatch(line); m != nil {
			item = strings.TrimSpace(m[1])
		}
		switch {
		case section == "intro":
			s.intro = joinParagraph(s.intro, line)
		case section == "goals" && item != "":
			s.goals = append(s.goals, item)
		case section == "results" && item != "":
			s.results = append(s.results, item)
		case section == "lessons" && item != "":
			s.lessons = append(s.lessons, item)
		case section == "work" && item != "":
			s.work = append(s.work, item)
		case section == "extract" && mainTheme.MatchString(line):
			m := mainTheme.FindStringSubmatch(line)
			s.phase, _ = strconv.Atoi(m[1])
			s.theme = m[2]
		case section == "extract" && item != "":
			s.subThemes = append(s.subThemes, item)
		case section == "extract":
			s.themeParagraphs = append(s.themeParagraphs, line)
		case section == "facts" && factLine.MatchString(line):
			m := factLine.FindStringSubmatch(line)
			s.facts[strings.TrimSpace(m[1])] = strings.TrimSpace(m[2]) // the page puts no-break spaces here
		default:
			return nil, fmt.Errorf("%s line %d: %q does not fit the page's structure", seedFile, n+2, line)
		}
	}
	if s.theme != "" && len(s.themeParagraphs) != len(s.subThemes)+1 {
		return nil, fmt.Errorf("%s: %d paragraphs for a main theme and %d sub-themes; expected one each",
			seedFile, len(s.themeParagraphs), len(s.subThemes))
	}
	return s, nil
}

func joinParagraph(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// loadTromsoregionen adds what the region's page text says to the region byregioner.csv gave: its
// description, goals, results, lessons, themes, partners, measures and document, and the Fakta box's
// figures as the page states them. The page and the CSV row must agree on the members and figures.
func loadTromsoregionen(ds *domain.Dataset) error {
	text, err := files.ReadFile("data/" + seedFile)
	if err != nil {
		return err
	}
	s, err := parseSeed(string(text))
	if err != nil {
		return err
	}
	src := domain.Source{ID: sourceSeed}
	id := slug(s.name)
	var region *domain.Region
	for i := range ds.Regions {
		if ds.Regions[i].ID == id {
			region = &ds.Regions[i]
		}
	}
	if region == nil {
		return fmt.Errorf("%s: region %q is not in %s", seedFile, s.name, regionsFile)
	}
	if err := sameMembers(region, s); err != nil {
		return err
	}
	region.Description, region.Source = s.intro, src
	if err := replaceReportedFacts(ds, s, region, src); err != nil {
		return err
	}
	for i, text := range s.goals {
		ds.Goals = append(ds.Goals, domain.Goal{ID: itemID(id, "goal", i), Region: id, Position: i + 1,
			Text: text, Language: seedLanguage, Source: src})
	}
	for i, text := range s.results {
		ds.Results = append(ds.Results, domain.Result{ID: itemID(id, "result", i), Region: id, Position: i + 1,
			Text: text, Language: seedLanguage, Source: src})
	}
	for i, item := range s.lessons {
		// "Title. Explanation": the title is the first sentence.
		title, text, ok := strings.Cut(item, ". ")
		if !ok {
			return fmt.Errorf("%s: lesson %q has no title sentence", seedFile, item)
		}
		ds.Lessons = append(ds.Lessons, domain.Lesson{ID: itemID(id, "lesson", i), Region: id, Position: i + 1,
			Title: title, Text: strings.TrimSpace(text), Language: seedLanguage, Source: src})
	}
	addThemes(ds, s, id, src)
	partners, err := loadPartners(id, src)
	if err != nil {
		return err
	}
	ds.Partners = append(ds.Partners, partners...)
	// What the region works on after the programme ended ("Dette jobber byregionen med") is taken for ongoing
	// work; the seed gives no status, so it is marked inferred.
	for i, title := range s.work {
		m := domain.Measure{ID: itemID(id, "measure", i), Region: id, Position: i + 1, Title: title,
			Status: domain.StatusOngoing, StatusInferred: true, Period: s.workPeriod, Themes: []string{}, Goals: []string{},
			Partners: []string{}, Language: seedLanguage, Source: src}
		// A partner whose role is this very measure takes part in it.
		for _, p := range partners {
			if p.Role == title {
				m.Partners = append(m.Partners, p.ID)
			}
		}
		ds.Measures = append(ds.Measures, m)
	}
	if s.document != "" {
		// The page quotes the application ("Utrdag fra …"), but its Dokumenter section lists nothing: the
		// document is inferred from the quotation, and says so.
		ds.Documents = append(ds.Documents, domain.Document{ID: itemID(id, "document", 0), Region: id, Position: 1,
			Title: s.document, Inferred: true, Language: seedLanguage, Source: src})
	}
	return nil
}

// sameMembers checks that the page's Fakta box lists the members byregioner.csv lists.
func sameMembers(region *domain.Region, s *seed) error {
	var page []string
	page = append(page, s.facts["Søkerkommune"])
	for _, n := range strings.Split(s.facts["Samarbeidskommuner"], ",") {
		page = append(page, strings.TrimSpace(n))
	}
	var csv []string
	for _, m := range region.Members {
		csv = append(csv, m.Municipality.Name)
	}
	if region.Lead == nil || region.Lead.Name != page[0] || strings.Join(sorted(page), ",") != strings.Join(sorted(csv), ",") {
		return fmt.Errorf("%s lists lead and members %v; %s lists %v", seedFile, page, regionsFile, csv)
	}
	return nil
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func addThemes(ds *domain.Dataset, s *seed, region string, src domain.Source) {
	if s.theme == "" {
		return
	}
	phase := s.phase
	main := domain.Theme{ID: itemID(region, "theme", 0), Region: region, Kind: domain.ThemeQuoted, Phase: &phase,
		Position: nextThemePosition(ds, region),
		Title:    s.theme, Description: s.themeParagraphs[0], Language: seedLanguage, Source: src}
	ds.Themes = append(ds.Themes, main)
	// The page describes the sub-themes one paragraph each, in the order it lists them.
	for i, title := range s.subThemes {
		ds.Themes = append(ds.Themes, domain.Theme{ID: itemID(region, "theme", i+1), Region: region,
			Kind: domain.ThemeQuoted, Parent: &main.ID, Phase: &phase, Position: i + 1, Title: title, Description: s.themeParagraphs[i+1],
			Language: seedLanguage, Source: src})
	}
}

// replaceReportedFacts puts the page's own Fakta figures in place of byregioner.csv's copy of them,
// after checking that the two agree.
func replaceReportedFacts(ds *domain.Dataset, s *seed, region *domain.Region, src domain.Source) error {
	subject := domain.Subject{Region: &domain.RegionRef{ID: region.ID, Name: s.name}}
	pop := populationFact.FindStringSubmatch(s.facts["Folketall i regionen"])
	if pop == nil {
		return fmt.Errorf("%s: Folketall i regionen %q is not \"N (D.jan YYYY)\"", seedFile, s.facts["Folketall i regionen"])
	}
	value, err := strconv.ParseInt(strings.ReplaceAll(pop[1], ".", ""), 10, 64)
	if err != nil {
		return fmt.Errorf("%s: Folketall i regionen: %w", seedFile, err)
	}
	day, _ := strconv.Atoi(pop[2])
	date := fmt.Sprintf("%s-01-%02d", pop[3], day)
	area := areaFact.FindStringSubmatch(s.facts["Areal i regionen"])
	if area == nil {
		return fmt.Errorf("%s: Areal i regionen %q is not \"N km²\"", seedFile, s.facts["Areal i regionen"])
	}
	km2, err := strconv.ParseFloat(strings.ReplaceAll(area[1], ".", ""), 64)
	if err != nil {
		return fmt.Errorf("%s: Areal i regionen: %w", seedFile, err)
	}

	var population []domain.PopulationObservation
	for _, o := range ds.Population {
		if o.Region != nil && o.Region.ID == region.ID {
			if o.Value != value || o.ReferenceDate != date {
				return fmt.Errorf("%s: population %d on %s; %s: %d on %s", seedFile, value, date, regionsFile, o.Value, o.ReferenceDate)
			}
			continue
		}
		population = append(population, o)
	}
	ds.Population = append(population, domain.PopulationObservation{
		ID: observationID("population", region.ID, date, src.ID), Subject: subject, ReferenceDate: date,
		Value: value, Unit: "persons", Kind: domain.KindReported, Source: src,
		Note: "Folketall i regionen, as the region's Fakta box states it.",
	})
	var areas []domain.AreaObservation
	for _, o := range ds.Area {
		if o.Region != nil && o.Region.ID == region.ID {
			if o.ValueKM2 != km2 {
				return fmt.Errorf("%s: area %v; %s: %v", seedFile, km2, regionsFile, o.ValueKM2)
			}
			continue
		}
		areas = append(areas, o)
	}
	ds.Area = append(areas, domain.AreaObservation{
		ID: observationID("area", region.ID, date, src.ID), Subject: subject, ReferenceDate: date,
		ValueKM2: km2, Unit: "km2", Measure: domain.AreaUnknown, Kind: domain.KindReported, Source: src,
		Note: "Areal i regionen, as the region's Fakta box states it. The box gives no date for the area; " +
			"the reference date is that of the box's population figure.",
	})
	return nil
}

// loadPartners reads the organisations the page names. The page names them only in passing, so the file
// lists each with its kind and, as its role, the page's sentence that names it (a test checks it is there).
func loadPartners(region string, src domain.Source) ([]domain.Partner, error) {
	t, err := readTable("tromsoregionen_partners.csv", ',', "position", "name", "kind", "role")
	if err != nil {
		return nil, err
	}
	var out []domain.Partner
	for i := range t.rows {
		pos, err := strconv.Atoi(t.get(i, "position"))
		if err != nil || pos < 1 {
			return nil, t.errorf(i, "position %q is not a positive integer", t.get(i, "position"))
		}
		out = append(out, domain.Partner{ID: itemID(region, "partner", pos-1), Region: region, Position: pos,
			Name: t.get(i, "name"), Kind: domain.PartnerKind(t.get(i, "kind")), KindInferred: true, Role: t.get(i, "role"),
			Language: seedLanguage, Source: src})
	}
	return out, nil
}

// itemID is a region text's stable id: region, kind and position from 1.
func itemID(region, kind string, index int) string {
	return fmt.Sprintf("%s-%s-%d", region, kind, index+1)
}

// slug makes a URL-safe id of a Norwegian name: æ→ae, ø→o, å→a, other letters kept, the rest as hyphens.
func slug(name string) string {
	r := strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "Æ", "ae", "Ø", "o", "Å", "a")
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(r.Replace(name)) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
