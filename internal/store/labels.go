package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
)

// What a municipal figure is follows from the code history, and is decided here, once, for every figure
// whose source puts all its figures on the borders of one date (Source.Borders: csdata gives SSB's
// population for every year on the borders of 1 January 2024). Such a figure is SSB's own for the
// municipality as it was only when nothing changed the municipality's territory between the figure's date
// and the source's borders. Otherwise it is built from the figures of the municipalities of its date whose
// land is now the municipality's: their sum when each came wholly (a merger), the source's estimate when
// one came only in part (a split, or a part transferred). The kind and a note that names the predecessors
// are stored with the figure, so every answer, export and page shows the same label, and filters find it.

// label is what a figure is, and the note that says why.
type label struct {
	kind domain.Kind
	note string
}

// onBorders labels the figure of identity id on date, from a source that gives it for the territory the
// identity had on borders.
func (l *lineage) onBorders(id, date, borders string) label {
	if date >= borders {
		// After the source's borders: its figure is the municipality's own unless its territory changed since.
		for _, sc := range l.touching(id) {
			if sc.Date > borders && sc.Date <= date {
				return label{kind: domain.KindApportioned, note: fmt.Sprintf("An estimate by the source, not a count: its "+
					"figure for this municipality's borders of %s, which changed on %s.", borders, sc.Date)}
			}
		}
		return label{kind: domain.KindOfficial}
	}
	contributors, divisions := l.builtFrom(id, date, borders)
	var divided []string // the changes that divided a contributor's territory, in words
	for _, sc := range divisions {
		divided = append(divided, l.change(sc))
	}
	slices.Sort(divided)
	divided = slices.Compact(divided)
	switch {
	case len(contributors) == 0:
		return label{kind: domain.KindApportioned, note: fmt.Sprintf("An estimate by the source, not a count: SSB's code "+
			"history records no municipality on %s whose territory became this one's.", date)}
	case len(divided) > 0:
		return label{kind: domain.KindApportioned, note: fmt.Sprintf("An estimate by the source, not a count: its share of "+
			"SSB's figures on %s for %s, for the part of their territory that is this municipality's on %s (the source's "+
			"borders); %s.", date, l.named(contributors, date), borders, strings.Join(divided, "; "))}
	case len(contributors) == 1 && contributors[0] == id:
		return label{kind: domain.KindOfficial}
	}
	return label{kind: domain.KindSumOfPredecessors, note: fmt.Sprintf("Not a figure SSB published for one municipality: "+
		"the sum of SSB's figures on %s for %s, which together had the territory this municipality has on %s (the "+
		"source's borders).", date, l.named(contributors, date), borders)}
}

// builtFrom walks back from an identity through every change after date (up to the source's borders) to
// the municipalities of that date whose territory is now, wholly or in part, the identity's (contributors),
// and the changes on the way that divided one's territory (a split, or a part transferred in or out).
func (l *lineage) builtFrom(id, date, borders string) (contributors []string, divisions []successionRow) {
	seen := map[string]bool{}
	var visit func(x string)
	visit = func(x string) {
		if seen[x] {
			return
		}
		seen[x] = true
		if _, ok := l.periodAt(x, date); ok {
			contributors = append(contributors, x)
		}
		for _, sc := range l.successions[x] {
			if sc.Kind == string(domain.SuccessionPartTransferred) && sc.Date > date && sc.Date <= borders {
				divisions = append(divisions, sc)
			}
		}
		for _, sc := range l.into[x] {
			if sc.Date <= date || sc.Date > borders {
				continue
			}
			if sc.Kind != string(domain.SuccessionMerger) {
				divisions = append(divisions, sc)
			}
			visit(sc.PredecessorID)
		}
	}
	visit(id)
	return contributors, divisions
}

