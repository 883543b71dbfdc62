package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
)

// Imports write many observations at once, all or nothing, each through the one write path, so every
// inserted or updated row is in the changes log like any other write.

// errRollback ends a dry run, or an import with rejected rows, without writing.
var errRollback = errors.New("rolled back")

// ImportObservations imports rows of population or area. A row is keyed by its subject, reference date and
// source: a new key is inserted, a known one updated when its figure differs, unchanged otherwise. A row
// whose municipality, region or source does not exist is rejected; with any row rejected, or in a dry
// run, nothing is written.
func (s *Store) ImportObservations(ctx context.Context, actor, kind string, rows []domain.ImportRow,
	rejected []domain.ImportError, skipped int, dryRun bool) (domain.ImportReport, error) {
	report := domain.ImportReport{Kind: kind, DryRun: dryRun, Rows: len(rows) + len(rejected), Skipped: skipped,
		Errors: append([]domain.ImportError{}, rejected...)}
	table := map[string]string{"population": "population_observations", "area": "area_observations"}[kind]
	if table == "" {
		return report, domain.Invalid("query", "kind", "must be population or area")
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return report, err
	}
	var regions, sources []string
	if err := s.db.WithContext(ctx).Model(&regionRow{}).Pluck("id", &regions).Error; err != nil {
		return report, err
	}
	if err := s.db.WithContext(ctx).Model(&sourceRow{}).Pluck("id", &sources).Error; err != nil {
		return report, err
	}
	sourceByID, err := s.sources(ctx, sources)
	if err != nil {
		return report, err
	}
	known := func(list []string, id string) bool { return slices.Contains(list, id) }
	byCode := map[string][]municipalityCodeRow{} // a code's periods, to find who had it on a date
	for _, periods := range l.periods {
		for _, p := range periods {
			byCode[p.Code] = append(byCode[p.Code], p)
		}
	}
	err = s.bulkTransaction(ctx, func(tx *gorm.DB) error {
		existing, err := existingObservations(tx, table)
		if err != nil {
			return err
		}
		// Versions continue from a record's last change, even one deleted and made again.
		var logged []string
		if err := tx.Model(&changeRow{}).Where("resource = ?", kind).Distinct().Pluck("resource_id", &logged).Error; err != nil {
			return err
		}
		hasHistory := map[string]bool{}
		for _, id := range logged {
			hasHistory[id] = true
		}
		// New records are written in batches: their rows, then their log entries, as write would one by one.
		var newRows []any
		var newLog []changeRow
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
			id := observationID(kind, subject, r.ReferenceDate, r.Source)
			old, found := existing[id]
			if found && old.same(r) {
				report.Unchanged++
				continue
			}
			w := observationWrite(tx, table, kind, id, subject, r, actor, found, l, sourceByID)
			switch {
			case found || hasHistory[id]:
				version, err := recordVersion(tx, kind, id, found)
				if err != nil {
					return err
				}
				w.ifVersion = version
				if _, err := writeIn(tx, w); err != nil {
					return err
				}
			default:
				_, entry, err := logEntry(tx, w, 1)
				if err != nil {
					return err
				}
				newRows, newLog = append(newRows, w.row()), append(newLog, entry)
			}
			existing[id] = observed{value: r.Value, kind: string(r.Kind), note: r.Note, measure: string(r.Measure)}
			if found {
				report.Updated++
			} else {
				report.Inserted++
			}
		}
		report.Rejected = len(report.Errors)
		if dryRun || report.Rejected > 0 {
			return errRollback
		}
		if err := insertObservations(tx, kind, newRows); err != nil {
			return err
		}
		return tx.CreateInBatches(newLog, 1000).Error
	})
	if err != nil && !errors.Is(err, errRollback) {
		return report, err
	}
	report.Committed = err == nil
	if !report.Committed {
		report.Rejected = len(report.Errors)
	}
	return report, nil
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
func observationWrite(tx *gorm.DB, table, kind, id, subject string, r domain.ImportRow, actor string, update bool,
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
		published := publishedCode(l, municipality, r.ReferenceDate)
		if kind == "population" {
			return domain.PopulationObservation{ID: id, Subject: sub, ReferenceDate: r.ReferenceDate, PublishedCode: published,
				Value: int64(r.Value), Unit: "persons", Kind: r.Kind, Note: r.Note, Source: sources[r.Source]}, nil
		}
		return domain.AreaObservation{ID: id, Subject: sub, ReferenceDate: r.ReferenceDate, PublishedCode: published,
			ValueKM2: r.Value, Unit: "km2", Measure: r.Measure, Kind: r.Kind, Note: r.Note, Source: sources[r.Source]}, nil
	}
	return w
}

// insertObservations writes new observation rows in batches.
func insertObservations(tx *gorm.DB, kind string, rows []any) error {
	if kind == "population" {
		typed := make([]populationRow, len(rows))
		for i, r := range rows {
			typed[i] = r.(populationRow)
		}
		return tx.CreateInBatches(typed, 1000).Error
	}
	typed := make([]areaRow, len(rows))
	for i, r := range rows {
		typed[i] = r.(areaRow)
	}
	return tx.CreateInBatches(typed, 1000).Error
}
