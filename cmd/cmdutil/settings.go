package cmdutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/render"
)

// Settings are the resolved settings: flag > environment > config file > default.
type Settings struct {
	Profile        string
	ConfigPath     string
	Output         Origin // the -o value and where it came from
	Debug          bool
	Timeout        time.Duration
	CAFile         string
	Keyring        string
	KeyringTimeout time.Duration
	SecretsFile    string
	StateDir       string

	IBankURL  string
	TID       config.TID
	TBusiness config.TBusiness
}

// Origin is a value and where it came from, for errors that must say so.
type Origin struct {
	Value string
	From  string // "-o", "BANKCTL_OUTPUT", "config file PATH, line N", or "" for the default
}

// AddGlobalFlags adds every setting that has a flag to the root's persistent flags.
func AddGlobalFlags(root *cobra.Command) {
	pf := root.PersistentFlags()
	for _, s := range config.Settings {
		if s.Flag == "" {
			continue
		}
		help := s.Help
		switch s.Type {
		case config.Bool:
			pf.BoolP(s.Flag, s.Short, false, help)
		case config.Duration:
			d, _ := time.ParseDuration(s.Default)
			pf.DurationP(s.Flag, s.Short, d, help)
		default:
			pf.StringP(s.Flag, s.Short, "", help)
		}
	}
}

// Bind wires flags and environment into the one viper instance, from the settings table. It
// runs once per process, in the root's PersistentPreRunE: cheap, and reads no file.
func (f *Factory) Bind(root *cobra.Command) error {
	v := f.viper
	pf := root.PersistentFlags()
	for _, s := range config.Settings {
		name := s.Name()
		if s.Flag != "" {
			if err := v.BindPFlag(name, pf.Lookup(s.Flag)); err != nil {
				return err
			}
		}
		if len(s.Env) > 0 {
			if err := v.BindEnv(append([]string{name}, s.Env...)...); err != nil {
				return err
			}
		}
		if s.Default != "" {
			v.SetDefault(name, s.Default)
		}
	}
	f.changed = map[string]bool{}
	pf.VisitAll(func(fl *pflag.Flag) { f.changed[fl.Name] = fl.Changed })
	if jq := v.GetString("jq"); jq != "" {
		code, err := render.CompileJQ(jq)
		if err != nil {
			return UsageErr(err)
		}
		f.jq = code
	}
	return nil
}

func (f *Factory) resolve() (*Settings, error) {
	v := f.viper
	path := v.GetString("config")
	if path == "" {
		p, err := config.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	f.cfg = cfg
	// The file is one layer of viper's precedence, below flags and the environment: the global
	// keys first, since they name the profile whose keys come next.
	if err := v.MergeConfigMap(layer(cfg, "", false)); err != nil {
		return nil, err
	}
	s := &Settings{ConfigPath: path, Profile: v.GetString("current_profile")}
	if err := config.ValidateProfileName(s.Profile); err != nil {
		return nil, UsageErr(err)
	}
	if err := v.MergeConfigMap(layer(cfg, s.Profile, true)); err != nil {
		return nil, err
	}
	s.Output = f.origin(cfg, "output", s.Profile)
	s.Debug = v.GetBool("debug")
	if s.Timeout, err = duration("timeout", f.origin(cfg, "timeout", s.Profile)); err != nil {
		return nil, err
	}
	if s.KeyringTimeout, err = duration("keyring timeout", f.origin(cfg, "keyring_timeout", s.Profile)); err != nil {
		return nil, err
	}
	s.CAFile = v.GetString("ca_file")
	s.Keyring = v.GetString("keyring")
	if err := keystore.CheckMode(s.Keyring); err != nil {
		return nil, UsageErr(fmt.Errorf("%s: %w", f.origin(cfg, "keyring", s.Profile).From, err))
	}
	if s.SecretsFile = v.GetString("secrets_file"); s.SecretsFile == "" {
		if s.SecretsFile, err = keystore.DefaultFilePath(); err != nil {
			return nil, err
		}
	}
	if s.StateDir = v.GetString("state_dir"); s.StateDir == "" {
		if s.StateDir, err = defaultStateDir(); err != nil {
			return nil, err
		}
	}
	s.IBankURL = v.GetString("ibank.url")
	s.TID = config.TID{
		URL: v.GetString("tid.url"), ClientID: v.GetString("tid.client_id"),
		RedirectURI: v.GetString("tid.redirect_uri"), INN: v.GetString("tid.inn"), KPP: v.GetString("tid.kpp"),
	}
	s.TBusiness = config.TBusiness{URL: v.GetString("tbusiness.url"), Account: v.GetString("tbusiness.account"), SecuredURL: v.GetString("tbusiness.secured_url")}
	return s, nil
}

// layer is the file's values for viper: global keys, or one profile's, as nested maps.
func layer(cfg *config.File, profile string, profiled bool) map[string]any {
	out := map[string]any{}
	for _, s := range config.ConfigKeys() {
		if s.Profiled != profiled {
			continue
		}
		val, ok := cfg.Get(s, profile)
		if !ok {
			continue
		}
		section, key, nested := strings.Cut(s.Key, ".")
		if !nested {
			out[s.Key] = val
			continue
		}
		m, _ := out[section].(map[string]any)
		if m == nil {
			m = map[string]any{}
			out[section] = m
		}
		m[key] = val
	}
	return out
}

// origin is a setting's value with where it came from.
func (f *Factory) origin(cfg *config.File, name, profile string) Origin {
	s := config.Named(name)
	o := Origin{Value: f.viper.GetString(name)}
	if s.Flag != "" {
		if fl := f.flagChanged(s.Flag); fl {
			o.From = "--" + s.Flag
			if s.Short != "" {
				o.From = "-" + s.Short
			}
			return o
		}
	}
	for _, e := range s.Env {
		if os.Getenv(e) != "" {
			o.From = e
			return o
		}
	}
	if s.Key != "" && cfg != nil {
		if _, ok := cfg.Get(s, profile); ok {
			o.From = fmt.Sprintf("config file %s, line %d", cfg.Path(), cfg.Line(s.Key, profile))
		}
	}
	return o
}

func (f *Factory) flagChanged(name string) bool { return f.changed[name] }

func duration(what string, o Origin) (time.Duration, error) {
	d, err := time.ParseDuration(o.Value)
	if err != nil || d <= 0 {
		return 0, UsageErr(fmt.Errorf("invalid %s %q%s: use a positive duration such as 30s or 2m", what, o.Value, from(o)))
	}
	return d, nil
}

// from is " (from X)" for an error about a value, when it did not come from a default.
func from(o Origin) string {
	if o.From == "" {
		return ""
	}
	return " (from " + o.From + ")"
}

// defaultStateDir is $XDG_STATE_HOME/bankctl, else ~/.local/state/bankctl (the XDG default),
// else beside the config on systems without that convention.
func defaultStateDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "bankctl"), nil
	}
	if home, err := os.UserHomeDir(); err == nil && os.PathSeparator == '/' {
		return filepath.Join(home, ".local", "state", "bankctl"), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("could not find a folder for bankctl's state: %w (set BANKCTL_STATE_DIR)", err)
	}
	return filepath.Join(dir, "bankctl", "state"), nil
}
