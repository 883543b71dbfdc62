package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
)

// Imports write many observations at once, all or nothing, each in the changes log like any other write.
// So that a long import does not hold up other writes, it is planned, staged and published:
//
//   - plan: the rows are checked and sorted into new, changed and unchanged against the data as they are,
//     with reads only, noting the last change seen;
//   - stage: the new observations, with the log entries they will have, go into staged_observations in
//     turns of stagedTurn rows, each a short write of its own, so other writes take turns in between;
//   - publish: one transaction checks that nothing the plan read has changed since (else the import is
//     planned again, and at the last try planned and published in one transaction), then moves the staged
//     rows into place and into the log with two statements, and applies the changes.
//
// Nothing reads staged rows; an import killed before its publish leaves only those, and the next import
// clears them.

// errRollback ends a dry run, or an import with rejected rows, without writing.
var errRollback = errors.New("rolled back")

// errMovedOn is a publish whose plan was made against data that have changed since.
var errMovedOn = errors.New("the data changed while the import was staged")

// stagedTurn is how many rows one staging write holds: a few hundred milliseconds of work.
const stagedTurn = 5000

// planTries is how many times an import is planned and staged before it is planned and published in one
// transaction, which nothing can come between.
const planTries = 3

// ImportObservations imports rows of population or area. A row is keyed by its subject, reference date and
// source: a new key is inserted, a known one updated when its figure differs, unchanged otherwise. A row
// whose municipality, region or source does not exist is rejected; with any row rejected, or in a dry
// run, nothing is written.
func (s *Store) ImportObservations(ctx context.Context, actor, kind string, rows []domain.ImportRow,
	rejected []domain.ImportError, skipped int, dryRun bool) (domain.ImportReport, error) {
	fresh := func() domain.ImportReport {
		return domain.ImportReport{Kind: kind, DryRun: dryRun, Rows: len(rows) + len(rejected), Skipped: skipped,
			Errors: append([]domain.ImportError{}, rejected...)}
	}
	report := fresh()
	if kind != "population" && kind != "area" {
		return report, domain.Invalid("query", "kind", "must be population or area")
	}
	importID := randomString(8)
	defer s.unstage(context.WithoutCancel(ctx), importID)
	for try := 1; ; try++ {
		report = fresh()
		if try == planTries { // plan and publish with nothing between them
			err := s.bulkTransaction(ctx, func(tx *gorm.DB) error {
				p, err := s.planImport(ctx, tx, kind, actor, rows, &report)
				if err != nil || dryRun || len(report.Errors) > 0 {
					return cmp.Or(err, errRollback)
				}
				if err := stage(tx, importID, p.staged); err != nil {
					return err
				}
				return publish(tx, kind, actor, importID, p)
			})
			return finished(report, err)
		}
		p, err := s.planImport(ctx, s.db.WithContext(ctx), kind, actor, rows, &report)
		if err != nil || dryRun || len(report.Errors) > 0 {
			return finished(report, cmp.Or(err, errRollback))
		}
		for start := 0; start < len(p.staged); start += stagedTurn {
			turn := p.staged[start:min(start+stagedTurn, len(p.staged))]
			if err := s.transaction(ctx, func(tx *gorm.DB) error { return stage(tx, importID, turn) }); err != nil {
				return report, err
			}
		}
		err = s.bulkTransaction(ctx, func(tx *gorm.DB) error {
			var moved int64
			if err := tx.Model(&changeRow{}).Where("seq > ? AND resource IN ?", p.since, []string{kind, "municipalities",
				"successions", "regions", "sources", "datasets"}).Count(&moved).Error; err != nil {
				return err
			}
			if moved > 0 {
				return errMovedOn
			}
			return publish(tx, kind, actor, importID, p)
		})
		if errors.Is(err, errMovedOn) {
			s.unstage(ctx, importID)
			continue
		}
		return finished(report, err)
	}
}

// finished is the report of an import that ended with err: committed when err is nil.
func finished(report domain.ImportReport, err error) (domain.ImportReport, error) {
	report.Rejected = len(report.Errors)
	if err != nil && !errors.Is(err, errRollback) {
		return report, err
	}
	report.Committed = err == nil
	return report, nil
}

