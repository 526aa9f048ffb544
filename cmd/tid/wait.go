package tid

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/tid"
)

// waitForCode shows the URL, opens the browser and waits for the code: from the listener, or
// pasted on the terminal (manual mode, or listener mode over SSH).
func waitForCode(ctx context.Context, opts *LoginOptions, p *loginPlan, auth *tid.Authorization) (string, error) {
	w := opts.IO.ErrOut
	var results <-chan tid.Result
	// The browser is opened at a one-time start page on loopback, which redirects to the
	// authorize URL: the state and the PKCE challenge stay out of every process's argv.
	var start *tid.Start
	if !p.manual {
		l, err := tid.Listen(p.redirectURI, auth.State)
		if err != nil {
			return "", err
		}
		defer l.Close()
		results = l.Result()
		start = l.StartPage(auth.URL)
	} else if !opts.NoBrowser {
		s, err := tid.ServeStart(auth.URL)
		if err != nil {
			return "", err
		}
		defer s.Close()
		start = s
	}
	if opts.f.AutoApprove() {
		fmt.Fprintf(w, "The sandbox approves this sign-in for you (--auto-approve):\n\n  %s\n\n", auth.URL)
	} else {
		fmt.Fprintf(w, "Open this URL in a browser to sign in with T-ID:\n\n  %s\n\n", auth.URL)
	}
	var reused <-chan struct{}
	if !opts.NoBrowser {
		reused = start.Reused()
		if err := opts.f.OpenBrowser(start.URL); err != nil {
			fmt.Fprintf(w, "%v: open the URL above yourself\n", err)
		}
	}
	var pasted <-chan tid.Result
	switch {
	case p.manual:
		fmt.Fprintf(w, "After signing in, paste the address the browser landed on (or the code) and press Enter:\n")
		pasted = readPasted(opts, auth.State, true)
	case opts.IO.CanPrompt():
		fmt.Fprintf(w, "Waiting for the browser to come back to %s …\n(or paste the address it landed on here and press Enter)\n", p.redirectURI)
		pasted = readPasted(opts, auth.State, false)
	default:
		fmt.Fprintf(w, "Waiting for the browser to come back to %s …\n", p.redirectURI)
	}
	var r tid.Result
	select {
	case r = <-results:
	case r = <-pasted:
	case <-reused:
		return "", tid.ErrStartReused
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "", fmt.Errorf("no sign-in within %s: run `bankctl tid login` again (or raise --timeout)", opts.Timeout)
		}
		return "", ctx.Err()
	}
	var ae *tid.AuthError
	if errors.As(r.Err, &ae) && ae.Code == "access_denied" {
		return "", apperr.ErrCancelledWith(r.Err)
	}
	if r.Err != nil {
		return "", apperr.Auth(r.Err)
	}
	return r.Code, nil
}

// readPasted reads lines until one is a valid landing address or code. In manual mode a bad
// paste is explained and asked again (on a terminal) or ends the login (from a pipe).
func readPasted(opts *LoginOptions, state string, manual bool) <-chan tid.Result {
	ch := make(chan tid.Result, 1)
	go func() {
		for {
			line, err := opts.IO.ReadLine()
			if err != nil {
				if manual {
					ch <- tid.Result{Err: errors.New("standard input ended before the landing address was pasted")}
				}
				return
			}
			if strings.TrimSpace(line) == "" {
				continue
			}
			r, bare, perr := tid.ParsePasted(line, state)
			if perr != nil {
				if !opts.IO.IsStdinTTY() && manual {
					ch <- tid.Result{Err: perr}
					return
				}
				fmt.Fprintf(opts.IO.ErrOut, "%v\nPaste again:\n", perr)
				continue
			}
			if bare {
				fmt.Fprintln(opts.IO.ErrOut, "warning: a bare code cannot be checked against this login's state; paste the whole address when you can")
			}
			ch <- r
			return
		}
	}()
	return ch
}
