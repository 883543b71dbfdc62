package explorer

import (
	"context"
	"net/url"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// The counties a region lies in: those its members lay in when the programme listed them, and those the
// municipalities they became lie in today. A region may lie in more than one, and the county reforms of
// 2020 and 2024 changed them for many.

// counties gives the county of each municipality in force, by code.
func (x *Explorer) counties(ctx context.Context) (map[string]domain.County, error) {
	all, err := x.store.ListMunicipalities(ctx, parse(query.Municipalities, url.Values{"limit": {"1000"}}))
	if err != nil {
		return nil, err
	}
	out := map[string]domain.County{}
	for _, m := range all.Items {
		out[m.Code] = m.County
	}
	return out, nil
}

// memberships are the members of a region (or of every region, for ""), in full, by region: the lead
// first, then by the code as listed.
func (x *Explorer) memberships(ctx context.Context, slug string) (map[string][]domain.RegionMembership, error) {
	values := url.Values{"limit": {"1000"}}
	if slug != "" {
		values.Set("region", slug)
	}
	out := map[string][]domain.RegionMembership{}
	q := parse(query.Members, values)
	for {
		l, err := x.store.ListRegionMemberships(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, m := range l.Items {
			out[m.Region] = append(out[m.Region], m)
		}
		if l.NextCursor == "" {
			return out, nil
		}
		q.Page.Cursor = l.NextCursor
	}
}

// countyList is the counties a region's members lay in as the programme listed them, and lie in today,
// each list by name in the members' order (the lead's county first).
type countyList struct{ Listed, Today []string }

// regionCounties finds the counties of a region's members: as listed, the county of the member's record for
// the period of the code it was listed under (a county's code is the first two digits of its
// municipalities'); today, the county of each municipality in force it became.
func regionCounties(members []domain.RegionMembership, inForce map[string]domain.County) countyList {
	var out countyList
	add := func(names []string, name string) []string {
		for _, n := range names {
			if n == name {
				return names
			}
		}
		return append(names, name)
	}
	for _, m := range members {
		for _, p := range m.Municipality.Codes {
			if p.Code == m.Listed.Code {
				out.Listed = add(out.Listed, p.County.Name)
				break
			}
		}
		for _, t := range m.Listed.Today {
			if c, ok := inForce[t.Code]; ok {
				out.Today = add(out.Today, c.Name)
			}
		}
	}
	return out
}

// String says the counties: "Troms", or where today's differ from those listed, "Hedmark og Sør-Trøndelag;
// i dag Innlandet og Trøndelag".
func (c countyList) String() string {
	same := len(c.Listed) == len(c.Today)
	for _, name := range c.Listed {
		found := false
		for _, t := range c.Today {
			found = found || t == name
		}
		same = same && found
	}
	switch {
	case len(c.Listed) == 0 && len(c.Today) == 0:
		return ""
	case same:
		return list(c.Listed)
	case len(c.Listed) == 0:
		return "i dag " + list(c.Today)
	case len(c.Today) == 0:
		return list(c.Listed)
	}
	return list(c.Listed) + "; i dag " + list(c.Today)
}

// Count is how many counties the members lay in or lie in, for a heading's number.
func (c countyList) Count() int {
	n := len(c.Listed)
	for _, t := range c.Today {
		found := false
		for _, l := range c.Listed {
			found = found || l == t
		}
		if !found {
			n++
		}
	}
	return n
}
