package keystore

import (
	"errors"
	"fmt"
	"time"
)

// Where a secret was found, as GetWithSource reports it.
const (
	SourceKeyring = "keyring"
	SourceFile    = "file"
)

// Modes of storage, as BANKCTL_KEYRING or the config's keyring key name them.
const (
	ModeSystem = "system"
	ModeFile   = "file"
)

// CheckMode validates a keyring mode: system or file.
func CheckMode(mode string) error {
	if mode != ModeSystem && mode != ModeFile {
		return fmt.Errorf("invalid keyring mode %q: use system or file", mode)
	}
	return nil
}

// Open returns the store for a mode. In system mode secrets are written to the OS keyring only;
// reads also look in the file store, because a secret is there only if the user put it there
// with --insecure-storage, and they expect to use it afterwards.
func Open(mode, filePath string, timeout time.Duration) (Store, error) {
	file := &File{Path: filePath}
	switch mode {
	case "", ModeSystem:
		return &System{Keyring: &Keyring{Timeout: timeout, FilePath: filePath}, File: file}, nil
	case ModeFile:
		return file, nil
	}
	return nil, fmt.Errorf("invalid keyring mode %q: use system or file", mode)
}

// System is the OS keyring, with the opt-in file store read as well.
type System struct {
	Keyring *Keyring
	File    *File
}

// Get reads from the keyring, then from the file the user opted into.
func (s *System) Get(key Key) (string, error) {
	v, _, err := s.GetWithSource(key)
	return v, err
}

// GetWithSource is Get that also says where the secret was: "keyring" or "file".
func (s *System) GetWithSource(key Key) (string, string, error) {
	v, err := s.Keyring.Get(key)
	if err == nil {
		return v, SourceKeyring, nil
	}
	if fv, ferr := s.File.Get(key); ferr == nil {
		return fv, SourceFile, nil
	}
	return "", "", err
}

// Set writes to the keyring and, once that worked, removes any plain-text copy.
func (s *System) Set(key Key, secret string) error {
	if err := s.Keyring.Set(key, secret); err != nil {
		return err
	}
	_ = s.File.Delete(key)
	return nil
}

// Delete removes the secret from both places. When the keyring cannot be reached but the
// secret was in the file, the secret is gone and that is success.
func (s *System) Delete(key Key) error {
	_, inFile := s.File.Get(key)
	ferr := s.File.Delete(key)
	kerr := s.Keyring.Delete(key)
	var unavailable *UnavailableError
	if errors.As(kerr, &unavailable) && inFile == nil && ferr == nil {
		return nil
	}
	return errors.Join(kerr, ferr)
}

// Where describes the keyring.
func (s *System) Where() string { return s.Keyring.Where() }

// GetWithSource reads a secret and says where it was found: "keyring" or "file".
func GetWithSource(store Store, key Key) (string, string, error) {
	if sys, ok := store.(*System); ok {
		return sys.GetWithSource(key)
	}
	v, err := store.Get(key)
	return v, SourceFile, err
}
