package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Setting is one thing bankctl can be told: by a global flag, an environment variable, the
// config file, or its default (that order of precedence). This table is the only place a
// setting is named: the root command's flags, the environment bindings, `bankctl config
// get/set/list`, `bankctl help environment` and the generated docs all come from it.
type Setting struct {
	Key      string   // name in the config file and for `bankctl config`; "" when the file may not hold it
	Flag     string   // global flag, "" when none
	Short    string   // one-letter flag
	Env      []string // environment variables, the first set one wins
	Default  string
	Help     string
	Profiled bool // lives under profiles.<name>
	Type     Type // of the flag
	Secret   bool // a secret: environment only, never in the file
	Check    func(string) error
	field    func(*File, *Profile) *string
	name     string // viper key for settings the file may not hold
}

// Type is a flag's type.
type Type uint8

// Flag types.
const (
	String Type = iota
	Bool
	Duration
)

// Name is the setting's key in bankctl's one viper instance.
func (s *Setting) Name() string {
	if s.Key != "" {
		return s.Key
	}
	return s.name
}

// Settings is every setting, in the order `help environment` lists them.
var Settings = []*Setting{
	{Key: "current_profile", Flag: "profile", Short: "p", Env: env("PROFILE"), Default: DefaultProfile, Check: ValidateProfileName,
		Help: "profile to use (default: current_profile from the config, else \"default\")", field: func(f *File, _ *Profile) *string { return &f.CurrentProfile }},
	{name: "config", Flag: "config", Env: env("CONFIG"), Help: "config file (default $XDG_CONFIG_HOME/bankctl/config.yaml)"},
	{Key: "output", Flag: "output", Short: "o", Env: env("OUTPUT"), Default: "table", Check: CheckFormat,
		Help: "output format: table (default), json or yaml; list commands add jsonl, csv and xlsx, statement adds 1c", field: func(f *File, _ *Profile) *string { return &f.Output }},
	{name: "jq", Flag: "jq", Help: "filter JSON output with a jq expression (on each item of a list)"},
	{name: "debug", Flag: "debug", Env: env("DEBUG"), Type: Bool, Help: "log each HTTP exchange to stderr, secrets redacted"},
	{Key: "timeout", Flag: "timeout", Env: env("TIMEOUT"), Default: "30s", Type: Duration, Check: checkDuration,
		Help: "per-request timeout", field: func(f *File, _ *Profile) *string { return &f.Timeout }},
	{Key: "ca_file", Flag: "ca-file", Env: env("CA_FILE"), Help: "extra PEM root CAs, added to the system pool",
		field: func(f *File, _ *Profile) *string { return &f.CAFile }},
	{Key: "ibank.url", Env: env("IBANK_URL"), Profiled: true, Check: checkURL, Help: "iBank API base URL, e.g. https://ibank.bankname.ru/api",
		field: func(_ *File, p *Profile) *string { return &p.IBank.URL }},
	{name: "ibank.token", Env: env("IBANK_TOKEN"), Secret: true, Help: "iBank token; beats the keyring (for CI)"},
	{Key: "tid.url", Env: env("TID_URL"), Profiled: true, Default: "https://id.tbank.ru", Check: checkURL, Help: "T-ID base URL",
		field: func(_ *File, p *Profile) *string { return &p.TID.URL }},
	{Key: "tid.client_id", Env: env("TID_CLIENT_ID"), Profiled: true, Help: "T-ID partner client_id",
		field: func(_ *File, p *Profile) *string { return &p.TID.ClientID }},
	{name: "tid.client_secret", Env: env("TID_CLIENT_SECRET"), Secret: true, Help: "T-ID partner client_secret; beats the keyring"},
	{Key: "tid.redirect_uri", Env: env("TID_REDIRECT_URI"), Profiled: true, Check: checkRedirectURI, Help: "redirect URI exactly as registered with T-ID",
		field: func(_ *File, p *Profile) *string { return &p.TID.RedirectURI }},
	{Key: "tid.inn", Env: env("TID_INN"), Profiled: true, Check: CheckINN, Help: "company INN sent as scope_parameters",
		field: func(_ *File, p *Profile) *string { return &p.TID.INN }},
	{Key: "tid.kpp", Env: env("TID_KPP"), Profiled: true, Check: CheckKPP, Help: "company KPP sent as scope_parameters (0 when none)",
		field: func(_ *File, p *Profile) *string { return &p.TID.KPP }},
	{Key: "tbusiness.url", Env: env("TBUSINESS_URL"), Profiled: true, Default: "https://business.tbank.ru/openapi", Check: checkURL,
		Help: "T-Business API base URL", field: func(_ *File, p *Profile) *string { return &p.TBusiness.URL }},
	{Key: "tbusiness.account", Env: env("TBUSINESS_ACCOUNT"), Profiled: true, Check: CheckAccount, Help: "default account for statement and payments",
		field: func(_ *File, p *Profile) *string { return &p.TBusiness.Account }},
	{Key: "tbusiness.secured_url", Env: env("TBUSINESS_SECURED_URL"), Profiled: true, Default: "https://secured-openapi.tbank.ru", Check: checkURL,
		Help:  "T-API's secured host, which takes the company's client certificate (tbusiness api --secured)",
		field: func(_ *File, p *Profile) *string { return &p.TBusiness.SecuredURL }},
	{name: "tbusiness.token", Env: env("TBUSINESS_TOKEN"), Secret: true, Help: "T-Business token; beats the keyring and the T-ID token (for CI)"},
	{name: "browser", Env: []string{"BANKCTL_BROWSER", "BROWSER"}, Help: "command that opens a URL (appended, or replacing %s)"},
	{Key: "keyring", Env: env("KEYRING"), Default: "system", Check: checkKeyring, Help: "where secrets go: system (the OS keyring) or file (a 0600 plain file)",
		field: func(f *File, _ *Profile) *string { return &f.Keyring }},
	{name: "secrets_file", Env: env("SECRETS_FILE"), Help: "that plain file (default $XDG_DATA_HOME/bankctl/secrets.json)"},
	{name: "keyring_timeout", Env: env("KEYRING_TIMEOUT"), Default: "5s", Check: checkDuration, Help: "deadline for each OS keyring call"},
	{name: "state_dir", Env: env("STATE_DIR"), Help: "payment journal, pacing state and locks (default $XDG_STATE_HOME/bankctl)"},
	{name: "no_color", Env: []string{"NO_COLOR"}, Help: "no colour"},
}

