package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

var (
	slugPattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	languagePattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// validation collects every problem of a body, so one answer lists them all.
type validation []FieldError

func (v *validation) add(field, message string) {
	*v = append(*v, FieldError{Field: field, In: "body", Message: message})
}

func (v *validation) text(field, s string, max int) {
	switch {
	case strings.TrimSpace(s) == "":
		v.add(field, "must not be empty")
	case !utf8.ValidString(s):
		v.add(field, "must be UTF-8 text")
	case strings.ContainsFunc(s, func(r rune) bool { return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r < 0xa0) }):
		v.add(field, "must not contain control characters other than newline and tab")
	case utf8.RuneCountInString(s) > max:
		v.add(field, "must be at most "+itoa(max)+" characters")
	}
}

func (v *validation) slug(field, s string) {
	if !slugPattern.MatchString(s) {
		v.add(field, "must be an id: lower-case letters, digits and single hyphens")
	}
}

func (v *validation) language(field, s string) {
	if !languagePattern.MatchString(s) {
		v.add(field, "must be a BCP 47 language tag, such as nb, nn, se or fkv")
	}
}

// err is the EUNPROCESSABLE error for a body that breaks its fields' rules, or nil.
func (v validation) err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: EUNPROCESSABLE, Message: "The body breaks the rules of " + itoa(len(v)) + " field(s); errors lists them.", Fields: v}
}

func itoa(n int) string {
	digits := []byte{}
	for ; n > 0; n /= 10 {
		digits = append([]byte{byte('0' + n%10)}, digits...)
	}
	if len(digits) == 0 {
		return "0"
	}
	return string(digits)
}

// Validate checks a goal to write: every broken rule, in one EUNPROCESSABLE error.
func (g Goal) Validate() error {
	var v validation
	v.slug("region", g.Region)
	v.text("text", g.Text, 5000)
	v.language("language", g.Language)
	if g.Position < 0 {
		v.add("position", "must be a positive integer, or left out for the next position")
	}
	if g.Source.ID == "" {
		v.add("source", "must name the source the text comes from (a source id)")
	}
	return v.err()
}

var (
	codePattern = regexp.MustCompile(`^[0-9]{4}$`) // a municipality code keeps its leading zero
	// identityPattern is a municipality's id: its code, or its last code and year once it has ended.
	identityPattern = regexp.MustCompile(`^[0-9]{4}(-[0-9]{4})?$`)
	countyPattern   = regexp.MustCompile(`^[0-9]{2}$`)
)

// regionText checks what every region text has: region, position, language and source.
func (v *validation) regionText(region string, position int, language, source string) {
	v.slug("region", region)
	v.language("language", language)
	if position < 0 {
		v.add("position", "must be a positive integer, or left out for the next position")
	}
	if source == "" {
		v.add("source", "must name the source the text comes from (a source id)")
	}
}

// Validate checks a result to write.
func (r Result) Validate() error {
	var v validation
	v.regionText(r.Region, r.Position, r.Language, r.Source.ID)
	v.text("text", r.Text, 5000)
	return v.err()
}

// Validate checks a lesson to write.
func (l Lesson) Validate() error {
	var v validation
	v.regionText(l.Region, l.Position, l.Language, l.Source.ID)
	v.text("title", l.Title, 300)
	if len(l.Text) > 20000 {
		v.add("text", "must be at most 20000 characters")
	}
	return v.err()
}

// Validate checks a document to write.
func (d Document) Validate() error {
	var v validation
	v.regionText(d.Region, d.Position, d.Language, d.Source.ID)
	v.text("title", d.Title, 300)
	if d.URL != nil && !strings.HasPrefix(*d.URL, "https://") && !strings.HasPrefix(*d.URL, "http://") {
		v.add("url", "must be an http or https address, or null")
	}
	return v.err()
}

// PartnerKinds are the kinds a partner may be.
var PartnerKinds = []PartnerKind{PartnerBusinessOrganisation, PartnerResearch, PartnerCountyAuthority, PartnerRegionalCouncil,
	PartnerPublicFunding, PartnerMunicipality, PartnerOther}

