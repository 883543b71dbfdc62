package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

// The register's writes (municipalities, successions, memberships, observations) check what the domain
// cannot: that what they name exists, that no two municipalities hold a code at once, that a region has
// one lead, and that an identity does not change. Each refusal names its field.
func TestRegisterWritesCheckTheRegister(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	klass := domain.Source{ID: "ssb-klass-131"}
	seed := domain.Source{ID: "tromsoregionen-seed"}
	nyby := func(id, code, county string) domain.Municipality {
		return domain.Municipality{ID: id, Source: klass,
			Codes: []domain.MunicipalityCode{{Code: code, Name: "Nyby", County: domain.County{Code: county}, ValidFrom: ptr("2027-01-01")}}}
	}
	cases := []struct {
		name  string
		write func() error
		field string // the field the 422 names
		says  string
	}{
		{"a municipality whose code Tromsø holds", func() error {
			_, err := s.Municipalities().Create(ctx, "t", nyby("5501", "5501", "55"), nil)
			return err
		}, "", "5501"},
		{"a municipality with another's code in the same period", func() error {
			m := nyby("5698", "5503", "55")
			m.Codes[0].ValidTo = ptr("2028-01-01")
			m.Codes = append(m.Codes, domain.MunicipalityCode{Code: "5698", Name: "Nyby", County: domain.County{Code: "55"},
				ValidFrom: ptr("2028-01-01")})
			_, err := s.Municipalities().Create(ctx, "t", m, nil)
			return err
		}, "codes[0].code", "is the municipality 5503's code in the same period"},
		{"a municipality in no county", func() error {
			_, err := s.Municipalities().Create(ctx, "t", nyby("5697", "5697", "99"), nil)
			return err
		}, "codes[0].county", "names no county"},
		{"a municipality named after its old code", func() error {
			m := nyby("5696", "5696", "55")
			m.Codes[0].ValidTo = ptr("2030-01-01")
			_, err := s.Municipalities().Create(ctx, "t", m, nil)
			return err
		}, "id", "must be 5696-2029"},
		{"a name of a source that does not exist", func() error {
			m := nyby("5695", "5695", "55")
			m.Names = []domain.Name{{Name: "Ođđa", Language: "se", Source: "rumour"}}
			_, err := s.Municipalities().Create(ctx, "t", m, nil)
			return err
		}, "names[0].source", "names no source"},
		{"a succession from a municipality that never was", func() error {
			_, err := s.Successions().Create(ctx, "t", domain.Succession{Predecessor: "5694", Successor: "5501", Date: "2027-01-01",
				Kind: domain.SuccessionMerger, Source: klass}, nil)
			return err
		}, "predecessor", "names no municipality"},
		{"a member that is no municipality", func() error {
			_, err := s.Memberships().Create(ctx, "t", domain.RegionMembership{Region: "tromsoregionen",
				Municipality: domain.Municipality{ID: "5694"}, Role: domain.RoleMember, Source: seed}, nil)
			return err
		}, "municipality", "names no municipality"},
		{"a member listed under a code it never had", func() error {
			_, err := s.Memberships().Create(ctx, "t", domain.RegionMembership{Region: "tromsoregionen",
				Municipality: domain.Municipality{ID: "5503"}, Role: domain.RoleMember, Phase: ptr(1),
				Listed: domain.ListedMunicipality{Code: "1902"}, Source: seed}, nil)
			return err
		}, "listed.code", "is no code the municipality 5503 has had"},
		{"a second lead", func() error {
			_, err := s.Memberships().Create(ctx, "t", domain.RegionMembership{Region: "tromsoregionen",
				Municipality: domain.Municipality{ID: "5503"}, Role: domain.RoleLead, Phase: ptr(1), Source: seed}, nil)
			return err
		}, "role", "the region's lead is tromsoregionen:5501:2"},
		{"a figure that changes its date", func() error {
			v, err := s.Population().Get(ctx, "population:5501:2024-01-01:ssb-07459")
			if err != nil {
				return err
			}
			o := v.Item
			o.ReferenceDate = "2024-01-02"
			_, err = s.Population().Replace(ctx, "t", o.ID, v.Version, o)
			return err
		}, "reference_date", "must stay as it is"},
		{"a figure of a region that does not exist", func() error {
			_, err := s.Population().Create(ctx, "t", domain.PopulationObservation{Subject: domain.Subject{Region: &domain.RegionRef{ID: "atlantis"}},
				ReferenceDate: "2027-01-01", Value: 5, Kind: domain.KindReported, Source: seed}, nil)
			return err
		}, "region", ""},
	}
	for _, c := range cases {
		err := c.write()
		var e *domain.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %v, want a refusal", c.name, err)
			continue
		}
		said := e.Message
		for _, f := range e.Fields {
			said += " | " + f.Field + ": " + f.Message
		}
		if c.field != "" && !strings.Contains(said, " | "+c.field+": ") {
			t.Errorf("%s: %q does not name %s", c.name, said, c.field)
		}
		if !strings.Contains(said, c.says) {
			t.Errorf("%s: %q does not say %q", c.name, said, c.says)
		}
		if e.Code != domain.EUNPROCESSABLE && e.Code != domain.ECONFLICT {
			t.Errorf("%s: %s, want a 422 or a 409", c.name, e.Code)
		}
	}
}

// A new municipality with a succession is part of the lineage at once: its code resolves, its history
// names its predecessor, and the old code still finds the one it was.
func TestANewMunicipalityJoinsTheLineage(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	klass := domain.Source{ID: "ssb-klass-131"}
	if _, err := s.Municipalities().Create(ctx, "t", domain.Municipality{ID: "5699", Source: klass,
		Codes: []domain.MunicipalityCode{{Code: "5699", Name: "Nyby", County: domain.County{Code: "55"}, ValidFrom: ptr("2027-01-01")}}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Successions().Create(ctx, "t", domain.Succession{Predecessor: "5501", Successor: "5699", Date: "2027-01-01",
		Kind: domain.SuccessionPartTransferred, Source: klass}, nil); err != nil {
		t.Fatal(err)
	}
	today, err := s.ResolveCode(ctx, "5699")
	if err != nil || len(today) != 1 || today[0].Name != "Nyby" {
		t.Fatalf("5699: %v %+v", err, today)
	}
	h, err := s.History(ctx, "5699")
	if err != nil || len(h.Predecessors) != 1 || h.Predecessors[0].Code != "5501" || h.Predecessors[0].Kind != domain.SuccessionPartTransferred {
		t.Errorf("Nyby's history: %v %+v", err, h.Predecessors)
	}
	old, err := s.ResolveCode(ctx, "1902")
	if err != nil || len(old) != 1 || old[0].Code != "5501" {
		t.Errorf("1902 after a part went to Nyby: %v %+v", err, old)
	}
	if _, err := s.ResolveCode(ctx, "9999"); code(err) != domain.ENOTFOUND {
		t.Errorf("a code nobody had: %v", err)
	}
}
