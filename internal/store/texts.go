package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// The regions' texts (goals, results, lessons, themes, measures, partners, documents, and any kind added
// later) are kept by one convention, so that a new kind needs its domain type and its table and nothing
// here. A kind's type has the fields ID, Region, Position, Language and Source (stored as region_id and
// source_id); each of its other fields is stored in the column its JSON name names, or that name with
// "_id" for a reference (a theme's parent_id); a list of ids is a link table, declared in textLinks. What
// a kind needs beyond the convention is in textRules.

// TextKind names a kind of region text and what its lists take.
type TextKind struct {
	Resource string     // its table, and its name in the changes log: "goals"
	Word     string     // one of them, in its ids and messages: "goal"
	Spec     query.Spec // what its lists take (query.Texts)
}

// The kinds of region text the dataset holds; the API may declare more.
var (
	Goals     = DeclareText[domain.Goal](TextKind{"goals", "goal", query.Goals})
	Results   = DeclareText[domain.Result](TextKind{"results", "result", query.Results})
	Lessons   = DeclareText[domain.Lesson](TextKind{"lessons", "lesson", query.Lessons})
	Themes    = DeclareText[domain.Theme](TextKind{"themes", "theme", query.Themes})
	Measures  = DeclareText[domain.Measure](TextKind{"measures", "measure", query.Measures})
	Partners  = DeclareText[domain.Partner](TextKind{"partners", "partner", query.Partners})
	Documents = DeclareText[domain.Document](TextKind{"documents", "document", query.Documents})
)

// declaredTexts are the kinds of region text this program keeps, by resource, each as the replay of the
// changes feed writes it (ApplyChanges), which reads a kind's name, not its type.
var declaredTexts sync.Map // resource → func(*gorm.DB, domain.Change) error

// DeclareText makes a kind of region text known to the replay of the changes feed, and returns it.
func DeclareText[T domain.RegionText](kind TextKind) TextKind {
	declaredTexts.Store(kind.Resource, func(tx *gorm.DB, c domain.Change) error {
		k := keptText[T](tx, kind)
		if k.err != nil {
			return k.err
		}
		return applyRecord(tx, k.t, c)
	})
	return kind
}

// Backing is the store behind a value of another package's interface (the API's Store), so that Texts
// takes either.
type Backing interface{ backing() *Store }

func (s *Store) backing() *Store { return s }

// TextRecords are the records of one kind of region text, and its lists.
type TextRecords[T domain.RegionText] struct {
	Records[T]
	spec query.Spec
	kept *textKept[T]
}

// Texts are the records of a kind of region text.
func Texts[T domain.RegionText](b Backing, kind TextKind) TextRecords[T] {
	s := b.backing()
	k := keptText[T](s.db, kind)
	return TextRecords[T]{Records[T]{s, k.t}, kind.Spec, k}
}

// List lists the texts that q selects (q is of the kind's Spec).
func (r TextRecords[T]) List(ctx context.Context, q query.Query) (domain.List[T], error) {
	if r.kept.err != nil {
		return domain.List[T]{}, r.kept.err
	}
	return readTexts[T](ctx, r.s, r.spec, &r.kept.layout, q, "")
}

// textLink is a link table: the ids a text lists in one of its fields.
type textLink struct {
	field  string // the field's JSON name: "themes"
	table  string // "measure_themes"
	own    string // the column of the text's id: "measure_id"
	target string // the column of the linked id: "theme_id"
	kind   string // the resource linked to, which must be of the text's region: "themes"
}

// textLinks are the link tables of each kind that has some.
var textLinks = map[string][]textLink{
	"measures": {
		{"themes", "measure_themes", "measure_id", "theme_id", "themes"},
		{"goals", "measure_goals", "measure_id", "goal_id", "goals"},
		{"partners", "measure_partners", "measure_id", "partner_id", "partners"},
	},
}

// textRule is what a kind checks beyond the convention, in tx.
type textRule struct {
	// references are the fields of the item that refer to nothing they may.
	references func(tx *gorm.DB, item any) ([]domain.FieldError, error)
	// dependents describes what refers to the record, which blocks its deletion.
	dependents func(tx *gorm.DB, id string) ([]string, error)
}

