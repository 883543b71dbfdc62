package dataset

import (
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

func TestLoadReadsEveryFile(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	current := 0
	for _, m := range ds.Municipalities {
		if m.ValidTo == nil {
			current++
		}
	}
	if current != 357 {
		t.Errorf("municipalities in force in 2024: got %d, want 357", current)
	}
	// 357 municipalities × 22 years, less 2005 for Vindafjord and Aure, both formed in 2006; and the one
	// figure the region reports.
	regions, err := readTable(regionsFile, ',', "population", "area_km2")
	if err != nil {
		t.Fatal(err)
	}
	reportedPopulation, reportedArea := 0, 0
	for i := range regions.rows {
		if regions.get(i, "population") != "" {
			reportedPopulation++
		}
		if regions.get(i, "area_km2") != "" {
			reportedArea++
		}
	}
	if got, want := len(ds.Population), 357*22-2+reportedPopulation; got != want {
		t.Errorf("population observations: got %d, want 7852 official + %d reported", got, reportedPopulation)
	}
	if got, want := len(ds.Area), 357+reportedArea; got != want {
		t.Errorf("area observations: got %d, want 357 + %d reported", got, reportedArea)
	}
	for _, c := range []struct {
		name string
		got  int
		want int
	}{{"goals", len(ds.Goals), 3}, {"results", len(ds.Results), 3}, {"lessons", len(ds.Lessons), 3},
		{"measures", len(ds.Measures), 3}, {"partners", len(ds.Partners), 5},
		{"regions", len(ds.Regions), len(regions.rows)}, {"documents", len(ds.Documents), 1}} {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
}

// The five municipalities' SSB figures for 1 January 2015, summed from the loaded data, equal the
// population the programme reports for the region.
func TestTromsoregionenPopulation2015MatchesReported(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var region domain.Region
	for _, r := range ds.Regions {
		if r.ID == "tromsoregionen" {
			region = r
		}
	}
	members := map[string]bool{}
	for _, m := range region.Members {
		members[m.Municipality.ID] = true // the identity, whose code in force is its id
	}
	var sum, reported int64
	for _, o := range ds.Population {
		switch {
		case o.ReferenceDate != "2015-01-01":
		case o.Municipality != nil && members[o.Municipality.Code]:
			sum += o.Value
		case o.Region != nil && o.Region.ID == region.ID && o.Kind == domain.KindReported:
			reported = o.Value
		}
	}
	if len(members) != 5 || reported != 85510 || sum != reported {
		t.Fatalf("members %d, SSB sum %d, reported %d: want 5 members and the sum equal to the reported 85510",
			len(members), sum, reported)
	}
}

func TestCodeHistoryFollowsRenumberings(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"5501": "1902 Tromsø -2020-01-01 | 5401 Tromsø 2020-01-01-2024-01-01 | 5501 Tromsø 2024-01-01-",
		"5538": "1939 Storfjord -2015-01-01 | 1939 Storfjord - Omasvuotna - Omasvuono 2015-01-01-2020-01-01 | " +
			"5425 Storfjord - Omasvuotna - Omasvuono 2020-01-01-2024-01-01 | 5538 Storfjord - Omasvuotna - Omasvuono 2024-01-01-",
		"0301": "0301 Oslo -",
		// Stavanger kept its code when Finnøy and Rennesøy merged into it in 2020: the identity goes on.
		"1103": "1103 Stavanger -",
		// Ålesund (1504) merged with its neighbours into a new Ålesund (1507) in 2020, which split in 2024.
		"1508": "1508 Ålesund 2024-01-01-",
	}
	for _, m := range ds.Municipalities {
		w, ok := want[m.ID]
		if !ok {
			continue
		}
		var parts []string
		for _, p := range m.Codes {
			parts = append(parts, p.Code+" "+p.Name+" "+deref(p.ValidFrom)+"-"+deref(p.ValidTo))
		}
		if got := strings.Join(parts, " | "); got != w {
			t.Errorf("%s history:\n got %s\nwant %s", m.Code, got, w)
		}
		delete(want, m.ID)
	}
	if len(want) > 0 {
		t.Errorf("not loaded: %v", want)
	}
}

func TestSeedTextsAreVerbatim(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := files.ReadFile("data/" + seedFile)
	seedText := string(raw)
	var texts []string
	for _, g := range ds.Goals {
		texts = append(texts, g.Text)
	}
	for _, l := range ds.Lessons {
		texts = append(texts, l.Title, l.Text)
	}
	for _, th := range ds.Themes {
		if th.Kind == domain.ThemeQuoted {
			texts = append(texts, th.Title, th.Description)
		}
	}
	for _, p := range ds.Partners {
		texts = append(texts, p.Role)
	}
	for _, m := range ds.Measures {
		texts = append(texts, m.Title)
	}
	for _, s := range texts {
		if !strings.Contains(seedText, s) {
			t.Errorf("not in the seed text: %q", s)
		}
	}
	if got := ds.Lessons[2].Title; got != "Bredt samarbeid" {
		t.Errorf("third lesson title %q", got)
	}
	var sub []domain.Theme
	for _, th := range ds.Themes {
		if th.Parent != nil {
			sub = append(sub, th)
		}
	}
	if len(sub) != 3 || sub[2].Title != "Industrimiljø og næringsklynger" || !strings.HasPrefix(sub[2].Description, "Et tredje deltema") {
		t.Errorf("sub-themes %v", sub)
	}
	if got := ds.Measures[2].Partners; len(got) != 1 || got[0] != "tromsoregionen-partner-4" {
		t.Errorf("the measure on Nord-Troms regionråd links partners %v", got)
	}
}

func TestStorfjordHasSamiAndKvenNames(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ds.Municipalities {
		if m.Code != "5538" {
			continue
		}
		got := map[string]string{}
		for _, n := range m.Names {
			got[n.Language] = n.Name
		}
		if got["no"] != "Storfjord" || got["se"] != "Omasvuotna" || got["fkv"] != "Omasvuono" {
			t.Errorf("Storfjord names %v", got)
		}
		return
	}
	t.Fatal("5538 not loaded")
}

// A name more than one 2015 municipality had is resolved by the region's county, and refused when the
// region gives no county to decide by: the loader never picks one.
func TestResolveListedRefusesAmbiguousName(t *testing.T) {
	ms, err := loadMunicipalities()
	if err != nil {
		t.Fatal(err)
	}
	index := ms.listedMunicipalities()
	_, err = resolveListed("Test", []string{"Våler"}, index)
	if err == nil || !strings.Contains(err.Error(), "0137 Våler (Østfold) (county 01)") || !strings.Contains(err.Error(), "0426 Våler (Hedmark) (county 04)") {
		t.Fatalf("want an error naming both Våler candidates, got %v", err)
	}
	got, err := resolveListed("Test", []string{"Elverum", "Våler"}, index)
	if err != nil || got[1].code != "0426" {
		t.Fatalf("Våler beside Elverum (Hedmark): %v %v", got, err)
	}
	if _, err := resolveListed("Test", []string{"Atlantis"}, index); err == nil {
		t.Fatal("an unknown name resolved")
	}
}

// The identities built from SSB's change table reproduce every Klass version of 2015-2024: on each
// version's date, exactly its codes and names are in force.
func TestIdentitiesReproduceEveryKlassVersion(t *testing.T) {
	ms, err := loadMunicipalities()
	if err != nil {
		t.Fatal(err)
	}
	klass, err := readTable("ssb_klass131_kommuneinndeling_2015-2024.csv", ',', "valid_from", "kommunenummer", "kommunenavn")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{} // date -> code -> name
	for i := range klass.rows {
		date, code := klass.get(i, "valid_from"), klass.get(i, "kommunenummer")
		if code == unspecified {
			continue
		}
		if want[date] == nil {
			want[date] = map[string]string{}
		}
		want[date][code] = klass.get(i, "kommunenavn")
	}
	for date, codes := range want {
		got := map[string]string{}
		for _, m := range ms.list {
			for _, p := range m.Codes {
				if deref(p.ValidFrom) <= date && (p.ValidTo == nil || *p.ValidTo > date) {
					if _, dup := got[p.Code]; dup {
						t.Errorf("%s: code %s in force twice", date, p.Code)
					}
					got[p.Code] = p.Name
				}
			}
		}
		for code, name := range codes {
			if baseName(got[code]) != baseName(name) {
				t.Errorf("%s: %s is %q in Klass, %q here", date, code, name, got[code])
			}
		}
		for code := range got {
			if _, ok := codes[code]; !ok {
				t.Errorf("%s: %s %q is in force here but not in Klass", date, code, got[code])
			}
		}
	}
}

// Every row of byregioner.csv becomes a region, and every member it names resolves to one municipality.
func TestEveryRegionRowLoads(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readTable(regionsFile, ',', "region", "lead_municipality", "partner_municipalities")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]domain.Region{}
	for _, r := range ds.Regions {
		byName[r.Name] = r
	}
	for i := range rows.rows {
		name, _ := splitName(rows.get(i, "region"))
		r, ok := byName[name]
		if !ok {
			t.Errorf("row %d: region %q not loaded", i+2, name)
			continue
		}
		listed := 0
		for _, s := range []string{rows.get(i, "lead_municipality"), rows.get(i, "partner_municipalities")} {
			for _, n := range strings.Split(s, ";") {
				if strings.TrimSpace(n) != "" {
					listed++
				}
			}
		}
		if len(r.Members) != listed {
			t.Errorf("%s: %d members loaded, %d listed", name, len(r.Members), listed)
		}
		if (rows.get(i, "lead_municipality") == "") != (r.Lead == nil) {
			t.Errorf("%s: lead %v for %q", name, r.Lead, rows.get(i, "lead_municipality"))
		}
	}
}

// Every municipality of every version of the classification, 2015-2024 (3,123 of them), has in the
// dataset the name Klass gave it in that version: "Vang (Oppland)" in 2015, "Vang" from 2017.
func TestNamesAreKlassesOfEachVersion(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := readTable("ssb_klass131_kommuneinndeling_2015-2024.csv", ',', "valid_from", "kommunenummer", "kommunenavn")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i := range tbl.rows {
		code, date, want := tbl.get(i, "kommunenummer"), tbl.get(i, "valid_from"), tbl.get(i, "kommunenavn")
		if code == unspecified {
			continue
		}
		checked++
		found := ""
		for _, m := range ds.Municipalities {
			for _, p := range m.Codes {
				if p.Code == code && deref(p.ValidFrom) <= date && (p.ValidTo == nil || *p.ValidTo > date) {
					found = p.Name
				}
			}
		}
		if found != want {
			t.Errorf("%s on %s: %q, Klass has %q", code, date, found, want)
		}
	}
	if checked < 3000 {
		t.Errorf("only %d municipality-versions checked", checked)
	}
}
