package domain

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

// validated is anything with Validate.
type validated interface{ Validate() error }

// A valid value of each writable type, which each case below breaks in one way.
func validValues() map[string]validated {
	src := Source{ID: "tromsoregionen-seed"}
	return map[string]validated{
		"goal":     Goal{Region: "tromsoregionen", Position: 1, Text: "Økt verdiskaping", Language: "nb", Source: src},
		"result":   Result{Region: "tromsoregionen", Position: 0, Text: "Vedtatt næringsplan", Language: "nb", Source: src},
		"lesson":   Lesson{Region: "tromsoregionen", Position: 2, Title: "Tålmodighet", Text: "Samarbeid tar tid.", Language: "nn", Source: src},
		"document": Document{Region: "tromsoregionen", Title: "Søknad", URL: ptr("https://example.no/s.pdf"), Language: "nb", Source: src},
		"partner":  Partner{Region: "tromsoregionen", Name: "Troms fylkeskommune", Kind: PartnerCountyAuthority, Language: "nb", Source: src},
		"measure": Measure{Region: "tromsoregionen", Title: "Reiseliv", Status: StatusOngoing, Starts: ptr("2016-01-01"),
			Ends: ptr("2018-12-31"), Goals: []string{"tromsoregionen-goal-1"}, Language: "nb", Source: src},
		"theme":  Theme{Region: "tromsoregionen", Title: "Arktisk teknologi", Kind: ThemeQuoted, Phase: ptr(2), Language: "nb", Source: src},
		"source": Source{ID: "ssb-07459-2027", Title: "Befolkning", Publisher: "Statistisk sentralbyrå", Licence: "NLOD 2.0", Retrieved: ptr("2027-03-01")},
		"region": Region{ID: "lofotregionen", Name: "Lofotregionen", Language: "nb", Source: src,
			Phases: []RegionPhase{{Phase: 1, Status: PhaseConfirmed}, {Phase: 2, Status: PhaseUnverified}}},
		"membership": RegionMembership{Region: "tromsoregionen", Municipality: Municipality{ID: "5501"}, Role: RoleLead, Phase: ptr(2),
			ValidFrom: ptr("2015-01-01"), ValidTo: ptr("2018-01-01"), Listed: ListedMunicipality{Code: "1902", Name: "Tromsø"}, Source: src},
		"municipality": Municipality{ID: "5699", Source: Source{ID: "ssb-klass-131"},
			Codes: []MunicipalityCode{{Code: "1999", Name: "Nyby", County: County{Code: "19"}, ValidTo: ptr("2020-01-01")},
				{Code: "5699", Name: "Nyby", County: County{Code: "56"}, ValidFrom: ptr("2020-01-01")}},
			Names: []Name{{Name: "Nyby", Language: "no"}, {Name: "Ođđagávpot", Language: "se"}}},
		"succession": Succession{Predecessor: "1902-2019", Successor: "5501", Date: "2020-01-01", Kind: SuccessionMerger, Source: Source{ID: "ssb-klass-131"}},
		"population": PopulationObservation{Subject: Subject{Municipality: &MunicipalityRef{Code: "5501"}}, ReferenceDate: "2027-01-01",
			Value: 92900, Kind: KindOfficial, Source: Source{ID: "ssb-07459"}},
		"area": AreaObservation{Subject: Subject{Region: &RegionRef{ID: "tromsoregionen"}}, ReferenceDate: "2015-01-01", ValueKM2: 7240,
			Measure: AreaLand, Kind: KindReported, Source: src},
	}
}

