package store

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// A membership is a municipality in a region's member list, as a source lists it. Its region, municipality
// and phase are its identity (and its id); its role, dates, listing and source can change.

// membershipID is "<region>:<municipality id>", with ":<phase>" when the source gives the phase's list.
func membershipID(region, municipality string, phase *int) string {
	id := region + ":" + municipality
	if phase != nil {
		id += ":" + strconv.Itoa(*phase)
	}
	return id
}

func idOfMembership(m domain.RegionMembership) string {
	return membershipID(m.Region, m.Municipality.ID, m.Phase)
}

var membershipType = recordType[domain.RegionMembership]{
	resource: "memberships", word: "membership", table: "region_memberships", prepare: prepareMembership,
	meta: func(m *domain.RegionMembership) (*string, *int, string, error) {
		return &m.Region, nil, m.Source.ID, m.Validate()
	},
	newID: func(_ *gorm.DB, m domain.RegionMembership) (string, error) { return idOfMembership(m), nil },
	columns: func(m domain.RegionMembership) map[string]any {
		return map[string]any{"region_id": m.Region, "municipality_id": m.Municipality.ID, "listed_code": m.Listed.Code,
			"listed_name": m.Listed.Name, "role": string(m.Role), "phase": m.Phase, "valid_from": m.ValidFrom,
			"valid_to": m.ValidTo, "source_id": m.Source.ID}
	},
	// The municipality exists, the listed code is one it has had, and a region has one lead.
	references: func(tx *gorm.DB, m domain.RegionMembership) ([]domain.FieldError, error) {
		var errs []domain.FieldError
		if ok, err := rowExists(tx, "municipalities", m.Municipality.ID); err != nil || !ok {
			return []domain.FieldError{{Field: "municipality", In: "body", Message: "names no municipality"}}, err
		}
		n, err := count(tx.Table("municipality_codes").Where("municipality_id = ? AND code = ?", m.Municipality.ID, m.Listed.Code))
		if err != nil {
			return nil, err
		}
		if n == 0 {
			errs = append(errs, domain.FieldError{Field: "listed.code", In: "body",
				Message: "is no code the municipality " + m.Municipality.ID + " has had: see its history"})
		}
		if m.Role == domain.RoleLead {
			var leads []string
			if err := tx.Table("region_memberships").Where("region_id = ? AND role = ? AND id <> ?", m.Region, string(domain.RoleLead), idOfMembership(m)).
				Pluck("id", &leads).Error; err != nil {
				return nil, err
			}
			if len(leads) > 0 {
				errs = append(errs, domain.FieldError{Field: "role", In: "body", Message: "must not be lead: the region's lead is " + leads[0]})
			}
		}
		return errs, nil
	},
	afterWrite: func(tx *gorm.DB, _ string, m domain.RegionMembership) error { return syncLead(tx, m.Region) },
	afterDelete: func(tx *gorm.DB, id string) error {
		region, _, _ := strings.Cut(id, ":")
		return syncLead(tx, region)
	},
	read: func(s *Store, ctx context.Context, _ query.Query, id string) (domain.List[domain.RegionMembership], error) {
		return s.memberships(ctx, query.Query{}, id)
	},
}

// syncLead keeps a region's lead_municipality_id the municipality of its lead membership, or null.
func syncLead(tx *gorm.DB, region string) error {
	return tx.Exec(`UPDATE regions SET lead_municipality_id = (SELECT municipality_id FROM region_memberships
		WHERE region_id = ? AND role = 'lead' LIMIT 1) WHERE id = ?`, region, region).Error
}

// completeListing fills in how a member is listed when the body leaves it out: the code and name it had
// on valid_from (or, without that, the ones it has or last had), or the name that goes with a listed code.
func (s *Store) completeListing(ctx context.Context, m *domain.RegionMembership) error {
	if m.Listed.Code != "" && m.Listed.Name != "" {
		return nil
	}
	q := s.db.WithContext(ctx).Table("municipality_codes").Select("code, name").Where("municipality_id = ?", m.Municipality.ID)
	switch {
	case m.Listed.Code != "":
		q = q.Where("code = ?", m.Listed.Code)
	case m.ValidFrom != nil:
		q = q.Where("(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)", *m.ValidFrom, *m.ValidFrom)
	}
	var row struct{ Code, Name string }
	if err := q.Order("COALESCE(valid_to, '9999') DESC").Limit(1).Scan(&row).Error; err != nil {
		return err
	}
	if m.Listed.Code == "" {
		m.Listed.Code = row.Code
	}
	if m.Listed.Name == "" {
		m.Listed.Name = row.Name
	}
	return nil
}

// prepareMembership fills in how a member is listed, and keeps a membership's region, municipality and
// phase on a replace: they are what it is.
func prepareMembership(ctx context.Context, s *Store, id string, m *domain.RegionMembership, t recordType[domain.RegionMembership]) (recordType[domain.RegionMembership], error) {
	if id != "" {
		if err := m.Validate(); err != nil {
			return t, err
		}
		if idOfMembership(*m) != id {
			return t, &domain.Error{Code: domain.EUNPROCESSABLE,
				Message: "A membership's region, municipality and phase are what it is; a new one is a new membership.",
				Fields:  []domain.FieldError{{Field: "region", In: "body", Message: "region, municipality and phase must stay those of " + id}}}
		}
	}
	return t, s.completeListing(ctx, m)
}
