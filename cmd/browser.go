package cmd

import (
	"fmt"
	"os/exec"
	"strings"

	"github.com/pkg/browser"
)

// openBrowser opens url for the user without blocking the login: BANKCTL_BROWSER, then BROWSER
// (the URL appended, or replacing %s), else pkg/browser. Nothing it runs writes to stdout, which
// belongs to data.
func (f *Factory) openBrowser(url string) error {
	if f.Browser != nil {
		return f.Browser(url)
	}
	line := f.Getenv("BANKCTL_BROWSER")
	if line == "" {
		line = f.Getenv("BROWSER")
	}
	if line != "" {
		return startBrowserCommand(f, line, url)
	}
	browser.Stdout = f.IO.ErrOut
	browser.Stderr = f.IO.ErrOut
	go func() {
		if err := browser.OpenURL(url); err != nil {
			fmt.Fprintf(f.IO.ErrOut, "could not open a browser (%v): open the URL above yourself\n", err)
		}
	}()
	return nil
}

// browserArgs splits a BROWSER-style command line and puts the URL in it.
func browserArgs(line, url string) []string {
	args := strings.Fields(line)
	replaced := false
	for i, a := range args {
		if strings.Contains(a, "%s") {
			args[i] = strings.ReplaceAll(a, "%s", url)
			replaced = true
		}
	}
	if !replaced {
		args = append(args, url)
	}
	return args
}

func startBrowserCommand(f *Factory, line, url string) error {
	args := browserArgs(line, url)
	c := exec.Command(args[0], args[1:]...)
	c.Stdout, c.Stderr = f.IO.ErrOut, f.IO.ErrOut
	if err := c.Start(); err != nil {
		return fmt.Errorf("could not start the browser %q: %w", args[0], err)
	}
	go c.Wait()
	return nil
}
