//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package iostreams

import "golang.org/x/sys/unix"

// echoOff turns the terminal's echo off before a hidden prompt is shown, so nothing typed as
// soon as the prompt appears is echoed; Ctrl-C still interrupts (ISIG stays on).
func echoOff(fd int) {
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return
	}
	t.Lflag &^= unix.ECHO
	t.Lflag |= unix.ICANON | unix.ISIG
	unix.IoctlSetTermios(fd, ioctlSetTermios, t)
}
