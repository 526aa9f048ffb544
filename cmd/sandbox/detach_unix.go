//go:build unix

package sandbox

import (
	"os/exec"
	"syscall"
)

// detachAttrs puts the background sandbox in a session of its own: closing the terminal does
// not stop it; `kill "$BANKCTL_SANDBOX_PID"` does.
func detachAttrs(c *exec.Cmd) { c.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }
