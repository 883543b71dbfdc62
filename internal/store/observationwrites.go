package store

import (
	"cmp"
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// Single observations are written like any record. Their id is their natural key (what, subject, date,
// source), so those cannot change: a new fact is a new observation. A municipality code is read as the one
// in force on the figure's date, as an import reads it.

// resolveSubject finds the row columns of what an observation is about: the identity that had the code
// on the date (or, with current, has it today, as a read shows it), or the region. EUNPROCESSABLE names the
// field when there is none.
func (s *Store) resolveSubject(ctx context.Context, subject domain.Subject, date string, current bool) (map[string]any, string, error) {
	bad := func(field, message string) error {
		return &domain.Error{Code: domain.EUNPROCESSABLE, Message: "The body refers to records that do not exist; errors lists them.",
			Fields: []domain.FieldError{{Field: field, In: "body", Message: message}}}
	}
	tx := s.db.WithContext(ctx)
	if subject.Region != nil {
		ok, err := rowExists(tx, "regions", subject.Region.ID)
		if err != nil {
			return nil, "", err
		}
		if !ok {
			return nil, "", bad("region", "names no region")
		}
		return map[string]any{"region_id": subject.Region.ID, "municipality_id": nil}, subject.Region.ID, nil
	}
	var ids []string
	if err := tx.Table("municipality_codes").Where("code = ? AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)",
		subject.Municipality.Code, date, date).Pluck("municipality_id", &ids).Error; err != nil {
		return nil, "", err
	}
	if len(ids) == 0 && current {
		if err := tx.Table("municipality_codes").Where("code = ? AND valid_to IS NULL", subject.Municipality.Code).
			Pluck("municipality_id", &ids).Error; err != nil {
			return nil, "", err
		}
	}
	if len(ids) == 0 {
		return nil, "", bad("municipality", fmt.Sprintf("no municipality had the code %s on %s", subject.Municipality.Code, date))
	}
	return map[string]any{"municipality_id": ids[0], "region_id": nil}, ids[0], nil
}

// observationType is how one kind of observation is written, for one resolved subject: an item's prepare
// plans its subject and id and gives the type made for them (typeFor); without them (subjectCols nil) the
// type reads and deletes.
func observationType[T any](resource string, subjectCols map[string]any, id string,
	validate func(*T) (source string, err error), columns func(T) map[string]any,
	read func(s *Store, ctx context.Context, id string) (domain.List[T], error),
	identity func(T) (domain.Subject, string, string), labelled func(*T) (*domain.Kind, *string),
	typeFor func(map[string]any, string) recordType[T]) recordType[T] {
	return recordType[T]{
		prepare: func(ctx context.Context, s *Store, keep string, item *T, _ recordType[T]) (recordType[T], error) {
			subject, date, source := identity(*item)
			cols, id, err := s.planObservation(ctx, resource, subject, date, source, keep)
			if err != nil || cols == nil {
				return typeFor(cols, id), err
			}
			kind, note := labelled(item)
			municipality, _ := cols["municipality_id"].(string)
			return typeFor(cols, id), s.labelWrite(ctx, municipality, date, source, kind, note)
		},
		resource: resource, word: resource + " observation", table: resource + "_observations",
		meta: func(x *T) (*string, *int, string, error) {
			source, err := validate(x)
			return nil, nil, source, err
		},
		newID: func(*gorm.DB, T) (string, error) { return id, nil },
		columns: func(x T) map[string]any {
			cols := columns(x)
			for k, v := range subjectCols {
				cols[k] = v
			}
			return cols
		},
		read: func(s *Store, ctx context.Context, _ query.Query, id string) (domain.List[T], error) {
			return read(s, ctx, id)
		},
	}
}

func populationType(subjectCols map[string]any, id string) recordType[domain.PopulationObservation] {
	return observationType("population", subjectCols, id,
		func(o *domain.PopulationObservation) (string, error) { return o.Source.ID, o.Validate() },
		func(o domain.PopulationObservation) map[string]any {
			return map[string]any{"reference_date": o.ReferenceDate, "value": o.Value, "kind": string(o.Kind),
				"source_id": o.Source.ID, "note": o.Note}
		},
		func(s *Store, ctx context.Context, id string) (domain.List[domain.PopulationObservation], error) {
			return s.listPopulation(ctx, query.Query{Sort: query.Population.DefaultSort}, id)
		},
		func(o domain.PopulationObservation) (domain.Subject, string, string) {
			return o.Subject, o.ReferenceDate, o.Source.ID
		},
		func(o *domain.PopulationObservation) (*domain.Kind, *string) { return &o.Kind, &o.Note },
		populationType)
}

func areaType(subjectCols map[string]any, id string) recordType[domain.AreaObservation] {
	return observationType("area", subjectCols, id,
		func(o *domain.AreaObservation) (string, error) { return o.Source.ID, o.Validate() },
		func(o domain.AreaObservation) map[string]any {
			return map[string]any{"reference_date": o.ReferenceDate, "value_km2": o.ValueKM2, "measure": string(o.Measure),
				"kind": string(o.Kind), "source_id": o.Source.ID, "note": o.Note}
		},
		func(s *Store, ctx context.Context, id string) (domain.List[domain.AreaObservation], error) {
			return s.listArea(ctx, query.Query{Sort: query.Area.DefaultSort}, id)
		},
		func(o domain.AreaObservation) (domain.Subject, string, string) {
			return o.Subject, o.ReferenceDate, o.Source.ID
		},
		func(o *domain.AreaObservation) (*domain.Kind, *string) { return &o.Kind, &o.Note },
		areaType)
}

// planObservation resolves an observation's subject and id, checking that a replace keeps its id.
func (s *Store) planObservation(ctx context.Context, resource string, subject domain.Subject, date, source, keep string) (map[string]any, string, error) {
	if subject.Municipality == nil && subject.Region == nil {
		return nil, "", nil // Validate names what is missing
	}
	cols, subjectID, err := s.resolveSubject(ctx, subject, date, keep != "")
	if err != nil {
		return nil, "", err
	}
	id := observationID(resource, subjectID, date, source)
	if keep != "" && id != keep {
		return nil, "", &domain.Error{Code: domain.EUNPROCESSABLE,
			Message: "An observation's subject, reference date and source are its identity; to change them, delete it and create another.",
			Fields:  []domain.FieldError{{Field: "reference_date", In: "body", Message: "must stay as it is, with the subject and the source"}}}
	}
	return cols, id, nil
}

// labelWrite gives a figure to write its kind (and note) where the writer leaves them to the store: official,
// or for a source on later borders what the code history says the figure is; a kind the writer states for
// such a figure must be that one (labelOf).
func (s *Store) labelWrite(ctx context.Context, municipality, date, source string, kind *domain.Kind, note *string) error {
	bordered, err := borderedSources(s.db.WithContext(ctx))
	if err != nil {
		return err
	}
	l, err := s.lineage(ctx)
	if err != nil {
		return err
	}
	var id *string
	if municipality != "" {
		id = &municipality
	}
	if lb, ok := derivedLabel(l, bordered, id, date, source); ok && *kind == "" {
		*kind = lb.kind
	}
	*kind = cmp.Or(*kind, domain.KindOfficial)
	lb, err := labelOf(l, bordered, id, date, source, *kind, *note)
	if err != nil {
		return err
	}
	*kind, *note = lb.kind, lb.note
	return nil
}
