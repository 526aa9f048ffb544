package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/bankctl/bankctl/internal/sandbox"
)

func TestLoginStoresTokenInSecretService(t *testing.T) {
	requireKeyring(t)
	w := newWorld(t)
	profile := "e2e-" + strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-"))
	t.Cleanup(func() { keyring.Delete("bankctl", profile+"/ibank") })

	r := w.mustRun(nil, sandbox.DemoToken+"\n", "-p", profile, "login", "--url", w.apiURL(), "--with-token")
	contains(t, "stderr", r.err, "ООО «Северный ветер»", "OS keyring")

	// The item is in the Secret Service under service "bankctl", as another client sees it.
	got, err := keyring.Get("bankctl", profile+"/ibank")
	if err != nil || got != sandbox.DemoToken {
		t.Fatalf("Secret Service item = %q, %v", got, err)
	}
	if path, err := exec.LookPath("secret-tool"); err == nil {
		out, err := exec.Command(path, "lookup", "service", "bankctl", "username", profile+"/ibank").Output()
		if err != nil || strings.TrimSpace(string(out)) != sandbox.DemoToken {
			t.Fatalf("secret-tool lookup: %q, %v", out, err)
		}
	}
	// Nowhere on disk in our folders: not the config, not a plain-text fallback.
	grepTree(t, w.dir, sandbox.DemoToken)
	if _, err := os.Stat(filepath.Join(w.dir, "data", "bankctl", "secrets.json")); err == nil {
		t.Fatal("a plain-text secrets file was written without --insecure-storage")
	}

	r = w.mustRun(nil, "", "-p", profile, "ibank", "client-info", "-o", "json")
	contains(t, "client-info", r.out, `"inn": "7704521838"`)
	r = w.mustRun(nil, "", "-p", profile, "status")
	contains(t, "status", r.out, "…5d2e5ef0c4ee (keyring)", "ok: ООО «Северный ветер»")

	// A rejected login leaves the stored token alone.
	r = w.run(nil, sandbox.ExpiredToken, "-p", profile, "login", "--url", w.apiURL(), "--with-token")
	if r.code != 4 {
		t.Fatalf("expired token: exit %d, want 4\n%s", r.code, r.err)
	}
	if got, _ := keyring.Get("bankctl", profile+"/ibank"); got != sandbox.DemoToken {
		t.Fatalf("stored token after failed login = %q", got)
	}

	w.mustRun(nil, "", "-p", profile, "logout")
	if _, err := keyring.Get("bankctl", profile+"/ibank"); err != keyring.ErrNotFound {
		t.Fatalf("after logout the item is still there: %v", err)
	}
	r = w.run(nil, "", "-p", profile, "ibank", "token")
	if r.code != 4 {
		t.Fatalf("ibank token after logout: exit %d", r.code)
	}
}

func TestNoKeyringIsAClearError(t *testing.T) {
	w := newWorld(t)
	env := noKeyringEnv(w)
	r := w.run(env, sandbox.DemoToken, "login", "--url", w.apiURL(), "--with-token")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.err)
	}
	if n := strings.Count(r.err, "bankctl:"); n != 1 {
		t.Fatalf("%d error lines:\n%s", n, r.err)
	}
	contains(t, "error", r.err, "bankctl: the token was not stored: cannot use the OS keyring: no Secret Service: no D-Bus session",
		"\n  keep secrets in a plain file", "--insecure-storage", "BANKCTL_KEYRING=file",
		filepath.Join(w.dir, "data", "bankctl", "secrets.json"), "\n  or pass the token in BANKCTL_IBANK_TOKEN")
	notContains(t, "error", r.err, "locked", "dbus-launch")
	notContains(t, "stderr", r.err, sandbox.DemoToken)
	grepTree(t, w.dir, sandbox.DemoToken)

	// Both ways out work.
	r = w.mustRun(env, sandbox.DemoToken, "login", "--url", w.apiURL(), "--with-token", "--insecure-storage")
	contains(t, "stderr", r.err, "plain text in "+filepath.Join(w.dir, "data", "bankctl", "secrets.json"))
	w.mustRun(env, "", "ibank", "client-info")
	// status works with the file, and still says the keyring cannot be read (exit 1): the T-ID
	// tokens might be there.
	r = w.run(env, "", "status")
	if r.code != 1 {
		t.Fatalf("status with an unreadable keyring: exit %d, want 1\n%s%s", r.code, r.out, r.err)
	}
	contains(t, "status", r.out, "(file ", "iBank check\tok:")
	contains(t, "status", r.err, "cannot use the OS keyring", "BANKCTL_KEYRING=file")
	w.mustRun(env, "", "logout")
	r = w.run(env, "", "ibank", "client-info")
	if r.code != 1 {
		t.Fatalf("after logout with no keyring: exit %d, want 1 (keyring unreachable)\n%s", r.code, r.err)
	}
	w.mustRun(append(env, "BANKCTL_IBANK_TOKEN="+sandbox.DemoToken), "", "ibank", "client-info")
}

