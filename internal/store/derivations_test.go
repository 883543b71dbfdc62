package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

// The lineage, totals and quality report are derived from the register; these tests build a small
// register in memory, shaped like the reforms the real one holds (a fixture, not data):
//   - Tromsø (5501): 1902 until 2020, 5401 until 2024, 5501 since: renumbered twice;
//   - Balsfjord (5532) and Karlsøy (5534): renumbered as Tromsø was;
//   - Skånland (1913) and Tjeldsund (1852) merged in 2020 into a new Tjeldsund: 5412, then 5512;
//   - Snillfjord (5012, from 2018) split in 2020 between 5055 and 5059;
//   - Hamarøy (1849) renumbered 1875 in 2020, and renamed in 2022, the code kept; 5055 took part of 5059
//     in 2021 (a part transferred, which leaves both in force);
//   - the code 1234 had by one municipality until 2000, and by another since 2010.

func day(s string) *string { return &s }

func fixture() *lineage {
	period := func(id, code, name string, from, to *string) municipalityCodeRow {
		return municipalityCodeRow{MunicipalityID: id, Code: code, Name: name, ValidFrom: from, ValidTo: to}
	}
	renumbered := func(id, a, b, c, name string) []municipalityCodeRow {
		return []municipalityCodeRow{period(id, a, name, nil, day("2020-01-01")),
			period(id, b, name, day("2020-01-01"), day("2024-01-01")), period(id, c, name, day("2024-01-01"), nil)}
	}
	var periods []municipalityCodeRow
	periods = append(periods, renumbered("5501", "1902", "5401", "5501", "Tromsø")...)
	periods = append(periods, renumbered("5532", "1933", "5422", "5532", "Balsfjord")...)
	periods = append(periods, renumbered("5534", "1936", "5423", "5534", "Karlsøy")...)
	periods = append(periods,
		period("1913-2019", "1913", "Skånland", nil, day("2020-01-01")),
		period("1852-2019", "1852", "Tjeldsund", nil, day("2020-01-01")),
		period("5512", "5412", "Tjeldsund", day("2020-01-01"), day("2024-01-01")),
		period("5512", "5512", "Tjeldsund", day("2024-01-01"), nil),
		period("5012-2019", "5012", "Snillfjord", day("2018-01-01"), day("2020-01-01")),
		period("5055", "5055", "Heim", day("2020-01-01"), nil),
		period("5059", "5059", "Orkland", day("2020-01-01"), nil),
		period("1875", "1849", "Hamarøy", nil, day("2020-01-01")),
		period("1875", "1875", "Hamarøy", day("2020-01-01"), day("2022-01-01")),
		period("1875", "1875", "Hábmer - Hamarøy", day("2022-01-01"), nil),
		period("1234-1999", "1234", "Gamleby", nil, day("2000-01-01")),
		period("1234", "1234", "Nyby", day("2010-01-01"), nil))
	successions := []successionRow{
		{PredecessorID: "1913-2019", SuccessorID: "5512", Date: "2020-01-01", Kind: string(domain.SuccessionMerger)},
		{PredecessorID: "1852-2019", SuccessorID: "5512", Date: "2020-01-01", Kind: string(domain.SuccessionMerger)},
		{PredecessorID: "5012-2019", SuccessorID: "5055", Date: "2020-01-01", Kind: string(domain.SuccessionSplit)},
		{PredecessorID: "5012-2019", SuccessorID: "5059", Date: "2020-01-01", Kind: string(domain.SuccessionSplit)},
		{PredecessorID: "5059", SuccessorID: "5055", Date: "2021-01-01", Kind: string(domain.SuccessionPartTransferred)},
	}
	return newLineage(periods, successions)
}

