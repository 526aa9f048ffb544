//go:build !unix || darwin

package keystore

// macOS and Windows keep their keyrings without D-Bus.
func sessionBus() error { return nil }

// HasSessionBus reports whether a Secret Service could be reached at all, without starting one.
func HasSessionBus() bool { return true }