// predecessors are the municipalities a figure is built from, by their code and name on its date, in code
// order: those of a sum or an apportionment that its source put on later borders; none for any other.
func (l *lineage) predecessors(municipalityID *string, date string, kind string, src domain.Source) []domain.MunicipalityRef {
	out := []domain.MunicipalityRef{}
	if municipalityID == nil || src.Borders == nil || (kind != string(domain.KindSumOfPredecessors) && kind != string(domain.KindApportioned)) {
		return out
	}
	from, _ := l.builtFrom(*municipalityID, date, *src.Borders)
	for _, id := range from {
		if p, ok := l.periodAt(id, date); ok {
			out = append(out, domain.MunicipalityRef{Code: p.Code, Name: p.Name})
		}
	}
	slices.SortFunc(out, func(a, b domain.MunicipalityRef) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// touching are the successions into an identity and the parts it gave away.
func (l *lineage) touching(id string) []successionRow {
	out := slices.Clone(l.into[id])
	for _, sc := range l.successions[id] {
		if sc.Kind == string(domain.SuccessionPartTransferred) {
			out = append(out, sc)
		}
	}
	return out
}

// change says in words what a succession did: "1507 Ålesund was split on 2024-01-01".
func (l *lineage) change(sc successionRow) string {
	before := l.named([]string{sc.PredecessorID}, dayBefore(sc.Date))
	switch sc.Kind {
	case string(domain.SuccessionSplit):
		return before + " was split on " + sc.Date
	case string(domain.SuccessionPartTransferred):
		after := l.named([]string{sc.SuccessorID}, sc.Date)
		return "part of " + before + " went to " + after + " on " + sc.Date
	}
	return before + " merged on " + sc.Date
}

// named lists identities by the code and name each had on date: "1103 Stavanger, 1141 Finnøy and 1142 Rennesøy".
func (l *lineage) named(ids []string, date string) string {
	var parts []string
	for _, id := range ids {
		if p, ok := l.periodAt(id, date); ok {
			parts = append(parts, p.Code+" "+p.Name)
		} else {
			parts = append(parts, id)
		}
	}
	slices.Sort(parts)
	return listed(parts)
}

// dayBefore is the date before a date (YYYY-MM-DD), where a change's predecessor was still in force.
func dayBefore(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}

// borderedSources are the sources that give every figure on the borders of one date, by id.
func borderedSources(tx *gorm.DB) (map[string]string, error) {
	var rows []sourceRow
	if err := tx.Where("borders IS NOT NULL").Find(&rows).Error; err != nil {
		return nil, err
	}
	return bordersOf(toRows(rows, sourceRow.domain)), nil
}

// bordersOf are the borders of those of the sources that give every figure on one date's, by id.
func bordersOf(sources []domain.Source) map[string]string {
	out := map[string]string{}
	for _, s := range sources {
		if s.Borders != nil {
			out[s.ID] = *s.Borders
		}
	}
	return out
}

// derivedLabel is the label the code history gives a municipal figure, if its source is bordered (it gives
// every figure on the borders of one date); ok is false for any other figure, whose writer states its kind.
func derivedLabel(l *lineage, bordered map[string]string, municipalityID *string, date, source string) (lb label, ok bool) {
	borders, ok := bordered[source]
	if !ok || municipalityID == nil {
		return label{}, false
	}
	return l.onBorders(*municipalityID, date, borders), true
}

// labelOf is what a figure to write is: as the writer states it, unless its source gives figures on later
// borders (bordered): then its kind and note follow from the code history, and a writer who states others is
// told which they are. (A GET's kind and note sent back unchanged are the same, so GET, edit, PUT works.)
func labelOf(l *lineage, bordered map[string]string, municipalityID *string, date, source string, kind domain.Kind, note string) (label, error) {
	lb, ok := derivedLabel(l, bordered, municipalityID, date, source)
	if !ok {
		return label{kind: kind, note: note}, nil
	}
	borders := bordered[source]
	var fields []domain.FieldError
	if kind != lb.kind {
		fields = append(fields, domain.FieldError{Field: "kind", In: "body", Message: fmt.Sprintf("must be %s: the source %s gives "+
			"every figure on the borders of %s, and this one is not SSB's own for the municipality of %s", lb.kind, source, borders, date)})
		if lb.kind == domain.KindOfficial {
			fields[0].Message = fmt.Sprintf("must be official: the source %s gives every figure on the borders of %s, and this "+
				"municipality's were the same on %s", source, borders, date)
		}
	}
	switch {
	case lb.kind == domain.KindOfficial:
		lb.note = note // SSB's own figure: the note is the writer's
	case note != "" && note != lb.note:
		fields = append(fields, domain.FieldError{Field: "note", In: "body", Message: "must be left out (or as a GET gives it): " +
			"for this figure it names the predecessors the source built it from"})
	}
	if len(fields) > 0 {
		return lb, &domain.Error{Code: domain.EUNPROCESSABLE, Message: "What this figure is follows from the code history; errors says how.",
			Fields: fields}
	}
	return lb, nil
}

// relabel gives every municipal figure of a bordered source (of only, where given) the kind and note its
// code history says, in the transaction tx: after a migration that brings an older database to this
// labelling, and after a write to the code history (which can change what a figure is) or to a source.
// It changes only the rows whose label differs, and says how many.
func relabel(ctx context.Context, tx *gorm.DB, only ...string) (int, error) {
	bordered, err := borderedSources(tx)
	if err != nil {
		return 0, err
	}
	if len(only) > 0 {
		maps.DeleteFunc(bordered, func(id, _ string) bool { return !slices.Contains(only, id) })
	}
	if len(bordered) == 0 {
		return 0, nil
	}
	l, err := buildLineage(ctx, &Store{db: tx})
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, table := range []string{"population_observations", "area_observations"} {
		var rows []struct {
			ID, MunicipalityID, ReferenceDate, Kind, SourceID, Note string
		}
		if err := tx.WithContext(ctx).Table(table).Select("id, municipality_id, reference_date, kind, source_id, note").
			Where("municipality_id IS NOT NULL AND source_id IN ?", keys(bordered)).Find(&rows).Error; err != nil {
			return changed, err
		}
		for _, r := range rows {
			lb := l.onBorders(r.MunicipalityID, r.ReferenceDate, bordered[r.SourceID])
			if lb.kind == domain.KindOfficial && r.Kind == string(lb.kind) {
				continue // SSB's own figure, with its writer's note
			}
			if string(lb.kind) == r.Kind && lb.note == r.Note {
				continue
			}
			if err := tx.WithContext(ctx).Table(table).Where("id = ?", r.ID).
				Updates(map[string]any{"kind": string(lb.kind), "note": lb.note}).Error; err != nil {
				return changed, err
			}
			changed++
		}
	}
	return changed, nil
}

// relabelAfter relabels after a write to what labels follow from: the code history (every bordered figure),
// or a source (its own figures, whose borders may be new). The write path and the replay of the changes
// feed both call it, so a replica's labels are the writer's.
func relabelAfter(tx *gorm.DB, resource, id string) error {
	var err error
	switch resource {
	case "municipalities", "successions":
		_, err = relabel(tx.Statement.Context, tx)
	case "sources":
		_, err = relabel(tx.Statement.Context, tx, id)
	}
	return err
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
