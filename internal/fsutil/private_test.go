package fsutil

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func skipWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no O_NOFOLLOW or owners of this kind: folder access lists are the OS's")
	}
}

// A link planted where a lock or state file goes must not make bankctl create or write the file
// it points to; a folder others may write to, or a link in a sub-folder's place, is refused.
func TestLinksAndSharedFoldersAreRefused(t *testing.T) {
	skipWindows(t)
	dir := t.TempDir()
	state, err := OpenDir(filepath.Join(dir, "state"), "default")
	if err != nil {
		t.Fatal(err)
	}
	defer state.Close()
	for _, p := range []string{filepath.Join(dir, "state"), filepath.Join(dir, "state", "default")} {
		if st, _ := os.Stat(p); st.Mode().Perm() != 0o700 {
			t.Fatalf("%s: mode %04o", p, st.Mode().Perm())
		}
	}
	victim := filepath.Join(dir, "victim")
	for _, name := range []string{"tid.lock", "journal.jsonl"} {
		if err := os.Symlink(victim, filepath.Join(state.Path, name)); err != nil {
			t.Fatal(err)
		}
		var err error
		if name == "tid.lock" {
			_, err = state.Lock(context.Background(), name, "the lock", time.Second)
		} else {
			var f *os.File
			if f, err = state.Open(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE); err == nil {
				f.Close()
			}
		}
		if err == nil || !strings.Contains(err.Error(), "symbolic link") || !strings.Contains(err.Error(), name) {
			t.Fatalf("%s: a link was followed: %v", name, err)
		}
		if _, err := os.Lstat(victim); !os.IsNotExist(err) {
			t.Fatalf("%s: the link's target was created", name)
		}
	}
	shared := filepath.Join(dir, "shared")
	os.Mkdir(shared, 0o700)
	os.Chmod(shared, 0o777)
	if _, err := OpenDir(shared); err == nil || !strings.Contains(err.Error(), "chmod 700 "+shared) {
		t.Fatalf("a folder anyone may write was used: %v", err)
	}
	// Under a folder others may write that is not sticky: refused, naming that folder.
	if _, err := OpenDir(filepath.Join(shared, "state")); err == nil || !strings.Contains(err.Error(), shared+", may be written by other users") {
		t.Fatalf("a folder under a world-writable one was used: %v", err)
	}
	// Sticky, as /tmp is: fine.
	os.Chmod(shared, 0o777|os.ModeSticky)
	if d, err := OpenDir(filepath.Join(shared, "state")); err != nil {
		t.Fatalf("a folder under a sticky one was refused: %v", err)
	} else {
		d.Close()
	}
	// A sub-folder replaced by a link is refused.
	os.Mkdir(filepath.Join(dir, "elsewhere"), 0o700)
	os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "state", "acme"))
	if _, err := OpenDir(filepath.Join(dir, "state"), "acme"); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("a linked sub-folder was used: %v", err)
	}
	// The normal case works, and the lock excludes a second holder.
	unlock, err := state.Lock(context.Background(), "ok.lock", "the lock", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := state.Lock(context.Background(), "ok.lock", "the lock", 100*time.Millisecond); err == nil {
		t.Fatal("a held lock was taken twice")
	}
	unlock()
	if u, err := state.Lock(context.Background(), "ok.lock", "the lock", 100*time.Millisecond); err != nil {
		t.Fatalf("a released lock could not be taken: %v", err)
	} else {
		u()
	}
}

// Once opened, the folder is the one that was checked: swapping it for a link to a forged one
// changes nothing that bankctl reads or writes.
func TestSwappedFolderIsNotFollowed(t *testing.T) {
	skipWindows(t)
	dir := t.TempDir()
	d, err := OpenDir(filepath.Join(dir, "state"), "default")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.WriteFileAtomic("journal", []byte("real\n")); err != nil {
		t.Fatal(err)
	}
	forged := filepath.Join(dir, "forged")
	os.Mkdir(forged, 0o700)
	os.WriteFile(filepath.Join(forged, "journal"), []byte("forged\n"), 0o600)
	if err := os.Rename(d.Path, filepath.Join(dir, "state", "moved")); err != nil {
		t.Fatal(err)
	}
	os.Symlink(forged, d.Path)
	data, err := d.ReadFile("journal")
	if err != nil || string(data) != "real\n" {
		t.Fatalf("read %q, %v: the swapped-in folder was read", data, err)
	}
	if _, err := OpenDir(filepath.Join(dir, "state"), "default"); err == nil {
		t.Fatal("opening again went through the link")
	}
}

// Folders and files of another user are refused, naming them (needs root to make them).
func TestAnotherUsersFolderIsRefused(t *testing.T) {
	skipWindows(t)
	if os.Getuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI runs as root so that this test can give a folder to another user")
		}
		t.Skip("only root can give a folder to another user: run as root (CI does)")
	}
	dir := t.TempDir()
	planted := filepath.Join(dir, "shared-state")
	os.Mkdir(planted, 0o700)
	os.Chown(planted, 65534, 65534)
	_, err := OpenDir(planted)
	var fe *FolderError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), planted) || !strings.Contains(err.Error(), "belongs to another user") {
		t.Fatalf("a folder another user made was used: %v", err)
	}
	// Its parent is another user's: the folder below it is refused too.
	_, err = OpenDir(filepath.Join(planted, "mine"))
	if err == nil || !strings.Contains(err.Error(), "the folder above it, "+planted+", belongs to another user") {
		t.Fatalf("a folder under another user's was used: %v", err)
	}
	// A file in our folder that another user owns is refused.
	d, err := OpenDir(filepath.Join(dir, "state"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	f, _ := d.Open("payments.jsonl", os.O_WRONLY|os.O_CREATE)
	f.Close()
	os.Chown(filepath.Join(d.Path, "payments.jsonl"), 65534, 65534)
	if _, err := d.Open("payments.jsonl", os.O_RDONLY); err == nil || !strings.Contains(err.Error(), "belongs to another user") {
		t.Fatalf("another user's file was read: %v", err)
	}
}
