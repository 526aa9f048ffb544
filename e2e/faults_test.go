package e2e

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// mountOrSkip runs mount; it needs root and CAP_SYS_ADMIN, which CI has.
func mountOrSkip(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("mount", args...).CombinedOutput(); err != nil {
		t.Skipf("cannot mount here (%v: %s): this fault test needs root with CAP_SYS_ADMIN", err, strings.TrimSpace(string(out)))
	}
}

func umount(dir string) { exec.Command("umount", "-l", dir).Run() }

// fileWorld keeps config and secrets under one folder (the secrets in the opt-in file).
func fileWorld(w *world, root string) []string {
	return []string{"XDG_CONFIG_HOME=" + filepath.Join(root, "config"), "BANKCTL_KEYRING=file",
		"BANKCTL_SECRETS_FILE=" + filepath.Join(root, "secrets.json")}
}

func TestDiskFullKeepsConfigAndToken(t *testing.T) {
	w := newWorld(t)
	fs := filepath.Join(w.dir, "fs")
	os.MkdirAll(fs, 0o700)
	mountOrSkip(t, "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", fs)
	defer umount(fs)
	env := fileWorld(w, fs)
	w.mustRun(env, sandbox.DemoToken, "login", "--url", w.apiURL(), "--with-token")
	w.mustRun(env, "", "config", "set", "output", "yaml")
	cfgPath := filepath.Join(fs, "config", "bankctl", "config.yaml")
	secPath := filepath.Join(fs, "secrets.json")
	oldCfg, _ := os.ReadFile(cfgPath)
	oldSec, _ := os.ReadFile(secPath)
	// Fill the disk.
	exec.Command("dd", "if=/dev/zero", "of="+filepath.Join(fs, "filler"), "bs=4k").Run()

	r := w.run(env, sandbox.IPLimitedToken, "login", "--with-token", "--no-verify")
	if r.code != 1 || !strings.Contains(r.err, "no space left on device") || !strings.Contains(r.err, "not stored") {
		t.Fatalf("login on a full disk: exit %d\n%s", r.code, r.err)
	}
	r = w.run(env, "", "config", "set", "timeout", "1m")
	if r.code != 1 || !strings.Contains(r.err, "no space left on device") {
		t.Fatalf("config set on a full disk: exit %d\n%s", r.code, r.err)
	}
	if now, _ := os.ReadFile(cfgPath); string(now) != string(oldCfg) {
		t.Fatalf("config changed:\n%s", now)
	}
	if now, _ := os.ReadFile(secPath); string(now) != string(oldSec) {
		t.Fatal("secrets file changed")
	}
	entries, _ := os.ReadDir(filepath.Join(fs, "config", "bankctl"))
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	os.Remove(filepath.Join(fs, "filler"))
	r = w.mustRun(env, "", "ibank", "client-info")
	contains(t, "client-info", r.out, "clientInfo:") // the old token and the old config both work
}

func TestReadOnlyConfigFolder(t *testing.T) {
	w := newWorld(t)
	root := filepath.Join(w.dir, "ro")
	env := fileWorld(w, root)
	w.mustRun(env, "", "config", "set", "ibank.url", w.apiURL())
	dir := filepath.Join(root, "config", "bankctl")
	mountOrSkip(t, "--bind", dir, dir)
	defer umount(dir)
	mountOrSkip(t, "-o", "remount,bind,ro", dir)
	old, _ := os.ReadFile(filepath.Join(dir, "config.yaml"))
	r := w.run(env, "", "profile", "use", "default")
	if r.code != 1 || !strings.Contains(r.err, "read-only file system") || !strings.Contains(r.err, filepath.Join(dir, "config.yaml")) {
		t.Fatalf("exit %d\n%s", r.code, r.err)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "config.yaml")); string(now) != string(old) {
		t.Fatal("config changed")
	}
	w.mustRun(append(env, "BANKCTL_IBANK_TOKEN="+sandbox.DemoToken), "", "ibank", "client-info") // reading still works
}

// A Secret Service that accepts the connection and never answers (a hung daemon).
func TestKeyringTimeout(t *testing.T) {
	w := newWorld(t)
	sock := filepath.Join(w.dir, "bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()
	env := []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=" + sock, "BANKCTL_KEYRING_TIMEOUT=700ms"}
	start := time.Now()
	r := w.run(env, sandbox.DemoToken, "login", "--url", w.apiURL(), "--with-token")
	if r.code != 1 || !strings.Contains(r.err, "no answer within 700ms (is it locked?)") || !strings.Contains(r.err, "--insecure-storage") {
		t.Fatalf("exit %d\n%s", r.code, r.err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %s: the deadline did not hold", d)
	}
	if _, err := os.Stat(filepath.Join(w.dir, "data", "bankctl", "secrets.json")); err == nil {
		t.Fatal("fell back to a plain file")
	}
}

// gnome-keyring with its login collection locked, as after a reboot with no desktop to unlock it.
func TestKeyringLocked(t *testing.T) {
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s missing under CI", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
	w := newWorld(t)
	script := `gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; "$@"`
	run := func(args ...string) result {
		c := exec.Command("dbus-run-session", append([]string{"--", "sh", "-c", script, "sh", binary}, args...)...)
		c.Env = append(append([]string(nil), w.env...), "XDG_DATA_HOME="+filepath.Join(w.dir, "data"), "BANKCTL_KEYRING_TIMEOUT=3s")
		c.Stdin = strings.NewReader(sandbox.DemoToken)
		out, err := c.Output()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
			return result{string(out), string(ee.Stderr), code}
		}
		return result{string(out), "", code}
	}
	r := run("login", "--url", w.apiURL(), "--with-token")
	if r.code != 1 || !strings.Contains(r.err, "cannot use the OS keyring") || !strings.Contains(r.err, "--insecure-storage") {
		t.Fatalf("locked keyring: exit %d\n%s", r.code, r.err)
	}
	if n := strings.Count(r.err, "bankctl:"); n != 1 {
		t.Fatalf("%d error lines:\n%s", n, r.err)
	}
	contains(t, "error", r.err, "the keyring is locked")
	if _, err := os.Stat(filepath.Join(w.dir, "data", "bankctl", "secrets.json")); err == nil {
		t.Fatal("fell back to a plain file")
	}
}

func TestCtrlCDuringIBankLogin(t *testing.T) {
	w := newWorld(t)
	w.sb.AddFault(sandbox.Fault{Path: "/api/client/info", Delay: 20 * time.Second})
	env := []string{"BANKCTL_KEYRING=file"}
	c := exec.Command(binary, "login", "--url", w.apiURL(), "--with-token")
	c.Env = append(append([]string(nil), w.env...), env...)
	c.Stdin = strings.NewReader(sandbox.DemoToken)
	var errb lockedBuffer
	c.Stderr = &errb
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(w.sb.RequestsTo("/api/client/info")) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	c.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, c); code != 130 {
		t.Fatalf("exit %d, want 130\n%s", code, errb.String())
	}
	grepTree(t, w.dir, sandbox.DemoToken)
	if _, err := os.Stat(filepath.Join(w.dir, "config", "bankctl", "config.yaml")); err == nil {
		t.Fatal("an interrupted login saved the config")
	}
}
