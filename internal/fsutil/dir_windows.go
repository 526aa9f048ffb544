//go:build windows

package fsutil

import (
	"errors"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// On Windows a folder's access list is the OS's to keep: the folder is used by its path.
type dirHandle struct{ path string }

func openRoot(abs string) (*Dir, error) {
	st, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, &FolderError{abs, "it is not a folder", ""}
	}
	return &Dir{Path: abs, h: dirHandle{abs}}, nil
}

func (h dirHandle) sub(name string) (dirHandle, error) {
	p := filepath.Join(h.path, name)
	if err := os.Mkdir(p, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return dirHandle{}, err
	}
	return dirHandle{p}, nil
}

func (h dirHandle) open(name string, flag int) (*os.File, error) {
	return os.OpenFile(filepath.Join(h.path, name), flag, 0o600)
}

func (h dirHandle) rename(from, to string) error {
	return os.Rename(filepath.Join(h.path, from), filepath.Join(h.path, to))
}
func (h dirHandle) remove(name string) error { return os.Remove(filepath.Join(h.path, name)) }
func (h dirHandle) sync() error              { return nil }
func (h dirHandle) close() error             { return nil }

func (d *Dir) explain(name string, err error) error { return err }

func tryLock(f *os.File) (bool, error) {
	ol := new(windows.Overlapped)
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}

func unlock(f *os.File) {
	windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
}