var textRules = map[string]textRule{
	// A sub-theme's parent is a main theme of the same region, and a main theme goes after its sub-themes.
	"themes": {
		references: func(tx *gorm.DB, item any) ([]domain.FieldError, error) {
			t := item.(domain.Theme)
			if t.Parent == nil {
				return nil, nil
			}
			n, err := count(tx.Table("themes").Where("id = ? AND region_id = ? AND parent_id IS NULL", *t.Parent, t.Region))
			if err != nil || n > 0 {
				return nil, err
			}
			return []domain.FieldError{{Field: "parent", In: "body", Message: "names no main theme of the region"}}, nil
		},
		dependents: func(tx *gorm.DB, id string) ([]string, error) {
			var subs []string
			if err := tx.Table("themes").Where("parent_id = ?", id).Order("id").Pluck("id", &subs).Error; err != nil || len(subs) == 0 {
				return nil, err
			}
			return []string{"the sub-themes " + strings.Join(subs, ", ")}, nil
		},
	},
}

// textKept is how a kind of region text is kept: its layout in its table and its record type.
type textKept[T domain.RegionText] struct {
	layout textLayout
	err    error // a type its table does not fit, which fails every read and write, naming the field
	t      recordType[T]
}

// kept holds each kind's textKept, made at its first use: the layout needs the table's columns.
var kept sync.Map // keptKey → *textKept[T]

type keptKey struct {
	resource string
	typ      reflect.Type
}

func keptText[T domain.RegionText](db *gorm.DB, kind TextKind) *textKept[T] {
	key := keptKey{kind.Resource, reflect.TypeFor[T]()}
	if k, ok := kept.Load(key); ok {
		return k.(*textKept[T])
	}
	k := &textKept[T]{}
	k.layout, k.err = layoutOf(db, reflect.TypeFor[T](), kind.Resource)
	links, rule := textLinks[kind.Resource], textRules[kind.Resource]
	t := recordType[T]{resource: kind.Resource, word: kind.Word}
	t.meta = func(x *T) (*string, *int, string, error) {
		if k.err != nil {
			return nil, nil, "", k.err
		}
		v := reflect.ValueOf(x).Elem()
		return v.FieldByName("Region").Addr().Interface().(*string), v.FieldByName("Position").Addr().Interface().(*int),
			v.FieldByName("Source").FieldByName("ID").String(), (*x).Validate()
	}
	t.columns = func(x T) map[string]any { return k.layout.columnsOf(x) }
	t.references = func(tx *gorm.DB, x T) ([]domain.FieldError, error) {
		v, err := linkReferences(tx, links, reflect.ValueOf(x))
		if err != nil || rule.references == nil {
			return v, err
		}
		more, err := rule.references(tx, x)
		return append(v, more...), err
	}
	if len(links) > 0 {
		t.afterWrite = func(tx *gorm.DB, id string, x T) error { return writeLinks(tx, links, id, reflect.ValueOf(x)) }
	}
	t.dependents = func(tx *gorm.DB, id string) ([]string, error) {
		var out []string
		if rule.dependents != nil {
			own, err := rule.dependents(tx, id)
			if err != nil {
				return nil, err
			}
			out = append(out, own...)
		}
		linkers, err := linkersOf(tx, kind.Resource, id)
		return append(out, linkers...), err
	}
	t.read = func(s *Store, ctx context.Context, q query.Query, id string) (domain.List[T], error) {
		if k.err != nil {
			return domain.List[T]{}, k.err
		}
		return readTexts[T](ctx, s, kind.Spec, &k.layout, q, id)
	}
	k.t = t
	if k.err != nil { // tried again at the next use
		return k
	}
	actual, _ := kept.LoadOrStore(key, k)
	return actual.(*textKept[T])
}

// textLayout is where a kind's fields are stored: the columns of its table, by field.
type textLayout struct {
	table   string
	columns []textColumn // id, region_id, source_id and the kind's own
	source  int          // the index of the Source field
	lists   []int        // the indexes of the lists of ids, which link tables hold
	links   []textLink
}

type textColumn struct {
	field  int
	column string
}

