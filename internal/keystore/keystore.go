// Package keystore keeps bankctl's secrets: in the OS keyring through go-keyring, or, only when
// the user opts in, in a plain file with mode 0600.
//
// Items live under service "bankctl", one per profile and kind: "<profile>/ibank",
// "<profile>/tid", "<profile>/tid-client-secret", "<profile>/tbusiness".
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
	KindTBusiness       = "tbusiness"
	KindTBusinessCert   = "tbusiness-cert" // the client certificate and key for T-API's secured host
)

// Kinds lists every kind of secret a profile may hold.
var Kinds = []string{KindIBank, KindTID, KindTIDClientSecret, KindTBusiness, KindTBusinessCert}

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
	return fmt.Sprintf("cannot use the OS keyring: %v", e.Cause)
}

// Suggestions are the ways out: a plain file the user opts into, or the secret in the
// environment. bankctl never falls back to a plain file without being asked.
func (e *UnavailableError) Suggestions() []string {
	out := []string{fmt.Sprintf("keep secrets in a plain file (mode 0600, %s): set BANKCTL_KEYRING=file, or pass --insecure-storage to `bankctl login`, `bankctl tbusiness login`, `bankctl tbusiness cert import` or `bankctl tid login`", e.FilePath)}
	switch e.Key.Kind {
	case KindIBank:
		out = append(out, "or pass the token in BANKCTL_IBANK_TOKEN")
	case KindTBusiness:
		out = append(out, "or pass the token in BANKCTL_TBUSINESS_TOKEN")
	case KindTIDClientSecret:
		out = append(out, "or pass the client secret in BANKCTL_TID_CLIENT_SECRET")
	default:
		out = append(out, "or pass the secrets in BANKCTL_IBANK_TOKEN, BANKCTL_TBUSINESS_TOKEN and BANKCTL_TID_CLIENT_SECRET")
	}
	return out
}

func (e *UnavailableError) Unwrap() error { return e.Cause }
