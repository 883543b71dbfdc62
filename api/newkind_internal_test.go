package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
	"github.com/byregion/byregion/internal/store"
	"github.com/byregion/byregion/internal/store/storetest"
)

// A new kind of region text is its domain type, its table (a migration) and one declaration. This test
// adds one, a region's notes, with nothing else, and uses every route of it through the router.

// note is the new kind's domain type.
type note struct {
	ID       string        `json:"id"`
	Region   string        `json:"region"`
	Position int           `json:"position"`
	Text     string        `json:"text"`
	Language string        `json:"language"`
	Source   domain.Source `json:"source"`
}

func (n note) Validate() error {
	if strings.TrimSpace(n.Text) == "" {
		return &domain.Error{Code: domain.EUNPROCESSABLE, Message: "A note needs a text.",
			Fields: []domain.FieldError{{Field: "text", In: "body", Message: "must not be empty"}}}
	}
	return nil
}

func (n note) SearchText() []string { return []string{n.Text} }

// noteTable is what the kind's migration would create. Its region_id does not cascade: a region goes only
// after its notes, each deleted through the API and so in the changes feed.
const noteTable = `CREATE TABLE notes (
    id         TEXT PRIMARY KEY,
    region_id  TEXT NOT NULL REFERENCES regions (id),
    position   INTEGER NOT NULL CHECK (position > 0),
    text       TEXT NOT NULL CHECK (text <> ''),
    language   TEXT NOT NULL,
    source_id  TEXT NOT NULL REFERENCES sources (id),
    search_key TEXT NOT NULL DEFAULT '',
    UNIQUE (region_id, position)
)`

// notes is the kind's one declaration.
var notes = regionText(store.TextKind{Resource: "notes", Word: "note", Spec: query.Texts(note{})}, resource[note]{
	path: textID("tromsoregionen-note-1"),
	body: bodyFields{writable: []string{"text"}, required: []string{"text"}},
	decode: func(r *fieldReader) note {
		x := note{}
		x.Region, x.Position, x.Language, x.Source.ID = regionTextFields(r)
		r.read("text", "a string", &x.Text)
		return x
	},
	idOf: func(x note) string { return x.ID },
	docs: docWords{noun: "note", gloss: "merknad", adds: "Adds a note to a region.", list: "Every region's notes.",
		inRegion: "The region's notes."},
})

func TestANewKindOfTextIsOneDeclaration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := storetest.New(t)
	st := loadedStore(t, path)
	dialector := sqlite.Open(path)
	if store.IsPostgres(path) {
		dialector = postgres.Open(path)
	}
	migration, err := gorm.Open(dialector)
	if err != nil {
		t.Fatal(err)
	}
	if err := migration.Exec(noteTable).Error; err != nil {
		t.Fatal(err)
	}
	if db, err := migration.DB(); err == nil {
		db.Close()
	}
	_, key, err := st.CreateKey(ctx, "notes", domain.ScopeAdmin)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	notes.mount(srv, srv.echo.Group("/api/v1"))

	do := func(method, path, body string, headers ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	expect := func(rec *httptest.ResponseRecorder, status int, what string) map[string]any {
		t.Helper()
		if rec.Code != status {
			t.Fatalf("%s: %d, want %d: %s", what, rec.Code, status, rec.Body)
		}
		var v map[string]any
		if rec.Body.Len() > 0 {
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		return v
	}

	rec := do(http.MethodPost, "/api/v1/notes", `{"region":"tromsoregionen","text":"Møtet om reiseliv er flyttet","source":"tromsoregionen-seed"}`)
	created := expect(rec, http.StatusCreated, "create")
	if rec.Header().Get("Location") != "/api/v1/notes/tromsoregionen-note-1" || created["position"] != 1.0 || created["language"] != "nb" {
		t.Fatalf("create: %s %v", rec.Header().Get("Location"), created)
	}
	if src, _ := created["source"].(map[string]any); src["publisher"] != "Distriktssenteret" {
		t.Errorf("the note's source is not shown: %v", created["source"])
	}
	etag := rec.Header().Get("ETag")

	list := expect(do(http.MethodGet, "/api/v1/regions/tromsoregionen/notes", ""), http.StatusOK, "the region's notes")
	if items, _ := list["data"].([]any); len(items) != 1 {
		t.Errorf("the region's notes: %v", list)
	}
	found := expect(do(http.MethodGet, "/api/v1/notes?q=REISELIV", ""), http.StatusOK, "search")
	if items, _ := found["data"].([]any); len(items) != 1 {
		t.Errorf("search by a folded word: %v", found)
	}
	expect(do(http.MethodGet, "/api/v1/notes?colour=red", ""), http.StatusBadRequest, "an unknown parameter")
	expect(do(http.MethodPost, "/api/v1/notes", `{"region":"tromsoregionen","text":" ","source":"tromsoregionen-seed"}`),
		http.StatusUnprocessableEntity, "the kind's own rule")
	expect(do(http.MethodPost, "/api/v1/notes", `{"region":"nowhere","text":"x","source":"tromsoregionen-seed"}`),
		http.StatusUnprocessableEntity, "a region that does not exist")

	rec = do(http.MethodPatch, "/api/v1/notes/tromsoregionen-note-1", `{"text":"Møtet er avlyst"}`,
		"If-Match", etag, "Content-Type", "application/merge-patch+json")
	if patched := expect(rec, http.StatusOK, "patch"); patched["text"] != "Møtet er avlyst" {
		t.Errorf("patch: %v", patched)
	}
	expect(do(http.MethodPut, "/api/v1/notes/tromsoregionen-note-1", `{"region":"tromsoregionen","position":1,"text":"x","source":"tromsoregionen-seed"}`,
		"If-Match", etag), http.StatusPreconditionFailed, "a replace of a version that has moved on")
	etag = rec.Header().Get("ETag")

	history := expect(do(http.MethodGet, "/api/v1/notes/tromsoregionen-note-1/history", ""), http.StatusOK, "history")
	if items, _ := history["data"].([]any); len(items) != 2 {
		t.Errorf("history: %v", history)
	}
	// A region that has nothing but a note goes only after it: the note's table refers to it.
	expect(do(http.MethodPost, "/api/v1/regions", `{"id":"lofotregionen","name":"Lofotregionen","language":"nb","source":"tromsoregionen-seed"}`),
		http.StatusCreated, "a new region")
	expect(do(http.MethodPost, "/api/v1/notes", `{"region":"lofotregionen","text":"Søknaden er sendt","source":"tromsoregionen-seed"}`),
		http.StatusCreated, "the new region's note")
	if p := expect(do(http.MethodDelete, "/api/v1/regions/lofotregionen", "", "If-Match", `"v1"`), http.StatusConflict,
		"deleting a region that has a note"); !strings.Contains(p["detail"].(string), "refer to the region") {
		t.Errorf("the conflict does not say why: %v", p["detail"])
	}

	expect(do(http.MethodDelete, "/api/v1/notes/tromsoregionen-note-1", "", "If-Match", etag), http.StatusNoContent, "delete")
	expect(do(http.MethodGet, "/api/v1/notes/tromsoregionen-note-1", ""), http.StatusNotFound, "a deleted note")
	changes, err := st.ListChanges(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var logged []string
	for _, c := range changes {
		if c.Resource == "notes" {
			logged = append(logged, string(c.Op))
		}
	}
	if strings.Join(logged, ",") != "create,update,create,delete" {
		t.Errorf("the changes feed has %v of the note", logged)
	}
}
