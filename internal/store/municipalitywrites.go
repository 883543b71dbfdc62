package store

import (
	"context"
	"fmt"
	"strconv"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// The municipality register is written as whole identities: the dated code periods (code, name, county)
// and the names in each language, from one source. The id is the identity and never changes, whatever
// its codes become. Successions (mergers, splits) are records of their own (successions.go).

var municipalityType = recordType[domain.Municipality]{
	resource: "municipalities", word: "municipality", prepare: prepareMunicipality,
	meta: func(m *domain.Municipality) (*string, *int, string, error) {
		return nil, nil, m.Source.ID, m.Validate()
	},
	newID: func(_ *gorm.DB, m domain.Municipality) (string, error) { return m.ID, nil },
	columns: func(m domain.Municipality) map[string]any {
		return map[string]any{"search_key": municipalitySearchKey(m)}
	},
	// Counties and name sources exist, and no other municipality has one of the codes in the same period.
	references: func(tx *gorm.DB, m domain.Municipality) ([]domain.FieldError, error) {
		var errs []domain.FieldError
		for i, c := range m.Codes {
			field := "codes[" + strconv.Itoa(i) + "]"
			counties, err := count(tx.Table("counties").Where("code = ?", c.County.Code))
			if err != nil {
				return nil, err
			}
			if counties == 0 {
				errs = append(errs, domain.FieldError{Field: field + ".county", In: "body", Message: "names no county"})
			}
			var others []string
			if err := tx.Table("municipality_codes").Where("code = ? AND municipality_id <> ?", c.Code, m.ID).
				Where("(valid_to IS NULL OR CAST(? AS TEXT) IS NULL OR valid_to > ?) AND (valid_from IS NULL OR CAST(? AS TEXT) IS NULL OR valid_from < ?)",
					c.ValidFrom, deref(c.ValidFrom), c.ValidTo, deref(c.ValidTo)).
				Pluck("municipality_id", &others).Error; err != nil {
				return nil, err
			}
			if len(others) > 0 {
				errs = append(errs, domain.FieldError{Field: field + ".code", In: "body",
					Message: fmt.Sprintf("is the municipality %s's code in the same period", others[0])})
			}
		}
		for i, n := range m.Names {
			if n.Source == "" {
				continue
			}
			ok, err := rowExists(tx, "sources", n.Source)
			if err != nil {
				return nil, err
			}
			if !ok {
				errs = append(errs, domain.FieldError{Field: "names[" + strconv.Itoa(i) + "].source", In: "body", Message: "names no source"})
			}
		}
		return errs, nil
	},
	// The code periods and names are the municipality's own rows: replaced whole.
	afterWrite: func(tx *gorm.DB, id string, m domain.Municipality) error {
		if err := tx.Where("municipality_id = ?", id).Delete(&municipalityCodeRow{}).Error; err != nil {
			return err
		}
		if err := tx.Where("municipality_id = ?", id).Delete(&municipalityNameRow{}).Error; err != nil {
			return err
		}
		for _, c := range m.Codes {
			row := municipalityCodeRow{MunicipalityID: id, Code: c.Code, Name: c.Name, CountyCode: c.County.Code,
				ValidFrom: c.ValidFrom, ValidTo: c.ValidTo, SourceID: m.Source.ID}
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
		}
		for _, n := range m.Names {
			if err := tx.Create(nameRow(id, m, n)).Error; err != nil {
				return err
			}
		}
		return nil
	},
	// What refers to a municipality blocks its deletion; its codes and names go with it.
	dependents: func(tx *gorm.DB, id string) ([]string, error) {
		return holdersOf(tx, id, []holder{
			{"region_memberships", "municipality_id = ?", "memberships"},
			{"population_observations", "municipality_id = ?", "population observations"},
			{"area_observations", "municipality_id = ?", "area observations"},
			{"municipality_successions", "predecessor_id = ? OR successor_id = ?", "successions"},
		})
	},
	read: func(s *Store, ctx context.Context, _ query.Query, id string) (domain.List[domain.Municipality], error) {
		items, err := s.identities(ctx, []string{id})
		return domain.List[domain.Municipality]{Items: items}, err
	},
}

// municipalitySearchKey is what q= finds a municipality by: every name it has had, in every language, and
// every SSB name of its code periods.
func municipalitySearchKey(m domain.Municipality) string {
	every := []string{}
	for _, c := range m.Codes {
		every = append(every, c.Name)
	}
	for _, n := range m.Names {
		every = append(every, n.Name)
	}
	return searchKey(every...)
}

// nameRow is the row of a municipality's name; a name that names no source has the municipality's.
func nameRow(id string, m domain.Municipality, n domain.Name) *municipalityNameRow {
	source := n.Source
	if source == "" {
		source = m.Source.ID
	}
	return &municipalityNameRow{MunicipalityID: id, Language: n.Language, Name: n.Name, SourceID: source,
		ValidFrom: n.ValidFrom, ValidTo: n.ValidTo}
}

// prepareMunicipality checks a municipality's id: a new one's is its code in force, or for one that has
// ended, its last code and the last year it had it; a replace keeps it.
func prepareMunicipality(ctx context.Context, s *Store, id string, m *domain.Municipality, t recordType[domain.Municipality]) (recordType[domain.Municipality], error) {
	if id != "" {
		return keepsID("municipality", func(x *domain.Municipality) *string { return &x.ID })(ctx, s, id, m, t)
	}
	if len(m.Codes) > 0 {
		last := m.Codes[len(m.Codes)-1]
		want := last.Code
		if last.ValidTo != nil && len(*last.ValidTo) == 10 {
			year, _ := strconv.Atoi((*last.ValidTo)[:4])
			want = fmt.Sprintf("%s-%d", last.Code, year-1)
		}
		if m.ID != want {
			return t, &domain.Error{Code: domain.EUNPROCESSABLE,
				Message: "A new municipality's id is its code in force, or its last code and last year.",
				Fields:  []domain.FieldError{{Field: "id", In: "body", Message: "must be " + want + ", from its last code period"}}}
		}
	}
	return t, nil
}
