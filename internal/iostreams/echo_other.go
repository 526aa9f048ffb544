//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package iostreams

// echoOff does nothing here: x/term's ReadPassword turns echo off as it starts reading.
func echoOff(int) {}
