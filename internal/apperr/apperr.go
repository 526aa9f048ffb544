// Package apperr holds the typed errors that decide bankctl's exit code.
//
// Internal packages return these; cmd maps them to exit codes in one place.
package apperr

import (
	"errors"
	"strings"
)

// AuthError means authentication is needed: nothing stored, a token rejected, invalid_grant.
// It exits 4.
type AuthError struct{ Err error }

func (e *AuthError) Error() string { return e.Err.Error() }
func (e *AuthError) Unwrap() error { return e.Err }

// Auth wraps err as an AuthError.
func Auth(err error) error { return &AuthError{Err: err} }

// ForbiddenError means the server refused an authenticated request, or a required scope is
// missing. It exits 5.
type ForbiddenError struct{ Err error }

func (e *ForbiddenError) Error() string { return e.Err.Error() }
func (e *ForbiddenError) Unwrap() error { return e.Err }

// Forbidden wraps err as a ForbiddenError.
func Forbidden(err error) error { return &ForbiddenError{Err: err} }

// UsageError is bad input on the command line. It exits 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usage wraps err as a UsageError.
func Usage(err error) error { return &UsageError{Err: err} }

// ErrCancelled is returned when the user declines or cancels an action. It exits 2
// (an interrupt by signal exits 130).
var ErrCancelled = errors.New("cancelled")

// ErrCancelledWith marks err as a cancellation by the user (exit 2) and keeps its message.
func ErrCancelledWith(err error) error { return &cancelled{err} }

type cancelled struct{ err error }

func (c *cancelled) Error() string   { return c.err.Error() }
func (c *cancelled) Unwrap() []error { return []error{c.err, ErrCancelled} }

// Suggester is an error that knows what the user can do about it: bankctl prints the error on
// one line and each suggestion on a line of its own below it.
type Suggester interface {
	error
	Suggestions() []string
}

// Suggest attaches suggestions to err.
func Suggest(err error, lines ...string) error { return &suggested{err, lines} }

type suggested struct {
	err   error
	lines []string
}

func (s *suggested) Error() string         { return s.err.Error() }
func (s *suggested) Unwrap() error         { return s.err }
func (s *suggested) Suggestions() []string { return s.lines }

// Suggestions returns what the first Suggester in err's chain suggests.
func Suggestions(err error) []string {
	var s Suggester
	if errors.As(err, &s) {
		return s.Suggestions()
	}
	return nil
}

// OneLine is err with its suggestions after it in brackets, all on one line: for a row of a
// table or a journal entry, where no line of its own is free.
func OneLine(err error) string {
	s := err.Error()
	if more := Suggestions(err); len(more) > 0 {
		s += " (" + strings.Join(more, "; ") + ")"
	}
	return s
}