// importPlan is what an import will write: the new observations, staged, and the writes of those that
// change, each checked against the version the plan read. since is the last change the plan saw.
type importPlan struct {
	since   int64
	staged  []stagedRow
	updates []*writeOp
}

// planImport checks and sorts the rows against the data as db reads them, and counts them in the report.
func (s *Store) planImport(ctx context.Context, db *gorm.DB, kind, actor string, rows []domain.ImportRow,
	report *domain.ImportReport) (importPlan, error) {
	var p importPlan
	table := map[string]string{"population": "population_observations", "area": "area_observations"}[kind]
	// The last change first: whatever is read after it is at least as new.
	if err := db.Model(&changeRow{}).Select("COALESCE(MAX(seq), 0)").Scan(&p.since).Error; err != nil {
		return p, err
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return p, err
	}
	var regions, sources []string
	if err := db.Model(&regionRow{}).Pluck("id", &regions).Error; err != nil {
		return p, err
	}
	if err := db.Model(&sourceRow{}).Pluck("id", &sources).Error; err != nil {
		return p, err
	}
	sourceByID, err := s.sources(ctx, sources)
	if err != nil {
		return p, err
	}
	bordered := bordersOf(slices.Collect(maps.Values(sourceByID))) // the sources that give figures on later borders
	known := func(list []string, id string) bool { return slices.Contains(list, id) }
	byCode := map[string][]municipalityCodeRow{} // a code's periods, to find who had it on a date
	for _, periods := range l.periods {
		for _, period := range periods {
			byCode[period.Code] = append(byCode[period.Code], period)
		}
	}
	existing, err := existingObservations(db, table)
	if err != nil {
		return p, err
	}
	// Versions continue from a record's last change, even one deleted and made again.
	var logged []string
	if err := db.Model(&changeRow{}).Where("resource = ?", kind).Distinct().Pluck("resource_id", &logged).Error; err != nil {
		return p, err
	}
	hasHistory := map[string]bool{}
	for _, id := range logged {
		hasHistory[id] = true
	}
	for _, r := range rows {
		subject, reason := importSubject(byCode, r, known(regions, r.Region))
		if reason != "" {
			report.Errors = append(report.Errors, domain.ImportError{Line: r.Line, Field: map[bool]string{true: "municipality", false: "region"}[r.Municipality != ""], Message: reason})
			continue
		}
		if !known(sources, r.Source) {
			report.Errors = append(report.Errors, domain.ImportError{Line: r.Line, Field: "source", Message: "names no source"})
			continue
		}
		var municipality *string
		if r.Region == "" {
			municipality = &subject
		}
		if lb, ok := derivedLabel(l, bordered, municipality, r.ReferenceDate, r.Source); ok && r.Kind == "" {
			r.Kind = lb.kind // a row that does not say what it is, of a source on later borders
		}
		r.Kind = cmp.Or(r.Kind, domain.KindOfficial)
		lb, err := labelOf(l, bordered, municipality, r.ReferenceDate, r.Source, r.Kind, r.Note)
		if e := (*domain.Error)(nil); errors.As(err, &e) {
			for _, f := range e.Fields {
				report.Errors = append(report.Errors, domain.ImportError{Line: r.Line, Field: f.Field, Message: f.Message})
			}
			continue
		}
		r.Kind, r.Note = lb.kind, lb.note
		id := observationID(kind, subject, r.ReferenceDate, r.Source)
		old, found := existing[id]
		if found && old.same(r) {
			report.Unchanged++
			continue
		}
		w := observationWrite(db, kind, id, subject, r, actor, found, l, sourceByID)
		if found || hasHistory[id] {
			if w.ifVersion, err = recordVersion(db, kind, id, found); err != nil {
				return p, err
			}
			p.updates = append(p.updates, w)
		} else {
			_, entry, err := logEntry(db, w, 1)
			if err != nil {
				return p, err
			}
			p.staged = append(p.staged, stagedOf(w.row(), *entry.State, len(p.staged)))
		}
		existing[id] = observed{value: r.Value, kind: string(r.Kind), note: r.Note, measure: string(r.Measure)}
		if found {
			report.Updated++
		} else {
			report.Inserted++
		}
	}
	return p, nil
}

