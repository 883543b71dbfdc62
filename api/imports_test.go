package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The test rows restate the real 2026 figures of the data file, under the same source, so an import finds
// them unchanged; the "updated" rows state them under a second source the test makes its own.

func fivePopulation2026(t *testing.T) map[string]float64 {
	population, _ := official(t)
	out := map[string]float64{}
	for _, code := range []string{"5501", "5532", "5534", "5536", "5538"} {
		out[code] = population[code]["2026-01-01"]
	}
	return out
}

func TestImportCSV(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	figures := fivePopulation2026(t)
	csv := "municipality,year,value,source\n"
	for _, code := range []string{"5501", "5532", "5534"} {
		csv += fmt.Sprintf("%s,2026,%v,ssb-07459\n", code, figures[code])
	}
	csv += "5538,2026,not-a-number,ssb-07459\n" + "9998,2026,5,ssb-07459\n" + "5536,2026,1,no-such-source\n"
	feedBefore := len(at(decode(t, w.do(t, http.MethodGet, "/api/v1/changes", "", "", "")), "data").([]any))
	rec := w.do(t, http.MethodPost, "/api/v1/imports?kind=population", w.write, "text/csv", csv)
	body := decode(t, rec)
	if rec.Code != 422 || at(body, "report", "rejected") != 3.0 || at(body, "report", "committed") != false {
		t.Fatalf("bad rows in the middle: %d %s", rec.Code, rec.Body.String())
	}
	lines := map[string]string{}
	for _, e := range at(body, "report", "errors").([]any) {
		lines[fmt.Sprint(at(e, "line"))] = at(e, "field").(string)
	}
	if lines["5"] != "value" || lines["6"] != "municipality" || lines["7"] != "source" {
		t.Errorf("rejected lines and fields: %v", lines)
	}
	if after := len(at(decode(t, w.do(t, http.MethodGet, "/api/v1/changes", "", "", "")), "data").([]any)); after != feedBefore {
		t.Errorf("a rejected import wrote %d changes", after-feedBefore)
	}
	// The same rows without the bad ones: unchanged, as they restate the data.
	good := strings.Join(strings.Split(csv, "\n")[:4], "\n") + "\n"
	report := decode(t, w.do(t, http.MethodPost, "/api/v1/imports?kind=population", w.write, "text/csv", good))
	if at(report, "unchanged") != 3.0 || at(report, "inserted") != 0.0 || at(report, "committed") != true {
		t.Errorf("restated figures: %v", report)
	}
	// A dry run counts and writes nothing; then the real run inserts, and each row is in the feed.
	add := strings.ReplaceAll(good, "ssb-07459", "tromsoregionen-seed")
	dry := decode(t, w.do(t, http.MethodPost, "/api/v1/imports?kind=population&dry_run=true", w.write, "text/csv", add))
	if at(dry, "inserted") != 3.0 || at(dry, "committed") != false || at(dry, "dry_run") != true {
		t.Errorf("dry run: %v", dry)
	}
	real := decode(t, w.do(t, http.MethodPost, "/api/v1/imports?kind=population", w.write, "text/csv", add))
	if at(real, "inserted") != 3.0 || at(real, "committed") != true {
		t.Errorf("import: %v", real)
	}
	feed := at(decode(t, w.do(t, http.MethodGet, "/api/v1/changes", "", "", "")), "data").([]any)
	if len(feed)-feedBefore != 3 || at(feed[len(feed)-1], "resource") != "population" || at(feed[len(feed)-1], "actor") != "writer" {
		t.Errorf("feed after the import: %d new", len(feed)-feedBefore)
	}
	again := decode(t, w.do(t, http.MethodPost, "/api/v1/imports?kind=population", w.write, "text/csv", strings.Replace(add, fmt.Sprint(figures["5501"]), fmt.Sprint(figures["5501"]+1), 1)))
	if at(again, "updated") != 1.0 || at(again, "unchanged") != 2.0 {
		t.Errorf("a changed figure: %v", again)
	}
}

// A retired code is the one a figure was published under: 1902 in 2019 is Tromsø.
func TestImportByPublishedCode(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	population, _ := official(t)
	rows := fmt.Sprintf(`[{"municipality":"1902","year":"2019","value":%v,"source":"ssb-07459"},{"municipality":"1902","year":"2021","value":1,"source":"ssb-07459"}]`,
		population["5501"]["2019-01-01"])
	rec := w.do(t, http.MethodPost, "/api/v1/imports?kind=population", w.write, "application/json", rows)
	body := decode(t, rec)
	if rec.Code != 422 || at(body, "report", "errors", 0, "line") != 1.0 || !strings.Contains(at(body, "report", "errors", 0, "message").(string), "1902 on 2021-01-01") {
		t.Errorf("1902 in 2021 (it was 5401 then): %d %s", rec.Code, rec.Body.String())
	}
}

// A JSON-stat dataset as SSB's table 07459 gives it: Region (with K- prefixes), Kjonn (summed), Tid,
// ContentsCode, a null for a missing cell.
func TestImportSSBJSONStat(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	figures := fivePopulation2026(t)
	men := int(figures["5501"]) / 2
	stat := fmt.Sprintf(`{"version":"2.0","class":"dataset","id":["Region","Kjonn","ContentsCode","Tid"],"size":[2,2,1,1],
	 "dimension":{"Region":{"category":{"index":{"K-5501":0,"5532":1}}},"Kjonn":{"category":{"index":["1","2"]}},
	 "ContentsCode":{"category":{"index":{"Personer1":0}}},"Tid":{"category":{"index":["2026"]}}},
	 "value":[%d,%d,null,%v]}`, men, int(figures["5501"])-men, figures["5532"])
	rec := w.do(t, http.MethodPost, "/api/v1/imports?kind=population&source=ssb-07459", w.write, "application/json", stat)
	body := decode(t, rec)
	if rec.Code != 200 || at(body, "unchanged") != 2.0 || at(body, "skipped") != 1.0 || at(body, "rejected") != 0.0 {
		t.Errorf("JSON-stat: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/imports?kind=population", w.write, "application/json", stat); rec.Code != 422 {
		t.Errorf("JSON-stat without source=: %d", rec.Code)
	}
}

func TestImportNeedsWriteKey(t *testing.T) {
	t.Parallel()
	w := newWritable(t)
	for key, want := range map[string]int{"": 401, w.read: 403, w.revoked: 401} {
		if rec := w.do(t, http.MethodPost, "/api/v1/imports?kind=population", key, "text/csv", "municipality,year,value,source\n"); rec.Code != want {
			t.Errorf("import with key %q: %d, want %d", key[:min(len(key), 4)], rec.Code, want)
		}
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/imports?kind=goals", w.write, "text/csv", ""); rec.Code != 400 {
		t.Errorf("kind=goals: %d", rec.Code)
	}
	if rec := w.do(t, http.MethodPost, "/api/v1/imports?kind=population", w.write, "application/xml", "<x/>"); rec.Code != 415 {
		t.Errorf("XML: %d", rec.Code)
	}
}
