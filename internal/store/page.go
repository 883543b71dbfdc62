package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
)

// Collections page by keyset, never OFFSET: the cursor holds the sort values of the last row served, and
// the next page starts after them, so the last page costs what the first does and rows never repeat.

// keyset is a collection's sort order: columns whose values, in order, are unique per row.
type keyset[R any] struct {
	columns []string      // qualified column names, ascending
	values  func(R) []any // the same values read from a row
}

func encodeCursor(values []any) string {
	b, _ := json.Marshal(values)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(cursor string, n int) ([]any, error) {
	bad := domain.Invalid("query", "cursor", "is not a cursor this API gave out; use the next link of a previous page")
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, bad
	}
	var values []any
	if err := json.Unmarshal(b, &values); err != nil || len(values) != n {
		return nil, bad
	}
	for _, v := range values {
		switch v.(type) {
		case string, float64:
		default:
			return nil, bad
		}
	}
	return values, nil
}

// list runs q (a filtered query) for one page: it counts the whole filtered set and reads limit rows
// after the cursor, in keyset order. sel, when set, is the select list for the rows (not for the count).
func list[R any](ctx context.Context, q *gorm.DB, sel string, page domain.Page, ks keyset[R]) ([]R, int64, string, error) {
	q = q.WithContext(ctx)
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, "", err
	}
	if sel != "" {
		q = q.Select(sel)
	}
	q = q.Order(strings.Join(ks.columns, ", "))
	if page.Cursor != "" {
		after, err := decodeCursor(page.Cursor, len(ks.columns))
		if err != nil {
			return nil, 0, "", err
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(after)), ", ")
		q = q.Where(fmt.Sprintf("(%s) > (%s)", strings.Join(ks.columns, ", "), marks), after...)
	}
	var rows []R
	if err := q.Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		return nil, 0, "", err
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		next = encodeCursor(ks.values(rows[len(rows)-1]))
	}
	return rows, total, next, nil
}

// sources reads the sources with the given ids, in one query.
func (s *Store) sources(ctx context.Context, ids []string) (map[string]domain.Source, error) {
	var rows []sourceRow
	if err := s.db.WithContext(ctx).Where("id IN ?", unique(ids)).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]domain.Source, len(rows))
	for _, r := range rows {
		out[r.ID] = r.domain()
	}
	return out, nil
}

func (r sourceRow) domain() domain.Source {
	return domain.Source{ID: r.ID, Title: r.Title, Publisher: r.Publisher, URL: r.URL, Licence: r.Licence,
		Retrieved: r.Retrieved, Note: r.Note}
}

func unique(ids []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// collect maps rows to their source ids.
func collect[R any](rows []R, id func(R) string) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, id(r))
	}
	return out
}