func TestBuiltBinaryExitCodes(t *testing.T) {
	w := newWorld(t)
	env := []string{"BANKCTL_IBANK_URL=" + w.apiURL()}
	cases := []struct {
		env  []string
		args []string
		code int
	}{
		{[]string{"BANKCTL_IBANK_TOKEN=" + sandbox.DemoToken}, []string{"ibank", "client-info"}, 0},
		{[]string{"BANKCTL_IBANK_TOKEN=" + sandbox.ExpiredToken}, []string{"ibank", "client-info"}, 4},
		{[]string{"BANKCTL_IBANK_TOKEN=" + sandbox.IPLimitedToken}, []string{"ibank", "client-info"}, 5},
		{nil, []string{"ibank", "nosuch"}, 2},
		{nil, []string{"--output", "xml", "status"}, 2},
	}
	for _, c := range cases {
		r := w.run(append(append([]string(nil), env...), c.env...), "", c.args...)
		if r.code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s", c.args, r.code, c.code, r.err)
		}
	}
}

func TestSandboxRunsACommand(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun(nil, "", "sandbox", "--", "bankctl", "ibank", "client-info")
	contains(t, "output", r.out, "Organisation\tООО «Северный ветер»", "40702810600000012345")
	// T-ID too, in the sandbox's own throwaway world: nothing lands in the user's folders.
	r = w.mustRun(nil, "", "sandbox", "--auto-approve", "--", "sh", "-c", "bankctl tid login && bankctl tid introspect && bankctl login --with-token < /dev/null; bankctl status")
	contains(t, "output", r.out, "Active\tyes", "Scope\temail", "T-ID check\tok: active")
	if entries, _ := os.ReadDir(filepath.Join(w.dir, "config")); len(entries) != 0 {
		t.Fatalf("the sandbox wrote the user's config folder: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(w.dir, "data")); err == nil {
		t.Fatal("the sandbox wrote the user's data folder")
	}
	r = w.run(nil, "", "sandbox", "--", "sh", "-c", "exit 7")
	if r.code != 7 {
		t.Fatalf("sandbox did not pass the command's exit code: %d", r.code)
	}
	r = w.run(nil, "", "sandbox", "--addr", "0.0.0.0:0", "--", "true")
	if r.code != 2 || !strings.Contains(r.err, "loopback only") {
		t.Fatalf("non-loopback sandbox: exit %d %s", r.code, r.err)
	}
}

// --help, version and completion work in a world where touching the config (a directory),
// the keyring (a dead bus) or the network (a refused port) would fail them.
func TestHelpVersionCompletionTouchNothing(t *testing.T) {
	w := newWorld(t)
	env := []string{"BANKCTL_CONFIG=" + w.dir, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "PATH=/nonexistent",
		"BANKCTL_IBANK_URL=http://127.0.0.1:1/api", "BANKCTL_TID_URL=http://127.0.0.1:1"}
	for _, args := range [][]string{{"--help"}, {"version"}, {"--version"}, {"version", "-o", "json"}, {"version", "--jq", ".version"}, {"ibank", "client-info", "--help"}, {"tid", "login", "--help"},
		{"completion", "bash"}, {"completion", "zsh"}, {"help", "exit-codes"}} {
		r := w.run(env, "", args...)
		if r.code != 0 || r.out == "" {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.err)
		}
	}
	if r := w.run(env, "", "status"); r.code == 0 {
		t.Fatal("status succeeded with a directory as its config: this test proves nothing")
	}
}