// Validate checks a partner to write.
func (p Partner) Validate() error {
	var v validation
	v.regionText(p.Region, p.Position, p.Language, p.Source.ID)
	v.text("name", p.Name, 300)
	known := false
	for _, k := range PartnerKinds {
		known = known || p.Kind == k
	}
	if !known {
		v.add("kind", "must be one of business_organisation, research_and_development, county_authority, regional_council, public_funding_agency, municipality, other")
	}
	if len(p.Role) > 5000 {
		v.add("role", "must be at most 5000 characters")
	}
	return v.err()
}

// Validate checks a measure to write; that the themes, goals and partners it names exist is the store's
// to check.
func (m Measure) Validate() error {
	var v validation
	v.regionText(m.Region, m.Position, m.Language, m.Source.ID)
	v.text("title", m.Title, 300)
	if m.Status != StatusPlanned && m.Status != StatusOngoing && m.Status != StatusCompleted {
		v.add("status", "must be planned, ongoing or completed")
	}
	for field, d := range map[string]*string{"starts": m.Starts, "ends": m.Ends} {
		if d != nil && !isDate(*d) {
			v.add(field, "must be a date YYYY-MM-DD, or null")
		}
	}
	if m.Starts != nil && m.Ends != nil && *m.Ends < *m.Starts {
		v.add("ends", "must not be before starts")
	}
	for field, ids := range map[string][]string{"themes": m.Themes, "goals": m.Goals, "partners": m.Partners} {
		for _, id := range ids {
			if !slugPattern.MatchString(id) {
				v.add(field, "must list ids")
				break
			}
		}
	}
	return v.err()
}

// Validate checks a source to write.
func (s Source) Validate() error {
	var v validation
	v.slug("id", s.ID)
	v.text("title", s.Title, 500)
	v.text("publisher", s.Publisher, 300)
	v.text("licence", s.Licence, 300)
	if s.URL != nil && !strings.HasPrefix(*s.URL, "https://") && !strings.HasPrefix(*s.URL, "http://") {
		v.add("url", "must be an http or https address, or null")
	}
	if s.Retrieved != nil && !isDate(*s.Retrieved) {
		v.add("retrieved", "must be a date YYYY-MM-DD, or null")
	}
	if s.Borders != nil && !isDate(*s.Borders) {
		v.add("borders", "must be a date YYYY-MM-DD, or null")
	}
	if len(s.Note) > 5000 {
		v.add("note", "must be at most 5000 characters")
	}
	return v.err()
}

// Validate checks a region to write: its own fields and phases. Its members are memberships, written apart.
func (r Region) Validate() error {
	var v validation
	v.slug("id", r.ID)
	v.text("name", r.Name, 200)
	if utf8.RuneCountInString(r.AlternativeName) > 200 {
		v.add("alternative_name", "must be at most 200 characters")
	}
	if utf8.RuneCountInString(r.Description) > 10000 {
		v.add("description", "must be at most 10000 characters")
	}
	v.language("language", r.Language)
	seen := map[int]bool{}
	for i, p := range r.Phases {
		field := "phases[" + itoa(i) + "]"
		if p.Phase != 1 && p.Phase != 2 {
			v.add(field+".phase", "must be 1 or 2")
		} else if seen[p.Phase] {
			v.add(field+".phase", "is listed twice")
		}
		seen[p.Phase] = true
		if p.Status != PhaseConfirmed && p.Status != PhaseUnverified && p.Status != PhaseIndicated {
			v.add(field+".status", "must be confirmed, unverified or indicated")
		}
	}
	if r.Source.ID == "" {
		v.add("source", "must name the source the region's facts come from (a source id)")
	}
	return v.err()
}

