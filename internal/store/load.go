package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// LoadResult says what LoadDataset did.
type LoadResult struct {
	Loaded   bool   // false when the dataset was already there
	Checksum string // of the dataset in the database
	LoadedAt string
	// UpgradedFrom is the checksum of the earlier build the database held, where this load brought it up
	// to this build's (Checksum then is this build's); "" otherwise.
	UpgradedFrom string
	// Updated are the records (sources and municipalities, as "sources/ssb-07459") of a database loaded by
	// an earlier build of the dataset that this build's gives otherwise and no write had changed: each was
	// brought up to this build's, through the write path. Kept are those it gives otherwise that a write has
	// changed: left as the write left them.
	Updated, Kept []string
}

// datasetActor is who the changes log says made a change the dataset made: its load, and bringing the
// municipalities of an earlier load up to a later build's.
const datasetActor = "dataset"

// LoadedDataset says whether a dataset of that name is loaded, and when and from what.
func (s *Store) LoadedDataset(ctx context.Context, name string) (LoadResult, bool, error) {
	var rows []datasetLoadRow
	if err := s.db.WithContext(ctx).Where("name = ?", name).Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
		return LoadResult{}, false, err
	}
	return LoadResult{Checksum: rows[0].Checksum, LoadedAt: rows[0].LoadedAt}, true, nil
}

// LoadDataset writes a whole dataset in one transaction, unless a dataset of that name is already
// loaded: then it does not load it again, so a restart neither duplicates nor alters data. When the one
// loaded is an earlier build of it (another checksum), the sources and municipalities no write has changed
// are brought up to this build's (upgradeDataset), the rest is left as it is, and the load is recorded as of
// this build, so the next start finds nothing to do. Either way, in one transaction: several servers
// starting at once on one database do it once.
func (s *Store) LoadDataset(ctx context.Context, ds *domain.Dataset) (LoadResult, error) {
	var res LoadResult
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		var existing datasetLoadRow
		err := tx.Where("name = ?", ds.Name).Take(&existing).Error
		if err == nil {
			res = LoadResult{Checksum: existing.Checksum, LoadedAt: existing.LoadedAt}
			if existing.Checksum == ds.Checksum {
				return nil
			}
			if res.Updated, res.Kept, err = s.upgradeDataset(ctx, tx, ds); err != nil {
				return err
			}
			res.UpgradedFrom, res.Checksum = existing.Checksum, ds.Checksum
			_, err = writeIn(tx, upgradeOp(existing, ds.Checksum))
			return err
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		res = LoadResult{Loaded: true, Checksum: ds.Checksum, LoadedAt: time.Now().UTC().Format(time.RFC3339)}
		_, err = writeIn(tx, loadOp(ds, res.LoadedAt))
		return err
	})
	if err == nil && res.Loaded {
		err = s.dialect.analyze(ctx, s.sql)
	}
	return res, err
}

// datasetLoad is the changes log's record of a dataset load: the first change of a database, from which
// a replica that embeds the same dataset can begin; and of an upgrade to a later build of it (UpgradedFrom
// set), whose records' changes come before it in the log.
type datasetLoad struct {
	Name         string `json:"name"`
	Checksum     string `json:"checksum"`
	LoadedAt     string `json:"loaded_at"`
	UpgradedFrom string `json:"upgraded_from,omitempty"`
}

// upgradeOp records that the database now holds the build checksum of the dataset it had loaded.
func upgradeOp(loaded datasetLoadRow, checksum string) *writeOp {
	state := datasetLoad{Name: loaded.Name, Checksum: checksum, LoadedAt: loaded.LoadedAt, UpgradedFrom: loaded.Checksum}
	return &writeOp{resource: "datasets", id: loaded.Name, op: domain.OpUpdate, actor: datasetActor, ifVersion: 1,
		locate: func(tx *gorm.DB) (bool, error) { return true, nil }, // LoadDataset has read it
		apply:  func(tx *gorm.DB) error { return setChecksum(tx, state) },
		state:  func(*gorm.DB) (any, error) { return state, nil },
	}
}

// setChecksum records the build of the dataset a database holds.
func setChecksum(tx *gorm.DB, load datasetLoad) error {
	return tx.Model(&datasetLoadRow{}).Where("name = ?", load.Name).Update("checksum", load.Checksum).Error
}

