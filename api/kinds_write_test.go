package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Writes of the kinds with rules of their own: measures' references, sources, themes, single observations
// and keys over HTTP.

// A measure's themes, goals and partners must exist in its region; a partner a measure involves cannot be
// deleted.
func TestMeasureReferences(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	bad := `{"region":"tromsoregionen","title":"T","status":"planned","partners":["tromsoregionen-partner-99"],"goals":["harstadregionen-goal-1"],"source":"tromsoregionen-seed"}`
	rec := w.do(t, http.MethodPost, "/api/v1/measures", w.write, "application/json", bad)
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "tromsoregionen-partner-99") || !strings.Contains(rec.Body.String(), `"field":"goals"`) {
		t.Errorf("a measure naming a missing partner: %d %s", rec.Code, rec.Body.String())
	}
	// tromsoregionen-measure-3 (the talks with Nord-Troms regionråd) involves tromsoregionen-partner-4.
	rec = w.do(t, http.MethodDelete, "/api/v1/partners/tromsoregionen-partner-4", w.write, "", "", "If-Match", `"v1"`)
	if rec.Code != 409 || !strings.Contains(rec.Body.String(), "tromsoregionen-measure-3") {
		t.Errorf("deleting a partner a measure involves: %d %s", rec.Code, rec.Body.String())
	}
	// Once the measure lets go of it, the partner can go.
	rec = w.do(t, http.MethodPatch, "/api/v1/measures/tromsoregionen-measure-3", w.write, "application/merge-patch+json", `{"partners":[]}`, "If-Match", `"v1"`)
	if rec.Code != 200 || len(at(decode(t, rec), "partners").([]any)) != 0 {
		t.Fatalf("measure without partners: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/partners/tromsoregionen-partner-4", w.write, "", "", "If-Match", `"v1"`); rec.Code != 204 {
		t.Errorf("deleting the partner then: %d %s", rec.Code, rec.Body.String())
	}
	good := `{"region":"tromsoregionen","title":"Reiselivssamarbeid","status":"planned","starts":"2027-01-01","goals":["tromsoregionen-goal-1"],"themes":["tromsoregionen-theme-2"],"partners":["tromsoregionen-partner-2"],"source":"tromsoregionen-seed"}`
	rec = w.do(t, http.MethodPost, "/api/v1/measures", w.write, "application/json", good)
	m := decode(t, rec)
	if rec.Code != 201 || at(m, "goals", 0) != "tromsoregionen-goal-1" || at(m, "themes", 0) != "tromsoregionen-theme-2" || at(m, "starts") != "2027-01-01" {
		t.Errorf("a measure with links: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/goals/tromsoregionen-goal-1", w.write, "", "", "If-Match", `"v1"`); rec.Code != 409 {
		t.Errorf("deleting a goal a measure names: %d", rec.Code)
	}
}

// A source is made under the client's id, cited, and cannot be deleted while cited.
func TestSourceAndThemeWrites(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	src := `{"id":"ssb-07459-2027","title":"Befolkning 1. januar 2027","publisher":"Statistisk sentralbyrå","licence":"NLOD 2.0 / CC BY 4.0","url":"https://www.ssb.no/statbank/table/07459"}`
	rec := w.do(t, http.MethodPost, "/api/v1/sources", w.write, "application/json", src)
	if rec.Code != 201 || rec.Header().Get("Location") != "/api/v1/sources/ssb-07459-2027" {
		t.Fatalf("create source: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/sources", w.write, "application/json", src); rec.Code != 409 {
		t.Errorf("the same id again: %d", rec.Code)
	}
	if rec := w.do(t, http.MethodPatch, "/api/v1/sources/ssb-07459-2027", w.write, "application/merge-patch+json", `{"id":"other"}`, "If-Match", `"v1"`); rec.Code != 422 {
		t.Errorf("changing a source's id: %d", rec.Code)
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/sources/ssb-07459", w.write, "", "", "If-Match", `"v1"`); rec.Code != 409 || !strings.Contains(rec.Body.String(), "population observations") {
		t.Errorf("deleting a cited source: %d %s", rec.Code, rec.Body.String())
	}
	csv := "municipality,year,value,source\n5501,2027,1,ssb-07459-2027\n"
	if rec := w.do(t, http.MethodPost, "/api/v1/imports?kind=population&dry_run=true", w.write, "text/csv", csv); rec.Code != 200 {
		t.Errorf("citing the new source: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/sources/ssb-07459-2027", w.write, "", "", "If-Match", `"v1"`); rec.Code != 204 {
		t.Errorf("deleting an uncited source: %d %s", rec.Code, rec.Body.String())
	}
	// A sub-theme's parent must be a main theme of its region; a main theme with sub-themes stays.
	sub := `{"region":"tromsoregionen","parent":"tromsoregionen-theme-1","title":"Arktisk teknologi","source":"tromsoregionen-seed"}`
	if rec := w.do(t, http.MethodPost, "/api/v1/themes", w.write, "application/json", sub); rec.Code != 201 || at(decode(t, rec), "position") != 4.0 {
		t.Errorf("a sub-theme: %d %s", rec.Code, rec.Body.String())
	}
	orphan := strings.Replace(sub, "tromsoregionen-theme-1", "tromsoregionen-theme-2", 1)
	if rec := w.do(t, http.MethodPost, "/api/v1/themes", w.write, "application/json", orphan); rec.Code != 422 {
		t.Errorf("a sub-theme under a sub-theme: %d", rec.Code)
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/themes/tromsoregionen-theme-1", w.write, "", "", "If-Match", `"v1"`); rec.Code != 409 {
		t.Errorf("deleting a main theme with sub-themes: %d", rec.Code)
	}
}

// Keys over HTTP need an admin key; a new key's secret is shown once and works at once.
func TestKeysOverHTTP(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	for key, want := range map[string]int{"": 401, w.read: 403, w.write: 403, w.admin: 200} {
		if rec := w.do(t, http.MethodGet, "/api/v1/keys", key, "", ""); rec.Code != want {
			t.Errorf("list keys: %d, want %d", rec.Code, want)
		}
	}
	list := w.do(t, http.MethodGet, "/api/v1/keys", w.admin, "", "").Body.String()
	if strings.Contains(list, "byr_") || !strings.Contains(list, `"name":"former"`) {
		t.Errorf("the key list: %s", list)
	}
	rec := w.do(t, http.MethodPost, "/api/v1/keys", w.admin, "application/json", `{"name":"new","scope":"write"}`)
	secret, _ := at(decode(t, rec), "secret").(string)
	if rec.Code != 201 || !strings.HasPrefix(secret, "byr_") {
		t.Fatalf("make a key: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/goals", secret, "application/json", newGoal); rec.Code != 201 {
		t.Errorf("the new key writes: %d", rec.Code)
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/keys", w.admin, "application/json", `{"name":"new","scope":"root"}`); rec.Code != 422 {
		t.Errorf("a scope that is none: %d", rec.Code)
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/keys/new", w.admin, "", ""); rec.Code != 204 {
		t.Errorf("revoke: %d", rec.Code)
	}
	// Keys are not data the data version covers: the list is never kept, and says so.
	rec = w.do(t, http.MethodGet, "/api/v1/keys", w.admin, "", "")
	revoked := false
	for _, k := range at(decode(t, rec), "data").([]any) {
		revoked = revoked || (at(k, "name") == "new" && at(k, "revoked_at") != nil)
	}
	if !revoked || rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("ETag") != "" {
		t.Errorf("the list after a revocation: %s %v", rec.Body.String(), rec.Header())
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/goals", secret, "application/json", newGoal); rec.Code != 401 {
		t.Errorf("a revoked key writes: %d", rec.Code)
	}
}

// Single observations: their subject, date and source are their identity.
func TestObservationWrites(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	body := `{"municipality":"1902","reference_date":"2019-06-30","value":76000,"kind":"reported","note":"Midt i året","source":"tromsoregionen-seed"}`
	rec := w.do(t, http.MethodPost, "/api/v1/population", w.write, "application/json", body)
	o := decode(t, rec)
	if rec.Code != 201 || rec.Header().Get("Location") != "/api/v1/population/population:5501:2019-06-30:tromsoregionen-seed" ||
		at(o, "municipality", "code") != "5501" || at(o, "published_code") != nil { // a reported figure: no SSB code
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/population", w.write, "application/json", body); rec.Code != 409 {
		t.Errorf("the same subject, date and source again: %d", rec.Code)
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/population", w.write, "application/json",
		strings.Replace(body, "1902", "5501", 1)); rec.Code != 422 || !strings.Contains(rec.Body.String(), "5501 on 2019-06-30") {
		t.Errorf("a code not in force on the date: %d %s", rec.Code, rec.Body.String())
	}
	id := "/api/v1/population/population:5501:2019-06-30:tromsoregionen-seed"
	got := w.do(t, http.MethodGet, id, "", "", "")
	edited := strings.Replace(got.Body.String(), `"value":76000`, `"value":76100`, 1)
	if rec := w.do(t, http.MethodPut, id, w.write, "application/json", edited, "If-Match", got.Header().Get("ETag")); rec.Code != 200 || at(decode(t, rec), "value") != 76100.0 {
		t.Errorf("GET → edit → PUT: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodPatch, id, w.write, "application/merge-patch+json", `{"reference_date":"2019-07-01"}`, "If-Match", `"v2"`); rec.Code != 422 {
		t.Errorf("moving an observation to another date: %d", rec.Code)
	}
	if rec := w.do(t, http.MethodDelete, id, w.write, "", "", "If-Match", `"v2"`); rec.Code != 204 {
		t.Errorf("delete: %d", rec.Code)
	}
	if h := decode(t, w.do(t, http.MethodGet, id+"/history", "", "", "")); len(at(h, "data").([]any)) != 3 {
		t.Errorf("history: %v", h)
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/population", w.write, "application/json",
		strings.Replace(body, `"1902"`, `1902`, 1)); rec.Code != 422 || !strings.Contains(rec.Body.String(), `"municipality"`) {
		t.Errorf("a municipality code that is a number: %d %s", rec.Code, rec.Body.String())
	}
	area := `{"region":"tromsoregionen","reference_date":"2027-01-01","value_km2":7240,"measure":"land","kind":"reported","source":"tromsoregionen-seed"}`
	if rec := w.do(t, http.MethodPost, "/api/v1/area", w.write, "application/json", area); rec.Code != 201 || at(decode(t, rec), "region", "id") != "tromsoregionen" {
		t.Errorf("a region's area: %d %s", rec.Code, rec.Body.String())
	}
}

// A figure of a source on later borders (SSB 07459 through csdata, on 2024's) is what the code history says:
// a write that leaves the kind out gets it, one that states another is told which it is, and GET → edit →
// PUT keeps it. SSB's own figures take a note of the writer's.
func TestWritesOfAFigureOnLaterBorders(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	post := func(body string) *httptest.ResponseRecorder {
		return w.do(t, http.MethodPost, "/api/v1/population", w.write, "application/json", body)
	}
	rec := post(`{"municipality":"1103","reference_date":"2019-07-01","value":142500,"source":"ssb-07459"}`)
	if o := decode(t, rec); rec.Code != 201 || at(o, "kind") != "sum_of_predecessors" || at(o, "published_code") != nil ||
		!strings.Contains(at(o, "note").(string), "1141 Finnøy") {
		t.Errorf("Stavanger mid-2019 without a kind: %d %s", rec.Code, rec.Body.String())
	}
	rec = post(`{"municipality":"1103","reference_date":"2019-08-01","value":142500,"kind":"official","source":"ssb-07459"}`)
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"field":"kind"`) || !strings.Contains(rec.Body.String(), "must be sum_of_predecessors") {
		t.Errorf("Stavanger mid-2019 called official: %d %s", rec.Code, rec.Body.String())
	}
	rec = post(`{"municipality":"5401","reference_date":"2021-07-01","value":77000,"kind":"official","note":"Revidert","source":"ssb-07459"}`)
	if o := decode(t, rec); rec.Code != 201 || at(o, "published_code") != "5401" || at(o, "note") != "Revidert" {
		t.Errorf("Tromsø mid-2021, SSB's own with a note: %d %s", rec.Code, rec.Body.String())
	}
	id := "/api/v1/population/population:1580:2019-01-01:ssb-07459"
	got := w.do(t, http.MethodGet, id, "", "", "")
	edited := strings.Replace(got.Body.String(), `"value":32819`, `"value":32820`, 1)
	if rec := w.do(t, http.MethodPut, id, w.write, "application/json", edited, "If-Match", got.Header().Get("ETag")); rec.Code != 200 ||
		at(decode(t, rec), "kind") != "apportioned" {
		t.Errorf("GET → edit → PUT of Haram 2019: %d %s", rec.Code, rec.Body.String())
	}
	for _, patch := range []string{`{"kind":"official"}`, `{"note":"SSB"}`} {
		rec := w.do(t, http.MethodPatch, id, w.write, "application/merge-patch+json", patch, "If-Match", `"v2"`)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "apportioned") && !strings.Contains(rec.Body.String(), "predecessors") {
			t.Errorf("PATCH %s of Haram 2019: %d %s", patch, rec.Code, rec.Body.String())
		}
	}
}
