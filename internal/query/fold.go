package query

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold makes the search key of a text: lower case, diacritics removed, and Norwegian and Sámi letters
// written with their base letters, so that a search is case-, accent- and diacritic-insensitive:
//
//	æ → ae, ø → o, å → a, and "aa" (or any run of a's) → "a" (the old spelling of å: "Aalesund" finds Ålesund);
//	á, č, š, ž (and every letter with a combining mark) → a, c, s, z; đ → d, ŋ → n, ŧ → t.
//
// Anything that is not a letter or a digit becomes a single space. The same function folds the stored
// names when they are written and the q= of a query, so both sides always agree.
func Fold(s string) string {
	s = strings.ToLower(s)
	s, _, _ = transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	s = special.Replace(s) // after the marks are gone, so ǽ is æ here

	var b strings.Builder
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return repeatedA.ReplaceAllString(strings.TrimSpace(b.String()), "a")
}

// repeatedA is "aa", the old spelling of å, and any longer run, so that folding twice changes nothing.
var repeatedA = regexp.MustCompile(`a{2,}`)

// special are letters that carry no combining mark to remove.
var special = strings.NewReplacer("æ", "ae", "ø", "o", "đ", "d", "ŋ", "n", "ŧ", "t", "ł", "l", "ß", "ss")
