package domain

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// The field names of every type the API answers with are its contract with the clients that read them
// (a frontend's generated types, an analyst's script): a rename is a deliberate change of this list, never
// an accident of a refactoring. Each name is snake_case and given by a json tag.

// jsonNames are the names a type's fields have in JSON, embedded structs' flattened, in order.
func jsonNames(t *testing.T, typ reflect.Type) []string {
	t.Helper()
	var out []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case f.Anonymous && tag == "":
			out = append(out, jsonNames(t, f.Type)...)
		case name == "-":
		case name == "":
			t.Errorf("%s.%s has no json tag: its name would be Go's", typ.Name(), f.Name)
		default:
			out = append(out, name)
		}
	}
	return out
}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func TestFieldNamesAreTheContract(t *testing.T) {
	for _, c := range []struct {
		value any
		names string
	}{
		{RegionTotal{}, "region reference_date unit computed reported difference note"},
		{Total{}, "value counted expected complete caveats municipalities reference_date derived_from"},
		{Indicator{}, "subject reference_date population complete caveats area_km2 area_reference_date density change since_start derived_from"},
		{IndicatorSubject{}, "kind id name municipalities"},
		{Growth{}, "since absolute percent complete caveats"},
		{Caveat{}, "code message date municipalities"},
		{RegionSummary{}, "region year population area indicators programme_start growth_since goals measures_by_status measures_by_status_inferred measures partners"},
		{FieldError{}, "field in message"},
		{History{}, "municipality id valid_from valid_to codes predecessors successors today source"},
		{Related{}, "id code name date kind"},
		{CodeMapping{}, "from to"},
		{County{}, "code name"},
		{Name{}, "name language source valid_from valid_to"},
		{MunicipalityCode{}, "code name county valid_from valid_to"},
		{Municipality{}, "id code name county names valid_from valid_to codes source"},
		{MunicipalityRef{}, "code name"},
		{Succession{}, "id predecessor successor date kind source"},
		{Subject{}, "municipality region"},
		{RegionRef{}, "id name"},
		{PopulationObservation{}, "id municipality region reference_date published_code predecessors value unit kind note source"},
		{AreaObservation{}, "id municipality region reference_date published_code predecessors value_km2 unit measure kind note source"},
		{QualityReport{}, "region population area"},
		{FigureCheck{}, "status reported computed difference explanation caveats note"},
		{ReportedFigure{}, "value reference_date source"},
		{ComputedFigure{}, "value reference_date source municipalities"},
		{Explanation{}, "municipality value"},
		{RegionPhase{}, "phase status"},
		{Region{}, "id name alternative_name description language programme phases lead_municipality members source"},
		{ProgrammeRef{}, "id name"},
		{ListedMunicipality{}, "id code name today"},
		{MunicipalityToday{}, "id code name reforms"},
		{Reform{}, "date kind from to"},
		{Member{}, "municipality role phase valid_from valid_to at"},
		{RegionMembership{}, "id region role phase valid_from valid_to listed municipality source"},
		{Source{}, "id title publisher url licence retrieved note borders"},
		{Programme{}, "id name description language source"},
		{Goal{}, "id region position text language source"},
		{Result{}, "id region position text language source"},
		{Lesson{}, "id region position title text language source"},
		{Theme{}, "id region parent kind phase position title description language source"},
		{Partner{}, "id region position name kind kind_inferred role language source"},
		{Measure{}, "id region position title description status status_inferred period starts ends themes goals partners language source"},
		{Document{}, "id region position title description url inferred language source"},
		{Change{}, "seq resource id operation version actor at state"},
		{APIKey{}, "name scope created_at revoked_at"},
		{ImportReport{}, "kind dry_run committed rows inserted updated unchanged skipped rejected errors"},
		{ImportError{}, "line field message"},
	} {
		typ := reflect.TypeOf(c.value)
		names := jsonNames(t, typ)
		if got := strings.Join(names, " "); got != c.names {
			t.Errorf("%s's fields are\n\t%s\nnot the contract's\n\t%s", typ.Name(), got, c.names)
		}
		seen := map[string]bool{}
		for _, n := range names {
			if !snakeCase.MatchString(n) {
				t.Errorf("%s.%s is not snake_case", typ.Name(), n)
			}
			if seen[n] {
				t.Errorf("%s has two fields named %s", typ.Name(), n)
			}
			seen[n] = true
		}
	}
}

// Every kind of region text is a RegionText, and is found by the words of its texts.
func TestRegionTextsAreFoundByTheirWords(t *testing.T) {
	for _, c := range []struct {
		text RegionText
		want string
	}{
		{Goal{Text: "Økt verdiskaping"}, "Økt verdiskaping"},
		{Result{Text: "Vedtatt plan"}, "Vedtatt plan"},
		{Lesson{Title: "Tålmodighet", Text: "Det tar tid"}, "Tålmodighet Det tar tid"},
		{Theme{Title: "Arktisk teknologi", Description: "Havrom"}, "Arktisk teknologi Havrom"},
		{Partner{Name: "Nord-Troms regionråd", Role: "deltaker"}, "Nord-Troms regionråd deltaker"},
		{Measure{Title: "Reiseliv", Description: "Felles markedsføring"}, "Reiseliv Felles markedsføring"},
		{Document{Title: "Søknad", Description: "Fase 2"}, "Søknad Fase 2"},
	} {
		if got := strings.Join(c.text.SearchText(), " "); got != c.want {
			t.Errorf("%T is found by %q, want %q", c.text, got, c.want)
		}
	}
}
