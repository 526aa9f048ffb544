// Package loopback says whether a host is this machine: plain http, the sandbox and the T-ID
// redirect listener are allowed only there.
package loopback

import (
	"net"
	"strings"
)

// Host reports whether host is "localhost" or a loopback address (127.0.0.0/8, ::1).
func Host(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
