package keystore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/bankctl/bankctl/internal/fsutil"
)

// File keeps secrets in a JSON file with mode 0600. It is used only when the user asks for it
// (--insecure-storage, BANKCTL_KEYRING=file), never as a silent fallback.
type File struct {
	Path string
}

// DefaultFilePath is $XDG_DATA_HOME/bankctl/secrets.json (~/.local/share on Unix), or beside the
// config on systems without that convention. It is deliberately not the config file.
func DefaultFilePath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "bankctl", "secrets.json"), nil
	}
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd" {
		home, err := os.UserHomeDir()
		if err == nil {
			return filepath.Join(home, ".local", "share", "bankctl", "secrets.json"), nil
		}
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "bankctl", "secrets.json"), nil
}

// Get reads a secret.
func (f *File) Get(key Key) (string, error) {
	m, err := f.read()
	if err != nil {
		return "", err
	}
	v, ok := m[key.String()]
	if !ok {
		return "", fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	return v, nil
}

// Set stores a secret.
func (f *File) Set(key Key, secret string) error {
	return f.update(func(m map[string]string) { m[key.String()] = secret })
}

// Delete removes a secret.
func (f *File) Delete(key Key) error {
	if _, err := os.Stat(f.Path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return f.update(func(m map[string]string) { delete(m, key.String()) })
}

// Where names the file.
func (f *File) Where() string { return "file " + f.Path }

func (f *File) read() (map[string]string, error) {
	if _, err := os.Stat(f.Path); errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	d, err := f.dir()
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return f.readIn(d)
}

// dir is the secrets file's folder, checked as bankctl's state folder is: owned by this user,
// writable by nobody else, its parents safe (fsutil.OpenDir).
func (f *File) dir() (*fsutil.Dir, error) {
	d, err := fsutil.OpenDir(filepath.Dir(f.Path))
	if err != nil {
		return nil, fmt.Errorf("the secrets file's folder: %w", err)
	}
	return d, nil
}

func (f *File) readIn(d *fsutil.Dir) (map[string]string, error) {
	data, err := d.ReadFile(filepath.Base(f.Path))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the secrets file: %w", err)
	}
	m := map[string]string{}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("secrets file %s is damaged: %v (remove it and log in again)", f.Path, err)
		}
	}
	return m, nil
}

// update is a read-modify-write under a lock, so two bankctl processes never lose each other's
// secrets, and the atomic rename means a reader never sees a torn file.
func (f *File) update(change func(map[string]string)) error {
	d, err := f.dir()
	if err != nil {
		return err
	}
	defer d.Close()
	unlock, err := d.Lock(context.Background(), filepath.Base(f.Path)+".lock", "the secrets file's lock", 30*time.Second)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := f.readIn(d)
	if err != nil {
		return err
	}
	change(m)
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := d.WriteFileAtomic(filepath.Base(f.Path), data); err != nil {
		return fmt.Errorf("could not write the secrets file %s: %w", f.Path, err)
	}
	return nil
}
