// Package cmd holds bankctl's cobra commands. Each command is NewCmdX(f, runF) with an XOptions
// struct and an xRun function, so tests can check argv → options and options → output apart.
package cmd

import (
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/itchyny/gojq"
	"github.com/spf13/viper"

	"github.com/bankctl/bankctl/internal/build"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/httpx"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/render"
)

// Factory hands commands what they need. Everything costly is lazy, so --help, version and
// completion never read the config, touch the keyring or open a connection.
type Factory struct {
	IO    *iostreams.IOStreams
	viper *viper.Viper
	jq    *gojq.Code // --jq, compiled once when the flags are bound

	// KeyringTimeout bounds each OS keyring call.
	KeyringTimeout time.Duration
	// Browser opens a URL for people (T-ID login).
	Browser func(url string) error
	// Getenv reads the environment; tests may replace it.
	Getenv func(string) string

	settingsOnce sync.Once
	settings     *Settings
	settingsErr  error
	cfg          *config.File
	clientOnce   sync.Once
	client       *http.Client
	clientErr    error
}

// Settings are the resolved global settings: flag > environment > config file > default.
type Settings struct {
	Profile    string
	ConfigPath string
	Output     string
	Debug      bool
	Timeout    time.Duration
	CAFile     string
	Keyring    string

	IBankURL string
	TID      config.TID
}

// NewFactory returns a Factory for the given streams.
func NewFactory(io *iostreams.IOStreams) *Factory {
	return &Factory{IO: io, viper: viper.New(), KeyringTimeout: keystore.DefaultTimeout, Getenv: os.Getenv}
}

// Config loads the config file once.
func (f *Factory) Config() (*config.File, error) {
	if _, err := f.Settings(); err != nil {
		return nil, err
	}
	return f.cfg, nil
}

// Settings resolves the settings once: the config file is read here, on first use.
func (f *Factory) Settings() (*Settings, error) {
	f.settingsOnce.Do(func() { f.settings, f.settingsErr = f.resolve() })
	return f.settings, f.settingsErr
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
	s := &Settings{ConfigPath: path, Profile: v.GetString("profile")}
	if s.Profile == "" {
		s.Profile = cfg.CurrentProfile
	}
	if s.Profile == "" {
		s.Profile = config.DefaultProfile
	}
	if err := config.ValidateProfileName(s.Profile); err != nil {
		return nil, usageErr(err)
	}
	// The file is one layer of viper's precedence, below flags and the environment.
	layer := map[string]any{"output": cfg.Output, "timeout": cfg.Timeout, "ca_file": cfg.CAFile, "keyring": cfg.Keyring}
	if p := cfg.Profile(s.Profile); p != nil {
		layer["ibank"] = map[string]any{"url": p.IBank.URL}
		layer["tid"] = map[string]any{"url": p.TID.URL, "client_id": p.TID.ClientID,
			"redirect_uri": p.TID.RedirectURI, "inn": p.TID.INN, "kpp": p.TID.KPP}
	}
	dropEmpty(layer)
	if err := v.MergeConfigMap(layer); err != nil {
		return nil, err
	}
	s.Output = v.GetString("output")
	if s.Output == "" {
		s.Output = render.FormatTable
	}
	if err := render.CheckFormat(s.Output); err != nil {
		return nil, usageErr(err)
	}
	s.Debug = v.GetBool("debug")
	if s.Timeout, err = time.ParseDuration(v.GetString("timeout")); err != nil || s.Timeout <= 0 {
		return nil, usageErr(fmt.Errorf("invalid timeout %q: use a positive duration such as 30s or 2m", v.GetString("timeout")))
	}
	s.CAFile = v.GetString("ca_file")
	s.Keyring = v.GetString("keyring")
	if s.Keyring == "" {
		s.Keyring = keystore.ModeSystem
	}
	s.IBankURL = v.GetString("ibank.url")
	s.TID = config.TID{
		URL: v.GetString("tid.url"), ClientID: v.GetString("tid.client_id"),
		RedirectURI: v.GetString("tid.redirect_uri"), INN: v.GetString("tid.inn"), KPP: v.GetString("tid.kpp"),
	}
	if s.TID.URL == "" {
		s.TID.URL = "https://id.tbank.ru"
	}
	return s, nil
}

func dropEmpty(m map[string]any) {
	for k, v := range m {
		switch t := v.(type) {
		case string:
			if t == "" {
				delete(m, k)
			}
		case map[string]any:
			dropEmpty(t)
			if len(t) == 0 {
				delete(m, k)
			}
		}
	}
}

// Keystore opens the secret store the settings choose.
func (f *Factory) Keystore() (keystore.Store, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	return f.openStore(s.Keyring)
}

// FileStore is the opt-in plain-text store, for --insecure-storage.
func (f *Factory) FileStore() (*keystore.File, error) {
	path, err := f.secretsPath()
	if err != nil {
		return nil, err
	}
	return &keystore.File{Path: path}, nil
}

func (f *Factory) openStore(mode string) (keystore.Store, error) {
	path, err := f.secretsPath()
	if err != nil {
		return nil, err
	}
	timeout := f.KeyringTimeout
	if v := f.Getenv("BANKCTL_KEYRING_TIMEOUT"); v != "" {
		if timeout, err = time.ParseDuration(v); err != nil || timeout <= 0 {
			return nil, usagef("invalid BANKCTL_KEYRING_TIMEOUT %q: use a duration such as 5s", v)
		}
	}
	return keystore.Open(mode, path, timeout)
}

func (f *Factory) secretsPath() (string, error) {
	if p := f.Getenv("BANKCTL_SECRETS_FILE"); p != "" {
		return p, nil
	}
	return keystore.DefaultFilePath()
}

// HTTPClient builds the HTTP client once, from the settings.
func (f *Factory) HTTPClient() (*http.Client, error) {
	f.clientOnce.Do(func() {
		s, err := f.Settings()
		if err != nil {
			f.clientErr = err
			return
		}
		opts := httpx.Options{Timeout: s.Timeout, CAFile: s.CAFile, UserAgent: build.UserAgent()}
		if s.Debug {
			opts.Debug = f.IO.ErrOut
		}
		f.client, f.clientErr = httpx.New(opts)
	})
	return f.client, f.clientErr
}
