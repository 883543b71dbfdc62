package explorer

import (
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// What the API says about a figure besides its value, in Norwegian: why a sum or a check is not complete
// (its caveats), what kind of figure a municipality's is, how sure the sources are of a programme phase.
// Every sentence is made here from the answer's codes, dates and municipalities, never from its English
// messages and notes, so the pages say all the API says about a figure and say it in Norwegian.

// caveatWords are the caveats' short names, for a table cell or a mark beside a figure.
var caveatWords = map[domain.CaveatCode]string{
	domain.CaveatMissingFigures:   "mangler tall",
	domain.CaveatTerritoryDiffers: "ikke samme område",
	domain.CaveatApportioned:      "anslag",
}

// caveatText says a caveat in a Norwegian sentence. of is the date of the figure it is read beside: where
// the caveat is about that date, the date is left out (it is said once, for all the years it holds for).
func caveatText(c domain.Caveat, of string) string {
	on := ""
	if c.Date != of {
		on = " per " + date(c.Date)
	}
	ms := c.Municipalities
	one := len(ms) == 1
	switch c.Code {
	case domain.CaveatMissingFigures:
		return "Summen mangler tall for " + named(ms) + on + ": kilden har ikke noe tall for " + choose(one, "kommunen", "kommunene") +
			" på den datoen."
	case domain.CaveatTerritoryDiffers:
		if len(ms) == 2 {
			// The date is always said: it is the date of the member list, not of the figure.
			return nameOf(ms[0]) + " var ikke medlem per " + date(c.Date) + ", men er i dag en del av " + nameOf(ms[1]) +
				", som summen regner med: summen gjelder et større område enn medlemmene."
		}
		return "Summen gjelder ikke akkurat medlemmenes område per " + date(c.Date) + ": " + named(ms) + "."
	case domain.CaveatApportioned:
		return choose(one, "Tallet", "Tallene") + " for " + named(ms) + on + " er " + choose(one, "et anslag, ikke en telling",
			"anslag, ikke tellinger") + ": kilden har fordelt tallene for kommunene " + choose(one, "den", "de") + " er laget av, " +
			"fordi en av dem senere ble delt eller ga fra seg en del av området."
	}
	return "Summen er ikke fullstendig." // a code this page has no words for yet (a test asks for them)
}

// choose is one or other, as a word agrees with one or more.
func choose(one bool, singular, plural string) string {
	if one {
		return singular
	}
	return plural
}

// nameOf writes a municipality as the pages do: Tromsø (1902).
func nameOf(m domain.MunicipalityRef) string { return m.Name + " (" + m.Code + ")" }

// named lists municipalities: Narvik (1806) og Hábmer - Hamarøy (1875).
func named(ms []domain.MunicipalityRef) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, nameOf(m))
	}
	return list(parts)
}

// list joins words as Norwegian does: a, b og c.
func list(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " og " + parts[len(parts)-1]
}

// note is a caveat said once on a page, with the years of the figures it holds for; a figure's remark links
// to it.
type note struct {
	ID, Text string
	Code     domain.CaveatCode
	years    []int
}

// Years says which years a note holds for: 2005–2019, 2021.
func (n note) Years() string { return years(n.years) }

// notes collects the caveats of a series of figures, each sentence once.
type notes struct {
	prefix string // of the notes' ids, unique on the page
	list   []note
}

// add notes the caveats of the figure of year (dated of), and gives the remarks that link to them: one for
// each kind of caveat, linking to each of its notes by number.
func (n *notes) add(caveats []domain.Caveat, of string, year int) []remark {
	var out []remark
	for _, c := range caveats {
		text := caveatText(c, of)
		i := 0
		for i < len(n.list) && n.list[i].Text != text {
			i++
		}
		if i == len(n.list) {
			n.list = append(n.list, note{ID: n.prefix + strconv.Itoa(i+1), Text: text, Code: c.Code})
		}
		if ys := n.list[i].years; len(ys) == 0 || ys[len(ys)-1] != year {
			n.list[i].years = append(ys, year)
		}
		r := ref{N: strconv.Itoa(i + 1), Href: "#" + n.list[i].ID}
		j := 0
		for j < len(out) && out[j].Text != caveatWords[c.Code] {
			j++
		}
		if j == len(out) {
			out = append(out, remark{Text: caveatWords[c.Code]})
		}
		out[j].Refs = append(out[j].Refs, r)
	}
	return out
}

// remark is a short word beside a figure, with links to the notes on the page that say it in full.
type remark struct {
	Text string
	Refs []ref
}