func TestToday(t *testing.T) {
	l := fixture()
	for _, c := range []struct {
		name, id, code string
		want           []domain.MunicipalityToday
	}{
		{"in force", "5501", "5501", []domain.MunicipalityToday{{ID: "5501", Code: "5501", Name: "Tromsø", Reforms: []domain.Reform{}}}},
		{"renumbered twice", "5501", "1902", []domain.MunicipalityToday{{ID: "5501", Code: "5501", Name: "Tromsø", Reforms: []domain.Reform{
			{Date: "2020-01-01", Kind: domain.ReformRenumbered, From: "1902", To: "5401"},
			{Date: "2024-01-01", Kind: domain.ReformRenumbered, From: "5401", To: "5501"}}}}},
		{"merged, then renumbered", "1913-2019", "1913", []domain.MunicipalityToday{{ID: "5512", Code: "5512", Name: "Tjeldsund", Reforms: []domain.Reform{
			{Date: "2020-01-01", Kind: domain.ReformMerged, From: "1913", To: "5412"},
			{Date: "2024-01-01", Kind: domain.ReformRenumbered, From: "5412", To: "5512"}}}}},
		{"split", "5012-2019", "5012", []domain.MunicipalityToday{
			{ID: "5055", Code: "5055", Name: "Heim", Reforms: []domain.Reform{{Date: "2020-01-01", Kind: domain.ReformSplit, From: "5012", To: "5055"}}},
			{ID: "5059", Code: "5059", Name: "Orkland", Reforms: []domain.Reform{{Date: "2020-01-01", Kind: domain.ReformSplit, From: "5012", To: "5059"}}}}},
		{"renumbered, then renamed", "1875", "1849", []domain.MunicipalityToday{{ID: "1875", Code: "1875", Name: "Hábmer - Hamarøy",
			Reforms: []domain.Reform{{Date: "2020-01-01", Kind: domain.ReformRenumbered, From: "1849", To: "1875"},
				{Date: "2022-01-01", Kind: domain.ReformRenamed, From: "1875", To: "1875"}}}}},
		// A code names its latest period: a listing under the code in force is the municipality as it is now.
		{"listed under the code in force", "1875", "1875", []domain.MunicipalityToday{{ID: "1875", Code: "1875",
			Name: "Hábmer - Hamarøy", Reforms: []domain.Reform{}}}},
		{"a part transferred leaves it as it is", "5059", "5059", []domain.MunicipalityToday{{ID: "5059", Code: "5059", Name: "Orkland", Reforms: []domain.Reform{}}}},
		{"ended with no successor", "1234-1999", "1234", []domain.MunicipalityToday{}},
		{"no such identity", "0000", "0000", []domain.MunicipalityToday{}},
	} {
		if got := l.today(c.id, c.code); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

func TestResolveAnyCode(t *testing.T) {
	l := fixture()
	for code, want := range map[string][]string{"1902": {"5501"}, "5401": {"5501"}, "5501": {"5501"}, "1913": {"5512"},
		"1852": {"5512"}, "5412": {"5512"}, "5012": {"5055", "5059"}, "1234": {"1234"}} {
		got, err := l.resolve(code)
		var ids []string
		for _, t := range got {
			ids = append(ids, t.ID)
		}
		if err != nil || !reflect.DeepEqual(ids, want) {
			t.Errorf("%s: %v %v, want %v", code, ids, err, want)
		}
	}
	var e *domain.Error
	if _, err := l.resolve("9999"); !errors.As(err, &e) || e.Code != domain.ENOTFOUND {
		t.Errorf("a code nobody had: %v", err)
	}
	// A code two municipalities had names the later one first.
	if got := l.identitiesWithCode("1234"); !reflect.DeepEqual(got, []string{"1234", "1234-1999"}) {
		t.Errorf("a reused code: %v", got)
	}
}

func TestPeriods(t *testing.T) {
	l := fixture()
	for _, c := range []struct {
		id, date, at, before string // the code in force at date, and just before it ("" for none)
	}{
		{"5501", "2019-06-01", "1902", "1902"}, {"5501", "2020-01-01", "5401", "1902"}, {"5501", "1950-01-01", "1902", "1902"},
		{"5512", "2019-12-31", "", ""}, {"5512", "2020-01-01", "5412", ""}, {"1913-2019", "2020-01-01", "", "1913"},
		{"5012-2019", "2017-01-01", "", ""},
	} {
		at, ok := l.periodAt(c.id, c.date)
		if (c.at == "") == ok || (ok && at.Code != c.at) {
			t.Errorf("%s at %s: %q %v, want %q", c.id, c.date, at.Code, ok, c.at)
		}
		before, ok := l.periodBefore(c.id, c.date)
		if (c.before == "") == ok || (ok && before.Code != c.before) {
			t.Errorf("%s before %s: %q %v, want %q", c.id, c.date, before.Code, ok, c.before)
		}
	}
	if l.latest("5532").Code != "5532" || l.latest("1913-2019").Code != "1913" {
		t.Error("latest")
	}
}

// member is a region's member as the sources list it.
func member(region, id, code, name string) membershipRow {
	return membershipRow{ID: region + ":" + id, RegionID: region, MunicipalityID: id, ListedCode: code, ListedName: name, Role: "partner"}
}

func TestRegionUnits(t *testing.T) {
	l := fixture()
	for _, c := range []struct {
		name     string
		members  []membershipRow
		listedOn string
		units    []string
		problems []string
	}{
		// Every listed code was in force on the programme's listing date (1 January 2015): the members are
		// judged as of then.
		{"members that were renumbered", []membershipRow{member("r", "5501", "1902", "Tromsø"), member("r", "5532", "1933", "Balsfjord")},
			"2015-01-01", []string{"5501", "5532"}, nil},
		{"a member merged with a municipality that was none", []membershipRow{member("r", "1913-2019", "1913", "Skånland")},
			"2015-01-01", []string{"5512"}, []string{"Tjeldsund, not a member, is part of today's 5512 Tjeldsund."}},
		{"both merged members", []membershipRow{member("r", "1913-2019", "1913", "Skånland"), member("r", "1852-2019", "1852", "Tjeldsund")},
			"2015-01-01", []string{"5512"}, nil},
		// A member split is summed by all its parts: here nothing else became them (the fixture has no
		// other predecessors of Heim and Orkland), so they are exactly its territory.
		{"a member split", []membershipRow{member("r", "5012-2019", "5012", "Snillfjord")},
			"2018-01-01", []string{"5055", "5059"}, nil}, // 5012 from 2018
	} {
		ru := &regionUnits{l: l, members: c.members}
		if got := ru.listedOn(); got != c.listedOn {
			t.Errorf("%s: listed on %s, want %s", c.name, got, c.listedOn)
		}
		units, outside := ru.on("2015-01-01")
		var problems []string
		for _, o := range outside {
			problems = append(problems, o.Message)
		}
		if !reflect.DeepEqual(units, c.units) || !reflect.DeepEqual(problems, c.problems) {
			t.Errorf("%s: units %v, problems %q; want %v, %q", c.name, units, problems, c.units, c.problems)
		}
	}
	// Members valid only for a while count only then.
	dated := member("r", "5534", "1936", "Karlsøy")
	dated.ValidFrom, dated.ValidTo = day("2016-01-01"), day("2018-01-01")
	ru := &regionUnits{l: l, members: []membershipRow{member("r", "5501", "1902", "Tromsø"), dated}}
	for date, want := range map[string][]string{"2015-01-01": {"5501"}, "2017-01-01": {"5501", "5534"}, "2019-01-01": {"5501"}} {
		if units, _ := ru.on(date); !reflect.DeepEqual(units, want) {
			t.Errorf("on %s: %v, want %v", date, units, want)
		}
	}
}

func TestSum(t *testing.T) {
	l := fixture()
	figures := map[string]figure{"5501": {id: "p:5501", value: 72681}, "5532": {id: "p:5532", value: 5720.333}}
	total := l.sum([]string{"5501", "5532"}, figures, "2015-01-01")
	if total.Value != 78401.33 || total.Counted != 2 || total.Expected != 2 || !total.Complete ||
		!reflect.DeepEqual(total.DerivedFrom, []string{"p:5501", "p:5532"}) || total.Municipalities[1].Name != "Balsfjord" {
		t.Errorf("%+v", total)
	}
	partial := l.sum([]string{"5501", "5534"}, figures, "2015-01-01")
	if partial.Value != 72681 || partial.Counted != 1 || partial.Expected != 2 || partial.Complete {
		t.Errorf("a figure missing: %+v", partial)
	}
	if none := l.sum(nil, figures, "2015-01-01"); none.Complete || none.Expected != 0 {
		t.Errorf("no units: %+v", none)
	}
}

func TestQualityCheck(t *testing.T) {
	l := fixture()
	c := newChecker(l, "2015-01-01")
	members := []membershipRow{member("r", "5501", "1902", "Tromsø"), member("r", "5532", "1933", "Balsfjord")}
	figures := map[string]float64{"5501": 72681, "5532": 5720, "5534": 2289, "5512": 4300}
	reported := func(v float64) domain.ReportedFigure {
		return domain.ReportedFigure{Value: v, ReferenceDate: "2015-01-01", Source: "seed"}
	}
	for _, cs := range []struct {
		name     string
		members  []membershipRow
		reported float64
		status   domain.CheckStatus
		note     string
	}{
		{"the sum", members, 78401, domain.CheckMatch, "add up"},
		{"within the tolerance", members, 78401.4, domain.CheckMatch, "add up"},
		{"one municipality outside the members has the gap", members, 78401 + 2289, domain.CheckExplained, "Karlsøy"},
		{"no municipality has the gap", members, 78401 + 1000, domain.CheckUnexplained, "no single municipality"},
		{"a merger mixed in a municipality that was none", []membershipRow{member("r", "1913-2019", "1913", "Skånland")}, 4300,
			domain.CheckNotComparable, "Tjeldsund, not a member"},
		{"no members", nil, 100, domain.CheckNotComparable, "no members"},
		{"a member's figure apportioned", []membershipRow{member("r", "5501", "1902", "Tromsø"), member("r", "5532", "1933", "Balsfjord"),
			member("r", "5534", "1936", "Karlsøy")}, 78401 + 2289, domain.CheckNotComparable, "The figure of 5534 Karlsøy on 2015-01-01 is the source's apportionment"},
	} {
		fc := c.check(cs.members, reported(cs.reported), figures, map[string]bool{"5534": true}, "2015-01-01", "ssb", populationTolerance, "population")
		if fc.Status != cs.status || !strings.Contains(fc.Note, cs.note) {
			t.Errorf("%s: %s %q", cs.name, fc.Status, fc.Note)
		}
		if cs.status == domain.CheckExplained && (fc.Explanation == nil || fc.Explanation.Municipality.Code != "1936" ||
			fc.Explanation.Value != 2289 || *fc.Difference != 2289) {
			t.Errorf("%s: %+v", cs.name, fc.Explanation)
		}
	}
	// Snillfjord existed from 2018: as of 2019 it is a member that was split, and both parts are summed.
	split := newChecker(l, "2019-01-01").check([]membershipRow{member("r", "5012-2019", "5012", "Snillfjord")}, reported(100),
		map[string]float64{"5055": 60, "5059": 40}, nil, "2019-01-01", "ssb", populationTolerance, "population")
	if split.Status != domain.CheckMatch || split.Computed == nil || len(split.Computed.Municipalities) != 2 {
		t.Errorf("a member split: %s %q", split.Status, split.Note)
	}
	// The checker of a date is built once per lineage.
	if l.checkerOn("2015-01-01") != l.checkerOn("2015-01-01") {
		t.Error("checkerOn built twice")
	}
}
