package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// TestNoSecretAnywhere runs every command with --debug against the sandbox, then looks for
// every secret used (iBank token, client secret, codes, PKCE verifiers, access and refresh
// tokens) in all stdout and stderr, the config folder, the argv of every bankctl run, and the
// argv the browser child process received. Only `ibank token` and `tid token` may print a
// token, on stdout: that is their job.
func TestNoSecretAnywhere(t *testing.T) {
	w := newWorld(t)
	env := append(w.tidEnv(t, freeRedirect(t)), "BANKCTL_DEBUG=1")
	// The browser: records its argv, then presses Продолжить like a user.
	argvLog := filepath.Join(w.dir, "browser-argv")
	browser := filepath.Join(w.dir, "browser.sh")
	os.WriteFile(browser, []byte("#!/bin/sh\necho \"$0 $*\" >> "+argvLog+"\nexec "+binary+" sandbox approve \"$1\"\n"), 0o700)
	env = append(env, "BANKCTL_BROWSER="+browser)
	w.sb.SetAccessTTL(20 * time.Second) // so tid token refreshes too

	var printed, argvs strings.Builder
	run := func(stdin string, mayPrintSecret bool, args ...string) {
		t.Helper()
		r := w.run(env, stdin, args...)
		if r.code != 0 {
			t.Fatalf("bankctl %v: exit %d\n%s", args, r.code, r.err)
		}
		argvs.WriteString(strings.Join(args, " ") + "\n")
		printed.WriteString(r.err)
		if !mayPrintSecret {
			printed.WriteString(r.out)
		}
	}
	run(sandbox.DemoToken+"\n", false, "login", "--url", w.apiURL(), "--with-token")
	run("", false, "status")
	run("", true, "ibank", "token")
	for _, o := range []string{"table", "json", "yaml"} {
		run("", false, "ibank", "client-info", "-o", o)
	}
	run("", false, "ibank", "api", "echo", "-H", "X-Test: 1")
	run("", false, "ibank", "api", "payment-orders", "-F", "amount=10", "-i")
	run("", false, "tid", "login", "--inn", "7704521838")
	run("", true, "tid", "token")
	run("", false, "tid", "introspect")
	run("", false, "tid", "refresh")
	run("", false, "tid", "userinfo")
	run("", false, "status", "--json")
	run("", false, "profile", "list")
	run("", false, "config", "list")
	run("", false, "tid", "logout")
	run("", false, "logout")

	secrets := map[string]bool{sandbox.DemoToken: true, sandbox.DemoClientSecret: true}
	for _, v := range w.sb.CredentialsSeen("code", "code_verifier", "refresh_token", "token", "client_secret") {
		secrets[v] = true
	}
	for _, tok := range w.sb.Minted() {
		secrets[tok] = true
	}
	kinds := map[string]bool{}
	for s := range secrets {
		switch {
		case strings.HasPrefix(s, "c."):
			kinds["code"] = true
		case strings.HasPrefix(s, "t."):
			kinds["access token"] = true
		case strings.HasPrefix(s, "r."):
			kinds["refresh token"] = true
		case len(s) == 43:
			kinds["verifier"] = true
		}
	}
	for _, k := range []string{"code", "access token", "refresh token", "verifier"} {
		if !kinds[k] {
			t.Fatalf("the run used no %s: the test would prove nothing about it", k)
		}
	}
	browserArgv, err := os.ReadFile(argvLog)
	if err != nil || !strings.Contains(string(browserArgv), "http://127.0.0.1:") || strings.Contains(string(browserArgv), "state=") {
		t.Fatalf("the browser was not run at the start page: %v %s", err, browserArgv)
	}
	if !strings.Contains(printed.String(), "Authorization: Bearer [REDACTED]") {
		t.Fatal("no --debug output was captured")
	}
	for s := range secrets {
		for what, text := range map[string]string{"output": printed.String(), "bankctl argv": argvs.String(), "browser argv": string(browserArgv)} {
			if strings.Contains(text, s) {
				t.Errorf("%s holds a secret (%.6s…)", what, s)
			}
		}
		grepTree(t, filepath.Join(w.dir, "config"), s)
	}
	t.Logf("looked for %d secrets", len(secrets))
}