func TestValidValuesPass(t *testing.T) {
	for name, v := range validValues() {
		if err := v.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Each broken rule is a 422 naming the field: every rule of every writable type, one case each.
func TestEveryRuleNamesItsField(t *testing.T) {
	long := strings.Repeat("a", 20001)
	cases := []struct {
		name   string
		value  validated
		fields []string // the fields the error must name
	}{
		{"goal without text", func() validated { g := validValues()["goal"].(Goal); g.Text = "  "; return g }(), []string{"text"}},
		{"goal with a bad region", func() validated { g := validValues()["goal"].(Goal); g.Region = "Tromsø"; return g }(), []string{"region"}},
		{"goal at a negative position", func() validated { g := validValues()["goal"].(Goal); g.Position = -1; return g }(), []string{"position"}},
		{"goal without source", func() validated { g := validValues()["goal"].(Goal); g.Source.ID = ""; return g }(), []string{"source"}},
		{"goal in a made-up language", func() validated { g := validValues()["goal"].(Goal); g.Language = "Norsk"; return g }(), []string{"language"}},
		{"goal of invalid UTF-8", func() validated { g := validValues()["goal"].(Goal); g.Text = "\xff\xfe"; return g }(), []string{"text"}},
		{"goal with a NUL", func() validated { g := validValues()["goal"].(Goal); g.Text = "Mål\x00"; return g }(), []string{"text"}},
		{"goal with an escape", func() validated { g := validValues()["goal"].(Goal); g.Text = "Mål\x1b[31m"; return g }(), []string{"text"}},
		{"lesson too long", func() validated { l := validValues()["lesson"].(Lesson); l.Text = long; return l }(), []string{"text"}},
		{"lesson without title", func() validated { l := validValues()["lesson"].(Lesson); l.Title = ""; return l }(), []string{"title"}},
		{"document at ftp", func() validated { d := validValues()["document"].(Document); d.URL = ptr("ftp://x"); return d }(), []string{"url"}},
		{"partner of no kind", func() validated { p := validValues()["partner"].(Partner); p.Kind = "friend"; return p }(), []string{"kind"}},
		{"partner role too long", func() validated { p := validValues()["partner"].(Partner); p.Role = long; return p }(), []string{"role"}},
		{"measure of no status", func() validated { m := validValues()["measure"].(Measure); m.Status = "done"; return m }(), []string{"status"}},
		{"measure ending before it starts", func() validated {
			m := validValues()["measure"].(Measure)
			m.Ends = ptr("2015-12-31")
			return m
		}(), []string{"ends"}},
		{"measure with a bad date", func() validated { m := validValues()["measure"].(Measure); m.Starts = ptr("2016"); return m }(), []string{"starts"}},
		{"measure on a day no calendar has", func() validated { m := validValues()["measure"].(Measure); m.Ends = ptr("2016-02-30"); return m }(), []string{"ends"}},
		{"measure naming no id", func() validated {
			m := validValues()["measure"].(Measure)
			m.Partners = []string{"Troms fylkeskommune"}
			return m
		}(), []string{"partners"}},
		{"theme of no kind", func() validated { x := validValues()["theme"].(Theme); x.Kind = "quote"; return x }(), []string{"kind"}},
		{"theme of phase 3", func() validated { x := validValues()["theme"].(Theme); x.Phase = ptr(3); return x }(), []string{"phase"}},
		{"theme under no theme", func() validated { x := validValues()["theme"].(Theme); x.Parent = ptr("Main"); return x }(), []string{"parent"}},
		{"source with a bad id", func() validated { x := validValues()["source"].(Source); x.ID = "SSB 07459"; return x }(), []string{"id"}},
		{"source without licence or publisher", func() validated {
			x := validValues()["source"].(Source)
			x.Licence, x.Publisher = "", ""
			return x
		}(), []string{"licence", "publisher"}},
		{"source retrieved on no date", func() validated { x := validValues()["source"].(Source); x.Retrieved = ptr("mars"); return x }(), []string{"retrieved"}},
		{"region with a phase twice", func() validated {
			x := validValues()["region"].(Region)
			x.Phases = append(x.Phases, RegionPhase{Phase: 2, Status: PhaseConfirmed})
			return x
		}(), []string{"phases[2].phase"}},
		{"region with a phase of no status", func() validated {
			x := validValues()["region"].(Region)
			x.Phases[0].Status = "maybe"
			return x
		}(), []string{"phases[0].status"}},
		{"membership of no role", func() validated { m := validValues()["membership"].(RegionMembership); m.Role = "host"; return m }(), []string{"role"}},
		{"membership listed under no code", func() validated {
			m := validValues()["membership"].(RegionMembership)
			m.Listed.Code = "190"
			return m
		}(), []string{"listed.code"}},
		{"membership ending before it begins", func() validated {
			m := validValues()["membership"].(RegionMembership)
			m.ValidTo = ptr("2014-01-01")
			return m
		}(), []string{"valid_to"}},
		{"membership of no municipality", func() validated {
			m := validValues()["membership"].(RegionMembership)
			m.Municipality.ID = "Tromsø"
			return m
		}(), []string{"municipality"}},
		{"municipality without codes", func() validated { m := validValues()["municipality"].(Municipality); m.Codes = nil; return m }(), []string{"codes"}},
		{"municipality with overlapping periods", func() validated {
			m := validValues()["municipality"].(Municipality)
			m.Codes[1].ValidFrom = ptr("2019-01-01")
			return m
		}(), []string{"codes[1].valid_from"}},
		{"municipality named twice in one language", func() validated {
			m := validValues()["municipality"].(Municipality)
			m.Names = append(m.Names, Name{Name: "Ny by", Language: "no"})
			return m
		}(), []string{"names[2].valid_from"}},
		{"municipality with two names of one language that overlap", func() validated {
			m := validValues()["municipality"].(Municipality)
			m.Names[0].ValidTo = ptr("2025-01-01")
			m.Names = append(m.Names, Name{Name: "Ny by", Language: "no", ValidFrom: ptr("2024-12-31")})
			return m
		}(), []string{"names[2].valid_from"}},
		{"municipality name of no date", func() validated {
			m := validValues()["municipality"].(Municipality)
			m.Names[1].ValidFrom = ptr("2024-02-30")
			return m
		}(), []string{"names[1].valid_from"}},
		{"municipality name until no date", func() validated {
			m := validValues()["municipality"].(Municipality)
			m.Names[1].ValidTo = ptr("1. januar 2030")
			return m
		}(), []string{"names[1].valid_to"}},
		{"municipality name ending before it begins", func() validated {
			m := validValues()["municipality"].(Municipality)
			m.Names[1].ValidFrom, m.Names[1].ValidTo = ptr("2030-01-01"), ptr("2029-01-01")
			return m
		}(), []string{"names[1].valid_to"}},
		{"municipality in no county", func() validated {
			m := validValues()["municipality"].(Municipality)
			m.Codes[0].County.Code = "1"
			return m
		}(), []string{"codes[0].county"}},
		{"succession into itself", func() validated { x := validValues()["succession"].(Succession); x.Successor = x.Predecessor; return x }(), []string{"successor"}},
		{"succession of no kind", func() validated { x := validValues()["succession"].(Succession); x.Kind = "takeover"; return x }(), []string{"kind"}},
		{"succession on no date", func() validated { x := validValues()["succession"].(Succession); x.Date = "2020"; return x }(), []string{"date"}},
		{"figure of nobody", func() validated {
			o := validValues()["population"].(PopulationObservation)
			o.Municipality = nil
			return o
		}(), []string{"municipality"}},
		{"figure of a municipality and a region", func() validated {
			o := validValues()["population"].(PopulationObservation)
			o.Region = &RegionRef{ID: "tromsoregionen"}
			return o
		}(), []string{"region"}},
		{"negative population", func() validated { o := validValues()["population"].(PopulationObservation); o.Value = -1; return o }(), []string{"value"}},
		{"figure of no kind", func() validated {
			o := validValues()["population"].(PopulationObservation)
			o.Kind = "estimate"
			return o
		}(), []string{"kind"}},
		{"area of nothing", func() validated { o := validValues()["area"].(AreaObservation); o.ValueKM2 = 0; return o }(), []string{"value_km2"}},
		{"area of no measure", func() validated { o := validValues()["area"].(AreaObservation); o.Measure = "sea"; return o }(), []string{"measure"}},
	}
	for _, c := range cases {
		err := c.value.Validate()
		var e *Error
		if !errors.As(err, &e) || e.Code != EUNPROCESSABLE {
			t.Errorf("%s: %v, want a 422", c.name, err)
			continue
		}
		var named []string
		for _, f := range e.Fields {
			named = append(named, f.Field)
			if f.In != "body" || f.Message == "" {
				t.Errorf("%s: %+v", c.name, f)
			}
		}
		for _, want := range c.fields {
			if !slices.Contains(named, want) {
				t.Errorf("%s: the error names %v, not %s", c.name, named, want)
			}
		}
	}
}

// Every broken rule is listed at once, not the first alone.
func TestAllBrokenRulesListedAtOnce(t *testing.T) {
	err := Goal{Region: "X", Position: -2, Text: "", Language: "?"}.Validate()
	var e *Error
	if !errors.As(err, &e) || len(e.Fields) != 5 {
		t.Fatalf("%v", err)
	}
}

func TestScopesInclude(t *testing.T) {
	for _, c := range []struct {
		have, need Scope
		allowed    bool
	}{{ScopeAdmin, ScopeWrite, true}, {ScopeWrite, ScopeWrite, true}, {ScopeWrite, ScopeAdmin, false},
		{ScopeRead, ScopeWrite, false}, {ScopeRead, ScopeRead, true}, {"root", ScopeRead, false}, {ScopeAdmin, "root", false}} {
		if got := c.have.Allows(c.need); got != c.allowed {
			t.Errorf("%s allows %s: %v", c.have, c.need, got)
		}
	}
}

func TestErrorCodes(t *testing.T) {
	if ErrorCode(Errorf(ENOTFOUND, "x")) != ENOTFOUND || ErrorCode(errors.New("driver text")) != EINTERNAL {
		t.Error("ErrorCode")
	}
	e := Invalid("query", "limit", "must be an integer")
	if e.Code != EINVALID || e.Fields[0].Field != "limit" || !strings.Contains(e.Message, `"limit"`) {
		t.Errorf("%+v", e)
	}
}

// The limits of each rule: the last value a rule takes passes, the first it refuses fails.
func TestRuleBoundaries(t *testing.T) {
	at := func(n int) string { return strings.Repeat("å", n) } // counted in characters, not bytes
	goal := validValues()["goal"].(Goal)
	lesson := validValues()["lesson"].(Lesson)
	region := validValues()["region"].(Region)
	membership := validValues()["membership"].(RegionMembership)
	municipality := validValues()["municipality"].(Municipality)
	cases := []struct {
		name  string
		value validated
		ok    bool
	}{
		{"goal of 5000 characters", func() validated { g := goal; g.Text = at(5000); return g }(), true},
		{"goal of 5001 characters", func() validated { g := goal; g.Text = at(5001); return g }(), false},
		{"goal at the next position", func() validated { g := goal; g.Position = 0; return g }(), true},
		{"lesson title of 300 characters", func() validated { l := lesson; l.Title = at(300); return l }(), true},
		{"lesson title of 301 characters", func() validated { l := lesson; l.Title = at(301); return l }(), false},
		{"lesson without text", func() validated { l := lesson; l.Text = ""; return l }(), true},
		{"region name of 200 characters", func() validated { r := region; r.Name = at(200); return r }(), true},
		{"region name of 201 characters", func() validated { r := region; r.Name = at(201); return r }(), false},
		{"region without phases", func() validated { r := region; r.Phases = nil; return r }(), true},
		{"region of phase 0", func() validated {
			r := region
			r.Phases = []RegionPhase{{Phase: 0, Status: PhaseConfirmed}}
			return r
		}(), false},
		{"region id with a double hyphen", func() validated { r := region; r.ID = "lofot--regionen"; return r }(), false},
		{"region id ending in a hyphen", func() validated { r := region; r.ID = "lofot-"; return r }(), false},
		{"region id of digits", func() validated { r := region; r.ID = "region-2"; return r }(), true},
		{"membership open at both ends", func() validated { m := membership; m.ValidFrom, m.ValidTo = nil, nil; return m }(), true},
		{"membership of one day", func() validated {
			m := membership
			m.ValidFrom, m.ValidTo = ptr("2020-01-01"), ptr("2020-01-01")
			return m
		}(), false},
		{"membership of an ended municipality", func() validated { m := membership; m.Municipality.ID = "1902-2019"; return m }(), true},
		{"membership without phase", func() validated { m := membership; m.Phase = nil; return m }(), true},
		{"membership listed by name only", func() validated { m := membership; m.Listed.Code = ""; return m }(), true},
		{"municipality code 0301 keeps its zero", func() validated {
			m := municipality
			m.ID, m.Codes = "0301", []MunicipalityCode{{Code: "0301", Name: "Oslo", County: County{Code: "03"}}}
			return m
		}(), true},
		{"municipality code of three digits", func() validated {
			m := municipality
			m.ID, m.Codes = "301", []MunicipalityCode{{Code: "301", Name: "Oslo", County: County{Code: "03"}}}
			return m
		}(), false},
		{"municipality periods that meet", func() validated { return municipality }(), true},
		{"a main theme labelled for the dataset, of no phase", func() validated {
			x := validValues()["theme"].(Theme)
			x.Kind, x.Phase, x.Parent = ThemeSummaryLabel, nil, nil
			return x
		}(), true},
		{"a sub-theme", func() validated {
			x := validValues()["theme"].(Theme)
			x.Parent = ptr("tromsoregionen-theme-1")
			return x
		}(), true},
		{"municipality with an open period before another", func() validated {
			m := municipality
			m.Codes = []MunicipalityCode{m.Codes[0], m.Codes[1]}
			m.Codes[0].ValidTo = nil
			return m
		}(), false},
		{"municipality with a Sámi and a Kven name", func() validated {
			m := municipality
			m.Names = []Name{{Name: "Romsa", Language: "se"}, {Name: "Tromssa", Language: "fkv"}}
			return m
		}(), true},
		{"municipality renamed: one name ends where the next begins", func() validated {
			m := municipality
			m.Names = []Name{{Name: "Nyby", Language: "no", ValidTo: ptr("2025-01-01")}, {Name: "Ny by", Language: "no", ValidFrom: ptr("2025-01-01")}}
			return m
		}(), true},
		{"municipality renamed: one name ends the day after the next begins", func() validated {
			m := municipality
			m.Names = []Name{{Name: "Nyby", Language: "no", ValidTo: ptr("2025-01-02")}, {Name: "Ny by", Language: "no", ValidFrom: ptr("2025-01-01")}}
			return m
		}(), false},
		{"municipality with a name open at the start after one that ends", func() validated {
			m := municipality
			m.Names = []Name{{Name: "Ny by", Language: "no", ValidFrom: ptr("2025-01-01")}, {Name: "Nyby", Language: "no", ValidTo: ptr("2025-01-01")}}
			return m
		}(), true},
		{"municipality name of one day", func() validated {
			m := municipality
			m.Names = []Name{{Name: "Nyby", Language: "no", ValidFrom: ptr("2025-01-01"), ValidTo: ptr("2025-01-02")}}
			return m
		}(), true},
		{"municipality name of no day", func() validated {
			m := municipality
			m.Names = []Name{{Name: "Nyby", Language: "no", ValidFrom: ptr("2025-01-01"), ValidTo: ptr("2025-01-01")}}
			return m
		}(), false},
		{"municipality with a name in Sámi, which of the Sámi languages not said", func() validated {
			m := municipality
			m.Names = []Name{{Name: "Nyby", Language: "no"}, {Name: "Raane", Language: "smi", ValidFrom: ptr("2024-01-01")}}
			return m
		}(), true},
	}
	for _, c := range cases {
		err := c.value.Validate()
		if (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

// Language tags are BCP 47 as the data has them: Norwegian, Sámi and Kven languages and regions.
func TestLanguageTags(t *testing.T) {
	for _, c := range []struct {
		tag string
		ok  bool
	}{
		{"nb", true}, {"nn", true}, {"no", true}, {"se", true}, {"sma", true}, {"smj", true}, {"fkv", true},
		{"en-GB", true}, {"se-NO", true}, {"nb-NO-x1", true},
		{"", false}, {"n", false}, {"NB", false}, {"nb_NO", false}, {"norsk", false}, {"nb-", false}, {"nb-Å", false},
	} {
		g := validValues()["goal"].(Goal)
		g.Language = c.tag
		if err := g.Validate(); (err == nil) != c.ok {
			t.Errorf("%q: %v, want ok=%v", c.tag, err, c.ok)
		}
	}
}

// Dates are YYYY-MM-DD wherever they are taken.
func TestDatesAreISO(t *testing.T) {
	for _, d := range []struct {
		date string
		ok   bool
	}{{"2020-01-01", true}, {"2020-1-1", false}, {"01.01.2020", false}, {"2020-01-01T00:00:00Z", false}, {"", false}} {
		x := validValues()["succession"].(Succession)
		x.Date = d.date
		if err := x.Validate(); (err == nil) != d.ok {
			t.Errorf("succession on %q: %v", d.date, err)
		}
		o := validValues()["population"].(PopulationObservation)
		o.ReferenceDate = d.date
		if err := o.Validate(); (err == nil) != d.ok {
			t.Errorf("figure of %q: %v", d.date, err)
		}
	}
}

func TestItoa(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 10: "10", 5000: "5000", 20001: "20001"} {
		if got := itoa(n); got != want {
			t.Errorf("itoa(%d) = %q", n, got)
		}
	}
}

// The message of an Error is what a person reads; ErrorCode sees through wrapping.
func TestErrorsReadAndWrap(t *testing.T) {
	e := Errorf(ESTALE, "The %s is at version %d.", "goal", 3)
	if e.Error() != "stale: The goal is at version 3." {
		t.Errorf("%q", e.Error())
	}
	wrapped := errors.Join(errors.New("in a transaction"), e)
	if ErrorCode(wrapped) != ESTALE || ErrorCode(nil) != EINTERNAL {
		t.Errorf("ErrorCode(wrapped) = %s", ErrorCode(wrapped))
	}
}

// An empty body of each type is refused at once for every field it needs, and for nothing else: a client
// reads from one answer all it must send.
func TestAnEmptyBodyNamesEveryRequiredField(t *testing.T) {
	for _, c := range []struct {
		value  validated
		fields string
	}{
		{Goal{}, "region text language source"},
		{Result{}, "region language source text"},
		{Lesson{}, "region language source title"},
		{Document{}, "region language source title"},
		{Partner{}, "region language source name kind"},
		{Measure{}, "region language source title status"},
		{Theme{}, "region language source title kind"},
		{Source{}, "id title publisher licence"},
		{Region{}, "id name language source"},
		{RegionMembership{}, "region municipality role source"},
		{Municipality{}, "id codes source"},
		{Succession{}, "predecessor successor date kind source"},
		{PopulationObservation{}, "municipality reference_date kind source"},
		{AreaObservation{}, "municipality reference_date kind source value_km2 measure"},
	} {
		var e *Error
		if err := c.value.Validate(); !errors.As(err, &e) {
			t.Errorf("%T{}: %v", c.value, err)
			continue
		}
		var named []string
		for _, f := range e.Fields {
			named = append(named, f.Field)
		}
		if got := strings.Join(named, " "); got != c.fields {
			t.Errorf("%T{} names %q, want %q", c.value, got, c.fields)
		}
		if !strings.Contains(e.Message, itoa(len(e.Fields))+" field(s)") {
			t.Errorf("%T{}: %q does not count the fields", c.value, e.Message)
		}
	}
}

// Addresses are http or https, or null, wherever a type has one.
func TestAddresses(t *testing.T) {
	for _, c := range []struct {
		url *string
		ok  bool
	}{
		{nil, true}, {ptr("https://distriktssenteret.no/artikkel/tromso/"), true}, {ptr("http://ssb.no"), true},
		{ptr("ftp://ssb.no"), false}, {ptr("ssb.no"), false}, {ptr("javascript:alert(1)"), false}, {ptr(""), false},
	} {
		d := validValues()["document"].(Document)
		d.URL = c.url
		s := validValues()["source"].(Source)
		s.URL = c.url
		for _, v := range []validated{d, s} {
			if err := v.Validate(); (err == nil) != c.ok {
				t.Errorf("%T at %v: %v, want ok=%v", v, c.url, err, c.ok)
			}
		}
	}
}

// A figure is a municipality's by its code, or a region's own; never both, never neither.
func TestFigureSubjects(t *testing.T) {
	muni := func(code string) Subject { return Subject{Municipality: &MunicipalityRef{Code: code}} }
	for _, c := range []struct {
		name    string
		subject Subject
		field   string // "" when valid
	}{
		{"a municipality", muni("5501"), ""},
		{"Oslo, leading zero kept", muni("0301"), ""},
		{"a code without its zero", muni("301"), "municipality"},
		{"a code as a name", muni("Tromsø"), "municipality"},
		{"a region", Subject{Region: &RegionRef{ID: "tromsoregionen"}}, ""},
		{"a region by name", Subject{Region: &RegionRef{ID: "Tromsøregionen"}}, "region"},
		{"both", Subject{Municipality: &MunicipalityRef{Code: "5501"}, Region: &RegionRef{ID: "tromsoregionen"}}, "region"},
		{"neither", Subject{}, "municipality"},
	} {
		for _, v := range []validated{
			PopulationObservation{Subject: c.subject, ReferenceDate: "2020-01-01", Value: 1, Kind: KindOfficial, Source: Source{ID: "ssb"}},
			AreaObservation{Subject: c.subject, ReferenceDate: "2020-01-01", ValueKM2: 1, Measure: AreaTotal, Kind: KindOfficial, Source: Source{ID: "ssb"}},
		} {
			err := v.Validate()
			var e *Error
			switch {
			case c.field == "" && err != nil:
				t.Errorf("%T of %s: %v", v, c.name, err)
			case c.field != "" && (!errors.As(err, &e) || e.Fields[0].Field != c.field):
				t.Errorf("%T of %s: %v, want an error on %s", v, c.name, err, c.field)
			}
		}
	}
}

// Each enumeration is taken whole and nothing beside it, and a refusal lists what it takes.
func TestEnumerations(t *testing.T) {
	for _, kind := range PartnerKinds {
		p := validValues()["partner"].(Partner)
		p.Kind = kind
		if err := p.Validate(); err != nil {
			t.Errorf("partner kind %s: %v", kind, err)
		}
	}
	var e *Error
	p := validValues()["partner"].(Partner)
	p.Kind = "Municipality"
	if err := p.Validate(); !errors.As(err, &e) {
		t.Fatal("a partner kind in capitals was taken")
	}
	for _, kind := range PartnerKinds {
		if !strings.Contains(e.Fields[0].Message, string(kind)) {
			t.Errorf("the refusal %q does not list %s", e.Fields[0].Message, kind)
		}
	}
	for _, st := range []Status{StatusPlanned, StatusOngoing, StatusCompleted} {
		m := validValues()["measure"].(Measure)
		m.Status = st
		if err := m.Validate(); err != nil {
			t.Errorf("status %s: %v", st, err)
		}
	}
	for _, role := range []Role{RoleLead, RolePartner, RoleMember} {
		m := validValues()["membership"].(RegionMembership)
		m.Role = role
		if err := m.Validate(); err != nil {
			t.Errorf("role %s: %v", role, err)
		}
	}
	for _, kind := range []SuccessionKind{SuccessionMerger, SuccessionSplit, SuccessionPartTransferred} {
		x := validValues()["succession"].(Succession)
		x.Kind = kind
		if err := x.Validate(); err != nil {
			t.Errorf("succession kind %s: %v", kind, err)
		}
	}
	for _, measure := range []AreaMeasure{AreaTotal, AreaLand, AreaUnknown} {
		o := validValues()["area"].(AreaObservation)
		o.Measure = measure
		if err := o.Validate(); err != nil {
			t.Errorf("area measure %s: %v", measure, err)
		}
	}
}
