// Package config reads and writes bankctl's YAML config file, and holds the one table of
// settings (settings.go) from which flags, environment variables, `bankctl config` and the docs
// are all built. The file never holds a secret.
//
// The file is written whole from the File struct, atomically and with mode 0600, so that a
// value that came from a flag or the environment can never land in it by accident, and a
// failed write leaves the old file as it was.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/bankctl/bankctl/internal/fsutil"
)

// DefaultProfile is used when neither a flag, the environment nor the file names one.
const DefaultProfile = "default"

// File is the whole config file.
type File struct {
	CurrentProfile string              `yaml:"current_profile,omitempty"`
	Output         string              `yaml:"output,omitempty"`
	Timeout        string              `yaml:"timeout,omitempty"`
	CAFile         string              `yaml:"ca_file,omitempty"`
	Keyring        string              `yaml:"keyring,omitempty"`
	Profiles       map[string]*Profile `yaml:"profiles,omitempty"`

	path   string
	exists bool
	lines  map[string]int // "<profile>\x00<key>" (profile empty for global keys) → line of the value
}

// Profile is one named set of bank settings.
type Profile struct {
	IBank     IBank     `yaml:"ibank,omitempty"`
	TID       TID       `yaml:"tid,omitempty"`
	TBusiness TBusiness `yaml:"tbusiness,omitempty"`
}

// IBank holds a profile's iBank settings.
type IBank struct {
	URL string `yaml:"url,omitempty"`
}

// TID holds a profile's T-ID settings.
type TID struct {
	URL         string `yaml:"url,omitempty"`
	ClientID    string `yaml:"client_id,omitempty"`
	RedirectURI string `yaml:"redirect_uri,omitempty"`
	INN         string `yaml:"inn,omitempty"`
	KPP         string `yaml:"kpp,omitempty"`
}

// TBusiness holds a profile's T-Business settings.
type TBusiness struct {
	URL        string `yaml:"url,omitempty"`
	Account    string `yaml:"account,omitempty"`
	SecuredURL string `yaml:"secured_url,omitempty"`
}

// DefaultPath is $XDG_CONFIG_HOME/bankctl/config.yaml, or the OS's equivalent.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("could not find the config folder: %w (set BANKCTL_CONFIG)", err)
	}
	return filepath.Join(dir, "bankctl", "config.yaml"), nil
}

// ParseError is a malformed config file: it names the file and, when known, the line.
type ParseError struct {
	Path string
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("config file %s, line %d: %s (fix or remove the file; nothing was changed)", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("config file %s: %s (fix or remove the file; nothing was changed)", e.Path, e.Msg)
}

// Load reads the file at path. A missing file is an empty config, not an error. Every key and
// value is checked here, so a mistake is reported with its line before anything runs.
func Load(path string) (*File, error) {
	f := &File{path: path, lines: map[string]int{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read config file %s: %w", path, err)
	}
	f.exists = true
	if len(bytes.TrimSpace(data)) == 0 {
		return f, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(path, err)
	}
	if len(doc.Content) == 0 {
		return f, nil
	}
	if err := f.load(doc.Content[0]); err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.Path = path
		}
		return nil, err
	}
	return f, nil
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`) })

// syntaxError words a YAML syntax error with its line.
func syntaxError(path string, err error) error {
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		var line int
		fmt.Sscanf(m[1], "%d", &line)
		if strings.HasPrefix(m[2], "did not find expected") {
			// yaml.v3 reports its parser's errors at the 0-based line where the unclosed
			// list, mapping or block began; its scanner's errors are 1-based already.
			line++
		}
		return &ParseError{Path: path, Line: line, Msg: "not valid YAML: " + m[2]}
	}
	return &ParseError{Path: path, Msg: "not valid YAML: " + msg}
}

// Line is the line of the file that set key (for profile, when the key is per profile), or 0.
func (f *File) Line(key, profile string) int {
	if s, err := Lookup(key); err == nil && !s.Profiled {
		profile = ""
	}
	return f.lines[profile+"\x00"+key]
}

// Path is where the file lives.
func (f *File) Path() string { return f.path }

// Exists reports whether the file was there when it was loaded.
func (f *File) Exists() bool { return f.exists }

var profileName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`) })

// ProfileFlag is " -p NAME" for the commands an error suggests, or "" for the default profile.
func ProfileFlag(p string) string {
	if p == DefaultProfile || p == "" {
		return ""
	}
	return " -p " + p
}

// ProfileNote is ` for profile "NAME"`, or "" for the default profile.
func ProfileNote(p string) string {
	if p == DefaultProfile || p == "" {
		return ""
	}
	return fmt.Sprintf(" for profile %q", p)
}

// ValidateProfileName checks a profile name against ^[a-z0-9][a-z0-9_-]*$.
func ValidateProfileName(name string) error {
	if !profileName().MatchString(name) || len(name) > 64 {
		return fmt.Errorf("invalid profile name %q: use lower-case letters, digits, '-' and '_', starting with a letter or digit", name)
	}
	return nil
}

// Profile returns the named profile, or nil.
func (f *File) Profile(name string) *Profile { return f.Profiles[name] }

// EnsureProfile returns the named profile, creating it.
func (f *File) EnsureProfile(name string) *Profile {
	if f.Profiles == nil {
		f.Profiles = map[string]*Profile{}
	}
	p := f.Profiles[name]
	if p == nil {
		p = &Profile{}
		f.Profiles[name] = p
	}
	return p
}

// ProfileNames lists the profiles in the file, sorted.
func (f *File) ProfileNames() []string {
	names := make([]string, 0, len(f.Profiles))
	for n := range f.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Save writes the file atomically: a temporary file beside it, synced, then renamed over it.
// The folder is created with mode 0700 and the file has mode 0600.
func (f *File) Save() error {
	data, err := yaml.Marshal(f)
	if err != nil {
		return fmt.Errorf("could not encode the config: %w", err)
	}
	if err := fsutil.WriteFileAtomic(f.path, data); err != nil {
		return fmt.Errorf("could not save config file %s: %w", f.path, err)
	}
	f.exists = true
	return nil
}