// layoutOf finds the column of each field of a text type in its table, and fails naming a field that has
// none.
func layoutOf(tx *gorm.DB, t reflect.Type, table string) (textLayout, error) {
	types, err := tx.Migrator().ColumnTypes(table)
	if err != nil {
		return textLayout{}, fmt.Errorf("the columns of %s: %w", table, err)
	}
	have := map[string]bool{}
	for _, c := range types {
		have[c.Name()] = true
	}
	l := textLayout{table: table, source: -1, links: textLinks[table]}
	for _, name := range []string{"ID", "Region", "Position", "Language", "Source"} {
		if _, ok := t.FieldByName(name); !ok {
			return l, fmt.Errorf("%s is no region text: it has no field %s", t, name)
		}
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case !f.IsExported() || name == "-":
		case name == "":
			return l, fmt.Errorf("%s.%s has no JSON name, which names its column", t, f.Name)
		case f.Name == "Source":
			l.source = i
			l.columns = append(l.columns, textColumn{i, "source_id"})
		case f.Type.Kind() == reflect.Slice:
			l.lists = append(l.lists, i)
		case have[name]:
			l.columns = append(l.columns, textColumn{i, name})
		case have[name+"_id"]:
			l.columns = append(l.columns, textColumn{i, name + "_id"})
		default:
			return l, fmt.Errorf("%s.%s has no column %s or %s_id in %s", t, f.Name, name, name, table)
		}
	}
	return l, nil
}

// columnsOf are the row's columns from an item, search key included and its id aside.
func (l *textLayout) columnsOf(x domain.RegionText) map[string]any {
	v := reflect.ValueOf(x)
	cols := make(map[string]any, len(l.columns)+1)
	cols["search_key"] = searchKey(x.SearchText()...)
	for _, c := range l.columns {
		if c.column == "id" {
			continue
		}
		f := v.Field(c.field)
		if c.field == l.source {
			f = f.FieldByName("ID")
		}
		cols[c.column] = columnValue(f)
	}
	return cols
}

// columnValue is a field's value as the database takes it: a named string type as a string, a nil
// pointer as NULL, a boolean as 1 or 0 (the schema keeps booleans as integers, which both databases have).
func columnValue(f reflect.Value) any {
	if f.Kind() == reflect.Pointer {
		if f.IsNil() {
			return nil
		}
		f = f.Elem()
	}
	switch f.Kind() {
	case reflect.String:
		return f.String()
	case reflect.Int, reflect.Int64:
		return f.Int()
	case reflect.Float64:
		return f.Float()
	case reflect.Bool:
		if f.Bool() {
			return int64(1)
		}
		return int64(0)
	}
	return f.Interface()
}

// setField sets a field from a value the database gave.
func setField(f reflect.Value, value any) error {
	if value == nil {
		f.SetZero()
		return nil
	}
	if f.Kind() == reflect.Pointer {
		p := reflect.New(f.Type().Elem())
		if err := setField(p.Elem(), value); err != nil {
			return err
		}
		f.Set(p)
		return nil
	}
	switch x := value.(type) {
	case string:
		if f.Kind() == reflect.String {
			f.SetString(x)
			return nil
		}
	case []byte:
		if f.Kind() == reflect.String {
			f.SetString(string(x))
			return nil
		}
	case int32: // PostgreSQL's INTEGER, in a table a test makes
		return setField(f, int64(x))
	case int64:
		if f.CanInt() {
			f.SetInt(x)
			return nil
		}
		if f.Kind() == reflect.Bool { // kept as 1 or 0
			f.SetBool(x != 0)
			return nil
		}
	case float64:
		if f.CanFloat() {
			f.SetFloat(x)
			return nil
		}
	}
	return fmt.Errorf("a %T cannot be read into a field of type %s", value, f.Type())
}

// readTexts lists the texts of a kind that q selects, or when id is set, the one with that id. A region the
// query names must exist.
func readTexts[T domain.RegionText](ctx context.Context, s *Store, spec query.Spec, l *textLayout, q query.Query,
	id string) (domain.List[T], error) {
	var out domain.List[T]
	base := s.db.Table(l.table + " AS t")
	if id != "" {
		base = base.Where("t.id = ?", id)
		q = query.Query{Sort: spec.DefaultSort, Page: domain.Page{Limit: 1}}
	}
	if f, ok := q.Filter("region"); ok {
		if err := s.requireRegions(ctx, f.Values...); err != nil {
			return out, err
		}
	}
	rows, total, next, err := list(ctx, base, "t.*", spec, q, func(r map[string]any) string { return asString(r["id"]) })
	if err != nil {
		return out, err
	}
	sources, err := s.sources(ctx, collect(rows, func(r map[string]any) string { return asString(r["source_id"]) }))
	if err != nil {
		return out, err
	}
	items := make([]T, len(rows))
	for i, r := range rows {
		v := reflect.ValueOf(&items[i]).Elem()
		for _, c := range l.columns {
			if c.field == l.source {
				v.Field(c.field).Set(reflect.ValueOf(sources[asString(r[c.column])]))
				continue
			}
			if err := setField(v.Field(c.field), r[c.column]); err != nil {
				return out, fmt.Errorf("%s.%s: %w", l.table, c.column, err)
			}
		}
		for _, f := range l.lists {
			v.Field(f).Set(reflect.ValueOf([]string{})) // an empty list, never null
		}
	}
	if err := readLinks(ctx, s, l.links, items); err != nil {
		return out, err
	}
	return domain.List[T]{Items: items, Total: total, NextCursor: next}, nil
}

