package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Writes to the register: regions, memberships, municipalities and successions, with the admin scope.

const newRegion = `{"id":"lofotregionen","name":"Lofotregionen","language":"nb","phases":[{"phase":2,"status":"indicated"}],"source":"tromsoregionen-seed"}`

// Regions are written with the admin scope; their members stay memberships, and a region goes only once
// nothing belongs to it.
func TestRegionWrites(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	rec := w.do(t, http.MethodPost, "/api/v1/regions", w.admin, "application/json", newRegion)
	r := decode(t, rec)
	if rec.Code != 201 || rec.Header().Get("Location") != "/api/v1/regions/lofotregionen" || at(r, "programme", "id") != "byregionprogrammet" ||
		at(r, "phases", 0, "status") != "indicated" || len(at(r, "members").([]any)) != 0 {
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/regions", w.admin, "application/json", newRegion); rec.Code != 409 {
		t.Errorf("the same id again: %d", rec.Code)
	}
	bad := `{"id":"Lofoten","name":"","language":"norsk","phases":[{"phase":3,"status":"maybe"}],"source":"ingen"}`
	rec = w.do(t, http.MethodPost, "/api/v1/regions", w.admin, "application/json", bad)
	for _, field := range []string{`"id"`, `"name"`, `"language"`, `"phases[0].phase"`, `"phases[0].status"`} {
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), field) {
			t.Errorf("a bad region, %s: %d %s", field, rec.Code, rec.Body.String())
		}
	}
	// GET → edit → PUT with the ETag of a plain GET; the members come back and are ignored.
	got := w.do(t, http.MethodGet, "/api/v1/regions/tromsoregionen", "", "", "")
	if tagVersion(got) != "v1" {
		t.Fatalf("a plain GET's ETag: %q", got.Header().Get("ETag"))
	}
	view := decode(t, got).(map[string]any)
	members := len(view["members"].([]any))
	view["source"], view["description"] = "tromsoregionen-seed", "Ny beskrivelse"
	edited, _ := json.Marshal(view)
	rec = w.do(t, http.MethodPut, "/api/v1/regions/tromsoregionen", w.admin, "application/json", string(edited), "If-Match", got.Header().Get("ETag"))
	if rec.Code != 200 || at(decode(t, rec), "description") != "Ny beskrivelse" || len(at(decode(t, rec), "members").([]any)) != members ||
		tagVersion(rec) != "v2" {
		t.Fatalf("GET → edit → PUT: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodGet, "/api/v1/regions/tromsoregionen", "", "", ""); at(decode(t, rec), "description") != "Ny beskrivelse" {
		t.Errorf("the read after the write: %s", rec.Body.String())
	}
	rec = w.do(t, http.MethodDelete, "/api/v1/regions/tromsoregionen", w.admin, "", "", "If-Match", `"v2"`)
	if rec.Code != 409 || !strings.Contains(rec.Body.String(), "memberships") {
		t.Errorf("deleting a region with members: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/regions/lofotregionen", w.admin, "", "", "If-Match", `"v1"`); rec.Code != 204 {
		t.Errorf("deleting an empty region: %d %s", rec.Code, rec.Body.String())
	}
	if h := decode(t, w.do(t, http.MethodGet, "/api/v1/regions/lofotregionen/history", "", "", "")); len(at(h, "data").([]any)) != 2 {
		t.Errorf("history: %v", h)
	}
}

// Målselv (5524, listed by its 2016 code 1924), added to Tromsøregionen without a phase.
const newMembership = `{"region":"tromsoregionen","municipality":"5524","role":"partner","valid_from":"2016-01-01","source":"tromsoregionen-seed"}`

// Memberships are written with the admin scope; region, municipality and phase are a membership's identity,
// and a region has one lead.
func TestMembershipWrites(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	rec := w.do(t, http.MethodPost, "/api/v1/memberships", w.admin, "application/json", newMembership)
	m := decode(t, rec)
	if rec.Code != 201 || rec.Header().Get("Location") != "/api/v1/memberships/tromsoregionen:5524" ||
		at(m, "listed", "code") != "1924" || at(m, "listed", "name") != "Målselv" || at(m, "municipality", "code") != "5524" {
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/memberships", w.admin, "application/json", newMembership); rec.Code != 409 {
		t.Errorf("the same member again: %d", rec.Code)
	}
	for _, c := range []struct{ body, field string }{
		{strings.Replace(newMembership, `"partner"`, `"lead"`, 1), `"role"`}, // Tromsø is the lead
		{strings.Replace(newMembership, `"valid_from":"2016-01-01"`, `"phase":1,"listed":{"code":"9999","name":"X"}`, 1), `"listed.code"`},
		{strings.Replace(newMembership, `"5524"`, `"0000"`, 1), `"municipality"`},
		{strings.Replace(newMembership, `"5524"`, `5524`, 1), `"municipality"`},
		{strings.Replace(newMembership, `"2016-01-01"`, `"2016-13"`, 1), `"valid_from"`},
	} {
		rec := w.do(t, http.MethodPost, "/api/v1/memberships", w.admin, "application/json", c.body)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"field":`+c.field) {
			t.Errorf("%s: %d %s", c.body, rec.Code, rec.Body.String())
		}
	}
	if r := decode(t, w.do(t, http.MethodGet, "/api/v1/regions/tromsoregionen", "", "", "")); len(at(r, "members").([]any)) != 6 {
		t.Errorf("the region's members after the create: %v", at(r, "members"))
	}
	// GET → edit → PUT: the id, the municipality and listed objects come back as read.
	got := w.do(t, http.MethodGet, "/api/v1/memberships/tromsoregionen:5532:2", "", "", "")
	edited := strings.Replace(got.Body.String(), `"role":"partner"`, `"role":"member"`, 1)
	rec = w.do(t, http.MethodPut, "/api/v1/memberships/tromsoregionen:5532:2", w.admin, "application/json", edited, "If-Match", got.Header().Get("ETag"))
	if rec.Code != 200 || at(decode(t, rec), "role") != "member" || at(decode(t, rec), "listed", "code") != "1933" {
		t.Fatalf("GET → edit → PUT: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodPatch, "/api/v1/memberships/tromsoregionen:5532:2", w.admin, "application/merge-patch+json", `{"phase":1}`, "If-Match", `"v2"`); rec.Code != 422 {
		t.Errorf("moving a membership to another phase: %d", rec.Code)
	}
	// Without its lead membership, the region names no lead.
	if rec := w.do(t, http.MethodDelete, "/api/v1/memberships/tromsoregionen:5501:2", w.admin, "", "", "If-Match", `"v1"`); rec.Code != 204 {
		t.Fatalf("delete the lead: %d %s", rec.Code, rec.Body.String())
	}
	if r := decode(t, w.do(t, http.MethodGet, "/api/v1/regions/tromsoregionen", "", "", "")); at(r, "lead_municipality") != nil {
		t.Errorf("the lead after its membership went: %v", at(r, "lead_municipality"))
	}
	if h := decode(t, w.do(t, http.MethodGet, "/api/v1/memberships/tromsoregionen:5501:2/history", "", "", "")); len(at(h, "data").([]any)) != 1 {
		t.Errorf("history: %v", h)
	}
}

// A new municipality from 2028 whose code changes in 2030: 5698, then 5699.
const newMunicipality = `{"id":"5699","codes":[{"code":"5698","name":"Nyby","county":"56","valid_from":"2028-01-01","valid_to":"2030-01-01"},` +
	`{"code":"5699","name":"Nyby","county":"56","valid_from":"2030-01-01"}],"names":[{"name":"Nyby","language":"no"}],"source":"ssb-klass-131"}`

// The municipality register is written with the admin scope, as whole identities: code periods and names.
func TestMunicipalityWrites(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	for _, c := range []struct{ body, field string }{
		{strings.Replace(newMunicipality, `"id":"5699"`, `"id":"5698"`, 1), `"id"`},
		{strings.Replace(strings.Replace(newMunicipality, `"5698"`, `"5501"`, 1), `"2028-01-01"`, `"2029-01-01"`, 1), `"codes[0].code"`}, // Tromsø's
		{strings.Replace(newMunicipality, `"valid_from":"2030-01-01"`, `"valid_from":"2029-01-01"`, 1), `"codes[1].valid_from"`},
		{strings.Replace(newMunicipality, `"county":"56"`, `"county":"99"`, 1), `"codes[0].county"`},
		{strings.Replace(newMunicipality, `"language":"no"`, `"language":"norsk bokmål"`, 1), `"names[0].language"`},
	} {
		rec := w.do(t, http.MethodPost, "/api/v1/municipalities", w.admin, "application/json", c.body)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"field":`+c.field) {
			t.Errorf("%s: %d %s", c.body, rec.Code, rec.Body.String())
		}
	}
	rec := w.do(t, http.MethodPost, "/api/v1/municipalities", w.admin, "application/json", newMunicipality)
	if rec.Code != 201 || rec.Header().Get("Location") != "/api/v1/municipalities/5699" || at(decode(t, rec), "county", "name") != "Finnmark" {
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	// Its former code resolves to it, as the reformed codes of the dataset do.
	if rec := w.do(t, http.MethodGet, "/api/v1/municipalities/5698", "", "", ""); rec.Code != 308 || rec.Header().Get("Location") != "/api/v1/municipalities/5699" {
		t.Errorf("the former code: %d %v", rec.Code, rec.Header())
	}
	// GET → edit → PUT: a Northern Sámi name, found by search without its diacritics.
	got := w.do(t, http.MethodGet, "/api/v1/municipalities/5699", "", "", "")
	if tagVersion(got) != "v1" {
		t.Fatalf("a plain GET's ETag: %q", got.Header().Get("ETag"))
	}
	edited := strings.Replace(got.Body.String(), `"names":[`, `"names":[{"name":"Ođđagávpot","language":"se"},`, 1)
	rec = w.do(t, http.MethodPut, "/api/v1/municipalities/5699", w.admin, "application/json", edited, "If-Match", got.Header().Get("ETag"))
	if rec.Code != 200 || len(at(decode(t, rec), "names").([]any)) != 2 || len(at(decode(t, rec), "codes").([]any)) != 2 {
		t.Fatalf("GET → edit → PUT: %d %s", rec.Code, rec.Body.String())
	}
	if l := decode(t, w.do(t, http.MethodGet, "/api/v1/municipalities?q=oddagavpot", "", "", "")); len(at(l, "data").([]any)) != 1 {
		t.Errorf("search for the new name: %v", l)
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/municipalities/5501", w.admin, "", "", "If-Match", `"v1"`); rec.Code != 409 ||
		!strings.Contains(rec.Body.String(), "memberships") {
		t.Errorf("deleting Tromsø: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/municipalities/5699", w.admin, "", "", "If-Match", `"v2"`); rec.Code != 204 {
		t.Errorf("deleting the new one: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodGet, "/api/v1/municipalities/5698", "", "", ""); rec.Code != 404 {
		t.Errorf("its former code after the delete: %d", rec.Code)
	}
	if h := decode(t, w.do(t, http.MethodGet, "/api/v1/municipalities/5699/versions", "", "", "")); len(at(h, "data").([]any)) != 3 {
		t.Errorf("versions: %v", h)
	}
}

// Kvænangen merges into Nyby (5699) in 2028.
const kvaenangenIntoNyby = `{"predecessor":"5546","successor":"5699","date":"2028-01-01","kind":"merger","source":"ssb-klass-131"}`

// A reform written through the API: a new municipality, a succession into it, and the old code's period
// closed; from then on the old code resolves to the new municipality, as the reforms of the dataset do.
func TestSuccessionWrites(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	if rec := w.do(t, http.MethodPost, "/api/v1/municipalities", w.admin, "application/json", newMunicipality); rec.Code != 201 {
		t.Fatalf("the new municipality: %d %s", rec.Code, rec.Body.String())
	}
	rec := w.do(t, http.MethodPost, "/api/v1/successions", w.admin, "application/json", kvaenangenIntoNyby)
	if rec.Code != 201 || rec.Header().Get("Location") != "/api/v1/successions/5546:5699:2028-01-01" || at(decode(t, rec), "source", "publisher") != "Statistisk sentralbyrå" {
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	for _, c := range []struct{ body, field string }{
		{strings.Replace(kvaenangenIntoNyby, `"5699"`, `"5546"`, 1), `"successor"`},
		{strings.Replace(kvaenangenIntoNyby, `"5699"`, `"5697"`, 1), `"successor"`},
		{strings.Replace(kvaenangenIntoNyby, `"merger"`, `"takeover"`, 1), `"kind"`},
		{strings.Replace(kvaenangenIntoNyby, `"2028-01-01"`, `"1. januar 2028"`, 1), `"date"`},
	} {
		if rec := w.do(t, http.MethodPost, "/api/v1/successions", w.admin, "application/json", c.body); rec.Code != 422 || !strings.Contains(rec.Body.String(), `"field":`+c.field) {
			t.Errorf("%s: %d %s", c.body, rec.Code, rec.Body.String())
		}
	}
	// Kvænangen's code goes out of force when the merger takes effect.
	got := w.do(t, http.MethodGet, "/api/v1/municipalities/5546", "", "", "")
	closed := strings.Replace(got.Body.String(), `"valid_from":"2024-01-01","valid_to":null`, `"valid_from":"2024-01-01","valid_to":"2028-01-01"`, 1)
	if rec := w.do(t, http.MethodPut, "/api/v1/municipalities/5546", w.admin, "application/json", closed, "If-Match", got.Header().Get("ETag")); rec.Code != 200 {
		t.Fatalf("closing Kvænangen's code: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodGet, "/api/v1/municipalities/5546?fields=id", "", "", ""); rec.Code != 308 || rec.Header().Get("Location") != "/api/v1/municipalities/5699?fields=id" {
		t.Errorf("Kvænangen's code after the reform: %d %v", rec.Code, rec.Header().Get("Location"))
	}
	if l := decode(t, w.do(t, http.MethodGet, "/api/v1/successions?successor=5699", "", "", "")); len(at(l, "data").([]any)) != 1 {
		t.Errorf("successions into Nyby: %v", l)
	}
	if rec := w.do(t, http.MethodPatch, "/api/v1/successions/5546:5699:2028-01-01", w.admin, "application/merge-patch+json", `{"date":"2029-01-01"}`, "If-Match", `"v1"`); rec.Code != 422 {
		t.Errorf("moving a succession to another date: %d", rec.Code)
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/municipalities/5699", w.admin, "", "", "If-Match", `"v1"`); rec.Code != 409 || !strings.Contains(rec.Body.String(), "successions") {
		t.Errorf("deleting a municipality a succession names: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodDelete, "/api/v1/successions/5546:5699:2028-01-01", w.admin, "", "", "If-Match", `"v1"`); rec.Code != 204 {
		t.Errorf("delete: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodGet, "/api/v1/municipalities/5546", "", "", ""); rec.Code == 308 {
		t.Errorf("Kvænangen's code still resolves to Nyby after the succession went")
	}
}