// Validate checks a membership to write; that the region, the municipality and the listed code exist is
// the store's to check.
func (m RegionMembership) Validate() error {
	var v validation
	v.slug("region", m.Region)
	if !identityPattern.MatchString(m.Municipality.ID) {
		v.add("municipality", "must be a municipality id: its code, or for one that has ended its last code and year (1902-2019)")
	}
	if m.Role != RoleLead && m.Role != RolePartner && m.Role != RoleMember {
		v.add("role", "must be lead, partner or member")
	}
	if m.Phase != nil && *m.Phase != 1 && *m.Phase != 2 {
		v.add("phase", "must be 1, 2 or null")
	}
	if m.Listed.Code != "" && !codePattern.MatchString(m.Listed.Code) {
		v.add("listed.code", "must be a municipality code of four digits")
	}
	if utf8.RuneCountInString(m.Listed.Name) > 200 {
		v.add("listed.name", "must be at most 200 characters")
	}
	v.period("", m.ValidFrom, m.ValidTo)
	if m.Source.ID == "" {
		v.add("source", "must name the source that lists the member (a source id)")
	}
	return v.err()
}

// period checks the valid_from and valid_to of a record, or of one of its parts (prefix "names[0]."):
// dates or null, the first before the second. It reports whether they are.
func (v *validation) period(prefix string, from, to *string) bool {
	ok := true
	if from != nil && !isDate(*from) {
		v.add(prefix+"valid_from", "must be a date YYYY-MM-DD, or null")
		ok = false
	}
	if to != nil && !isDate(*to) {
		v.add(prefix+"valid_to", "must be a date YYYY-MM-DD, or null")
		ok = false
	}
	if ok && from != nil && to != nil && *from >= *to {
		v.add(prefix+"valid_to", "must be after valid_from")
		ok = false
	}
	return ok
}

// Validate checks a municipality to write: its code periods oldest first, one after the other, only the
// last one open; its names dated (open where valid_from or valid_to is left out), one per language at a
// time. That counties and sources exist, and that no other municipality has a code in the same period, is
// the store's to check.
func (m Municipality) Validate() error {
	var v validation
	if !identityPattern.MatchString(m.ID) {
		v.add("id", "must be a municipality id: the code in force, or for one that has ended its last code and year (1725-2019)")
	}
	if len(m.Codes) == 0 {
		v.add("codes", "must list at least one code period")
	}
	for i, c := range m.Codes {
		field := "codes[" + itoa(i) + "]"
		if !codePattern.MatchString(c.Code) {
			v.add(field+".code", "must be a municipality code of four digits")
		}
		v.text(field+".name", c.Name, 200)
		if !countyPattern.MatchString(c.County.Code) {
			v.add(field+".county", "must be a county code of two digits")
		}
		if (c.ValidFrom != nil && !isDate(*c.ValidFrom)) || (c.ValidTo != nil && !isDate(*c.ValidTo)) {
			v.add(field, "valid_from and valid_to must be dates YYYY-MM-DD, or null")
		} else if c.ValidFrom != nil && c.ValidTo != nil && *c.ValidFrom >= *c.ValidTo {
			v.add(field+".valid_to", "must be after valid_from")
		}
		if i == 0 {
			continue
		}
		if prev := m.Codes[i-1]; prev.ValidTo == nil || c.ValidFrom == nil || *c.ValidFrom < *prev.ValidTo {
			v.add(field+".valid_from", "must be on or after the valid_to of the period before it: periods are oldest first and do not overlap")
		}
	}
	dated := make([]bool, len(m.Names)) // valid dates, the first before the second
	for i, n := range m.Names {
		field := "names[" + itoa(i) + "]"
		v.text(field+".name", n.Name, 200)
		v.language(field+".language", n.Language)
		if dated[i] = v.period(field+".", n.ValidFrom, n.ValidTo); !dated[i] {
			continue
		}
		for j, other := range m.Names[:i] {
			if dated[j] && other.Language == n.Language && overlap(other, n) {
				v.add(field+".valid_from", "overlaps names["+itoa(j)+"], another name in "+n.Language+
					": one name per language at a time, the later one from the valid_to of the earlier")
				break
			}
		}
	}
	if m.Source.ID == "" {
		v.add("source", "must name the source of the codes and names (a source id)")
	}
	return v.err()
}

