package domain

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	slugPattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	languagePattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// validation collects every problem of a body, so one answer lists them all.
type validation []FieldError

func (v *validation) add(field, message string) {
	*v = append(*v, FieldError{Field: field, In: "body", Message: message})
}

func (v *validation) text(field, s string, max int) {
	switch {
	case strings.TrimSpace(s) == "":
		v.add(field, "must not be empty")
	case !utf8.ValidString(s):
		v.add(field, "must be UTF-8 text")
	case utf8.RuneCountInString(s) > max:
		v.add(field, "must be at most "+itoa(max)+" characters")
	}
}

func (v *validation) slug(field, s string) {
	if !slugPattern.MatchString(s) {
		v.add(field, "must be an id: lower-case letters, digits and single hyphens")
	}
}

func (v *validation) language(field, s string) {
	if !languagePattern.MatchString(s) {
		v.add(field, "must be a BCP 47 language tag, such as nb, nn, se or fkv")
	}
}

// Invalidity is the 422 error for a body that breaks its fields' rules, or nil.
func (v validation) err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: EUNPROCESSABLE, Message: "The body breaks the rules of " + itoa(len(v)) + " field(s); errors lists them.", Fields: v}
}

func itoa(n int) string {
	digits := []byte{}
	for ; n > 0; n /= 10 {
		digits = append([]byte{byte('0' + n%10)}, digits...)
	}
	if len(digits) == 0 {
		return "0"
	}
	return string(digits)
}

// Validate checks a goal to write: every broken rule, in one EUNPROCESSABLE error.
func (g Goal) Validate() error {
	var v validation
	v.slug("region", g.Region)
	v.text("text", g.Text, 5000)
	v.language("language", g.Language)
	if g.Position < 0 {
		v.add("position", "must be a positive integer, or left out for the next position")
	}
	if g.Source.ID == "" {
		v.add("source", "must name the source the text comes from (a source id)")
	}
	return v.err()
}
