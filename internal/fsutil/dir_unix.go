//go:build unix

package fsutil

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

type dirHandle struct {
	fd   int
	path string
}

// openRoot checks the folder at abs and every folder above it, then opens it.
func openRoot(abs string) (*Dir, error) {
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	me := uint32(os.Getuid())
	for p := filepath.Dir(real); ; p = filepath.Dir(p) {
		var st unix.Stat_t
		if err := unix.Lstat(p, &st); err != nil {
			return nil, fmt.Errorf("could not check %s: %w", p, err)
		}
		switch {
		case st.Uid != me && st.Uid != 0:
			return nil, &FolderError{abs, fmt.Sprintf("the folder above it, %s, belongs to another user (uid %d), who could replace it", p, st.Uid),
				"keep bankctl's state and secrets under a folder of your own"}
		case st.Mode&0o022 != 0 && st.Mode&unix.S_ISVTX == 0:
			return nil, &FolderError{abs, fmt.Sprintf("the folder above it, %s, may be written by other users (mode %04o) and is not sticky, so they could replace it", p, st.Mode&0o7777),
				fmt.Sprintf("run `chmod go-w %s`, or keep bankctl's files elsewhere", p)}
		}
		if p == filepath.Dir(p) {
			break
		}
	}
	fd, err := unix.Open(real, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, explainErr(abs, err)
	}
	if err := checkFolder(fd, abs); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return &Dir{Path: abs, h: dirHandle{fd, real}}, nil
}

// checkFolder: owned by this user, writable by nobody else.
func checkFolder(fd int, path string) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFDIR:
		return &FolderError{path, "it is not a folder", ""}
	case st.Uid != uint32(os.Getuid()):
		return &FolderError{path, fmt.Sprintf("it belongs to another user (uid %d), who could move its files away or replace them", st.Uid),
			"remove it or choose another folder: bankctl keeps its files only in a folder of its own"}
	case st.Mode&0o022 != 0:
		return &FolderError{path, fmt.Sprintf("other users may write in it (mode %04o)", st.Mode&0o7777), fmt.Sprintf("run `chmod 700 %s`", path)}
	}
	return nil
}

func (h dirHandle) sub(name string) (dirHandle, error) {
	if err := unix.Mkdirat(h.fd, name, 0o700); err != nil && !errors.Is(err, unix.EEXIST) {
		return dirHandle{}, err
	}
	fd, err := unix.Openat(h.fd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		var st unix.Stat_t
		if errors.Is(err, unix.ENOTDIR) && unix.Fstatat(h.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK {
			err = unix.ELOOP // Linux says "not a folder" for a link opened with O_DIRECTORY|O_NOFOLLOW
		}
		return dirHandle{}, err
	}
	if err := checkFolder(fd, filepath.Join(h.path, name)); err != nil {
		unix.Close(fd)
		return dirHandle{}, err
	}
	return dirHandle{fd, filepath.Join(h.path, name)}, nil
}

func (h dirHandle) open(name string, flag int) (*os.File, error) {
	fd, err := unix.Openat(h.fd, name, flag|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, err
	}
	path := filepath.Join(h.path, name)
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		unix.Close(fd)
		return nil, fmt.Errorf("%s is not a regular file", path)
	case st.Uid != uint32(os.Getuid()):
		unix.Close(fd)
		return nil, fmt.Errorf("%s belongs to another user (uid %d)", path, st.Uid)
	}
	return os.NewFile(uintptr(fd), path), nil
}

func (h dirHandle) rename(from, to string) error { return unix.Renameat(h.fd, from, h.fd, to) }
func (h dirHandle) remove(name string) error     { return unix.Unlinkat(h.fd, name, 0) }
func (h dirHandle) sync() error                  { return unix.Fsync(h.fd) }
func (h dirHandle) close() error                 { return unix.Close(h.fd) }

func (d *Dir) explain(name string, err error) error {
	var fe *FolderError
	if errors.As(err, &fe) {
		return err
	}
	return explainErr(filepath.Join(d.Path, name), err)
}

func explainErr(path string, err error) error {
	switch {
	case errors.Is(err, unix.ELOOP), errors.Is(err, unix.EMLINK):
		return &FolderError{path, "it is a symbolic link", "bankctl opens its files only in place, never through a link: remove the link"}
	case errors.Is(err, unix.ENOTDIR):
		return &FolderError{path, "it is not a folder", ""}
	case errors.Is(err, unix.ENOENT):
		return &os.PathError{Op: "open", Path: path, Err: os.ErrNotExist}
	}
	return &os.PathError{Op: "open", Path: path, Err: err}
}

func tryLock(f *os.File) (bool, error) {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

func unlock(f *os.File) { unix.Flock(int(f.Fd()), unix.LOCK_UN) }
