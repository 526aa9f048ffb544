package keystore

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// DefaultTimeout bounds each keyring call: a locked keyring may wait forever for an unlock
// prompt nobody will see.
const DefaultTimeout = 5 * time.Second

// Keyring is the OS keyring (Secret Service, macOS Keychain, Windows Credential Manager).
type Keyring struct {
	Timeout  time.Duration
	FilePath string // named in UnavailableError as the way out
}

// Get reads a secret.
func (k *Keyring) Get(key Key) (string, error) {
	var v string
	err := k.call(key, func() (err error) {
		v, err = keyring.Get(Service, key.String())
		return err
	})
	return v, err
}

// Set stores a secret.
func (k *Keyring) Set(key Key, secret string) error {
	return k.call(key, func() error { return keyring.Set(Service, key.String(), secret) })
}

// Delete removes a secret.
func (k *Keyring) Delete(key Key) error {
	err := k.call(key, func() error { return keyring.Delete(Service, key.String()) })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Where describes the keyring.
func (k *Keyring) Where() string { return "OS keyring" }

// call runs fn with a deadline. go-keyring's calls take no context, so a call that overruns is
// left behind in its goroutine; the process ends soon after anyway.
func (k *Keyring) call(key Key, fn func() error) error {
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if err := sessionBus(); err != nil {
		return &UnavailableError{Cause: err, Key: key, FilePath: k.FilePath}
	}
	done := make(chan error, 1)
	go func() { done <- fn() }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		switch {
		case err == nil:
			return nil
		case errors.Is(err, keyring.ErrNotFound):
			return fmt.Errorf("%s: %w", key, ErrNotFound)
		case errors.Is(err, keyring.ErrSetDataTooBig):
			return &UnavailableError{Cause: errors.New("the secret is larger than this OS keyring keeps in one item (Windows: 2560 bytes, too few for a certificate and its key)"), Key: key, FilePath: k.FilePath}
		case strings.Contains(err.Error(), "unlock"):
			return &UnavailableError{Cause: fmt.Errorf("the keyring is locked (%v)", err), Key: key, FilePath: k.FilePath}
		default:
			return &UnavailableError{Cause: err, Key: key, FilePath: k.FilePath}
		}
	case <-timer.C:
		return &UnavailableError{Cause: fmt.Errorf("no answer within %s (is it locked?)", timeout), Key: key, FilePath: k.FilePath}
	}
}
