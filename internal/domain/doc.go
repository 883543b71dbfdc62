// Package domain is the vocabulary of Byregion API: the programme, its city regions, municipalities as
// lasting identities with dated codes, observations with their sources, and the regions' texts.
// It holds plain types, filters and the one Error type; no HTTP, no SQL.
package domain
