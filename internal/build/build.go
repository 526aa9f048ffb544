// Package build holds what the release build stamps into the binary through -ldflags.
package build

import (
	"fmt"
	"runtime"
)

// Set with -ldflags "-X github.com/bankctl/bankctl/internal/build.Version=..." by goreleaser.
var (
	Version = "dev"
	Commit  = "none"
	Date    = "unknown"
)

// UserAgent names bankctl and its version in every HTTP request, so bank operators can tell it apart.
func UserAgent() string {
	return fmt.Sprintf("bankctl/%s (%s/%s)", Version, runtime.GOOS, runtime.GOARCH)
}