// stagedOf is a new observation's staged row, with its log entry's state, at place n of the import.
func stagedOf(row any, state string, n int) stagedRow {
	switch r := row.(type) {
	case populationRow:
		return stagedRow{N: n, ID: r.ID, MunicipalityID: r.MunicipalityID, RegionID: r.RegionID, ReferenceDate: r.ReferenceDate,
			Value: float64(r.Value), Kind: r.Kind, SourceID: r.SourceID, Note: r.Note, State: state}
	case areaRow:
		return stagedRow{N: n, ID: r.ID, MunicipalityID: r.MunicipalityID, RegionID: r.RegionID, ReferenceDate: r.ReferenceDate,
			Value: r.ValueKM2, Measure: r.Measure, Kind: r.Kind, SourceID: r.SourceID, Note: r.Note, State: state}
	}
	panic("an observation row of no kind")
}

// stage writes staged rows of an import.
func stage(tx *gorm.DB, importID string, rows []stagedRow) error {
	at := now()
	for i := range rows {
		rows[i].ImportID, rows[i].StagedAt = importID, at
	}
	// Rows a killed import left, an hour old, go with the first turn of the next.
	if err := tx.Where("staged_at < ?", time.Now().Add(-time.Hour).UTC().Format(time.RFC3339Nano)).Delete(&stagedRow{}).Error; err != nil {
		return err
	}
	return tx.CreateInBatches(rows, 1000).Error
}

// publish moves an import's staged rows into place and into the changes log, in their order, and applies
// its updates, each through the one write path.
func publish(tx *gorm.DB, kind, actor, importID string, p importPlan) error {
	for _, w := range p.updates {
		if _, err := writeIn(tx, w); err != nil {
			return err
		}
	}
	insert := `INSERT INTO population_observations (id, municipality_id, region_id, reference_date, value, kind, source_id, note)
		SELECT id, municipality_id, region_id, reference_date, CAST(value AS INTEGER), kind, source_id, note
		FROM staged_observations WHERE import_id = ? ORDER BY n`
	if kind == "area" {
		insert = `INSERT INTO area_observations (id, municipality_id, region_id, reference_date, value_km2, measure, kind, source_id, note)
			SELECT id, municipality_id, region_id, reference_date, value, measure, kind, source_id, note
			FROM staged_observations WHERE import_id = ? ORDER BY n`
	}
	if err := tx.Exec(insert, importID).Error; err != nil {
		return err
	}
	// Numbered here, after the log's last, in one statement (the writers' turn is this transaction's), rather
	// than by the database row by row.
	if err := tx.Exec(`INSERT INTO changes (seq, resource, resource_id, operation, version, actor, at, state)
		SELECT (SELECT COALESCE(MAX(seq), 0) FROM changes) + ROW_NUMBER() OVER (ORDER BY n), ?, id, 'create', 1, ?, ?, state
		FROM staged_observations WHERE import_id = ? ORDER BY n`,
		kind, actor, now(), importID).Error; err != nil {
		return err
	}
	return tx.Where("import_id = ?", importID).Delete(&stagedRow{}).Error
}

// unstage removes what an import staged, when it ends without publishing.
func (s *Store) unstage(ctx context.Context, importID string) {
	var left int64
	if s.db.WithContext(ctx).Model(&stagedRow{}).Where("import_id = ?", importID).Limit(1).Count(&left); left == 0 {
		return
	}
	s.transaction(ctx, func(tx *gorm.DB) error { return tx.Where("import_id = ?", importID).Delete(&stagedRow{}).Error })
}

// observed is an observation's figure, to tell an update from no change.
type observed struct {
	value      float64
	kind, note string
	measure    string
}

func (o observed) same(r domain.ImportRow) bool {
	return math.Abs(o.value-r.Value) < 1e-9 && o.kind == string(r.Kind) && o.note == r.Note &&
		(o.measure == "" || o.measure == string(r.Measure))
}

func existingObservations(tx *gorm.DB, table string) (map[string]observed, error) {
	var rows []struct {
		ID, Kind, Note, Measure string
		Value                   float64
	}
	sel := "id, kind, note, value, '' AS measure"
	if table == "area_observations" {
		sel = "id, kind, note, value_km2 AS value, measure"
	}
	if err := tx.Table(table).Select(sel).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]observed, len(rows))
	for _, r := range rows {
		out[r.ID] = observed{value: r.Value, kind: r.Kind, note: r.Note, measure: r.Measure}
	}
	return out, nil
}

