package fsutil

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// A link planted where a lock or state file goes must not make bankctl create or write the file
// it points to; a state folder others may write to, or a link in its place, is refused.
func TestLinksAndSharedFoldersAreRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no O_NOFOLLOW; folder access lists are the OS's")
	}
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	if err := PrivateDir(state); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(state); st.Mode().Perm() != 0o700 {
		t.Fatalf("state folder mode %04o", st.Mode().Perm())
	}
	victim := filepath.Join(dir, "victim")
	for _, name := range []string{"tid.lock", "journal.jsonl"} {
		link := filepath.Join(state, name)
		if err := os.Symlink(victim, link); err != nil {
			t.Fatal(err)
		}
		var err error
		if name == "tid.lock" {
			_, err = Lock(context.Background(), link, "the lock", time.Second)
		} else {
			var f *os.File
			if f, err = OpenPrivate(link, os.O_WRONLY|os.O_APPEND); err == nil {
				f.Close()
			}
		}
		if err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Fatalf("%s: a link was followed: %v", name, err)
		}
		if _, err := os.Lstat(victim); !os.IsNotExist(err) {
			t.Fatalf("%s: the link's target was created", name)
		}
	}

	shared := filepath.Join(dir, "shared")
	os.Mkdir(shared, 0o700)
	os.Chmod(shared, 0o777)
	if _, err := Lock(context.Background(), filepath.Join(shared, "x.lock"), "the lock", time.Second); err == nil ||
		!strings.Contains(err.Error(), "chmod 700") {
		t.Fatalf("a folder anyone may write was used: %v", err)
	}
	linked := filepath.Join(dir, "linked")
	os.Symlink(state, linked)
	if _, err := OpenPrivate(filepath.Join(linked, "x"), os.O_WRONLY); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("a linked folder was used: %v", err)
	}

	// The normal case works, and the lock excludes a second holder.
	unlock, err := Lock(context.Background(), filepath.Join(state, "ok.lock"), "the lock", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Lock(context.Background(), filepath.Join(state, "ok.lock"), "the lock", 100*time.Millisecond); err == nil {
		t.Fatal("a held lock was taken twice")
	}
	unlock()
}
