// Package dataset is the embedded default dataset: official statistics for every municipality and the
// city regions' own texts, read from the data files in data/ (see data/PROVENANCE.md). No figure is typed
// into code: every value the API serves comes from one of these files.
package dataset

import (
	"crypto/sha256"
	"embed"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"sort"

	"github.com/byregion/byregion/internal/domain"
)

//go:embed data/*.csv data/*.txt data/*.md data/*.json
var files embed.FS

// Name identifies this dataset in the database, so a restart knows it is already loaded.
const Name = "byregion-default"

// Source ids of the data files, as listed in data/sources.csv.
const (
	sourceSeed       = "tromsoregionen-seed"
	sourcePopulation = "ssb-07459"
	sourceKlass      = "ssb-klass-131"
	sourceCounties   = "fylker"
	sourceNames      = "kartverket-kommuneinfo"
	sourceArea       = "aprestmo-norway-geodata"
)

// Load reads the embedded files into a dataset ready for the store. It fails, naming the file and row,
// on anything it cannot read exactly: a dataset is never half-understood.
func Load() (*domain.Dataset, error) {
	ds := &domain.Dataset{Name: Name, CountySource: sourceCounties}
	sum, err := checksum()
	if err != nil {
		return nil, err
	}
	ds.Checksum = sum
	if ds.Sources, err = loadSources(); err != nil {
		return nil, err
	}
	if ds.Counties, err = loadCounties(); err != nil {
		return nil, err
	}
	ms, err := loadMunicipalities()
	if err != nil {
		return nil, err
	}
	ds.Municipalities, ds.Successions = ms.list, ms.successions
	if ds.Population, err = loadPopulation(ms); err != nil {
		return nil, err
	}
	if ds.Area, err = loadArea(); err != nil {
		return nil, err
	}
	ds.Programmes = []domain.Programme{{ID: programmeID, Name: "Byregionprogrammet", Language: seedLanguage,
		Source: domain.Source{ID: sourceSeed}}}
	labels, err := loadRegions(ds, ms)
	if err != nil {
		return nil, err
	}
	if err := loadTromsoregionen(ds); err != nil {
		return nil, err
	}
	for _, th := range labels {
		th.Position = nextThemePosition(ds, th.Region)
		ds.Themes = append(ds.Themes, th)
	}
	return ds, nil
}

// checksum identifies the exact files loaded; it is recorded with the load.
// Checksum identifies the embedded files, without reading them into a dataset.
func Checksum() (string, error) { return checksum() }

func checksum() (string, error) {
	names, err := fs.Glob(files, "data/*")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// table is a CSV file read by column name.
type table struct {
	file   string
	header map[string]int
	rows   [][]string
}

func readTable(file string, sep rune, columns ...string) (*table, error) {
	f, err := files.Open("data/" + file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = sep
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", file, err)
	}
	t := &table{file: file, header: map[string]int{}}
	for i, h := range header {
		t.header[h] = i
	}
	for _, c := range columns {
		if _, ok := t.header[c]; !ok {
			return nil, fmt.Errorf("%s: missing column %q", file, c)
		}
	}
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		t.rows = append(t.rows, row)
	}
	return t, nil
}

// get returns column col of row i.
func (t *table) get(i int, col string) string { return t.rows[i][t.header[col]] }

// errorf names the file and its line (header is line 1) for row i.
func (t *table) errorf(i int, format string, args ...any) error {
	return fmt.Errorf("%s line %d: %s", t.file, i+2, fmt.Sprintf(format, args...))
}

func loadSources() ([]domain.Source, error) {
	t, err := readTable("sources.csv", ',', "id", "title", "publisher", "url", "licence", "retrieved", "note", "borders")
	if err != nil {
		return nil, err
	}
	out := make([]domain.Source, 0, len(t.rows))
	for i := range t.rows {
		out = append(out, domain.Source{
			ID: t.get(i, "id"), Title: t.get(i, "title"), Publisher: t.get(i, "publisher"),
			URL: optional(t.get(i, "url")), Licence: t.get(i, "licence"),
			Retrieved: optional(t.get(i, "retrieved")), Note: t.get(i, "note"), Borders: optional(t.get(i, "borders")),
		})
	}
	return out, nil
}

func loadCounties() ([]domain.County, error) {
	t, err := readTable("fylker_county_codes.csv", ',', "fylkesnummer", "fylkesnavn")
	if err != nil {
		return nil, err
	}
	out := make([]domain.County, 0, len(t.rows))
	for i := range t.rows {
		out = append(out, domain.County{Code: t.get(i, "fylkesnummer"), Name: t.get(i, "fylkesnavn")})
	}
	return out, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// maps are the boundaries the explorer draws; not part of the loaded dataset, so not of its checksum.
//
//go:embed maps/kartverket_tromsoregionen_kommuner_2024_M.geojson
var maps embed.FS

// TromsoregionenMap is Tromsøregionen's five municipalities as GeoJSON: Kartverket's 2024 boundaries,
// clipped to the coast and generalised ("M"), through robhop/fylker-og-kommuner (data/PROVENANCE.md,
// section 3). © Kartverket, CC BY 4.0.
func TromsoregionenMap() []byte {
	b, err := maps.ReadFile("maps/kartverket_tromsoregionen_kommuner_2024_M.geojson")
	if err != nil {
		panic(err) // embedded at build time
	}
	return b
}
