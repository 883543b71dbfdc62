package domain

// Page asks for one page of a collection. Cursor is opaque: the store writes and reads it.
type Page struct {
	Limit  int
	Cursor string
}

// List is one page of a collection. NextCursor is empty on the last page. Mapped lists the codes no
// longer in force that a filter named, and the municipalities they were read as.
type List[T any] struct {
	Items      []T
	Total      int64
	NextCursor string
	Mapped     []CodeMapping
	// Coverage is where the data begin and end, for an answer that years left empty.
	Coverage *Coverage
	// Hint is a sentence for an answer a filter left empty that another filter would not (a county code
	// no longer in force).
	Hint string
}

// Coverage is the first and last reference date of the figures the filters other than years select.
type Coverage struct {
	From string `json:"from" format:"date" example:"2005-01-01"`
	To   string `json:"to" format:"date" example:"2026-01-01"`
}

// Rows is a whole result read as it goes, for answers too large to hold at once (an export). Each calls
// yield with every item in order and stops at the first error, its own or yield's.
type Rows[T any] struct {
	Mapped []CodeMapping
	Each   func(yield func(T) error) error
}
