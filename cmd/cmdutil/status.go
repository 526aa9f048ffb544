package cmdutil

import (
	"errors"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/redact"
	"github.com/bankctl/bankctl/internal/render"
)

// Outcome is how one API's part of `bankctl status` ended.
type Outcome int

// Outcomes, from best to worst for the exit code's purposes (see StatusPart).
const (
	NotStored Outcome = iota // nothing stored for this API
	Works
	Rejected // 401, an inactive token, nothing usable: exit 4
	Refused  // 403: exit 5
	Failed   // anything else (network, an unreadable keyring): exit 1
)

// OutcomeOf classifies a check's error.
func OutcomeOf(err error) Outcome {
	var auth *apperr.AuthError
	var forbidden *apperr.ForbiddenError
	switch {
	case err == nil:
		return Works
	case ExitCode(err) == ExitError:
		return Failed
	case errors.As(err, &forbidden):
		return Refused
	case errors.As(err, &auth):
		return Rejected
	}
	return Failed
}

// Check is how one API's part of `bankctl status` ended; each part embeds it, so its JSON has
// "error" beside the part's own fields.
type Check struct {
	Error   string `json:"error,omitempty"`
	outcome Outcome
	err     error
}

// Fail records err: its outcome, and its text with every secret masked.
func (c *Check) Fail(err error) {
	c.outcome, c.Error, c.err = OutcomeOf(err), redact.String(err.Error()), err
}

// Set records an outcome that is not an error, with a note (may be "").
func (c *Check) Set(o Outcome, note string) { c.outcome, c.Error = o, note }

// Outcome is how the check has ended so far.
func (c *Check) Outcome() Outcome { return c.outcome }

// Result is how the check ended.
func (c *Check) Result() (Outcome, error) { return c.outcome, c.err }

// StatusPart is one API's part of `bankctl status`: its rows and how its check ended.
type StatusPart interface {
	Rows(t *render.Table)
	Result() (Outcome, error)
}