// Validate checks a succession to write; that both municipalities exist is the store's to check.
func (x Succession) Validate() error {
	var v validation
	if !identityPattern.MatchString(x.Predecessor) {
		v.add("predecessor", "must be a municipality id: its code, or its last code and year (1725-2019)")
	}
	if !identityPattern.MatchString(x.Successor) {
		v.add("successor", "must be a municipality id: its code, or its last code and year (1725-2019)")
	} else if x.Successor == x.Predecessor {
		v.add("successor", "must be another municipality than the predecessor")
	}
	if !isDate(x.Date) {
		v.add("date", "must be a date YYYY-MM-DD")
	}
	if x.Kind != SuccessionMerger && x.Kind != SuccessionSplit && x.Kind != SuccessionPartTransferred {
		v.add("kind", "must be merger, split or part_transferred")
	}
	if x.Source.ID == "" {
		v.add("source", "must name the source of the change (a source id)")
	}
	return v.err()
}

// Validate checks a theme to write; that its parent exists in its region is the store's to check.
func (t Theme) Validate() error {
	var v validation
	v.regionText(t.Region, t.Position, t.Language, t.Source.ID)
	v.text("title", t.Title, 500)
	if t.Kind != ThemeQuoted && t.Kind != ThemeSummaryLabel {
		v.add("kind", "must be quoted or summary_label")
	}
	if t.Phase != nil && *t.Phase != 1 && *t.Phase != 2 {
		v.add("phase", "must be 1, 2 or null")
	}
	if t.Parent != nil && !slugPattern.MatchString(*t.Parent) {
		v.add("parent", "must be a theme id, or null for a main theme")
	}
	return v.err()
}

// validateObservation checks what population and area observations have in common.
func (v *validation) observation(s Subject, date string, kind Kind, source string) {
	switch {
	case s.Municipality == nil && s.Region == nil:
		v.add("municipality", "is required (or region, for a region's own figure)")
	case s.Municipality != nil && s.Region != nil:
		v.add("region", "must be left out when municipality is given")
	case s.Municipality != nil && !codePattern.MatchString(s.Municipality.Code):
		v.add("municipality", "must be a municipality code of four digits")
	case s.Region != nil:
		v.slug("region", s.Region.ID)
	}
	if !isDate(date) {
		v.add("reference_date", "must be a date YYYY-MM-DD")
	}
	if !slices.Contains(Kinds, kind) {
		v.add("kind", "must be official, sum_of_predecessors, apportioned, reported or compiled")
	}
	if source == "" {
		v.add("source", "must name the source of the figure (a source id)")
	}
}

// Validate checks a population figure to write.
func (o PopulationObservation) Validate() error {
	var v validation
	v.observation(o.Subject, o.ReferenceDate, o.Kind, o.Source.ID)
	if o.Value < 0 {
		v.add("value", "must be a whole number of persons, not negative")
	}
	return v.err()
}

// Validate checks an area figure to write.
func (o AreaObservation) Validate() error {
	var v validation
	v.observation(o.Subject, o.ReferenceDate, o.Kind, o.Source.ID)
	if o.ValueKM2 <= 0 {
		v.add("value_km2", "must be a positive number of km²")
	}
	if o.Measure != AreaTotal && o.Measure != AreaLand && o.Measure != AreaUnknown {
		v.add("measure", "must be total, land or unknown")
	}
	return v.err()
}

// overlap reports whether two names' periods share a day: each begins before the other ends. Both are
// valid (dates, or null for an open end).
func overlap(a, b Name) bool {
	return (a.ValidTo == nil || b.ValidFrom == nil || *b.ValidFrom < *a.ValidTo) &&
		(b.ValidTo == nil || a.ValidFrom == nil || *a.ValidFrom < *b.ValidTo)
}

// isDate reports whether s is a calendar date written YYYY-MM-DD: 2016-02-30 is not one.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == len("2006-01-02")
}
