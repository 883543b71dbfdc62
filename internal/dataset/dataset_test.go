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
	if got := len(ds.Municipalities); got != 357 {
		t.Errorf("municipalities in force in 2024: got %d, want 357", got)
	}
	// 357 municipalities × 22 years, less 2005 for Vindafjord and Aure, both formed in 2006; and the one
	// figure the region reports.
	if got := len(ds.Population); got != 357*22-2+1 {
		t.Errorf("population observations: got %d, want 7852 official + 1 reported", got)
	}
	if got := len(ds.Area); got != 357+1 {
		t.Errorf("area observations: got %d, want 357 + 1 reported", got)
	}
	for _, c := range []struct {
		name string
		got  int
		want int
	}{{"goals", len(ds.Goals), 3}, {"results", len(ds.Results), 3}, {"lessons", len(ds.Lessons), 3},
		{"measures", len(ds.Measures), 3}, {"themes", len(ds.Themes), 4}, {"partners", len(ds.Partners), 5},
		{"regions", len(ds.Regions), 1}, {"documents", len(ds.Documents), 1}} {
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
	region := ds.Regions[0]
	members := map[string]bool{}
	for _, m := range region.Members {
		members[m.Municipality.Code] = true
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
		// Stavanger merged with Finnøy and Rennesøy in 2020: the identity begins there.
		"1103": "1103 Stavanger 2020-01-01-",
	}
	for _, m := range ds.Municipalities {
		w, ok := want[m.Code]
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
		delete(want, m.Code)
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
		texts = append(texts, th.Title, th.Description)
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
	if got := ds.Themes[3].Title; got != "Industrimiljø og næringsklynger" || !strings.HasPrefix(ds.Themes[3].Description, "Et tredje deltema") {
		t.Errorf("third sub-theme %q: %q", got, ds.Themes[3].Description)
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

func TestResolveMunicipalityRefusesAmbiguousName(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	// Våler is a municipality in both Østfold and Innlandet.
	if _, err := resolveMunicipality(ds.Municipalities, "Våler", ""); err == nil || !strings.Contains(err.Error(), "matches 2") {
		t.Fatalf("want an error naming two candidates, got %v", err)
	}
	if m, err := resolveMunicipality(ds.Municipalities, "Våler", "34"); err != nil || m.Code != "3419" {
		t.Fatalf("Våler in Innlandet: %v %v", m, err)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
