package store

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// Every declared filter and sort of every collection is answered through an index: SQLite's own
// EXPLAIN QUERY PLAN of each statement the store runs for it shows no scan of a whole table, and no sort
// of one, unless an index bounds the rows first. With BYREGION_PLANS=file the plans are written there
// (docs/PERFORMANCE.md quotes them).
//
// The exceptions are the sorts in Norwegian order of short lists of names (municipalities, regions,
// sources, a region's texts): SQLite sorts those with the collation at query time, since an index built
// with a custom collation would make the database unreadable to any tool that lacks it; and at= alone on
// observations, which keeps the figures of every municipality in force on a date, nearly all of them:
// reading in the order asked and passing over the few others is quicker than any index, and a page stops
// at its limit.
//
// It reads SQLite's plans. PostgreSQL's planner chooses by table sizes and statistics, so on the tests'
// small tables it rightly scans; the same migrations give it the same indexes, and the load benchmark
// measures it at scale (docs/PERFORMANCE.md).
func TestEveryFilterAndSortUsesAnIndex(t *testing.T) {
	s := loaded(t)
	if s.Dialect() != sqliteDialect.name {
		t.Skip("reads SQLite's query plans")
	}
	ctx := context.Background()
	var mu sync.Mutex
	var statements []string
	capture := func(db *gorm.DB) {
		mu.Lock()
		defer mu.Unlock()
		statements = append(statements, db.Dialector.Explain(db.Statement.SQL.String(), db.Statement.Vars...))
	}
	cb := s.db.Callback()
	cb.Query().After("gorm:query").Register("test:plans", capture)
	cb.Row().After("gorm:row").Register("test:plans", capture)

	type collection struct {
		name string
		spec query.Spec
		list func(query.Query) error
	}
	run := func(f func(context.Context, query.Query) (domain.List[any], error)) func(query.Query) error {
		return func(q query.Query) error { _, err := f(ctx, q); return err }
	}
	collections := []collection{
		{"/municipalities", query.Municipalities, run(anyList(s.ListMunicipalities))},
		{"/regions", query.Regions, run(anyList(s.ListRegions))},
		{"/population", query.Population, run(anyList(s.ListPopulation))},
		{"/area", query.Area, run(anyList(s.ListArea))},
		{"/goals", query.Goals, run(anyList(Texts[domain.Goal](s, Goals).List))},
		{"/results", query.Results, run(anyList(Texts[domain.Result](s, Results).List))},
		{"/lessons", query.Lessons, run(anyList(Texts[domain.Lesson](s, Lessons).List))},
		{"/themes", query.Themes, run(anyList(Texts[domain.Theme](s, Themes).List))},
		{"/partners", query.Partners, run(anyList(Texts[domain.Partner](s, Partners).List))},
		{"/measures", query.Measures, run(anyList(Texts[domain.Measure](s, Measures).List))},
		{"/documents", query.Documents, run(anyList(Texts[domain.Document](s, Documents).List))},
		{"/sources", query.Sources, run(anyList(s.ListSources))},
		{"/successions", query.Successions, run(anyList(s.ListSuccessions))},
		{"/memberships", query.Members, run(anyList(s.ListRegionMemberships))},
	}
	var report strings.Builder
	for _, c := range collections {
		for _, params := range queriesOf(c.spec) {
			q, err := query.Parse(params, c.spec)
			if err != nil {
				t.Fatalf("%s?%s: %v", c.name, params.Encode(), err)
			}
			if err := c.list(q); err != nil { // derived state is built here, once, from whole tables by design
				t.Fatalf("%s?%s: %v", c.name, params.Encode(), err)
			}
			statements = nil
			if err := c.list(q); err != nil {
				t.Fatalf("%s?%s: %v", c.name, params.Encode(), err)
			}
			for _, stmt := range statements {
				plan := explain(t, s, stmt)
				fmt.Fprintf(&report, "%s?%s\n  %s\n", c.name, params.Encode(), strings.Join(plan, "\n  "))
				if problem := unindexed(stmt, plan, params); problem != "" {
					t.Errorf("%s?%s: %s\n%s\n  %s", c.name, params.Encode(), problem, stmt, strings.Join(plan, "\n  "))
				}
			}
		}
	}
	if file := os.Getenv("BYREGION_PLANS"); file != "" {
		if err := os.WriteFile(file, []byte(report.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// anyList makes a typed list function one of []any, so the collections fit in one table.
func anyList[T any](f func(context.Context, query.Query) (domain.List[T], error)) func(context.Context, query.Query) (domain.List[any], error) {
	return func(ctx context.Context, q query.Query) (domain.List[any], error) {
		l, err := f(ctx, q)
		return domain.List[any]{Total: l.Total, NextCursor: l.NextCursor}, err
	}
}

// queriesOf is a query for each declared filter (with a sample value) and each sort, both ways, with a
// page size that leaves a next page.
func queriesOf(spec query.Spec) []url.Values {
	samples := map[query.Type]string{query.Code: "5501", query.County: "55", query.Slug: "tromsoregionen", query.Year: "2015",
		query.Int: "1000", query.Number: "100", query.Bool: "true", query.Date: "2016-06-01", query.String: "Statistisk sentralbyrå"}
	out := []url.Values{{"limit": {"2"}}}
	for _, f := range spec.Fields {
		if f.Filter || f.Range {
			v := samples[f.Type]
			if f.Type == query.Enum {
				v = f.Enum[0]
			}
			if f.Name == "predecessor" || f.Name == "successor" {
				v = "5501"
			}
			if f.Range {
				v += ".."
			}
			out = append(out, url.Values{f.Name: {v}, "limit": {"2"}})
		}
		if f.Sort {
			out = append(out, url.Values{"sort": {f.Name}, "limit": {"2"}}, url.Values{"sort": {"-" + f.Name}, "limit": {"2"}})
		}
	}
	if spec.Search != "" {
		out = append(out, url.Values{"q": {"tromso"}, "limit": {"2"}})
	}
	return out
}

func explain(t *testing.T, s *Store, stmt string) []string {
	t.Helper()
	rows, err := s.sql.Query("EXPLAIN QUERY PLAN " + stmt)
	if err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return plan
}

// largeTables grow with the data: observations by the million, texts by the thousand. The register
// (municipality codes and names, successions, memberships, regions, sources) holds hundreds of rows that
// change with reforms, and is read whole into derived state anyway.
var largeTables = []string{"population_observations", "area_observations", "changes", "measures", "goals", "results",
	"lessons", "themes", "partners", "documents"}

// tableAliases reads the tables of a statement by the names its plan gives them.
var tableAliases = regexp.MustCompile(`(?:FROM|JOIN)\s+` + "`?" + `(\w+)` + "`?" + `(?:\s+(?:AS\s+)?(\w+))?`)

// unindexed says what in a plan reads a large table without an index bounding it, or "".
func unindexed(stmt string, plan []string, params url.Values) string {
	tables := map[string]string{}
	for _, m := range tableAliases.FindAllStringSubmatch(stmt, -1) {
		tables[m[1]] = m[1]
		if m[2] != "" && m[2] != "WHERE" && m[2] != "ON" && m[2] != "ORDER" && m[2] != "LIMIT" {
			tables[m[2]] = m[1]
		}
	}
	// A sort of the rows that tie on the index's keys ("LAST TERM") is bounded by them; any other is not.
	sorted := slices.ContainsFunc(plan, func(step string) bool {
		return strings.Contains(step, "TEMP B-TREE FOR") && !strings.Contains(step, "LAST TERM")
	})
	collated := strings.Contains(params.Get("sort"), "name") || strings.Contains(params.Get("sort"), "title") ||
		strings.Contains(params.Get("sort"), "publisher")
	filtered := false
	for name := range params {
		filtered = filtered || (name != "sort" && name != "limit" && name != "q")
	}
	for _, step := range plan {
		name, ok := strings.CutPrefix(step, "SCAN ")
		if !ok {
			continue
		}
		name, _, _ = strings.Cut(name, " ")
		table := tables[name]
		if !slices.Contains(largeTables, table) {
			continue
		}
		switch {
		case params.Has("q"):
			// Search looks for words anywhere in the folded keys: no index can find a substring.
		case collated:
			// Norwegian order is the collation's, at query time (see above).
		case (table == "population_observations" || table == "area_observations") && len(params) == 2 && params.Has("at"):
			// Every municipality in force on a date: nearly every row (see above).
		case !strings.Contains(step, "USING"):
			return "a scan of the whole table " + table
		case sorted && !collated:
			return "a sort of the whole table " + table
		case filtered:
			return "a filter that reads the whole table " + table + " in order instead of searching an index"
		}
	}
	return ""
}