// loadOp writes a dataset on the one write path: its rows in bulk, and one change that names it.
func loadOp(ds *domain.Dataset, loadedAt string) *writeOp {
	load := datasetLoad{Name: ds.Name, Checksum: ds.Checksum, LoadedAt: loadedAt}
	return &writeOp{resource: "datasets", id: ds.Name, op: domain.OpCreate, actor: datasetActor,
		locate: func(tx *gorm.DB) (bool, error) { return false, nil }, // LoadDataset has looked
		apply: func(tx *gorm.DB) error {
			if err := insertDataset(tx, ds); err != nil {
				return err
			}
			return tx.Create(&datasetLoadRow{Name: load.Name, Checksum: load.Checksum, LoadedAt: load.LoadedAt}).Error
		},
		state: func(*gorm.DB) (any, error) { return load, nil },
	}
}

// upgradeDataset brings the sources and the municipalities of a database an earlier build of the dataset
// loaded up to ds, this build's, and relabels the figures once after them, as what a figure is follows
// from both. Run again, it finds nothing to change.
func (s *Store) upgradeDataset(ctx context.Context, tx *gorm.DB, ds *domain.Dataset) (updated, kept []string, err error) {
	inTx := s.within(tx)
	updated, kept, err = upgradeRecords(ctx, inTx, sourceType, ds.Sources, func(x domain.Source) string { return x.ID },
		func(ids []string) (map[string]domain.Source, error) { return inTx.sources(ctx, ids) },
		func(a, b domain.Source) bool { return reflect.DeepEqual(a, b) })
	if err != nil {
		return nil, nil, err
	}
	// The rules that make a municipality (its dated names among them) live in the dataset, once: this only
	// copies what they give.
	m, k, err := upgradeRecords(ctx, inTx, municipalityType, ds.Municipalities, func(x domain.Municipality) string { return x.ID },
		func([]string) (map[string]domain.Municipality, error) {
			reg, err := registerOf(ctx, inTx, nil)
			if err != nil {
				return nil, err
			}
			return reg.byID, nil
		}, sameMunicipality)
	if err != nil {
		return nil, nil, err
	}
	updated, kept = append(updated, m...), append(kept, k...)
	if len(updated) > 0 {
		_, err = relabel(ctx, tx) // once, after every source and municipality
	}
	return updated, kept, err
}

// upgradeRecords brings records of one type up to those the dataset gives: each that no write has changed
// (no change of it in the log by another actor than the dataset) and that the dataset gives otherwise is
// replaced by the dataset's, or made where the earlier build had none, through the write path, as the
// dataset's change; one a write has changed or deleted is kept as written. Both lists name records as
// "resource/id".
func upgradeRecords[T any](ctx context.Context, inTx *Store, t recordType[T], given []T, idOf func(T) string,
	stored func([]string) (map[string]T, error), same func(a, b T) bool) (updated, kept []string, err error) {
	tx := inTx.db
	var writes []string
	if err := tx.Model(&changeRow{}).Where("resource = ? AND actor <> ?", t.resource, datasetActor).
		Distinct("resource_id").Pluck("resource_id", &writes).Error; err != nil {
		return nil, nil, err
	}
	written := map[string]bool{}
	for _, id := range writes {
		written[id] = true
	}
	ids := make([]string, len(given))
	for i, x := range given {
		ids[i] = idOf(x)
	}
	now, err := stored(ids)
	if err != nil {
		return nil, nil, err
	}
	records := Records[T]{inTx, t}
	for _, x := range given {
		id := idOf(x)
		was, ok := now[id]
		switch {
		case ok && same(was, x):
			continue // as this build gives it
		case written[id]:
			kept = append(kept, t.resource+"/"+id) // a write changed or deleted it
			continue
		}
		var w *writeOp
		if ok {
			version, err := recordVersion(tx, t.resource, id, true)
			if err != nil {
				return nil, nil, err
			}
			w, err = records.replaceOp(ctx, datasetActor, id, version, x)
		} else { // new in this build
			w, err = records.createOp(ctx, datasetActor, x, nil)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s %s: %w", t.resource, id, err)
		}
		w.relabelLater = true // once, after them all
		if _, err := writeIn(tx, w); err != nil {
			return nil, nil, fmt.Errorf("%s %s: %w", t.resource, id, err)
		}
		updated = append(updated, t.resource+"/"+id)
	}
	return updated, kept, nil
}

