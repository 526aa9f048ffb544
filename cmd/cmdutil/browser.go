package cmdutil

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/pkg/browser"

	"github.com/bankctl/bankctl/internal/config"
)

// OpenBrowser opens url for the user without blocking the login: BANKCTL_BROWSER, then BROWSER
// (the URL appended, or replacing %s), else pkg/browser. Nothing it runs writes to stdout, which
// belongs to data, and nothing it runs sees bankctl's secrets: the BANKCTL_*_TOKEN and client
// secret variables are left out of its environment. A browser that fails later (a command that
// exits non-zero) is reported on stderr; the caller has printed the URL to open by hand.
func (f *Factory) OpenBrowser(url string) error {
	if f.Browser != nil {
		return f.Browser(url)
	}
	line := f.viper.GetString("browser")
	if line != "" {
		return f.startBrowserCommand(line, url)
	}
	f.hideSecretEnv()
	browser.Stdout = f.IO.ErrOut
	browser.Stderr = f.IO.ErrOut
	go func() {
		if err := browser.OpenURL(url); err != nil {
			fmt.Fprintf(f.IO.ErrOut, "could not open a browser (%v): open the URL above yourself\n", err)
		}
	}()
	return nil
}

// AutoApprove reports whether the browser is the sandbox's scripted consent (`bankctl sandbox
// --auto-approve` sets BANKCTL_BROWSER to "<bankctl> sandbox approve"): no person opens the URL.
func (f *Factory) AutoApprove() bool {
	args := strings.Fields(f.viper.GetString("browser"))
	n := len(args)
	return f.Browser == nil && n >= 3 && args[n-2] == "sandbox" && args[n-1] == "approve"
}

// BrowserArgs splits a BROWSER-style command line and puts the URL in it.
func BrowserArgs(line, url string) []string {
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

func (f *Factory) startBrowserCommand(line, url string) error {
	args := BrowserArgs(line, url)
	c := exec.Command(args[0], args[1:]...)
	c.Stdout, c.Stderr = f.IO.ErrOut, f.IO.ErrOut
	c.Env = BrowserEnv(os.Environ())
	if err := c.Start(); err != nil {
		return fmt.Errorf("could not start the browser %q: %w", args[0], err)
	}
	// A browser may stay in the foreground for as long as it likes: bankctl never waits for it,
	// but says so when it gives up.
	go func() {
		if err := c.Wait(); err != nil {
			fmt.Fprintf(f.IO.ErrOut, "the browser %q could not open the page (%v): open the URL above yourself\n", args[0], err)
		}
	}()
	return nil
}

// secretEnv are the environment variables that hold bankctl's secrets.
func secretEnv() map[string]bool {
	secret := map[string]bool{}
	for _, s := range config.Settings {
		if s.Secret {
			for _, e := range s.Env {
				secret[e] = true
			}
		}
	}
	return secret
}

// BrowserEnv is env without bankctl's secret variables.
func BrowserEnv(env []string) []string {
	secret := secretEnv()
	out := make([]string, 0, len(env))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if !secret[k] {
			out = append(out, kv)
		}
	}
	return out
}

// hideSecretEnv takes bankctl's secret variables out of this process's environment, which the
// system opener (xdg-open, open, rundll32 through pkg/browser) and the browser inherit; their
// values stay in the settings, so the rest of the command reads them as before.
func (f *Factory) hideSecretEnv() {
	for _, s := range config.Settings {
		if !s.Secret {
			continue
		}
		f.viper.Set(s.Name(), f.viper.GetString(s.Name()))
		for _, e := range s.Env {
			os.Unsetenv(e)
		}
	}
}
