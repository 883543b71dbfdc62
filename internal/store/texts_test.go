package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// A field's value goes into its column as the database takes it and comes back the same: named string
// types as strings, nil pointers as NULL, integers of SQLite's width.
func TestFieldsRoundTripThroughColumns(t *testing.T) {
	cases := []struct {
		name   string
		value  any // a field's value
		stored any // what the column holds
	}{
		{"a text", "Økt verdiskaping", "Økt verdiskaping"},
		{"a named string", domain.PartnerCountyAuthority, "county_authority"},
		{"a position", 7, int64(7)},
		{"a phase", ptr(2), int64(2)},
		{"no phase", (*int)(nil), nil},
		{"a date", ptr("2027-01-01"), "2027-01-01"},
		{"no date", (*string)(nil), nil},
		{"an area", 7464.82, 7464.82},
	}
	for _, c := range cases {
		v := reflect.ValueOf(c.value)
		if got := columnValue(v); !reflect.DeepEqual(got, c.stored) {
			t.Errorf("%s: stored as %#v, want %#v", c.name, got, c.stored)
		}
		back := reflect.New(v.Type()).Elem()
		if err := setField(back, c.stored); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(back.Interface(), c.value) {
			t.Errorf("%s: read back as %#v, want %#v", c.name, back.Interface(), c.value)
		}
	}
	// SQLite may give text as bytes; a value of the wrong kind is an error, not a zero.
	var s string
	if err := setField(reflect.ValueOf(&s).Elem(), []byte("Tromsø")); err != nil || s != "Tromsø" {
		t.Errorf("bytes: %q %v", s, err)
	}
	var n int
	if err := setField(reflect.ValueOf(&n).Elem(), "seven"); err == nil {
		t.Error("a text was read into an integer")
	}
}

// A text's columns are its own fields by their JSON names, its region and source by their ids, and its
// search key from its words; its id and its lists of ids are not columns.
func TestColumnsOfAText(t *testing.T) {
	s := migrated(t)
	l, err := layoutOf(s.db, reflect.TypeFor[domain.Measure](), "measures")
	if err != nil {
		t.Fatal(err)
	}
	m := domain.Measure{ID: "x-measure-1", Region: "tromsoregionen", Position: 3, Title: "Reiseliv", Description: "Vinterturisme",
		Status: domain.StatusOngoing, Period: "2016–2018", Starts: ptr("2016-01-01"), Themes: []string{"x-theme-1"},
		Language: "nb", Source: domain.Source{ID: "seed", Title: "not stored here"}}
	got := l.columnsOf(m)
	want := map[string]any{"region_id": "tromsoregionen", "position": int64(3), "title": "Reiseliv", "description": "Vinterturisme",
		"status": "ongoing", "status_inferred": int64(0), "period": "2016–2018", "starts": "2016-01-01", "ends": nil, "language": "nb", "source_id": "seed",
		"search_key": "reiseliv vinterturisme"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns\n%#v\nwant\n%#v", got, want)
	}
	if len(l.links) != 3 || len(l.lists) != 3 {
		t.Errorf("a measure's lists: %d link tables, %d fields", len(l.links), len(l.lists))
	}
}

// colouredGoal is a goal with a field its table has no column for.
type colouredGoal struct {
	ID       string        `json:"id"`
	Region   string        `json:"region"`
	Position int           `json:"position"`
	Text     string        `json:"text"`
	Colour   string        `json:"colour"`
	Language string        `json:"language"`
	Source   domain.Source `json:"source"`
}

func (colouredGoal) Validate() error        { return nil }
func (g colouredGoal) SearchText() []string { return []string{g.Text} }

// A kind whose type its table does not fit fails every read and write with an error naming the field, and
// writes nothing; it does not panic.
func TestAKindItsTableDoesNotFitFails(t *testing.T) {
	s := migrated(t)
	ctx := context.Background()
	coloured := Texts[colouredGoal](s, TextKind{Resource: "goals_coloured", Word: "goal", Spec: query.Texts(colouredGoal{})})
	if _, err := coloured.List(ctx, query.Texts(colouredGoal{}).All()); err == nil || !strings.Contains(err.Error(), "goals_coloured") {
		t.Errorf("a list: %v", err)
	}
	wrong := Texts[colouredGoal](s, TextKind{Resource: "goals", Word: "goal", Spec: query.Texts(colouredGoal{})})
	_, err := wrong.Create(ctx, "t", colouredGoal{Region: "x", Text: "x", Colour: "red", Language: "nb"}, nil)
	if err == nil || !strings.Contains(err.Error(), "Colour") {
		t.Errorf("a create: %v", err)
	}
}