// sameMunicipality reports whether a stored municipality is what the dataset gives: its code periods, its
// names with their dates (both in SortNames' order), and its source.
func sameMunicipality(stored, given domain.Municipality) bool {
	sameCode := func(a, b domain.MunicipalityCode) bool {
		return a.Code == b.Code && a.Name == b.Name && a.County.Code == b.County.Code &&
			deref(a.ValidFrom) == deref(b.ValidFrom) && deref(a.ValidTo) == deref(b.ValidTo)
	}
	sameName := func(a, b domain.Name) bool {
		return a.Name == b.Name && a.Language == b.Language && a.Source == b.Source &&
			deref(a.ValidFrom) == deref(b.ValidFrom) && deref(a.ValidTo) == deref(b.ValidTo)
	}
	return stored.Source.ID == given.Source.ID && slices.EqualFunc(stored.Codes, given.Codes, sameCode) &&
		slices.EqualFunc(stored.Names, given.Names, sameName)
}

// insertDataset writes every part in dependency order; references by code resolve to identities.
func insertDataset(tx *gorm.DB, ds *domain.Dataset) error {
	var b batch
	b.insert(tx, "sources", toRows(ds.Sources, func(x domain.Source) sourceRow {
		return sourceRow{ID: x.ID, Title: x.Title, Publisher: x.Publisher, URL: x.URL, Licence: x.Licence,
			Retrieved: x.Retrieved, Note: x.Note, SearchKey: searchKey(x.Title, x.Publisher), Borders: x.Borders}
	}))
	b.insert(tx, "programmes", toRows(ds.Programmes, func(x domain.Programme) programmeRow {
		return programmeRow{ID: x.ID, Name: x.Name, Description: x.Description, Language: x.Language, SourceID: x.Source.ID}
	}))
	b.insert(tx, "counties", toRows(ds.Counties, func(x domain.County) countyRow {
		return countyRow{Code: x.Code, Name: x.Name, SourceID: ds.CountySource}
	}))

	identity := map[string]string{} // code in force -> identity id
	var ids []municipalityRow
	var codes []municipalityCodeRow
	var names []*municipalityNameRow
	for _, m := range ds.Municipalities {
		if m.ValidTo == nil {
			identity[m.Code] = m.ID
		}
		ids = append(ids, municipalityRow{ID: m.ID, SearchKey: municipalitySearchKey(m)})
		for _, c := range m.Codes {
			codes = append(codes, municipalityCodeRow{MunicipalityID: m.ID, Code: c.Code, Name: c.Name,
				CountyCode: c.County.Code, ValidFrom: c.ValidFrom, ValidTo: c.ValidTo, SourceID: m.Source.ID})
		}
		for _, n := range m.Names {
			names = append(names, nameRow(m.ID, m, n))
		}
	}
	b.insert(tx, "municipalities", ids)
	b.insert(tx, "municipality codes", codes)
	b.insert(tx, "municipality names", names)
	successions := toRows(ds.Successions, func(x domain.Succession) successionRow {
		return successionRow{ID: successionID(x.Predecessor, x.Successor, x.Date), PredecessorID: x.Predecessor, SuccessorID: x.Successor, Date: x.Date, Kind: string(x.Kind),
			SourceID: sourceOfCodes(ds)}
	})
	b.insert(tx, "municipality successions", successions)
	// What each figure of a source on later borders is follows from the code history just written.
	history := newLineage(codes, successions)
	bordered := bordersOf(ds.Sources)
	labelled := func(municipalityID *string, date, source string, kind domain.Kind, note string) (string, string) {
		if lb, ok := derivedLabel(history, bordered, municipalityID, date, source); ok {
			return string(lb.kind), lb.note
		}
		return string(kind), note
	}
	ref := func(m *domain.MunicipalityRef) *string {
		if m == nil {
			return nil
		}
		id, ok := identity[m.Code]
		if !ok {
			b.fail(fmt.Errorf("no municipality has the code %s in force", m.Code))
		}
		return &id
	}

	var memberships []membershipRow
	var phases []regionPhaseRow
	b.insert(tx, "regions", toRows(ds.Regions, func(r domain.Region) regionRow {
		for _, m := range r.Members {
			memberships = append(memberships, membershipRow{ID: membershipID(r.ID, m.Municipality.ID, m.Phase), RegionID: r.ID,
				MunicipalityID: m.Municipality.ID, ListedCode: m.Municipality.Code, ListedName: m.Municipality.Name,
				Role: string(m.Role), Phase: m.Phase, ValidFrom: m.ValidFrom, ValidTo: m.ValidTo, SourceID: r.Source.ID})
		}
		for _, p := range r.Phases {
			phases = append(phases, regionPhaseRow{RegionID: r.ID, Phase: p.Phase, Status: string(p.Status)})
		}
		var lead *string
		if r.Lead != nil {
			lead = &r.Lead.ID
		}
		return regionRow{ID: r.ID, ProgrammeID: r.Programme.ID, Name: r.Name, AlternativeName: r.AlternativeName,
			Description: r.Description, Language: r.Language, LeadMunicipalityID: lead, SourceID: r.Source.ID,
			SearchKey: searchKey(r.Name, r.AlternativeName)}
	}))
	b.insert(tx, "region phases", phases)
	b.insert(tx, "region memberships", memberships)
	b.insert(tx, "population", toRows(ds.Population, func(o domain.PopulationObservation) populationRow {
		municipality := ref(o.Municipality)
		kind, note := labelled(municipality, o.ReferenceDate, o.Source.ID, o.Kind, o.Note)
		return populationRow{ID: o.ID, MunicipalityID: municipality, RegionID: regionID(o.Region),
			ReferenceDate: o.ReferenceDate, Value: o.Value, Kind: kind, SourceID: o.Source.ID, Note: note}
	}))
	b.insert(tx, "area", toRows(ds.Area, func(o domain.AreaObservation) areaRow {
		municipality := ref(o.Municipality)
		kind, note := labelled(municipality, o.ReferenceDate, o.Source.ID, o.Kind, o.Note)
		return areaRow{ID: o.ID, MunicipalityID: municipality, RegionID: regionID(o.Region),
			ReferenceDate: o.ReferenceDate, ValueKM2: o.ValueKM2, Measure: string(o.Measure), Kind: kind,
			SourceID: o.Source.ID, Note: note}
	}))
	insertTexts(&b, tx, Goals, ds.Goals)
	insertTexts(&b, tx, Results, ds.Results)
	insertTexts(&b, tx, Lessons, ds.Lessons)
	insertTexts(&b, tx, Themes, ds.Themes)
	insertTexts(&b, tx, Partners, ds.Partners)
	insertTexts(&b, tx, Measures, ds.Measures) // after what their links name
	insertTexts(&b, tx, Documents, ds.Documents)
	return b.err
}