// importSubject finds what a row is about: the municipality identity that had the code on the reference
// date, or the region. The reason is set when there is none.
func importSubject(byCode map[string][]municipalityCodeRow, r domain.ImportRow, regionKnown bool) (subject, reason string) {
	if r.Region != "" {
		if !regionKnown {
			return "", "names no region"
		}
		return r.Region, ""
	}
	for _, p := range byCode[r.Municipality] {
		if deref(p.ValidFrom) <= r.ReferenceDate && (p.ValidTo == nil || *p.ValidTo > r.ReferenceDate) {
			return p.MunicipalityID, ""
		}
	}
	return "", fmt.Sprintf("no municipality had the code %s on %s", r.Municipality, r.ReferenceDate)
}

// observationID is the stable id of an observation, as the dataset makes them.
func observationID(kind, subject, date, source string) string {
	return kind + ":" + subject + ":" + date + ":" + source
}

// observationWrite is the write of one imported observation.
func observationWrite(tx *gorm.DB, kind, id, subject string, r domain.ImportRow, actor string, update bool,
	l *lineage, sources map[string]domain.Source) *writeOp {
	var municipality, region *string
	if r.Region != "" {
		region = &subject
	} else {
		municipality = &subject
	}
	w := &writeOp{resource: kind, id: id, op: domain.OpCreate, actor: actor}
	if update {
		w.op = domain.OpUpdate
	}
	w.row = func() any {
		if kind == "population" {
			return populationRow{ID: id, MunicipalityID: municipality, RegionID: region, ReferenceDate: r.ReferenceDate,
				Value: int64(r.Value), Kind: string(r.Kind), SourceID: r.Source, Note: r.Note}
		}
		return areaRow{ID: id, MunicipalityID: municipality, RegionID: region, ReferenceDate: r.ReferenceDate,
			ValueKM2: r.Value, Measure: string(r.Measure), Kind: string(r.Kind), SourceID: r.Source, Note: r.Note}
	}
	w.locate = func(*gorm.DB) (bool, error) { return update, nil }
	w.apply = func(tx *gorm.DB) error {
		switch row := w.row().(type) {
		case populationRow:
			if update {
				return tx.Model(&populationRow{}).Where("id = ?", id).Updates(map[string]any{"value": row.Value, "kind": row.Kind, "note": row.Note}).Error
			}
			return tx.Create(&row).Error
		case areaRow:
			if update {
				return tx.Model(&areaRow{}).Where("id = ?", id).Updates(map[string]any{"value_km2": row.ValueKM2, "measure": row.Measure,
					"kind": row.Kind, "note": row.Note}).Error
			}
			return tx.Create(&row).Error
		}
		return nil
	}
	// The log holds the record as the API shows it, as for a single write.
	w.state = func(tx *gorm.DB) (any, error) {
		var sub domain.Subject
		if municipality != nil {
			last := l.latest(*municipality)
			sub.Municipality = &domain.MunicipalityRef{Code: last.Code, Name: last.Name}
		} else {
			var name string
			tx.Table("regions").Where("id = ?", *region).Pluck("name", &name)
			sub.Region = &domain.RegionRef{ID: *region, Name: name}
		}
		published := publishedCode(l, municipality, r.ReferenceDate, string(r.Kind))
		predecessors := l.predecessors(municipality, r.ReferenceDate, string(r.Kind), sources[r.Source])
		if kind == "population" {
			return domain.PopulationObservation{ID: id, Subject: sub, ReferenceDate: r.ReferenceDate, PublishedCode: published,
				Predecessors: predecessors,
				Value:        int64(r.Value), Unit: "persons", Kind: r.Kind, Note: r.Note, Source: sources[r.Source]}, nil
		}
		return domain.AreaObservation{ID: id, Subject: sub, ReferenceDate: r.ReferenceDate, PublishedCode: published,
			Predecessors: predecessors,
			ValueKM2:     r.Value, Unit: "km2", Measure: r.Measure, Kind: r.Kind, Note: r.Note, Source: sources[r.Source]}, nil
	}
	return w
}
