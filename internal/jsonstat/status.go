package jsonstat

import (
	"github.com/byregion/byregion/internal/domain"
)

// A value's status says how it differs from SSB's own figure for the municipality as it was: one code per
// kind of figure, and one for a sum or indicator that does not cover its subject. The kind alone decides a
// figure's status, never its note: the note says why, the kind says what the figure is.
const (
	statusSumOfPredecessors = "s"
	statusEstimate          = "e" // an apportioned figure: the source's estimate of a share
	statusReported          = "r"
	statusCompiled          = "c"
	statusPartial           = "u" // a sum or indicator that is not complete or not comparable for the subject's territory
)

// statusOfKind is each kind of figure's status; SSB's own figure has none.
var statusOfKind = map[domain.Kind]string{
	domain.KindSumOfPredecessors: statusSumOfPredecessors,
	domain.KindApportioned:       statusEstimate,
	domain.KindReported:          statusReported,
	domain.KindCompiled:          statusCompiled,
}

// statusMeanings say in Norwegian what each code means, in the order the notes explain them.
var statusMeanings = []struct{ code, meaning string }{
	{statusSumOfPredecessors, "summen av SSBs tall for kommunene som senere ble slått sammen til denne kommunen; riktig for dagens område, men ikke et tall SSB har publisert for én kommune"},
	{statusEstimate, "kildens anslag for kommunens andel av tallene for en kommune som ble delt eller avga område; et anslag, ikke en telling"},
	{statusReported, "tall oppgitt av regionen selv"},
	{statusCompiled, "sammenstilt tall; kilden oppgir ikke opphav eller måletidspunkt"},
	{statusPartial, "summen eller indikatoren er ikke fullstendig eller ikke sammenlignbar for områdets grenser (se merknaden i JSON-svaret)"},
}

// explainStatus explains the codes the values use, and only those: one sentence each for the notes, and
// the same words by code for a program.
func explainStatus(status map[string]string) (notes []string, meanings map[string]string) {
	used := map[string]bool{}
	for _, code := range status {
		used[code] = true
	}
	for _, s := range statusMeanings {
		if used[s.code] {
			if meanings == nil {
				meanings = map[string]string{}
			}
			notes = append(notes, "Status "+s.code+": "+s.meaning+".")
			meanings[s.code] = s.meaning
		}
	}
	return notes, meanings
}

// statisticalKinds are the kinds of figure that come from SSB's statistics: SSB's own, a sum of them, or the
// source's apportionment of them. They are one content, as SSB's table has one; their status tells them apart.
var statisticalKinds = domain.StatisticalKinds