func env(name string) []string { return []string{"BANKCTL_" + name} }

// ConfigKeys are the settings the config file may hold, in table order.
func ConfigKeys() []*Setting {
	var out []*Setting
	for _, s := range Settings {
		if s.Key != "" {
			out = append(out, s)
		}
	}
	return out
}

// Lookup finds a config key by name.
func Lookup(key string) (*Setting, error) {
	for _, s := range Settings {
		if s.Key != "" && s.Key == key {
			return s, nil
		}
	}
	var names []string
	for _, s := range ConfigKeys() {
		names = append(names, s.Key)
	}
	return nil, fmt.Errorf("unknown config key %q: known keys are %s", key, strings.Join(names, ", "))
}

// Named returns the setting with this viper name; it panics on a name not in the table,
// which is a programming error caught by any test.
func Named(name string) *Setting {
	for _, s := range Settings {
		if s.Name() == name {
			return s
		}
	}
	panic("config: no setting " + name)
}

// Get returns a key's value for the profile, and whether it is set.
func (f *File) Get(s *Setting, profile string) (string, bool) {
	p := f.Profile(profile)
	if s.Profiled && p == nil {
		return "", false
	}
	if p == nil {
		p = &Profile{}
	}
	v := *s.field(f, p)
	return v, v != ""
}

// Set changes a key's value for the profile after checking it.
func (f *File) Set(s *Setting, profile, value string) error {
	if s.Check != nil {
		if err := s.Check(value); err != nil {
			return err
		}
	}
	var p *Profile
	if s.Profiled {
		p = f.EnsureProfile(profile)
	}
	*s.field(f, p) = value
	return nil
}

// Unset clears a key for the profile.
func (f *File) Unset(s *Setting, profile string) {
	p := f.Profile(profile)
	if s.Profiled && p == nil {
		return
	}
	*s.field(f, p) = ""
}

// Formats are every output format's name; each command takes some of them.
var Formats = []string{"table", "json", "yaml", "jsonl", "csv", "1c", "xlsx"}

// CheckFormat accepts any format's name, in any case.
func CheckFormat(v string) error {
	for _, f := range Formats {
		if strings.EqualFold(v, f) {
			return nil
		}
	}
	return fmt.Errorf("invalid output format %q: use %s", v, strings.Join(Formats, ", "))
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

// checkURL takes an API base URL for the config file: absolute http(s), and no user name, query
// or fragment, which could hold a password or a token (the file holds no secret, and the error
// does not repeat one). The API clients check the rest (https, or http on loopback).
func checkURL(v string) error {
	u, err := url.Parse(v)
	switch {
	case strings.ContainsAny(v, "@?#") || err == nil && (u.User != nil || u.ForceQuery):
		return errors.New("invalid URL: no user name, query or fragment expected (not repeated here: it may hold a password or a token)")
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		return fmt.Errorf("invalid URL %q: use an absolute http(s) URL such as https://ibank.bankname.ru/api", v)
	}
	return nil
}

// checkRedirectURI takes a redirect URI: absolute http(s) with no user name or fragment (OAuth
// allows a query in it).
func checkRedirectURI(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Fragment != "" {
		return errors.New("invalid redirect URI: use the absolute http(s) URI registered with T-ID, with no user name or fragment")
	}
	return nil
}

var digits = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]+$`) })

// CheckINN validates an INN: 10 digits (a company) or 12 (a sole trader).
func CheckINN(v string) error {
	if !digits().MatchString(v) || (len(v) != 10 && len(v) != 12) {
		return fmt.Errorf("invalid INN %q: use 10 digits (a company) or 12 (a sole trader)", v)
	}
	return nil
}

// CheckKPP validates a KPP: 9 digits, or 0 when the company has none.
func CheckKPP(v string) error {
	if v != "0" && (!digits().MatchString(v) || len(v) != 9) {
		return fmt.Errorf("invalid KPP %q: use 9 digits, or 0 when the company has none", v)
	}
	return nil
}

// CheckAccount validates an account number: 20 digits.
func CheckAccount(v string) error {
	if !digits().MatchString(v) || len(v) != 20 {
		return fmt.Errorf("invalid account number %q: use the 20 digits of the account", v)
	}
	return nil
}
