package keystore

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

func TestFileStore(t *testing.T) {
	p := filepath.Join(t.TempDir(), "d", "secrets.json")
	s := &File{Path: p}
	k := Key{"default", KindIBank}
	if _, err := s.Get(k); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty store: %v", err)
	}
	if err := s.Set(k, "secret-1"); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	if v, err := s.Get(k); err != nil || v != "secret-1" {
		t.Fatalf("get %q %v", v, err)
	}
	if err := s.Delete(k); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(k); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestFileStoreConcurrentWritersLoseNothing(t *testing.T) {
	s := &File{Path: filepath.Join(t.TempDir(), "secrets.json")}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := s.Set(Key{fmt.Sprintf("p%d", i), KindIBank}, "v"); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	for i := 0; i < 20; i++ {
		if _, err := s.Get(Key{fmt.Sprintf("p%d", i), KindIBank}); err != nil {
			t.Errorf("p%d lost: %v", i, err)
		}
	}
}

func TestDamagedFileIsAnError(t *testing.T) {
	p := filepath.Join(t.TempDir(), "secrets.json")
	os.WriteFile(p, []byte("{not json"), 0o600)
	_, err := (&File{Path: p}).Get(Key{"default", KindIBank})
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("err %v", err)
	}
}

// The real Secret Service, when the test runs under scripts/with-keyring (CI does).
func TestKeyringRoundTrip(t *testing.T) {
	if !HasSessionBus() {
		if os.Getenv("CI") == "true" {
			t.Fatal("no D-Bus session under CI")
		}
		t.Skip("no D-Bus session here: run under scripts/with-keyring")
	}
	if err := keyring.Set("bankctl-probe", "probe", "x"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no OS keyring under CI: %v", err)
		}
		t.Skipf("no OS keyring here (%v): run under scripts/with-keyring", err)
	}
	keyring.Delete("bankctl-probe", "probe")
	k := &Keyring{Timeout: 5 * time.Second, FilePath: "/x"}
	key := Key{"keystore-test", KindTID}
	defer k.Delete(key)
	if _, err := k.Get(key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing item: %v", err)
	}
	if err := k.Set(key, `{"access_token":"t.x"}`); err != nil {
		t.Fatal(err)
	}
	if v, err := k.Get(key); err != nil || v != `{"access_token":"t.x"}` {
		t.Fatalf("get %q %v", v, err)
	}
	if err := k.Delete(key); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete(key); err != nil {
		t.Fatalf("deleting a missing item: %v", err)
	}
}

// godbus keeps its session-bus connection for the life of the process, so the keyring-less
// world is a fresh copy of this test binary with no session bus. dbus-launch stays on PATH
// where it is installed: bankctl must not use it to start a bus (and a keyring daemon) that
// outlives it.
func TestSystemReadsOptInFileWhenKeyringIsMissing(t *testing.T) {
	if os.Getenv("BANKCTL_TEST_NO_KEYRING") != "1" {
		// Daemons this world started carry its marker in their environment: other tests running
		// at the same time (with buses of their own) are not counted.
		marker := "BANKCTL_TEST_WORLD=" + filepath.Base(t.TempDir())
		before := daemons(t, marker)
		exe, _ := os.Executable()
		c := exec.Command(exe, "-test.run=^TestSystemReadsOptInFileWhenKeyringIsMissing$", "-test.v")
		c.Env = append(os.Environ(), "BANKCTL_TEST_NO_KEYRING=1", "DBUS_SESSION_BUS_ADDRESS=", "XDG_RUNTIME_DIR="+t.TempDir(), marker)
		out, err := c.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS") {
			t.Fatalf("in a world without a keyring: %v\n%s", err, out)
		}
		time.Sleep(200 * time.Millisecond)
		if after := daemons(t, marker); after > before {
			t.Fatalf("%d dbus-daemon or gnome-keyring-daemon processes were left behind", after-before)
		}
		return
	}
	p := filepath.Join(t.TempDir(), "secrets.json")
	s, _ := Open(ModeSystem, p, time.Second)
	k := Key{"default", KindIBank}
	err := s.Set(k, "tok-123456")
	var ue *UnavailableError
	if !errors.As(err, &ue) {
		t.Fatalf("set without keyring: %v", err)
	}
	if _, serr := os.Stat(p); serr == nil {
		t.Fatal("silent plain-text fallback")
	}
	if !strings.Contains(err.Error(), "no Secret Service: no D-Bus session") || strings.Contains(err.Error(), "locked") {
		t.Errorf("error %q does not name the cause", err)
	}
	ways := strings.Join(ue.Suggestions(), "\n")
	for _, want := range []string{"--insecure-storage", "BANKCTL_KEYRING=file", p, "BANKCTL_IBANK_TOKEN"} {
		if !strings.Contains(ways, want) {
			t.Errorf("ways out %q lack %q", ways, want)
		}
	}
	(&File{Path: p}).Set(k, "tok-123456")
	if v, err := s.Get(k); err != nil || v != "tok-123456" {
		t.Fatalf("opt-in file not read: %q %v", v, err)
	}
	if err := s.Delete(k); err != nil {
		t.Fatalf("delete with the secret only in the file: %v", err)
	}
}

// daemons counts the running dbus-daemon and gnome-keyring-daemon processes.
// daemons counts the D-Bus and keyring daemons whose environment holds marker.
func daemons(t *testing.T, marker string) int {
	t.Helper()
	n := 0
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		comm, err := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		if err != nil {
			continue
		}
		switch strings.TrimSpace(string(comm)) {
		case "dbus-daemon", "gnome-keyring-d":
			env, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
			if strings.Contains(string(env), marker+"\x00") || strings.HasSuffix(string(env), marker) {
				n++
			}
		}
	}
	return n
}
