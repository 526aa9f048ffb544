// Package config reads and writes bankctl's YAML config file. It never holds a secret.
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
	"strings"

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
}

// Profile is one named set of bank settings.
type Profile struct {
	IBank IBank `yaml:"ibank,omitempty"`
	TID   TID   `yaml:"tid,omitempty"`
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

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// Load reads the file at path. A missing file is an empty config, not an error.
func Load(path string) (*File, error) {
	f := &File{path: path}
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
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(f); err != nil {
		return nil, parseError(path, err)
	}
	if err := f.validate(); err != nil {
		return nil, &ParseError{Path: path, Msg: err.Error()}
	}
	return f, nil
}

func parseError(path string, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		var line int
		fmt.Sscanf(m[1], "%d", &line)
		return &ParseError{Path: path, Line: line, Msg: m[2]}
	}
	return &ParseError{Path: path, Msg: msg}
}

func (f *File) validate() error {
	for name := range f.Profiles {
		if err := ValidateProfileName(name); err != nil {
			return err
		}
	}
	if f.CurrentProfile != "" {
		return ValidateProfileName(f.CurrentProfile)
	}
	return nil
}

// Path is where the file lives.
func (f *File) Path() string { return f.path }

// Exists reports whether the file was there when it was loaded.
func (f *File) Exists() bool { return f.exists }

var profileName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// ValidateProfileName checks a profile name against ^[a-z0-9][a-z0-9_-]*$.
func ValidateProfileName(name string) error {
	if !profileName.MatchString(name) || len(name) > 64 {
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