// ref is a link to a note, by its number.
type ref struct{ N, Href string }

// years writes a sorted list of years with runs as ranges: 2005–2019, 2021.
func years(ys []int) string {
	var parts []string
	for i := 0; i < len(ys); {
		j := i
		for j+1 < len(ys) && ys[j+1] == ys[j]+1 {
			j++
		}
		part := strconv.Itoa(ys[i])
		if j > i {
			part += "–" + strconv.Itoa(ys[j])
		}
		parts = append(parts, part)
		i = j + 1
	}
	return list(parts)
}

// sumMark is what a mark beside a summed figure says: empty where the sum is complete. A sum the total
// marks incomplete (a figure missing, other territory, an estimate) is what the quality check calls not
// comparable with the region's own figure: both reckon from the same caveats.
func sumMark(t *domain.Total) string {
	if t == nil || t.Complete {
		return ""
	}
	return "ikke sammenlignbar"
}

// apportioned names the municipalities whose figures in a sum are estimates, if any.
func apportioned(t *domain.Total) string {
	if t == nil {
		return ""
	}
	var ms []domain.MunicipalityRef
	for _, c := range t.Caveats {
		if c.Code == domain.CaveatApportioned {
			ms = append(ms, c.Municipalities...)
		}
	}
	return named(ms)
}

// phaseWords are how sure the sources are of a phase, in Norwegian.
var phaseWords = map[domain.PhaseStatus]string{
	domain.PhaseConfirmed:  "bekreftet",
	domain.PhaseUnverified: "ikke bekreftet",
	domain.PhaseIndicated:  "antydet, ikke bekreftet",
}

// phases says a region's phases with how sure the sources are of each: fase 1 (ikke bekreftet) og fase 2
// (bekreftet).
func phases(ps []domain.RegionPhase) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, "fase "+strconv.Itoa(p.Phase)+" ("+phaseWords[p.Status]+")")
	}
	return list(parts)
}

// phaseMeanings say what a phase's status means, for a phase that is not confirmed.
var phaseMeanings = map[domain.PhaseStatus]string{
	domain.PhaseUnverified: "«Ikke bekreftet»: ingen side vi har sett sier om regionen var med i fasen eller ikke.",
	domain.PhaseIndicated:  "«Antydet, ikke bekreftet»: sidene tyder på at regionen var med i fasen, men ingen bekrefter det.",
}

// phaseNote says what the statuses of a region's phases mean, for those not confirmed; empty where all are.
func phaseNote(ps []domain.RegionPhase) string {
	var out []string
	for _, status := range []domain.PhaseStatus{domain.PhaseUnverified, domain.PhaseIndicated} {
		for _, p := range ps {
			if p.Status == status {
				out = append(out, phaseMeanings[status])
				break
			}
		}
	}
	return strings.Join(out, " ")
}

// kindWords name a municipal figure's kind in Norwegian, as a table cell says it.
var kindWords = map[domain.Kind]string{
	domain.KindOfficial:          "offisielt folketall (SSB)",
	domain.KindSumOfPredecessors: "sum av forgjengernes tall (SSB)",
	domain.KindApportioned:       "anslag (fordelt av kilden)",
}

// kindText says what a municipal figure is, in a sentence: whose figure it is, under which code SSB
// published it, or which municipalities' figures it is built from.
func kindText(o domain.PopulationObservation) string {
	from := named(o.Predecessors)
	switch o.Kind {
	case domain.KindOfficial:
		if o.PublishedCode != nil {
			return "Offisielt folketall (SSB), publisert under kommunenummer " + *o.PublishedCode + "."
		}
		return "Offisielt folketall (SSB)."
	case domain.KindSumOfPredecessors:
		if from == "" {
			return "Sum av forgjengernes tall (SSB): summen av SSBs tall for kommunene som senere ble slått sammen til denne, " +
				"ikke et tall SSB publiserte for én kommune."
		}
		return "Sum av forgjengernes tall (SSB): summen av SSBs tall for " + from + ", som til sammen hadde området kommunen " +
			"har i dag. Ikke et tall SSB publiserte for én kommune."
	case domain.KindApportioned:
		if from == "" {
			return "Anslag (fordelt av kilden), ikke en telling: kommunens område er endret siden, og kilden har anslått " +
				"tallet for området slik det er i dag."
		}
		return "Anslag (fordelt av kilden), ikke en telling: kilden har fordelt SSBs tall for " + from + " og gitt kommunen " +
			"den delen som hører til området den har i dag."
	}
	return ""
}
