package domain

// Page asks for one page of a collection. Cursor is opaque: the store writes and reads it.
type Page struct {
	Limit  int
	Cursor string
}

// List is one page of a collection. NextCursor is empty on the last page.
type List[T any] struct {
	Items      []T
	Total      int64
	NextCursor string
}