// searchKey is the folded text a row is found by with q=.
func searchKey(texts ...string) string { return query.Fold(strings.Join(texts, " ")) }

// sourceOfCodes is the source of the municipalities' code history, which the successions come from too.
func sourceOfCodes(ds *domain.Dataset) string {
	for _, m := range ds.Municipalities {
		return m.Source.ID
	}
	return ""
}

// batch inserts slices until the first error, which it keeps, so insertDataset reads as a list.
type batch struct{ err error }

func (b *batch) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

func (b *batch) insert(tx *gorm.DB, what string, rows any) {
	if b.err != nil {
		return
	}
	if err := tx.CreateInBatches(rows, 500).Error; err != nil && !errors.Is(err, gorm.ErrEmptySlice) {
		b.fail(fmt.Errorf("load %s: %w", what, err))
	}
}

// insertTexts inserts a kind's texts, and then their links.
func insertTexts[T domain.RegionText](b *batch, tx *gorm.DB, kind TextKind, items []T) {
	k := keptText[T](tx, kind)
	if k.err != nil {
		b.fail(k.err)
		return
	}
	rows := make([]map[string]any, 0, len(items))
	links := map[string][]map[string]any{}
	for _, x := range items {
		v := reflect.ValueOf(x)
		id := v.FieldByName("ID").String()
		cols := k.layout.columnsOf(x)
		cols["id"] = id
		rows = append(rows, cols)
		for _, link := range k.layout.links {
			for _, target := range linkField(v, link.field).Interface().([]string) {
				links[link.table] = append(links[link.table], map[string]any{link.own: id, link.target: target})
			}
		}
	}
	b.insert(tx.Table(kind.Resource), kind.Resource, rows)
	for _, link := range k.layout.links {
		b.insert(tx.Table(link.table), link.table, links[link.table])
	}
}

func toRows[T, R any](items []T, convert func(T) R) []R {
	out := make([]R, 0, len(items))
	for _, x := range items {
		out = append(out, convert(x))
	}
	return out
}

func regionID(r *domain.RegionRef) *string {
	if r == nil {
		return nil
	}
	return &r.ID
}
