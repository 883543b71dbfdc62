package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// Collections page by keyset, never OFFSET: the cursor holds the sort values of the last row served, and
// the next page starts after them, so the last page costs what the first does and rows never repeat.
// The collection's id ends every sort, so the order is total.

// cursor is what a cursor encodes: the sort it belongs to and the last row's values of it.
type cursor struct {
	Sort   string `json:"s"`
	Values []any  `json:"v"`
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string, sort string, n int) ([]any, error) {
	bad := domain.Invalid("query", "cursor", "is not a cursor this API gave out; use the next link of a previous page")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || len(c.Values) != n {
		return nil, bad
	}
	if c.Sort != sort {
		return nil, domain.Invalid("query", "cursor", "belongs to another sort order; keep sort= as it was, or start again without a cursor")
	}
	for _, v := range c.Values {
		switch v.(type) {
		case string, float64:
		default:
			return nil, bad
		}
	}
	return c.Values, nil
}

// orderKey is one key of the order a query pages by.
type orderKey struct {
	expr string
	desc bool
}

// orderOf is the query's sort, in SQL, ending with the collection's id (unless the sort already ends
// with it: a repeated key would only hide the index from the planner). The id runs in the direction of
// the last key, so that an index on (key, id) serves the sort both ways.
func orderOf(spec query.Spec, q query.Query) []orderKey {
	var keys []orderKey
	for _, k := range q.Sort {
		expr := k.Field.Column
		if k.Field.Text {
			expr = collateNorwegian(expr)
		}
		keys = append(keys, orderKey{expr, k.Desc})
	}
	if len(keys) > 0 && keys[len(keys)-1].expr == spec.ID {
		return keys
	}
	desc := len(keys) > 0 && keys[len(keys)-1].desc
	return append(keys, orderKey{expr: spec.ID, desc: desc})
}

// applyFilters adds the spec's filters and search; filters without a column, or marked Resolved, are the
// caller's to apply.
func applyFilters(db *gorm.DB, spec query.Spec, q query.Query) *gorm.DB {
	for _, f := range q.Filters {
		if f.Field.Column == "" || f.Field.Resolved {
			continue
		}
		switch {
		case len(f.Values) == 1:
			db = db.Where(f.Field.Column+" = ?", typed(f.Field.Type, f.Values[0]))
		case len(f.Values) > 1:
			vals := make([]any, len(f.Values))
			for i, v := range f.Values {
				vals[i] = typed(f.Field.Type, v)
			}
			db = db.Where(f.Field.Column+" IN ?", vals)
		}
		if f.Min != "" {
			db = db.Where(f.Field.Column+" >= ?", typed(f.Field.Type, f.Min))
		}
		if f.Max != "" {
			db = db.Where(f.Field.Column+" <= ?", typed(f.Field.Type, f.Max))
		}
	}
	if q.Search != "" && spec.Search != "" {
		// Every word must occur in the folded key; the folded search has only letters, digits and spaces.
		for _, word := range strings.Fields(q.Search) {
			db = db.Where(spec.Search+" LIKE ?", "%"+word+"%")
		}
	}
	return db
}

// typed converts a validated query value to the type its column compares as.
func typed(t query.Type, v string) any {
	switch t {
	case query.Int:
		n, _ := strconv.ParseInt(v, 10, 64)
		return n
	case query.Number:
		f, _ := strconv.ParseFloat(v, 64)
		return f
	case query.Bool:
		return v == "true"
	}
	return v
}

// list runs base (a query with its joins and the caller's own filters) for one page of q: the spec's
// filters and search, its sort, keyset after the cursor. sel is the select list of the rows; idOf reads a
// row's id, to read the next cursor's values. A page with limit 0 is everything, for embedding.
func list[R any](ctx context.Context, base *gorm.DB, sel string, spec query.Spec, q query.Query,
	idOf func(R) string) ([]R, int64, string, error) {
	base = applyFilters(base.WithContext(ctx), spec, q)
	var total int64
	if q.Count {
		if err := base.Session(&gorm.Session{}).Count(&total).Error; err != nil {
			return nil, 0, "", err
		}
	}
	keys := orderOf(spec, q)
	sortString := q.SortString()
	rowsQ := base.Session(&gorm.Session{})
	if sel != "" {
		rowsQ = rowsQ.Select(sel)
	}
	rowsQ = rowsQ.Order(orderSQL(keys))
	if q.Page.Cursor != "" {
		after, err := decodeCursor(q.Page.Cursor, sortString, len(keys))
		if err != nil {
			return nil, 0, "", err
		}
		cond, args := keysetCondition(keys, after)
		rowsQ = rowsQ.Where(cond, args...)
	}
	if q.Page.Limit > 0 {
		rowsQ = rowsQ.Limit(q.Page.Limit + 1)
	}
	var rows []R
	if err := rowsQ.Find(&rows).Error; err != nil {
		return nil, 0, "", err
	}
	next := ""
	if q.Page.Limit > 0 && len(rows) > q.Page.Limit {
		rows = rows[:q.Page.Limit]
		values, err := keyValues(base, keys, spec.ID, idOf(rows[len(rows)-1]))
		if err != nil {
			return nil, 0, "", err
		}
		next = encodeCursor(cursor{Sort: sortString, Values: values})
	}
	return rows, total, next, nil
}

