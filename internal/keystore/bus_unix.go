//go:build unix && !darwin

package keystore

import (
	"errors"
	"fmt"
	"os"
)

// sessionBus checks that a D-Bus session exists before go-keyring looks for the Secret Service.
// Without one, godbus would start a bus of its own with dbus-launch: a dbus-daemon and a
// gnome-keyring-daemon that outlive bankctl, and a keyring nobody can unlock ("locked").
// godbus itself finds /run/user/<uid>/bus when the variable is unset.
func sessionBus() error {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return nil
	}
	if st, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err == nil && st.Mode()&os.ModeSocket != 0 {
		return nil
	}
	return errNoBus
}

var errNoBus = errors.New("no Secret Service: no D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset and there is no /run/user/<uid>/bus)")

// HasSessionBus reports whether a Secret Service could be reached at all, without starting one.
func HasSessionBus() bool { return sessionBus() == nil }