func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

// readLinks fills the items' lists of ids from their link tables: one query per table, whatever the number
// of items.
func readLinks[T any](ctx context.Context, s *Store, links []textLink, items []T) error {
	if len(links) == 0 || len(items) == 0 {
		return nil
	}
	index := make(map[string]reflect.Value, len(items))
	for i := range items {
		v := reflect.ValueOf(&items[i]).Elem()
		index[v.FieldByName("ID").String()] = v
	}
	ids := make([]string, 0, len(index))
	for id := range index {
		ids = append(ids, id)
	}
	for _, link := range links {
		var pairs []struct{ Owner, Target string }
		err := s.db.WithContext(ctx).Table(link.table).Select(link.own+" AS owner, "+link.target+" AS target").
			Where(link.own+" IN ?", ids).Order(link.own + ", " + link.target).Find(&pairs).Error
		if err != nil {
			return err
		}
		for _, p := range pairs {
			f := linkField(index[p.Owner], link.field)
			f.Set(reflect.Append(f, reflect.ValueOf(p.Target)))
		}
	}
	return nil
}

// linkField is the field of v whose JSON name is name.
func linkField(v reflect.Value, name string) reflect.Value {
	t := v.Type()
	for i := range t.NumField() {
		if json, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); json == name {
			return v.Field(i)
		}
	}
	panic(fmt.Sprintf("%s has no field %q for its link table", t, name))
}

// linkReferences checks that the ids an item lists are of its region: one field error per list that names
// others.
func linkReferences(tx *gorm.DB, links []textLink, v reflect.Value) ([]domain.FieldError, error) {
	var out []domain.FieldError
	region := v.FieldByName("Region").String()
	for _, link := range links {
		ids := linkField(v, link.field).Interface().([]string)
		if len(ids) == 0 {
			continue
		}
		var found []string
		if err := tx.Table(link.kind).Where("id IN ? AND region_id = ?", ids, region).Pluck("id", &found).Error; err != nil {
			return nil, err
		}
		var missing []string
		for _, id := range ids {
			if !slices.Contains(found, id) {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			out = append(out, domain.FieldError{Field: link.field, In: "body",
				Message: "names " + strings.Join(missing, ", ") + ", which is not one of the region's " + link.kind})
		}
	}
	return out, nil
}

// writeLinks replaces a text's rows in its link tables.
func writeLinks(tx *gorm.DB, links []textLink, id string, v reflect.Value) error {
	for _, link := range links {
		if err := tx.Table(link.table).Where(link.own+" = ?", id).Delete(nil).Error; err != nil {
			return err
		}
		for _, target := range linkField(v, link.field).Interface().([]string) {
			if err := tx.Table(link.table).Create(map[string]any{link.own: id, link.target: target}).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// linkersOf describes the texts whose lists name a record of the resource: "the measures a, b".
func linkersOf(tx *gorm.DB, resource, id string) ([]string, error) {
	var out []string
	for owner, links := range textLinks {
		for _, link := range links {
			if link.kind != resource {
				continue
			}
			var ids []string
			if err := tx.Table(link.table).Where(link.target+" = ?", id).Order(link.own).Pluck(link.own, &ids).Error; err != nil {
				return nil, err
			}
			if len(ids) > 0 {
				out = append(out, "the "+owner+" "+strings.Join(ids, ", "))
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// one returns the single item with the id, or ENOTFOUND naming what.
func one[T any](l domain.List[T], err error, what, id string) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if len(l.Items) == 0 {
		return zero, notFound(what, id)
	}
	return l.Items[0], nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