// orderSQL is the ORDER BY clause of keys.
func orderSQL(keys []orderKey) string {
	var exprs []string
	for _, k := range keys {
		dir := " ASC"
		if k.desc {
			dir = " DESC"
		}
		exprs = append(exprs, k.expr+dir)
	}
	return strings.Join(exprs, ", ")
}

// each calls fn with every row of base that q selects, in q's order, from one query read as it goes: the
// whole result of an export, which paging would read again from its start for every page. scan reads one
// row in the order of sel's columns: an export of a hundred thousand rows spends half its time in GORM's
// reflection otherwise.
func each[R any](ctx context.Context, base *gorm.DB, sel string, spec query.Spec, q query.Query,
	scan func(*sql.Rows) (R, error), fn func(R) error) error {
	base = applyFilters(base.WithContext(ctx), spec, q)
	rows, err := base.Session(&gorm.Session{}).Select(sel).Order(orderSQL(orderOf(spec, q))).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// keysetCondition selects the rows after the values in the order of keys:
// (k0 > v0) OR (k0 = v0 AND k1 > v1) OR ..., with < for descending keys.
func keysetCondition(keys []orderKey, values []any) (string, []any) {
	var ors []string
	var args []any
	for i, k := range keys {
		var ands []string
		for j := 0; j < i; j++ {
			ands = append(ands, keys[j].expr+" = ?")
			args = append(args, values[j])
		}
		op := " > ?"
		if k.desc {
			op = " < ?"
		}
		ands = append(ands, k.expr+op)
		args = append(args, values[i])
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// keyValues reads the sort values of the row with id, for the next cursor.
func keyValues(base *gorm.DB, keys []orderKey, idExpr, id string) ([]any, error) {
	var exprs []string
	for _, k := range keys {
		exprs = append(exprs, strings.TrimSuffix(k.expr, " COLLATE "+norwegianCollation))
	}
	values := make([]any, len(keys))
	ptrs := make([]any, len(keys))
	for i := range values {
		ptrs[i] = &values[i]
	}
	row := base.Session(&gorm.Session{}).Select(strings.Join(exprs, ", ")).Where(idExpr+" = ?", id).Limit(1).Row()
	if err := row.Scan(ptrs...); err != nil {
		return nil, fmt.Errorf("read cursor values: %w", err)
	}
	for i, v := range values {
		switch x := v.(type) {
		case []byte:
			values[i] = string(x)
		case int64:
			values[i] = float64(x)
		case nil:
			values[i] = ""
		}
	}
	return values, nil
}

// SourcesByID returns the sources with the given ids (those that exist), from the derived state: no query.
func (s *Store) SourcesByID(ctx context.Context, ids []string) (map[string]domain.Source, error) {
	return s.sources(ctx, ids)
}

// sources returns the sources with the given ids, from the derived state: no query.
func (s *Store) sources(ctx context.Context, ids []string) (map[string]domain.Source, error) {
	all, err := s.derived.sources.get(ctx, s)
	if err != nil {
		return nil, err
	}
	out := make(map[string]domain.Source, len(ids))
	for _, id := range ids {
		if src, ok := all[id]; ok {
			out[id] = src
		}
	}
	return out, nil
}

func (r sourceRow) domain() domain.Source {
	return domain.Source{ID: r.ID, Title: r.Title, Publisher: r.Publisher, URL: r.URL, Licence: r.Licence,
		Retrieved: r.Retrieved, Note: r.Note, Borders: r.Borders}
}

// collect maps rows to one of their values.
func collect[R any](rows []R, get func(R) string) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, get(r))
	}
	return out
}
