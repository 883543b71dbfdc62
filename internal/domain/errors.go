package domain

import (
	"errors"
	"fmt"
)

// Code classifies an Error; the HTTP layer maps each code to one status.
type Code string

const (
	ENOTFOUND Code = "not_found"
	EINVALID  Code = "invalid"
	ECONFLICT Code = "conflict"
	EINTERNAL Code = "internal"
	// EUNPROCESSABLE is a request body that is well-formed but breaks the rules of its fields.
	EUNPROCESSABLE Code = "unprocessable"
	// ESTALE is a write whose If-Match names a version that is no longer current.
	ESTALE Code = "stale"
	// EAMBIGUOUS is a retired municipality code that became several municipalities: Choices lists them, and
	// the client chooses; nothing guesses.
	EAMBIGUOUS Code = "ambiguous"
	// EUNKNOWNPARAMETER is a query parameter the endpoint does not take.
	EUNKNOWNPARAMETER Code = "unknown_parameter"
	// EKEYREUSED is a create whose idempotency key was used before for another request.
	EKEYREUSED Code = "key_reused"
	// EBUSY is a write that could not begin in time because others held the database: try again later.
	EBUSY Code = "busy"
)

// FieldError names one bad input and the rule it broke.
type FieldError struct {
	Field   string `json:"field" example:"limit"`
	In      string `json:"in" enums:"query,path,body,header" example:"query"`
	Message string `json:"message" example:"must be an integer from 1 to 1000"`
}

// Error is the one error type the domain speaks. Message is a sentence a person can act on;
// it never carries driver or SQL text.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	// Current is the current version, with ESTALE.
	Current int64
	// Choices are the municipalities a retired code became, with EAMBIGUOUS.
	Choices []MunicipalityToday
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error for one field.
func Invalid(in, field, message string) *Error {
	return &Error{Code: EINVALID, Message: fmt.Sprintf("Parameter %q %s.", field, message),
		Fields: []FieldError{{Field: field, In: in, Message: message}}}
}

// ErrorCode returns the code of err, EINTERNAL for anything that is not an *Error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
