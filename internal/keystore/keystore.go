// Package keystore keeps bankctl's secrets: in the OS keyring through go-keyring, or, only when
// the user opts in, in a plain file with mode 0600.
//
// Items live under service "bankctl", one per profile and kind: "<profile>/ibank",
// "<profile>/tid", "<profile>/tid-client-secret".
package keystore

import (
	"errors"
	"fmt"
)

// Service is the keyring service name of every item.
const Service = "bankctl"

// Kinds of secret.
const (
	KindIBank           = "ibank"
	KindTID             = "tid"
	KindTIDClientSecret = "tid-client-secret"
)

// ErrNotFound means no secret is stored under the key.
var ErrNotFound = errors.New("no secret stored")

// Key names one secret.
type Key struct {
	Profile string
	Kind    string
}

func (k Key) String() string { return k.Profile + "/" + k.Kind }

// Store keeps secrets.
type Store interface {
	// Get returns the secret, or an error wrapping ErrNotFound.
	Get(Key) (string, error)
	Set(Key, string) error
	// Delete removes the secret; deleting a missing one is not an error.
	Delete(Key) error
	// Where describes the storage for people: "OS keyring" or "file <path>".
	Where() string
}

// UnavailableError means the OS keyring cannot be used. Its message names the cause and both
// ways out, and bankctl never falls back to a plain file without being asked.
type UnavailableError struct {
	Cause    error
	Key      Key
	FilePath string
}

func (e *UnavailableError) Error() string {
	file := fmt.Sprintf("BANKCTL_KEYRING=file (%s, mode 0600)", e.FilePath)
	switch e.Key.Kind {
	case KindIBank:
		return fmt.Sprintf("cannot use the OS keyring: %v; either keep secrets in a plain file with --insecure-storage or %s, or pass the token in BANKCTL_IBANK_TOKEN", e.Cause, file)
	case KindTIDClientSecret:
		return fmt.Sprintf("cannot use the OS keyring: %v; either keep secrets in a plain file with %s, or pass the client secret in BANKCTL_TID_CLIENT_SECRET", e.Cause, file)
	}
	return fmt.Sprintf("cannot use the OS keyring: %v; to keep secrets in a plain file instead, set %s", e.Cause, file)
}

func (e *UnavailableError) Unwrap() error { return e.Cause }
