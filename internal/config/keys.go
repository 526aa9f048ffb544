package config

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Key is one setting that `bankctl config` can get, set and unset.
type Key struct {
	Name     string
	Profiled bool // lives under profiles.<name>, not at the top
	Help     string
	Check    func(string) error
	field    func(f *File, p *Profile) *string
}

// Keys are the settings the file may hold, in the order they are listed.
var Keys = []Key{
	{Name: "current_profile", Help: "profile used when none is named", Check: ValidateProfileName,
		field: func(f *File, _ *Profile) *string { return &f.CurrentProfile }},
	{Name: "output", Help: "default output format: table, json or yaml", Check: checkOutput,
		field: func(f *File, _ *Profile) *string { return &f.Output }},
	{Name: "timeout", Help: "per-request timeout, e.g. 30s", Check: checkDuration,
		field: func(f *File, _ *Profile) *string { return &f.Timeout }},
	{Name: "ca_file", Help: "extra PEM root CAs", field: func(f *File, _ *Profile) *string { return &f.CAFile }},
	{Name: "keyring", Help: "where secrets go: system or file", Check: checkKeyring,
		field: func(f *File, _ *Profile) *string { return &f.Keyring }},
	{Name: "ibank.url", Profiled: true, Help: "iBank API base URL", Check: checkURL,
		field: func(_ *File, p *Profile) *string { return &p.IBank.URL }},
	{Name: "tid.url", Profiled: true, Help: "T-ID base URL", Check: checkURL,
		field: func(_ *File, p *Profile) *string { return &p.TID.URL }},
	{Name: "tid.client_id", Profiled: true, Help: "T-ID partner client_id",
		field: func(_ *File, p *Profile) *string { return &p.TID.ClientID }},
	{Name: "tid.redirect_uri", Profiled: true, Help: "redirect URI registered with T-ID", Check: checkURL,
		field: func(_ *File, p *Profile) *string { return &p.TID.RedirectURI }},
	{Name: "tid.inn", Profiled: true, Help: "company INN sent as scope_parameters", Check: checkINN,
		field: func(_ *File, p *Profile) *string { return &p.TID.INN }},
	{Name: "tid.kpp", Profiled: true, Help: "company KPP sent as scope_parameters (0 when none)", Check: checkKPP,
		field: func(_ *File, p *Profile) *string { return &p.TID.KPP }},
}

// LookupKey finds a key by name.
func LookupKey(name string) (Key, error) {
	for _, k := range Keys {
		if k.Name == name {
			return k, nil
		}
	}
	names := make([]string, len(Keys))
	for i, k := range Keys {
		names[i] = k.Name
	}
	return Key{}, fmt.Errorf("unknown config key %q: known keys are %s", name, strings.Join(names, ", "))
}

// Get returns a key's value for the profile, and whether it is set.
func (f *File) Get(k Key, profile string) (string, bool) {
	p := f.Profile(profile)
	if k.Profiled && p == nil {
		return "", false
	}
	if p == nil {
		p = &Profile{}
	}
	v := *k.field(f, p)
	return v, v != ""
}

// Set changes a key's value for the profile after checking it.
func (f *File) Set(k Key, profile, value string) error {
	if k.Check != nil {
		if err := k.Check(value); err != nil {
			return err
		}
	}
	var p *Profile
	if k.Profiled {
		p = f.EnsureProfile(profile)
	}
	*k.field(f, p) = value
	return nil
}

// Unset clears a key for the profile.
func (f *File) Unset(k Key, profile string) {
	p := f.Profile(profile)
	if k.Profiled && p == nil {
		return
	}
	*k.field(f, p) = ""
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

func checkOutput(v string) error {
	switch v {
	case "table", "json", "yaml":
		return nil
	}
	return fmt.Errorf("invalid output format %q: use table, json or yaml", v)
}

func checkDuration(v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return fmt.Errorf("invalid duration %q: use a positive value such as 30s or 2m", v)
	}
	return nil
}

func checkKeyring(v string) error {
	if v != "system" && v != "file" {
		return fmt.Errorf("invalid keyring %q: use system or file", v)
	}
	return nil
}

func checkURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("invalid URL %q: use an absolute http(s) URL such as https://ibank.bankname.ru/api", v)
	}
	return nil
}

var digits = regexp.MustCompile(`^[0-9]+$`)

func checkINN(v string) error {
	if !digits.MatchString(v) || (len(v) != 10 && len(v) != 12) {
		return fmt.Errorf("invalid INN %q: use 10 digits (a company) or 12 (a sole trader)", v)
	}
	return nil
}

func checkKPP(v string) error {
	if v != "0" && (!digits.MatchString(v) || len(v) != 9) {
		return fmt.Errorf("invalid KPP %q: use 9 digits, or 0 when the company has none", v)
	}
	return nil
}

// CheckINN validates an INN given on the command line.
func CheckINN(v string) error { return checkINN(v) }

// CheckKPP validates a KPP given on the command line.
func CheckKPP(v string) error { return checkKPP(v) }
