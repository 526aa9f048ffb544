package fsutil

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// PrivateDir makes sure dir exists as bankctl's own folder: created with mode 0700, and when it
// was already there, a real folder (not a link) that no other user may write to and, on Unix,
// owned by this user. Lock and state files live only in such folders.
func PrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("could not create %s: %w", dir, err)
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	switch {
	case st.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link: bankctl keeps its state only in a real folder", dir)
	case !st.IsDir():
		return fmt.Errorf("%s is not a folder", dir)
	case st.Mode().Perm()&0o022 != 0:
		return fmt.Errorf("%s may be written by other users (mode %04o): run `chmod 700 %s`", dir, st.Mode().Perm(), dir)
	case !ownedByMe(st):
		return fmt.Errorf("%s belongs to another user: bankctl keeps its state only in a folder of its own", dir)
	}
	return nil
}

// OpenPrivate opens (creating with mode 0600) a file in a PrivateDir without following a
// symbolic link in its place: someone who could plant one must not make bankctl write elsewhere.
func OpenPrivate(path string, flag int) (*os.File, error) {
	if err := PrivateDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, flag|os.O_CREATE|noFollow, 0o600)
	if err != nil {
		if isLoop(err) {
			return nil, fmt.Errorf("%s is a symbolic link: refusing to open it", path)
		}
		return nil, err
	}
	return f, nil
}

// Lock takes an exclusive lock on the file at path (in a PrivateDir, opened without following a
// link), waiting up to wait. what names the lock in errors. The returned func releases it.
func Lock(ctx context.Context, path, what string, wait time.Duration) (func(), error) {
	if err := PrivateDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	l := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR|noFollow), flock.SetPermissions(0o600))
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	ok, err := l.TryLockContext(ctx, 25*time.Millisecond)
	switch {
	case err != nil && isLoop(err):
		return nil, fmt.Errorf("%s is a symbolic link: refusing to use it as %s", path, what)
	case errors.Is(err, context.DeadlineExceeded) || (err == nil && !ok):
		return nil, fmt.Errorf("could not take %s within %s (another bankctl holds it?)", what, wait)
	case err != nil:
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, fmt.Errorf("could not take %s: %w", what, err)
	}
	return func() { l.Unlock() }, nil
}
