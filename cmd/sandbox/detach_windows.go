//go:build windows

package sandbox

import (
	"os/exec"
	"syscall"
)

// detachAttrs starts the background sandbox in a process group of its own.
func detachAttrs(c *exec.Cmd) {
	c.SysProcAttr = &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}
