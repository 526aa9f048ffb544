package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/redact"
)

// SecretInput says how a login reads its secret.
type SecretInput struct {
	WithToken bool   // --with-token: from standard input, which must not be a terminal
	Prompt    string // the hidden prompt, e.g. "Paste the iBank token (input is hidden): "
	Empty     string // what to say when nothing was given
}

// ReadSecret reads a token for a login: from standard input with --with-token, else with a hidden
// prompt on a terminal. Blanks around it are dropped; more than one word is refused. The value is
// registered as a secret before anything can print it.
func ReadSecret(ctx context.Context, ios *iostreams.IOStreams, in SecretInput) (string, error) {
	var raw string
	switch {
	case in.WithToken && ios.IsStdinTTY():
		return "", Usagef("--with-token reads the token from standard input, which is a terminal: pipe the token in, or drop --with-token to be asked")
	case in.WithToken:
		b, err := ios.ReadAll(64 << 10)
		if err != nil {
			return "", fmt.Errorf("could not read the token from standard input: %w", err)
		}
		raw = string(b)
	case ios.CanPrompt():
		v, err := ios.Prompt(ctx, in.Prompt, true)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, iostreams.ErrNoInput) {
				return "", Usagef("no token given")
			}
			return "", err
		}
		raw = v
	default:
		return "", Usagef("no terminal to ask for the token: pipe it in with --with-token")
	}
	token := strings.TrimSpace(raw)
	redact.Add(token)
	if token == "" {
		return "", UsageErr(errors.New(in.Empty))
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return "", Usagef("the input holds more than one word or line: give only the token")
	}
	return token, nil
}

// Confirm asks a yes/no question on the terminal; anything but y or yes is no.
func Confirm(ctx context.Context, ios *iostreams.IOStreams, question string) (bool, error) {
	ans, err := ios.Prompt(ctx, question+" [y/N] ", false)
	if err != nil {
		if ctx.Err() != nil {
			return false, err
		}
		return false, nil
	}
	ans = strings.ToLower(strings.TrimSpace(ans))
	return ans == "y" || ans == "yes", nil
}
