// Package build holds what the release build stamps into the binary through -ldflags.
package build

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// Set with -ldflags "-X github.com/bankctl/bankctl/internal/build.Version=..." by goreleaser.
var (
	Version = "dev"
	Commit  = "none"
	Date    = "unknown"
)

var fillOnce sync.Once

// Info returns the version, commit and build date. A binary built by `go install module@v1.2.3`
// has no ldflags, so the module version and VCS stamp from its build info are used instead.
func Info() (version, commit, date string) {
	fillOnce.Do(func() {
		bi, ok := debug.ReadBuildInfo()
		if !ok {
			return
		}
		if Version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && Commit == "none":
				Commit = s.Value
			case s.Key == "vcs.time" && Date == "unknown":
				Date = s.Value
			}
		}
	})
	return Version, Commit, Date
}

// UserAgent names bankctl and its version in every HTTP request, so bank operators can tell it apart.
func UserAgent() string {
	v, _, _ := Info()
	return fmt.Sprintf("bankctl/%s (%s/%s)", v, runtime.GOOS, runtime.GOARCH)
}
